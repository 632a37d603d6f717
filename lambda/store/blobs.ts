/**
 * Values of any size as gzip-compressed chunks, each well under DynamoDB's 400 KB item limit.
 * The writer stores chunks first and the item that names them (the commit marker) last, so a
 * reader never sees a half-written value.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

export const CHUNK_BYTES = 300 * 1024;

export function encodeChunks(data: string | Uint8Array): Buffer[] {
  const z = gzipSync(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  const out: Buffer[] = [];
  for (let o = 0; o < z.length; o += CHUNK_BYTES) out.push(z.subarray(o, Math.min(z.length, o + CHUNK_BYTES)));
  return out.length > 0 ? out : [z];
}

export function decodeChunks(chunks: readonly Uint8Array[]): string {
  return decodeBinary(chunks).toString('utf8');
}

export function decodeBinary(chunks: readonly Uint8Array[]): Buffer {
  return gunzipSync(Buffer.concat(chunks.map((c) => Buffer.from(c))));
}
