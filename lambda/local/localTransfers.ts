/**
 * The transfers port on a laptop (store/transfers.ts): files under the data directory, served
 * and accepted by the local server itself under HMAC-signed, expiring paths, so the flow a
 * deployed client follows (a 303 to a presigned GET; a PUT to a presigned upload URL) is the
 * same here and is tested without AWS. The signature covers the method, the path and the
 * expiry; a path edited, expired or signed with another key is refused (403).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type DownloadMeta,
  DOWNLOAD_TTL_SECONDS,
  MAX_UPLOAD_BYTES,
  newTransferId,
  ownerHash,
  type SignedUrl,
  type Transfers,
  UPLOAD_ID_PATTERN,
  UPLOAD_TTL_SECONDS,
  type UploadTicket,
} from '../store/transfers';

export const DOWNLOAD_PATH = '/v1/downloads/';
export const UPLOAD_PATH = '/v1/uploads/';
const TOKEN = /^[a-f0-9]{32}(?:\.[a-f0-9]{32})?$/;

export class LocalTransfers implements Transfers {
  constructor(
    private readonly dir: string,
    private readonly key: () => string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  private sign(method: string, p: string, expires: number): string {
    return createHmac('sha256', this.key()).update(`transfer\n${method}\n${p}\n${expires}`).digest('base64url');
  }

  private signed(method: string, p: string, ttl: number): SignedUrl {
    const expires = Math.floor(this.now() / 1000) + ttl;
    return {
      url: `${p}?expires=${expires}&signature=${this.sign(method, p, expires)}`,
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  /** Whether a request's path and query carry a valid, unexpired signature for this method. */
  verify(method: string, pathname: string, query: URLSearchParams): boolean {
    const expires = Number(query.get('expires'));
    const sig = query.get('signature') ?? '';
    if (!Number.isInteger(expires) || expires * 1000 < this.now()) return false;
    const want = Buffer.from(this.sign(method, pathname, expires));
    const got = Buffer.from(sig);
    return got.length === want.length && timingSafeEqual(got, want);
  }

  private file(kind: 'downloads' | 'uploads', token: string): string {
    if (!TOKEN.test(token)) throw new Error('not a transfer token');
    return path.join(this.dir, kind, token.replace('.', '-'));
  }

  async download(body: Buffer, meta: DownloadMeta, ttl = DOWNLOAD_TTL_SECONDS): Promise<SignedUrl> {
    await this.sweep();
    const id = newTransferId();
    await mkdir(path.join(this.dir, 'downloads'), { recursive: true });
    await writeFile(this.file('downloads', id), body);
    await writeFile(`${this.file('downloads', id)}.json`, JSON.stringify(meta));
    return this.signed('GET', `${DOWNLOAD_PATH}${id}`, ttl);
  }

  /** A download's body and headers, by the token in its path (after `verify`). */
  async readDownload(token: string): Promise<{ body: Buffer; meta: DownloadMeta } | undefined> {
    try {
      const f = this.file('downloads', token);
      const [body, meta] = await Promise.all([readFile(f), readFile(`${f}.json`, 'utf8')]);
      return { body, meta: JSON.parse(meta) as DownloadMeta };
    } catch {
      return undefined;
    }
  }

  async upload(owner: string, ttl = UPLOAD_TTL_SECONDS): Promise<UploadTicket> {
    const uploadId = newTransferId();
    return {
      uploadId,
      ...this.signed('PUT', `${UPLOAD_PATH}${ownerHash(owner)}.${uploadId}`, ttl),
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      maxBytes: MAX_UPLOAD_BYTES,
    };
  }

  /** Store an uploaded document under the token of its (verified) path. */
  async acceptUpload(token: string, body: Buffer): Promise<void> {
    await mkdir(path.join(this.dir, 'uploads'), { recursive: true });
    await writeFile(this.file('uploads', token), body);
  }

  async readUpload(owner: string, uploadId: string): Promise<Buffer | undefined> {
    if (!UPLOAD_ID_PATTERN.test(uploadId)) return undefined;
    try {
      return await readFile(this.file('uploads', `${ownerHash(owner)}.${uploadId}`));
    } catch {
      return undefined;
    }
  }

  /** Remove downloads and uploads older than a day (S3's lifecycle rule does this deployed). */
  async sweep(maxAgeMs = 24 * 3600_000): Promise<void> {
    for (const kind of ['downloads', 'uploads'] as const) {
      const d = path.join(this.dir, kind);
      const names = await readdir(d).catch(() => [] as string[]);
      for (const n of names) {
        const f = path.join(d, n);
        const s = await stat(f).catch(() => undefined);
        if (s && this.now() - s.mtimeMs > maxAgeMs) await rm(f, { force: true });
      }
    }
  }
}
