/**
 * A uniform grid over latitude and longitude for "the K authorities nearest this point": the
 * planner's candidate neighbours. Cells are sized for one or two authorities each where
 * there are any; a query
 * walks rings of cells outward until it has K and one ring more (so the K are the true nearest
 * up to a cell's width), then orders by distance. Authorities without a location are
 * neighbours of each other, in index order.
 */
import type { LatLon } from '../engine/geo';

export class SpatialGrid {
  /** Compressed cells: the authorities of cell c are items[start[c] .. start[c + 1]). */
  private readonly start: Int32Array;
  private readonly items: Int32Array;
  private readonly cell: number;
  private readonly unlocated: number[] = [];
  private readonly lat0: number;
  private readonly lon0: number;
  private readonly nx: number;
  private readonly ny: number;

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
    // cells for one or two authorities each where there are any: from the bounding box's average
    // first, then halved while the occupied cells hold more (bodies cluster in cities)
    let cell = Math.max(0.01, Math.sqrt((area * 4) / Math.max(1, located)));
    for (let round = 0; round < 6 && cell > 0.01; round++) {
      const occupied = new Set<number>();
      for (const p of points)
        if (p) occupied.add(Math.floor((p.lat - minLat) / cell) * 1e6 + Math.floor((p.lon - minLon) / cell));
      if (located / occupied.size <= 2) break;
      cell = Math.max(0.01, cell / 2);
    }
    this.cell = cell;
    this.lat0 = Number.isFinite(minLat) ? minLat : 0;
    this.lon0 = Number.isFinite(minLon) ? minLon : 0;
    this.nx = located > 0 ? this.cx(maxLon) + 1 : 0;
    this.ny = located > 0 ? this.cy(maxLat) + 1 : 0;
    const count = new Int32Array(this.nx * this.ny + 1);
    const at = points.map((p) => (p ? this.cy(p.lat) * this.nx + this.cx(p.lon) : -1));
    for (const c of at) if (c >= 0) count[c + 1]!++;
    for (let c = 0; c < this.nx * this.ny; c++) count[c + 1]! += count[c]!;
    this.start = count.slice();
    this.items = new Int32Array(located);
    at.forEach((c, i) => {
      if (c >= 0) this.items[count[c]!++] = i;
    });
  }

  private cx(lon: number): number {
    return Math.floor((lon - this.lon0) / this.cell);
  }
  private cy(lat: number): number {
    return Math.floor((lat - this.lat0) / this.cell);
  }

  /**
   * Up to k authorities nearest p (for no p: unlocated ones near index `near`), nearest first,
   * leaving out (and not counting) those `skip` names: a partnership's own members.
   */
  nearest(p: LatLon | undefined, k: number, near: number, skip?: (i: number) => boolean): number[] {
    if (!p) {
      const pool = skip ? this.unlocated.filter((i) => !skip(i)) : this.unlocated;
      const at = pool.findIndex((i) => i >= near);
      const from = Math.max(0, (at < 0 ? pool.length : at) - Math.floor(k / 2));
      return pool.slice(from, from + k);
    }
    const x0 = this.cx(p.lon),
      y0 = this.cy(p.lat);
    const found: number[] = [];
    const take = (x: number, y: number) => {
      if (x < 0 || y < 0 || x >= this.nx || y >= this.ny) return;
      const c = y * this.nx + x;
      for (let j = this.start[c]!; j < this.start[c + 1]!; j++) {
        const i = this.items[j]!;
        if (!skip?.(i)) found.push(i);
      }
    };
    // rings of cells outward (only the ring's border each time) until k are found, then one more
    const maxRing = Math.max(x0, y0, this.nx - 1 - x0, this.ny - 1 - y0, 0);
    let enough = -1;
    for (let r = 0; r <= maxRing; r++) {
      if (r === 0) take(x0, y0);
      else {
        for (let x = x0 - r; x <= x0 + r; x++) {
          take(x, y0 - r);
          take(x, y0 + r);
        }
        for (let y = y0 - r + 1; y <= y0 + r - 1; y++) {
          take(x0 - r, y);
          take(x0 + r, y);
        }
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

/**
 * The candidates the planner scores a partnership against: the K authorities nearest its hub,
 * and the ⌈K/2⌉ nearest of each kind. Nearest alone is not enough when one kind is most of the
 * map (95 % schools): a council's ten nearest bodies are schools, and two councils or a school
 * and the council partnership beside it would never be scored together.
 */
export class Neighbourhood {
  private readonly all: SpatialGrid;
  private readonly kinds: { grid: SpatialGrid; index: number[] }[] = [];
  private readonly cache = new Map<number, readonly number[]>();

  constructor(
    private readonly points: readonly (LatLon | undefined)[],
    kinds: readonly string[],
    private readonly k: number,
  ) {
    this.all = new SpatialGrid(points);
    const names = [...new Set(kinds)].sort();
    if (names.length > 1)
      for (let g = 0; g < names.length; g++) {
        const index = kinds.flatMap((x, i) => (x === names[g] && points[i] ? [i] : []));
        this.kinds.push({ grid: new SpatialGrid(index.map((i) => points[i])), index });
      }
  }

  /** Authorities near authority i itself (not i), computed once: local search asks for each at every pass. */
  around(i: number): readonly number[] {
    let x = this.cache.get(i);
    if (!x) {
      x = this.near(this.points[i], i, (j) => j === i);
      this.cache.set(i, x);
    }
    return x;
  }

  /** Authorities near p, leaving out those `skip` names (a partnership's own members, say). */
  near(p: LatLon | undefined, near: number, skip: (j: number) => boolean): number[] {
    const out = new Set<number>(this.all.nearest(p, this.k, near, skip));
    if (p && this.kinds.length > 0) {
      const per = Math.ceil(this.k / 2);
      for (const { grid, index } of this.kinds)
        for (const j of grid.nearest(p, per, 0, (x) => skip(index[x]!))) out.add(index[j]!);
    }
    return [...out].sort((a, b) => a - b);
  }
}
