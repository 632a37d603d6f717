/**
 * Every answer bounded as Lambda counts it (issue 17): compressed where accepted, measured
 * serialised, and above the limit a 303 to a signed download; every request event bounded too.
 */
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { setDeps } from '../../lambda/api/deps';
import {
  acceptsGzip,
  deliver,
  INLINE_RESPONSE_BYTES,
  LAMBDA_RESPONSE_LIMIT,
  serialisedBytes,
} from '../../lambda/api/delivery';
import { type ApiResult, jsonText } from '../../lambda/api/http';
import { eventBytes, instrument, LAMBDA_REQUEST_LIMIT } from '../../lambda/api/instrument';
import { escapedBytes, PAGE_BYTES, unitPage } from '../../lambda/api/paging';
import { InlineExecutor } from '../../lambda/jobs/executor';
import type { Store } from '../../lambda/store/store';
import type { DownloadMeta, Transfers } from '../../lambda/store/transfers';
import { apiEvent } from './events';

/** Transfers in memory: what was stored, by URL. */
class MemoryTransfers implements Transfers {
  readonly stored = new Map<string, { body: Buffer; meta: DownloadMeta }>();
  async download(body: Buffer, meta: DownloadMeta) {
    const url = `https://downloads.example/${this.stored.size}`;
    this.stored.set(url, { body, meta });
    return { url, expiresAt: '2026-11-30T12:15:00.000Z' };
  }
  async upload(): Promise<never> {
    throw new Error('not used');
  }
  async readUpload() {
    return undefined;
  }
}

const transfers = new MemoryTransfers();
const withTransfers = (on: boolean) =>
  setDeps({
    store: {} as Store,
    executor: new InlineExecutor({} as Store),
    now: () => new Date(),
    ...(on ? { transfers } : {}),
  });
afterAll(() => setDeps(undefined));

const get = (headers: Record<string, string> = {}) => apiEvent('GET', '/v1/runs/r1', { headers });
/** A JSON body of `n` bytes that escapes to about twice that: quotes throughout. */
const quoted = (n: number) => `[${'"a",'.repeat(Math.floor(n / 4) - 1)}"a"]`;

describe('deliver', () => {
  it('answers a small body as it is, and compresses it only where gzip is accepted', async () => {
    withTransfers(true);
    const r = jsonText(200, quoted(50_000));
    expect(await deliver(get(), r)).toBe(r);
    const gz = await deliver(get({ 'accept-encoding': 'br, gzip;q=0.8' }), r);
    expect(gz.isBase64Encoded).toBe(true);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(Buffer.from(gz.body, 'base64')).toString('utf8')).toBe(r.body);
    expect((await deliver(get({ 'accept-encoding': 'gzip;q=0' }), r)).isBase64Encoded).toBeFalsy();
  });

  it('measures the serialised answer: a body under 6 MB that escapes past it goes by download', async () => {
    withTransfers(true);
    const body = quoted(4_400_000); // 4.4 MB of text, 6.6 MB escaped
    expect(Buffer.byteLength(body)).toBeLessThan(LAMBDA_RESPONSE_LIMIT);
    const r = await deliver(get(), jsonText(200, body));
    expect(r.statusCode).toBe(303);
    expect(serialisedBytes(r)).toBeLessThan(LAMBDA_RESPONSE_LIMIT);
    const envelope = JSON.parse(r.body) as { downloadUrl: string; bytes: number; status: number };
    expect(r.headers.location).toBe(envelope.downloadUrl);
    expect(envelope).toMatchObject({ status: 200, bytes: Buffer.byteLength(body) });
    expect(transfers.stored.get(envelope.downloadUrl)?.body.toString('utf8')).toBe(body);
  });

  it('a compressed answer that fits is sent inline; one that does not is stored compressed', async () => {
    withTransfers(true);
    const body = quoted(4_000_000); // compresses to a few KB
    const small = await deliver(get({ 'accept-encoding': 'gzip' }), jsonText(200, body));
    expect(small.statusCode).toBe(200);
    expect(serialisedBytes(small)).toBeLessThan(INLINE_RESPONSE_BYTES);
    // random bytes (as base64 text) hardly compress: 6.7 MB of text is about 5 MB gzipped, 6.7 MB once base64
    const noise = randomBytes(5_000_000);
    const big = await deliver(
      get({ 'accept-encoding': 'gzip' }),
      jsonText(200, JSON.stringify(noise.toString('base64'))),
    );
    expect(big.statusCode).toBe(303);
    const stored = transfers.stored.get(big.headers.location!)!;
    expect(stored.meta.contentEncoding).toBe('gzip');
    expect(serialisedBytes(big)).toBeLessThan(LAMBDA_RESPONSE_LIMIT);
  });

  it('without a download store, an answer over the limit is a 422 problem, never a 6 MB+ response', async () => {
    withTransfers(false);
    const h = instrument(async () => jsonText(200, quoted(4_400_000)));
    const r = (await h(get())) as ApiResult;
    expect(r.statusCode).toBe(422);
    expect(serialisedBytes(r)).toBeLessThan(10_000);
  });

  it('reads Accept-Encoding as RFC 9110 does', () => {
    expect(acceptsGzip(get({ 'accept-encoding': 'gzip, deflate' }))).toBe(true);
    expect(acceptsGzip(get({ 'accept-encoding': '*' }))).toBe(true);
    expect(acceptsGzip(get({ 'accept-encoding': 'identity' }))).toBe(false);
    expect(acceptsGzip(get({ 'accept-encoding': 'gzip;q=0, br' }))).toBe(false);
    expect(acceptsGzip(get())).toBe(false);
  });
});

describe('the request event as Lambda counts it', () => {
  it('a body under 6 MB whose event (escaped) is over it is a 413 with the limit and the measured size', async () => {
    withTransfers(true);
    const body = quoted(5_000_000);
    const e = apiEvent('POST', '/v1/scenarios', { body });
    const measured = eventBytes(e);
    expect(measured).toBeGreaterThan(LAMBDA_REQUEST_LIMIT);
    const r = (await instrument(async () => jsonText(201, '{}'))(e)) as ApiResult;
    expect(r.statusCode).toBe(413);
    const p = JSON.parse(r.body) as { detail: string };
    expect(p.detail).toContain(String(measured));
    expect(p.detail).toContain(String(LAMBDA_REQUEST_LIMIT));
    expect(p.detail).toMatch(/POST \/v1\/uploads/);
  });

  it('counts a small event exactly enough to pass it', () => {
    expect(eventBytes(apiEvent('POST', '/v1/scenarios', { body: '{"a":1}' }))).toBeLessThan(LAMBDA_REQUEST_LIMIT);
  });
});

describe('pages sized as Lambda counts them', () => {
  it('a CSV page measured escaped stays under the budget once serialised, whatever its quotes', () => {
    const unit = (i: number) => `"${'q"'.repeat(60)}",${i},"x"\r\n`; // a 120-character name full of quotes
    const p = unitPage('h\r\n', unit, 0, 200_000, { measure: escapedBytes });
    expect(p.next).not.toBeNull();
    expect(Buffer.byteLength(JSON.stringify(p.text))).toBeLessThanOrEqual(PAGE_BYTES + 2);
  });
});
