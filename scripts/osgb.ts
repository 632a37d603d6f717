/**
 * British National Grid (OSGB36 Transverse Mercator) eastings and northings to WGS84 latitude
 * and longitude: the inverse projection on the Airy 1830 ellipsoid, then the seven-parameter
 * Helmert transformation published by Ordnance Survey ("A guide to coordinate systems in Great
 * Britain", section 6.6 and annex C). Accurate to a few metres, plenty for a body's location.
 */
const AIRY = { a: 6377563.396, b: 6356256.909 };
const WGS84 = { a: 6378137, b: 6356752.314245 };
const F0 = 0.9996012717;
const LAT0 = (49 * Math.PI) / 180;
const LON0 = (-2 * Math.PI) / 180;
const N0 = -100000;
const E0 = 400000;
/** OSGB36 to WGS84: translations in metres, rotations in arc seconds, scale in parts per million. */
const HELMERT = { tx: 446.448, ty: -125.157, tz: 542.06, rx: 0.1502, ry: 0.247, rz: 0.8421, s: -20.4894 };

function meridionalArc(phi: number, b: number, n: number): number {
  const d = phi - LAT0;
  const s = phi + LAT0;
  return (
    b *
    F0 *
    ((1 + n + (5 / 4) * n ** 2 + (5 / 4) * n ** 3) * d -
      (3 * n + 3 * n ** 2 + (21 / 8) * n ** 3) * Math.sin(d) * Math.cos(s) +
      ((15 / 8) * n ** 2 + (15 / 8) * n ** 3) * Math.sin(2 * d) * Math.cos(2 * s) -
      (35 / 24) * n ** 3 * Math.sin(3 * d) * Math.cos(3 * s))
  );
}

/** Inverse Transverse Mercator: OSGB36 latitude and longitude in radians. */
function gridToOsgb36(E: number, N: number): { lat: number; lon: number } {
  const { a, b } = AIRY;
  const e2 = 1 - (b * b) / (a * a);
  const n = (a - b) / (a + b);
  let phi = LAT0;
  let M = 0;
  do {
    phi = (N - N0 - M) / (a * F0) + phi;
    M = meridionalArc(phi, b, n);
  } while (Math.abs(N - N0 - M) >= 0.00001);
  const sin = Math.sin(phi);
  const nu = (a * F0) / Math.sqrt(1 - e2 * sin * sin);
  const rho = (a * F0 * (1 - e2)) / (1 - e2 * sin * sin) ** 1.5;
  const eta2 = nu / rho - 1;
  const tan = Math.tan(phi);
  const sec = 1 / Math.cos(phi);
  const VII = tan / (2 * rho * nu);
  const VIII = (tan / (24 * rho * nu ** 3)) * (5 + 3 * tan ** 2 + eta2 - 9 * tan ** 2 * eta2);
  const IX = (tan / (720 * rho * nu ** 5)) * (61 + 90 * tan ** 2 + 45 * tan ** 4);
  const X = sec / nu;
  const XI = (sec / (6 * nu ** 3)) * (nu / rho + 2 * tan ** 2);
  const XII = (sec / (120 * nu ** 5)) * (5 + 28 * tan ** 2 + 24 * tan ** 4);
  const XIIA = (sec / (5040 * nu ** 7)) * (61 + 662 * tan ** 2 + 1320 * tan ** 4 + 720 * tan ** 6);
  const dE = E - E0;
  return {
    lat: phi - VII * dE ** 2 + VIII * dE ** 4 - IX * dE ** 6,
    lon: LON0 + X * dE - XI * dE ** 3 + XII * dE ** 5 - XIIA * dE ** 7,
  };
}

function toCartesian(lat: number, lon: number, e: { a: number; b: number }): [number, number, number] {
  const e2 = 1 - (e.b * e.b) / (e.a * e.a);
  const nu = e.a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
  return [nu * Math.cos(lat) * Math.cos(lon), nu * Math.cos(lat) * Math.sin(lon), (1 - e2) * nu * Math.sin(lat)];
}

function fromCartesian([x, y, z]: [number, number, number], e: { a: number; b: number }): { lat: number; lon: number } {
  const e2 = 1 - (e.b * e.b) / (e.a * e.a);
  const p = Math.hypot(x, y);
  let lat = Math.atan2(z, p * (1 - e2));
  for (let i = 0; i < 10; i++) {
    const nu = e.a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
    lat = Math.atan2(z + e2 * nu * Math.sin(lat), p);
  }
  return { lat, lon: Math.atan2(y, x) };
}

/** Easting and northing (metres, British National Grid) to WGS84 degrees. */
export function gridToWgs84(easting: number, northing: number): { lat: number; lon: number } {
  const o = gridToOsgb36(easting, northing);
  const [x, y, z] = toCartesian(o.lat, o.lon, AIRY);
  const sec = Math.PI / (180 * 3600);
  const { tx, ty, tz } = HELMERT;
  const rx = HELMERT.rx * sec;
  const ry = HELMERT.ry * sec;
  const rz = HELMERT.rz * sec;
  const s = 1 + HELMERT.s * 1e-6;
  const w = fromCartesian(
    [tx + s * x - rz * y + ry * z, ty + rz * x + s * y - rx * z, tz - ry * x + rx * y + s * z],
    WGS84,
  );
  return { lat: (w.lat * 180) / Math.PI, lon: (w.lon * 180) / Math.PI };
}
