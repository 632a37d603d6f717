export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance, km (haversine). */
export function distanceKm(p: LatLon, q: LatLon): number {
  const dLat = rad(q.lat - p.lat);
  const dLon = rad(q.lon - p.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(p.lat)) * Math.cos(rad(q.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Weighted centre of points (adequate at regional scale), or undefined when there are none. */
export function weightedCentre(points: readonly { p: LatLon; w: number }[]): LatLon | undefined {
  let w = 0,
    lat = 0,
    lon = 0;
  for (const x of points) {
    w += x.w;
    lat += x.p.lat * x.w;
    lon += x.p.lon * x.w;
  }
  return w > 0 ? { lat: lat / w, lon: lon / w } : undefined;
}
