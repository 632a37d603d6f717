/** Strong ETags from scenario versions: "v3". */
export const etagOf = (version: number) => `"v${version}"`;

/** The version an If-Match names, or undefined if it names none we issued (W/ and * are not accepted). */
export function versionFromIfMatch(value: string): number | undefined {
  const m = /^\s*"v(\d{1,15})"\s*$/.exec(value);
  return m ? Number(m[1]) : undefined;
}
