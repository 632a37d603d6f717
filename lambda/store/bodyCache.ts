/**
 * A byte-bounded LRU of decoded bodies (scenario bodies, run inputs and results). Correct
 * without invalidation because what it caches never changes: every body lives under a prefix
 * that carries a fresh token (or a fresh run id), is written before any head names it and is
 * only ever deleted, never rewritten. Readers still read the head first, so a replaced or
 * deleted scenario is never served from here.
 */
export class BodyCache {
  private readonly entries = new Map<string, string>();
  private size = 0;

  constructor(private readonly maxChars: number) {}

  get(key: string): string | undefined {
    const v = this.entries.get(key);
    if (v === undefined) return undefined;
    // most recently used goes last
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  set(key: string, value: string): void {
    if (value.length > this.maxChars / 4) return; // one huge body must not flush everything else
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.size -= old.length;
    }
    this.entries.set(key, value);
    this.size += value.length;
    for (const [k, v] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(k);
      this.size -= v.length;
    }
  }

  get chars(): number {
    return this.size;
  }
}
