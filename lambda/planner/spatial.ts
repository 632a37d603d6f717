/**
 * A uniform grid over latitude and longitude for "the K authorities nearest this point": the
 * planner's candidate neighbours. Cells are sized for a handful of authorities each; a query
 * walks rings of cells outward until it has K and one ring more (so the K are the true nearest
 * up to a cell's width), then orders by distance. Authorities without a location are
 * neighbours of each other, in index order.
 */
import type { LatLon } from '../engine/geo';

export class SpatialGrid {
  private readonly cells = new Map<string, number[]>();
  private readonly cell: number;
  private readonly unlocated: number[] = [];
  private readonly lat0: number;
  private readonly lon0: number;
  private readonly maxRing: number;

  constructor(private readonly points: readonly (LatLon | undefined)[]) {
    let minLat = Infinity,
      maxLat = -Infinity,
      minLon = Infinity,
      maxLon = -Infinity,
      located = 0;
    points.forEach((p, i) => {
      if (!p) {
        this.unlocated.push(i);
        return;
      }
      located++;
      minLat = Math.min(minLat, p.lat);
      maxLat = Math.max(maxLat, p.lat);
      minLon = Math.min(minLon, p.lon);
      maxLon = Math.max(maxLon, p.lon);
    });
    const area = Math.max(1e-6, (maxLat - minLat) * (maxLon - minLon));
    this.cell = Math.max(0.01, Math.sqrt((area * 4) / Math.max(1, located)));
    this.lat0 = Number.isFinite(minLat) ? minLat : 0;
    this.lon0 = Number.isFinite(minLon) ? minLon : 0;
    this.maxRing = Math.ceil(Math.max(maxLat - minLat, maxLon - minLon, 0) / this.cell) + 1;
    points.forEach((p, i) => {
      if (!p) return;
      const k = this.key(this.cx(p.lon), this.cy(p.lat));
      const list = this.cells.get(k);
      if (list) list.push(i);
      else this.cells.set(k, [i]);
    });
  }

  private cx(lon: number): number {
    return Math.floor((lon - this.lon0) / this.cell);
  }
  private cy(lat: number): number {
    return Math.floor((lat - this.lat0) / this.cell);
  }
  private key(x: number, y: number): string {
    return `${x},${y}`;
  }

  /** Up to k authorities nearest p (for no p: unlocated ones near index `near`), nearest first. */
  nearest(p: LatLon | undefined, k: number, near: number): number[] {
    if (!p) {
      const at = this.unlocated.findIndex((i) => i >= near);
      const from = Math.max(0, (at < 0 ? this.unlocated.length : at) - Math.floor(k / 2));
      return this.unlocated.slice(from, from + k);
    }
    const x0 = this.cx(p.lon),
      y0 = this.cy(p.lat);
    const found: number[] = [];
    let enough = -1;
    for (let r = 0; r <= this.maxRing; r++) {
      for (let x = x0 - r; x <= x0 + r; x++)
        for (let y = y0 - r; y <= y0 + r; y++) {
          if (Math.max(Math.abs(x - x0), Math.abs(y - y0)) !== r) continue;
          const list = this.cells.get(this.key(x, y));
          if (list) found.push(...list);
        }
      if (enough < 0 && found.length >= k) enough = r;
      if (enough >= 0 && r >= enough + 1) break;
    }
    const cos = Math.cos((p.lat * Math.PI) / 180);
    const d2 = (i: number) => {
      const q = this.points[i]!;
      const dx = (q.lon - p.lon) * cos,
        dy = q.lat - p.lat;
      return dx * dx + dy * dy;
    };
    return found
      .map((i) => ({ i, d: d2(i) }))
      .sort((a, b) => a.d - b.d || a.i - b.i)
      .slice(0, k)
      .map((x) => x.i);
  }
}
