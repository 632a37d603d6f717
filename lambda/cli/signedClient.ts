/**
 * A small client for the deployed API (issue 17): signs each request with the caller's own AWS
 * credentials (the SDK's default chain: environment, SSO, profiles, instance roles) using the
 * SDK's SigV4 signer, follows the API's `303 See Other` to signed downloads without sending
 * credentials there, and saves or opens reports. `bin/sharesim-client.js` is its command line:
 *
 *   sharesim-client get /v1/scenarios
 *   sharesim-client post /v1/scenarios examples/gwent-psn.json
 *   sharesim-client upload national.json                 # POST /v1/uploads, PUT, POST /v1/scenarios
 *   sharesim-client report <runId> --out report.html     # the page, saved (or --open it)
 *   sharesim-client link <runId> [--days 7]              # a signed link a board member opens
 *   sharesim-client --workspace w-… get /v1/scenarios     # in a workspace shared with colleagues
 *
 * SHARESIM_API (or --api) is the API's base URL; the region is read from it (or AWS_REGION).
 * SHARESIM_WORKSPACE (or --workspace) adds `?workspace=` to every scenario, run, plan and report
 * request (docs/api.md, Workspaces).
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
type CredentialProvider = () => Promise<Credentials>;

/** SHA-256 (and its HMAC) from node:crypto, in the shape the signer takes. */
type Source = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Source): Buffer =>
  typeof d === 'string'
    ? Buffer.from(d, 'utf8')
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d);

class Sha256 {
  private h: Hash | Hmac;
  private readonly secret: Buffer | undefined;
  constructor(secret?: Source) {
    this.secret = secret === undefined ? undefined : bytes(secret);
    this.h = this.fresh();
  }
  private fresh() {
    return this.secret !== undefined ? createHmac('sha256', this.secret) : createHash('sha256');
  }
  update(data: Source): void {
    this.h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {
    this.h = this.fresh();
  }
}

export interface ClientOptions {
  readonly api: string;
  readonly region?: string;
  readonly credentials?: CredentialProvider;
  /** For tests: the fetch that sends (it sees the signed headers). */
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
  /** The workspace scenario, run, plan and report requests act in (default: the personal one). */
  readonly workspace?: string;
}

/** Paths that act in a workspace (the routes that take `?workspace=`). */
const SCOPED = /^\/v1\/(?:scenarios|runs|partnerships)(?:[/?]|$)/;

/** `path` in `workspace`: `?workspace=` added where the route takes it and the path does not name one. */
export function inWorkspace(path: string, workspace: string | undefined): string {
  if (!workspace || !SCOPED.test(path) || /[?&]workspace=/.test(path)) return path;
  return `${path}${path.includes('?') ? '&' : '?'}workspace=${encodeURIComponent(workspace)}`;
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
}

/** The region of an execute-api URL (https://<id>.execute-api.<region>.amazonaws.com). */
export function regionOf(api: string): string | undefined {
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(api)?.[1];
}

export class SignedClient {
  private readonly signer: SignatureV4;
  private readonly send: typeof fetch;
  private readonly base: URL;

  constructor(private readonly opts: ClientOptions) {
    this.base = new URL(opts.api);
    const region = opts.region ?? regionOf(opts.api) ?? process.env.AWS_REGION ?? 'eu-west-2';
    this.signer = new SignatureV4({
      service: 'execute-api',
      region,
      credentials: opts.credentials ?? defaultProvider(),
      sha256: Sha256,
    });
    this.send = opts.fetch ?? fetch;
  }

