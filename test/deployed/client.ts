/**
 * A caller of the deployed API, as the signing client (lambda/cli/signedClient.ts) or a browser
 * behaves: requests through the gateway as one principal; a `303 See Other` followed to its
 * presigned URL over HTTP with no credentials; a gzipped body decoded as fetch decodes it; a
 * result or CSV read to its end by following `Link: rel="next"`.
 */
import { gunzipSync } from 'node:zlib';
import type { Gateway, Principal, Response } from './gateway';

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as the caller reads it: decompressed, and the download's when the API answered 303. */
  readonly text: string;
  /** The API's own answer, before any 303 was followed. */
  readonly api: Response;
  /** The download a 303 pointed at, when there was one. */
  readonly download?: { url: string; status: number; bytes: number; contentType: string | null };
}

export interface CallOptions {
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send `Accept-Encoding: gzip` (the signing client does; default false, to see the raw sizes). */
  readonly gzip?: boolean;
}

export class Caller {
  constructor(
    readonly gateway: Gateway,
    readonly principal: Principal | undefined,
  ) {}

  async call(method: string, url: string, opts: CallOptions = {}): Promise<Answer> {
    const body =
      opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const api = await this.gateway.request(method, url, {
      ...(body !== undefined ? { body } : {}),
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.gzip ? { 'accept-encoding': 'gzip' } : {}),
        ...opts.headers,
      },
      ...(this.principal ? { principal: this.principal } : {}),
    });
    if (api.status === 303 && api.headers.location) {
      // a presigned URL carries its own permission: fetched as a browser would, nothing of the caller's sent
      const r = await fetch(api.headers.location, { redirect: 'manual' });
      const buf = Buffer.from(await r.arrayBuffer());
      return {
        status: r.status,
        headers: Object.fromEntries(r.headers.entries()),
        text: buf.toString('utf8'),
        api,
        download: {
          url: api.headers.location,
          status: r.status,
          bytes: Number(r.headers.get('content-length') ?? buf.length),
          contentType: r.headers.get('content-type'),
        },
      };
    }
    const raw = api.headers['content-encoding'] === 'gzip' ? gunzipSync(api.body) : api.body;
    return { status: api.status, headers: api.headers, text: raw.toString('utf8'), api };
  }

  get(url: string, opts: CallOptions = {}) {
    return this.call('GET', url, opts);
  }

  post(url: string, body?: unknown, opts: CallOptions = {}) {
    return this.call('POST', url, { ...opts, ...(body !== undefined ? { body } : {}) });
  }

  /** GET a document that may come in pages (`Link: <…>; rel="next"`): every page, in order, concatenated. */
  async getAll(url: string, opts: CallOptions = {}): Promise<{ text: string; pages: Answer[] }> {
    const pages: Answer[] = [];
    let next: string | undefined = url;
    while (next) {
      const a = await this.get(next, opts);
      if (a.status !== 200) throw new Error(`GET ${next}: ${a.status} ${a.text.slice(0, 500)}`);
      pages.push(a);
      const link = a.api.headers.link ?? a.headers.link;
      next = link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
      if (pages.length > 1000) throw new Error('more than 1,000 pages');
    }
    return { text: pages.map((p) => p.text).join(''), pages };
  }
}

export function json<T = Record<string, unknown>>(a: Answer): T {
  return JSON.parse(a.text) as T;
}
