/**
 * The local store's health, and its recovery from a full disk without a restart. After the
 * embedded store fails a request (LevelDB refuses everything, reads included, once a write has
 * failed for want of space):
 *
 * 1. the store is `unwritable`: health says `degraded`, and every write is refused at once
 *    (503, Retry-After) without reaching the store, so nothing half-written accumulates;
 * 2. the database is reopened, so reads answer again while the disk stays full;
 * 3. every `intervalMs` it checks the disk's free space and, once there is room (at least
 *    `minFreeBytes`, and at least the database's own size: LevelDB compacts by rewriting its
 *    files, so a few free megabytes take one small write and fail the next), a probe write;
 *    when that succeeds the store is `ok` again and the orphan sweep removes whatever the failed
 *    writes left (store.sweepOrphans).
 *
 * Nothing acknowledged is lost: a write either completed (its commit marker written) before the
 * failure, or its client got a 503 and its chunks are swept.
 */
import { readdir, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { StoreUnavailableError } from '../store/errors';
import type { StoreObserver } from '../store/store';
import { log } from '../observability';

export interface StoreHealthOptions {
  /** A directory on the store's disk (free space is read there). */
  readonly dataPath: string;
  /** Reopen the database (the embedded store); absent for an external DynamoDB. */
  readonly reopen?: () => Promise<void>;
  /** A read and a write of a probe item, straight to the store (no observer). */
  readonly probe: (write: boolean) => Promise<void>;
  /** Remove what failed writes left; returns how many items. */
  readonly sweep: () => Promise<number>;
  /** Free bytes the disk needs before writes are tried again (SHARESIM_MIN_FREE_BYTES, default 64 MiB). */
  readonly minFreeBytes?: number;
  readonly intervalMs?: number;
}

export interface StoreHealthReport {
  readonly state: 'ok' | 'unwritable';
  readonly since?: string;
  readonly reason?: string;
  readonly recoveries: number;
  readonly swept: number;
}

export class StoreHealth implements StoreObserver {
  private state: 'ok' | 'unwritable' = 'ok';
  private since: string | undefined;
  private reason: string | undefined;
  private recovering: Promise<void> | undefined;
  private stopped = false;
  private recoveries = 0;
  private swept = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly minFree: number;
  private readonly intervalMs: number;

  constructor(private readonly opts: StoreHealthOptions) {
    const env = Number(process.env.SHARESIM_MIN_FREE_BYTES);
    this.minFree = opts.minFreeBytes ?? (Number.isFinite(env) && env >= 0 ? env : 64 * 2 ** 20);
    this.intervalMs = opts.intervalMs ?? 2000;
  }

  report(): StoreHealthReport {
    return {
      state: this.state,
      ...(this.since ? { since: this.since } : {}),
      ...(this.reason ? { reason: this.reason } : {}),
      recoveries: this.recoveries,
      swept: this.swept,
    };
  }

  beforeWrite(): void {
    if (this.state !== 'ok')
      throw new StoreUnavailableError(
        Math.ceil(this.intervalMs / 1000) + 1,
        undefined,
        'the data store cannot write just now (is its disk full?); nothing was written: retry later',
      );
  }

  failed(err: unknown): void {
    if (this.stopped) return;
    if (this.state === 'ok') {
      this.state = 'unwritable';
      this.since = new Date().toISOString();
      this.reason = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : String(err).slice(0, 300);
      log.warn('the data store failed; writes are refused until it recovers', { reason: this.reason });
    }
    this.recovering ??= this.recover().finally(() => {
      this.recovering = undefined;
    });
  }

  /** Wait for a recovery in progress (tests). */
  async settled(): Promise<void> {
    while (this.recovering) await this.recovering;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private sleep(): Promise<void> {
    return new Promise((r) => {
      this.timer = setTimeout(r, this.intervalMs);
      this.timer.unref();
    });
  }

  /** The database's own size: the room its next compaction may need. */
  private async databaseBytes(): Promise<number> {
    try {
      let total = 0;
      for (const f of await readdir(this.opts.dataPath)) total += (await stat(path.join(this.opts.dataPath, f))).size;
      return total;
    } catch {
      return 0;
    }
  }

  private async freeBytes(): Promise<number> {
    try {
      const s = await statfs(this.opts.dataPath);
      return s.bavail * s.bsize;
    } catch {
      return Number.POSITIVE_INFINITY; // cannot tell: let the probe decide
    }
  }

  private async recover(): Promise<void> {
    let reopened = false;
    while (!this.stopped) {
      try {
        await this.opts.probe(false);
      } catch {
        // LevelDB refuses reads after a failed write: open it again so reads answer meanwhile
        if (this.opts.reopen) await this.opts.reopen().catch(() => undefined);
        reopened = true;
      }
      if ((await this.freeBytes()) >= Math.max(this.minFree, await this.databaseBytes())) {
        try {
          await this.opts.probe(true);
          this.state = 'ok';
          this.recoveries++;
          log.info('the data store writes again', { down: this.since, reopened });
          this.since = undefined;
          this.reason = undefined;
          // what the failed writes left behind (the sweep waits for writes in flight, and they for it)
          this.swept += await this.opts.sweep().catch(() => 0);
          return;
        } catch {
          if (this.opts.reopen) await this.opts.reopen().catch(() => undefined);
        }
      }
      await this.sleep();
    }
  }
}
