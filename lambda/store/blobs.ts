/**
 * Values of any size as gzip-compressed chunks, each well under DynamoDB's 400 KB item limit.
 * The writer stores chunks first and the item that names them (the commit marker) last, so a
 * reader never sees a half-written value. Compression runs on libuv's thread pool (zlib's
 * asynchronous API), not on the event loop: a 6 MB body takes tens of milliseconds to pack.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export const CHUNK_BYTES = 300 * 1024;

export async function encodeChunks(data: string | Uint8Array): Promise<Buffer[]> {
  const z = await gzipAsync(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  const out: Buffer[] = [];
  for (let o = 0; o < z.length; o += CHUNK_BYTES) out.push(z.subarray(o, Math.min(z.length, o + CHUNK_BYTES)));
  return out.length > 0 ? out : [z];
}

export async function decodeChunks(chunks: readonly Uint8Array[]): Promise<string> {
  return (await decodeBinary(chunks)).toString('utf8');
}

export function decodeBinary(chunks: readonly Uint8Array[]): Promise<Buffer> {
  return gunzipAsync(Buffer.concat(chunks.map((c) => Buffer.from(c))));
}
