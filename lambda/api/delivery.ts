/**
 * Every answer bounded by construction (issue 17), in one place that every handler's result
 * passes through (api/instrument.ts):
 *
 * 1. Compressed where the client accepts it (`Accept-Encoding: gzip`): the body gzipped and
 *    base64-encoded (`isBase64Encoded`), as API Gateway passes a binary body through.
 * 2. Measured as Lambda measures it: the serialised API Gateway v2 response (the JSON of the
 *    whole result object: body escaped, or base64, plus headers), not the body's bytes. A CSV
 *    page of quotes doubles when escaped; base64 adds a third.
 * 3. Over INLINE_RESPONSE_BYTES, the body goes to the transfers port (S3 deployed, the data
 *    directory locally) and the answer is `303 See Other` to a short-lived signed URL, with a
 *    small JSON body that says the same (`downloadUrl`, `expiresAt`, `bytes`) for clients that
 *    do not follow redirects. The URL needs no credentials: a SigV4 client must not send its
 *    Authorization header to it (most clients drop it on a redirect to another host).
 * 4. Without a transfers port (a handler tested alone), an answer over the limit is a 422
 *    problem, never a 6 MB+ response.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { currentTransfers } from './deps';
import { type ApiEvent, type ApiResult, BASE_HEADERS, header } from './http';
import { problems } from './problem';

const gzipAsync = promisify(gzip);

/** Lambda's limit on a synchronous answer (the serialised result), bytes. */
export const LAMBDA_RESPONSE_LIMIT = 6_291_456;
/** The most a serialised answer may be here: the limit less room for Lambda's own framing. */
export const INLINE_RESPONSE_BYTES = LAMBDA_RESPONSE_LIMIT - 16 * 1024;
/** Bodies smaller than this are not worth compressing. */
const COMPRESS_FROM_BYTES = 1024;
const COMPRESSIBLE = /^(?:text\/|application\/(?:[\w.+-]+\+)?json|application\/problem\+json)/i;

/** The size of a result as Lambda counts it: its JSON. */
export function serialisedBytes(r: ApiResult): number {
  return Buffer.byteLength(JSON.stringify(r), 'utf8');
}

/** Whether the client takes gzip (and did not refuse it with q=0). */
export function acceptsGzip(event: ApiEvent): boolean {
  const h = header(event, 'accept-encoding');
  if (!h) return false;
  return h.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

export async function deliver(event: ApiEvent, r: ApiResult): Promise<ApiResult> {
  if (r.isBase64Encoded || r.statusCode === 204 || (r.statusCode >= 300 && r.statusCode < 400)) return r;
  const type = r.headers['content-type'] ?? '';
  const raw = Buffer.from(r.body, 'utf8');
  let out = r;
  let gz: Buffer | undefined;
  if (acceptsGzip(event) && raw.length >= COMPRESS_FROM_BYTES && COMPRESSIBLE.test(type)) {
    gz = await gzipAsync(raw);
    out = {
      ...r,
      headers: { ...r.headers, 'content-encoding': 'gzip', vary: 'accept-encoding' },
      body: gz.toString('base64'),
      isBase64Encoded: true,
    };
  }
  // most answers are decided without serialising: escaping at most doubles, base64 is 4/3
  const bound = out.isBase64Encoded ? out.body.length : raw.length * 6;
  if (bound + 8192 <= INLINE_RESPONSE_BYTES || serialisedBytes(out) <= INLINE_RESPONSE_BYTES) return out;
  const transfers = currentTransfers();
  if (!transfers)
    throw problems.tooMuchWork(
      `the answer is ${raw.length} bytes, more than a response may carry, and no download store is configured`,
      '',
    );
  const link = await transfers.download(gz ?? raw, {
    contentType: type || 'application/octet-stream',
    ...(gz ? { contentEncoding: 'gzip' } : {}),
    ...(r.headers['content-disposition'] ? { contentDisposition: r.headers['content-disposition'] } : {}),
  });
  const passOn: Record<string, string> = {};
  for (const k of ['etag', 'x-result-bytes', 'x-result-range', 'link'] as const)
    if (r.headers[k]) passOn[k] = r.headers[k]!;
  return {
    statusCode: 303,
    headers: {
      ...BASE_HEADERS,
      ...passOn,
      'content-type': 'application/json; charset=utf-8',
      location: link.url,
    },
    body: JSON.stringify({
      status: r.statusCode,
      downloadUrl: link.url,
      expiresAt: link.expiresAt,
      bytes: raw.length,
      contentType: type,
      ...(gz ? { contentEncoding: 'gzip', compressedBytes: gz.length } : {}),
      note: 'the answer is larger than one response may carry: GET downloadUrl (no credentials; it expires)',
    }),
  };
}
