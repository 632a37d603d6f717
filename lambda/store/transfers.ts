/**
 * Transfers: bodies too large for a Lambda answer or request, moved through a signed, expiring
 * URL instead (issue 17). Deployed, an S3 bucket and presigned URLs (GET for downloads, PUT for
 * uploads); locally the same port serves files from the data directory under HMAC-signed paths
 * (lambda/local/localTransfers.ts). Uploads are bound to their owner: the key carries a hash of
 * the owner, so an upload id is useless to anyone else.
 */
import { createHash, randomBytes } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

export interface DownloadMeta {
  readonly contentType: string;
  readonly contentEncoding?: string;
  readonly contentDisposition?: string;
}

export interface SignedUrl {
  /** Absolute (S3) or a path on the server that issued it (local). */
  readonly url: string;
  readonly expiresAt: string;
}

export interface UploadTicket extends SignedUrl {
  readonly uploadId: string;
  readonly method: 'PUT';
  /** Headers the PUT must carry (they are part of the signature). */
  readonly headers: Readonly<Record<string, string>>;
  readonly maxBytes: number;
}

export interface Transfers {
  /** Keep `body` for a while and give a URL that serves it, with these headers, until it expires. */
  download(body: Buffer, meta: DownloadMeta, ttlSeconds?: number): Promise<SignedUrl>;
  /** A URL the owner may PUT one document to, and the id that names it afterwards. */
  upload(owner: string, ttlSeconds?: number): Promise<UploadTicket>;
  /** The document uploaded under this id by this owner, or undefined (none, another owner's, expired). */
  readUpload(owner: string, uploadId: string): Promise<Buffer | undefined>;
}

/** Seconds a download link lives: long enough to follow a 303, short enough not to be a share. */
export const DOWNLOAD_TTL_SECONDS = 15 * 60;
export const UPLOAD_TTL_SECONDS = 15 * 60;
/** The largest document an upload may be (a 30,000-authority scenario with long names is about 9 MB). */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;
export const UPLOAD_ID_PATTERN = /^[a-f0-9]{32}$/;

export const ownerHash = (owner: string) => createHash('sha256').update(owner).digest('hex').slice(0, 32);
export const newTransferId = () => randomBytes(16).toString('hex');
export const uploadKey = (owner: string, uploadId: string) => `uploads/${ownerHash(owner)}/${uploadId}`;

export class S3Transfers implements Transfers {
  constructor(
    private readonly bucket: string,
    // no checksum of an empty body signed into upload URLs (the SDK's default): the client's body has its own
    private readonly s3: S3Client = new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' }),
    private readonly now: () => Date = () => new Date(),
  ) {}

  private expiry(ttl: number): string {
    return new Date(this.now().getTime() + ttl * 1000).toISOString();
  }

  async download(body: Buffer, meta: DownloadMeta, ttl = DOWNLOAD_TTL_SECONDS): Promise<SignedUrl> {
    const Key = `downloads/${newTransferId()}`;
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key,
        Body: body,
        ContentType: meta.contentType,
        ...(meta.contentEncoding ? { ContentEncoding: meta.contentEncoding } : {}),
        ...(meta.contentDisposition ? { ContentDisposition: meta.contentDisposition } : {}),
        CacheControl: 'no-store',
      }),
    );
    const url = await getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key }), { expiresIn: ttl });
    return { url, expiresAt: this.expiry(ttl) };
  }

  async upload(owner: string, ttl = UPLOAD_TTL_SECONDS): Promise<UploadTicket> {
    const uploadId = newTransferId();
    const contentType = 'application/json';
    const url = await getSignedUrl(
      this.s3,
      new PutObjectCommand({ Bucket: this.bucket, Key: uploadKey(owner, uploadId), ContentType: contentType }),
      { expiresIn: ttl, signableHeaders: new Set(['content-type']) },
    );
    return {
      uploadId,
      url,
      method: 'PUT',
      headers: { 'content-type': contentType },
      expiresAt: this.expiry(ttl),
      maxBytes: MAX_UPLOAD_BYTES,
    };
  }

  async readUpload(owner: string, uploadId: string): Promise<Buffer | undefined> {
    if (!UPLOAD_ID_PATTERN.test(uploadId)) return undefined;
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: uploadKey(owner, uploadId) }));
      if ((out.ContentLength ?? 0) > MAX_UPLOAD_BYTES) throw new UploadTooLargeError(out.ContentLength ?? 0);
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (e) {
      if (e instanceof Error && (e.name === 'NoSuchKey' || e.name === 'NotFound')) return undefined;
      throw e;
    }
  }
}

export class UploadTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`the upload is ${bytes} bytes, more than ${MAX_UPLOAD_BYTES}`);
    this.name = 'UploadTooLargeError';
  }
}
