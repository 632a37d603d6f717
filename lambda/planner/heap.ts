/** The greedy phase's priority queue of candidate merges. */

export interface Entry {
  gain: number;
  ra: number;
  rb: number;
  ca: number;
  cb: number;
  va: number;
  vb: number;
}

/** A binary max-heap on gain, ties to the smaller authority indices: deterministic. */
export class Heap {
  private readonly a: Entry[] = [];
  get size(): number {
    return this.a.length;
  }
  private static before(x: Entry, y: Entry): boolean {
    return x.gain > y.gain || (x.gain === y.gain && (x.ra < y.ra || (x.ra === y.ra && x.rb < y.rb)));
  }
  push(e: Entry): void {
    const a = this.a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!Heap.before(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): Entry | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1,
          r = l + 1;
        let m = i;
        if (l < a.length && Heap.before(a[l]!, a[m]!)) m = l;
        if (r < a.length && Heap.before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