  /** A signed request to the API; a 303 is followed to its download, unsigned. */
  async request(method: string, path: string, body?: string | Buffer, contentType?: string): Promise<Answer> {
    const url = new URL(inWorkspace(path, this.opts.workspace), this.base);
    const headers: Record<string, string> = { host: url.host, 'accept-encoding': 'gzip' };
    if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const signed = await this.signer.sign(
      {
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query,
        headers,
        ...(body !== undefined ? { body } : {}),
      },
      { signingDate: this.opts.now?.() ?? new Date() },
    );
    const { host: _host, ...sent } = signed.headers as Record<string, string>;
    void _host;
    const r = await this.send(url, {
      method,
      headers: sent,
      redirect: 'manual',
      ...(body !== undefined ? { body } : {}),
    });
    if (r.status === 303 && r.headers.get('location')) {
      // a signed download: it carries its own permission, so no Authorization goes with it
      const d = await this.send(new URL(r.headers.get('location')!, this.base));
      return { status: d.status, headers: d.headers, body: Buffer.from(await d.arrayBuffer()) };
    }
    return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) };
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const r = await this.request(method, path, body === undefined ? undefined : JSON.stringify(body));
    const text = r.body.toString('utf8');
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  /** A scenario too large for a request: upload it, then create the scenario from the upload. */
  async upload(document: Buffer): Promise<{ status: number; body: unknown }> {
    const t = await this.json<{ uploadId: string; uploadUrl: string; headers: Record<string, string> }>(
      'POST',
      '/v1/uploads',
    );
    if (t.status !== 201) return t;
    const put = await this.send(new URL(t.body.uploadUrl, this.base), {
      method: 'PUT',
      headers: t.body.headers,
      body: document,
    });
    if (!put.ok) return { status: put.status, body: await put.text() };
    return this.json('POST', '/v1/scenarios', { uploadId: t.body.uploadId });
  }
}

const USAGE = `usage: sharesim-client [--api URL] [--region R] <command>
  get <path>                       GET, signed; prints the answer
  post <path> [file.json]          POST a JSON file (or nothing), signed
  upload <file.json>               store a scenario too large for a request (POST /v1/uploads, PUT, POST /v1/scenarios)
  report <runId> [--out f.html] [--open]   save (default sharesim-<runId>.html) or open the report page
  link <runId> [--days N]          a signed link to the report that opens without credentials (N at most 7)
  --workspace ID                   scenarios, runs, plans and reports in a shared workspace (get /v1/workspaces)
SHARESIM_API is the base URL (SHARESIM_WORKSPACE the workspace); credentials are your AWS ones (environment,
SSO, profile).`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}

export async function clientMain(argv: string[], opts: Partial<ClientOptions> = {}): Promise<number> {
  const args = [...argv];
  const api = flag(args, '--api') ?? opts.api ?? process.env.SHARESIM_API;
  const region = flag(args, '--region') ?? opts.region;
  const workspace = flag(args, '--workspace') ?? opts.workspace ?? process.env.SHARESIM_WORKSPACE;
  const open = args.includes('--open');
  if (open) args.splice(args.indexOf('--open'), 1);
  const [cmd, a, b] = args;
  if (!api || !cmd) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const c = new SignedClient({ ...opts, api, ...(region ? { region } : {}), ...(workspace ? { workspace } : {}) });
  const print = (status: number, body: unknown) => {
    process.stdout.write(`${typeof body === 'string' ? body : JSON.stringify(body, null, 2)}\n`);
    return status < 400 ? 0 : 1;
  };
  switch (cmd) {
    case 'get': {
      const r = await c.request('GET', a ?? '/v1/health');
      return print(r.status, r.body.toString('utf8'));
    }
    case 'post': {
      const r = await c.request('POST', a!, b ? await readFile(b) : undefined);
      return print(r.status, r.body.toString('utf8'));
    }
    case 'upload': {
      const r = await c.upload(await readFile(a!));
      return print(r.status, r.body);
    }
    case 'report': {
      const out = flag(args, '--out') ?? `sharesim-${a}.html`;
      if (open) {
        const link = await c.json<{ url: string }>('POST', `/v1/runs/${a}/report-links`, { expiresInSeconds: 3600 });
        if (link.status !== 201) return print(link.status, link.body);
        const { spawn } = await import('node:child_process');
        const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
        spawn(opener, [link.body.url], { detached: true, stdio: 'ignore' }).unref();
        return print(201, link.body.url);
      }
      const r = await c.request('GET', `/v1/runs/${a}/report`);
      if (r.status !== 200) return print(r.status, r.body.toString('utf8'));
      await writeFile(out, r.body);
      return print(200, `saved ${out}`);
    }
    case 'link': {
      const days = Number(flag(args, '--days') ?? 7);
      const r = await c.json('POST', `/v1/runs/${a}/report-links`, { expiresInSeconds: Math.round(days * 86400) });
      return print(r.status, r.body);
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}
