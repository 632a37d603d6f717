/**
 * The local server: plain Node HTTP on loopback, turning each request into an API Gateway v2
 * event for the very same handlers that run in Lambda.
 *
 * What only the local server has to do (issue 19): its event loop answers health and reads
 * while computations run on a bounded worker pool (pool.ts) and runs wait in a bounded queue
 * (workerExecutor.ts); each request carries a deadline and is cancelled when its client goes
 * away; only requests addressed to this server by name (Host) and not sent by another site
 * (Origin) are served, against DNS rebinding and cross-site requests; a malformed request
 * target is a 400; a full disk is recovered from without a restart (storeHealth.ts); and at
 * start it finishes what a killed process left: half-done deletes, unfinished runs, orphans.
 *
 * Long because the local server is one adapter: HTTP parsing, Host and Origin checks, routing, the pool,
 * the run queue and shutdown, which share its lifecycle.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { getDeps, type HealthReport, setDeps } from '../api/deps';
import { homePage } from './home';
import { LOCAL_USER_PATTERN } from '../api/identity';
import { failRun } from '../jobs/lifecycle';
import { documentClientFor, endpointConfig } from '../store/clients';
import { DynamoStore } from '../store/store';
import { DEFAULT_RETRY } from '../store/retry';
import { ensureTable } from '../store/table';
import { startEmbeddedStore, type EmbeddedStore } from './embeddedStore';
import { LocalExecutor, type LocalExecutorOptions } from './workerExecutor';
import { LIMITS } from '../engine/schema';
import { RAW_HANDLERS } from '../api/handlers';
import { type ApiResult, BASE_HEADERS, HTML_HEADERS } from '../api/http';
import { MAX_UPLOAD_BYTES } from '../store/transfers';
import { DOWNLOAD_PATH, LocalTransfers, UPLOAD_PATH } from './localTransfers';
import { instrument, problemResult } from '../api/instrument';
import { problems, HttpProblem } from '../api/problem';
import { matchRoute, routeKey } from '../api/routes';
import { withRequestContext } from '../api/requestContext';
import { log, withLogContext } from '../observability';
import { toApiEvent } from './event';
import { ComputePool, type PoolOptions } from './pool';
import { StoreHealth } from './storeHealth';

export interface LocalServerOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Allow a non-loopback host (the server warns). */
  readonly allowRemote?: boolean;
  /** Another DynamoDB endpoint instead of the embedded store (SHARESIM_DYNAMODB_ENDPOINT). */
  readonly dynamoEndpoint?: string;
  readonly table?: string;
  /** The worker pool (threads, queue). */
  readonly pool?: PoolOptions;
  /** The run queue (limits). */
  readonly runs?: LocalExecutorOptions;
  /**
   * Start the pool's threads as soon as the server listens (`npm start`), so the first
   * computation does not wait seconds for one; otherwise they start on first use (tests).
   */
  readonly warmPool?: boolean;
  /** Longest a request may take, ms (SHARESIM_REQUEST_DEADLINE_MS, default 60 s). */
  readonly requestDeadlineMs?: number;
  /** The clock handlers read (tests set it: a link's expiry without sleeping). */
  readonly now?: () => Date;
  /** More Host names (host or host:port) the server answers to (SHARESIM_ALLOWED_HOSTS, comma-separated). */
  readonly allowedHosts?: readonly string[];
}

export interface Recovery {
  /** Deletes a killed process left half-done, finished. */
  readonly deletes: number;
  /** Runs left queued or running, marked failed. */
  readonly failed: number;
  /** Runs whose scenario was gone, removed. */
  readonly discarded: number;
  /** Items nothing named (half-written values), removed. */
  readonly orphans: number;
}

export interface LocalServer {
  readonly url: string;
  readonly server: Server;
  readonly store: DynamoStore;
  readonly executor: LocalExecutor;
  readonly pool: ComputePool;
  readonly storeHealth: StoreHealth;
  /** Runs found unfinished at start (a previous process died) and marked failed. */
  readonly recovered: number;
  readonly recovery: Recovery;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

const handlers = Object.fromEntries(Object.entries(RAW_HANDLERS).map(([k, run]) => [k, instrument(run)])) as Record<
  keyof typeof RAW_HANDLERS,
  ReturnType<typeof instrument>
>;

function send(res: ServerResponse, r: ApiResult): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(r.statusCode, r.headers);
  // a binary (gzipped) body travels base64-encoded in the result, as API Gateway expects it
  res.end(r.isBase64Encoded ? Buffer.from(r.body, 'base64') : r.body);
}

/** Read a raw body up to `max` bytes (an upload): undefined when larger. */
function readRaw(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    req.on('end', () => resolve(size > max ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The local twin of S3's presigned URLs (localTransfers.ts): GET a download, PUT an upload,
 * each only with a valid, unexpired signature. No identity is asked for: the signature is the
 * permission, as with a presigned URL.
 */
async function transfer(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  method: string,
  transfers: LocalTransfers,
  requestId: string,
): Promise<boolean> {
  const isDownload = url.pathname.startsWith(DOWNLOAD_PATH) && (method === 'GET' || method === 'HEAD');
  const isUpload = url.pathname.startsWith(UPLOAD_PATH) && method === 'PUT';
  if (!isDownload && !isUpload) return false;
  const denied = () =>
    problemResult(
      forbidden('the link is not valid: edited, expired, or not signed by this server', '/query/signature'),
      requestId,
    );
  if (!transfers.verify(isDownload ? 'GET' : 'PUT', url.pathname, url.searchParams)) {
    req.resume();
    send(res, denied());
    return true;
  }
  if (isDownload) {
    const got = await transfers.readDownload(url.pathname.slice(DOWNLOAD_PATH.length));
    if (!got) {
      send(res, problemResult(problems.notFound('download'), requestId));
      return true;
    }
    res.writeHead(200, {
      ...BASE_HEADERS,
      'content-type': got.meta.contentType,
      ...(got.meta.contentEncoding ? { 'content-encoding': got.meta.contentEncoding } : {}),
      ...(got.meta.contentDisposition ? { 'content-disposition': got.meta.contentDisposition } : {}),
      'content-length': String(got.body.length),
    });
    res.end(method === 'HEAD' ? undefined : got.body);
    return true;
  }
  const body = await readRaw(req, MAX_UPLOAD_BYTES);
  if (!body) {
    send(res, problemResult(problems.tooLarge(MAX_UPLOAD_BYTES), requestId));
    return true;
  }
  await transfers.acceptUpload(url.pathname.slice(UPLOAD_PATH.length), body);
  res.writeHead(200, { ...BASE_HEADERS, etag: `"${body.length}"` });
  res.end();
  return true;
}

/** Read the body up to the limit; past it, stop buffering and report 413 once the client is done. */
function readBody(req: IncomingMessage): Promise<{ body: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > LIMITS.maxBodyBytes) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve({ body: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge }));
    req.on('error', reject);
  });
}

const forbidden = (detail: string, path: string) =>
  new HttpProblem(403, 'urn:sharesim:problem:forbidden', 'Forbidden', detail, [{ path, message: detail }]);

/**
 * The request target as a URL, or undefined when it is not a plain path (origin form, RFC 9112
 * 3.2.1): `//[`, `//a:b@/v1/health`, `*` and absolute URLs are refused, never guessed at.
 */
export function parseTarget(target: string | undefined): URL | undefined {
  if (!target?.startsWith('/') || target.startsWith('//')) return undefined;
  try {
    const url = new URL(target, 'http://localhost');
    return url.host === 'localhost' ? url : undefined;
  } catch {
    return undefined;
  }
}

interface Guard {
  readonly hosts: ReadonlySet<string>;
  readonly origins: ReadonlySet<string>;
}

function guardFor(host: string, port: number, allowRemote: boolean, extra: readonly string[]): Guard {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  names.add(host.includes(':') ? `[${host}]` : host);
  if (allowRemote && (host === '0.0.0.0' || host === '::'))
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) names.add(a.family === 'IPv6' ? `[${a.address}]` : a.address);
  const hosts = new Set<string>();
  for (const n of names) {
    hosts.add(`${n}:${port}`.toLowerCase());
    if (port === 80) hosts.add(n.toLowerCase());
  }
  for (const e of extra) {
    const h = e.trim().toLowerCase();
    if (!h) continue;
    hosts.add(h.includes(':') && !h.endsWith(']') ? h : `${h}:${port}`);
  }
  return { hosts, origins: new Set([...hosts].map((h) => `http://${h}`)) };
}

/** DNS rebinding and cross-site requests: only this server's own names, and no other site's pages. */
function checkCaller(req: IncomingMessage, method: string, guard: Guard): HttpProblem | undefined {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!guard.hosts.has(host))
    return forbidden(
      `this server answers to ${[...guard.hosts].join(', ')}, not "${host.slice(0, 100)}" (set ` +
        `SHARESIM_ALLOWED_HOSTS to add a name)`,
      '/headers/host',
    );
  const origin = req.headers.origin;
  if (origin !== undefined && !guard.origins.has(origin.toLowerCase()))
    return forbidden('requests from another site are refused', '/headers/origin');
  const site = req.headers['sec-fetch-site'];
  if (origin === undefined && method !== 'GET' && method !== 'HEAD' && (site === 'cross-site' || site === 'same-site'))
    return forbidden('requests from another site are refused', '/headers/sec-fetch-site');
  return undefined;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  guard: Guard,
  deadlineMs: number,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = parseTarget(req.url);
  if (!url) {
    req.resume();
    return send(
      res,
      problemResult(
        problems.validation([{ path: '/target', message: 'must be a path (origin form)' }], 'Invalid request target'),
        requestId,
      ),
    );
  }
  const refused = checkCaller(req, method, guard);
  if (refused) {
    req.resume();
    return send(res, problemResult(refused, requestId));
  }
  const transfers = getDeps().transfers;
  if (transfers instanceof LocalTransfers && (await transfer(req, res, url, method, transfers, requestId))) return;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > LIMITS.maxBodyBytes) {
    send(res, problemResult(problems.tooLarge(LIMITS.maxBodyBytes), requestId));
    req.resume();
    return;
  }
  const { body, tooLarge } = await readBody(req);
  if (tooLarge) return send(res, problemResult(problems.tooLarge(LIMITS.maxBodyBytes), requestId));
  const user = req.headers['x-sharesim-user'];
  const owner = typeof user === 'string' ? user : 'local';
  // the identity the HTTP API's IAM authorizer would pass, and so the store's owner
  const userArn = `local:${owner}`;
  const badUser = () =>
    problemResult(
      problems.validation(
        [{ path: '/headers/x-sharesim-user', message: 'must be 1 to 64 letters, digits, ".", "_", "@" or "-"' }],
        'Invalid header',
      ),
      requestId,
    );
  // HEAD is GET without the body (Node sends no body for a HEAD)
  const asMethod = method === 'HEAD' ? 'GET' : method;
  if (url.pathname === '/' && asMethod === 'GET') {
    if (!LOCAL_USER_PATTERN.test(owner)) return send(res, badUser());
    const page = await homePage(getDeps().store, userArn, url.searchParams.get('workspace') ?? undefined);
    if (page === undefined) return send(res, problemResult(problems.notFound('workspace'), requestId));
    return send(res, { statusCode: 200, headers: { ...HTML_HEADERS }, body: page });
  }
  const match = matchRoute(asMethod, url.pathname);
  if (!match) return send(res, problemResult(problems.notFound('route'), requestId));
  if ('allowed' in match) return send(res, problemResult(problems.methodNotAllowed(match.allowed), requestId));
  if (!LOCAL_USER_PATTERN.test(owner)) return send(res, badUser());
  const event = toApiEvent(req, url, body, routeKey(match.route), match.pathParameters, requestId);
  // The same place the HTTP API's IAM authorizer puts the caller: handlers read one shape.
  (event.requestContext as { authorizer?: unknown }).authorizer = { iam: { userArn, userId: owner } };
  // a client that goes away cancels the request's work
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableEnded) gone.abort();
  });
  const result = await withRequestContext({ signal: gone.signal, deadline: Date.now() + deadlineMs }, () =>
    handlers[match.route.handler](event),
  );
  send(res, result);
}

const envInt = (name: string) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : undefined;
};

export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  if (!isLoopback(opts.host) && !opts.allowRemote)
    throw new Error(
      `refusing to bind to ${opts.host}: the local server has no authentication; set SHARESIM_ALLOW_REMOTE=1 to ` +
        `allow it`,
    );
  mkdirSync(opts.dataDir, { recursive: true });
  process.env.SHARESIM_CURSOR_KEY ??= cursorKey(opts.dataDir);
  let storeHealth: StoreHealth | undefined;
  const embedded: EmbeddedStore | undefined = opts.dynamoEndpoint
    ? undefined
    : await startEmbeddedStore(opts.dataDir, (err) => storeHealth?.failed(err));
  const endpoint = opts.dynamoEndpoint ?? embedded!.endpoint;
  const table = opts.table ?? 'sharesim-local';
  const raw = new DynamoDBClient(endpointConfig(endpoint));
  await ensureTable(raw, table);
  let store!: DynamoStore;
  storeHealth = new StoreHealth({
    dataPath: embedded?.dataPath ?? opts.dataDir,
    ...(embedded ? { reopen: embedded.reopen } : {}),
    probe: (write) => store.probe(write),
    sweep: () => store.sweepOrphans(),
  });
  const watch = storeHealth;
  store = new DynamoStore(documentClientFor(endpoint), table, DEFAULT_RETRY, undefined, watch);
  const pool = new ComputePool(opts.pool);
  const executor = new LocalExecutor(store, pool, opts.runs);
  const health = (): HealthReport => {
    const s = watch.report();
    const p = pool.stats();
    const runs = executor.stats();
    return {
      status: s.state !== 'ok' || p.saturated ? 'degraded' : 'ok',
      checks: {
        store: s,
        pool: { state: p.saturated ? 'saturated' : 'ok', ...p },
        runs,
      },
    };
  };
  const transfers = new LocalTransfers(path.join(opts.dataDir, 'transfers'), () => process.env.SHARESIM_CURSOR_KEY!);
  setDeps({ store, executor, now: opts.now ?? (() => new Date()), offload: pool, health, transfers });
  const recovery = await recover(store);
  const deadlineMs = opts.requestDeadlineMs ?? envInt('SHARESIM_REQUEST_DEADLINE_MS') ?? 60_000;
  let guard: Guard = { hosts: new Set(), origins: new Set() };
  const server = createServer((req, res) => {
    const requestId = randomUUID();
    withLogContext({ requestId }, () =>
      handle(req, res, requestId, guard, deadlineMs).catch((err: unknown) => {
        const p = err instanceof HttpProblem ? err : undefined;
        if (!p)
          log.error('unhandled error', {
            target: String(req.url).slice(0, 200),
            error: err instanceof Error ? { name: err.name, message: err.message } : String(err),
          });
        if (!res.headersSent)
          send(
            res,
            problemResult(p ?? new HttpProblem(500, 'urn:sharesim:problem:internal', 'Internal error'), requestId),
          );
        else res.destroy();
      }),
    );
  });
  server.requestTimeout = 5 * 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  guard = guardFor(
    opts.host,
    port,
    opts.allowRemote === true,
    opts.allowedHosts ?? (process.env.SHARESIM_ALLOWED_HOSTS ?? '').split(','),
  );
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  if (opts.warmPool) pool.warm();
  return {
    url: `http://${host}:${port}`,
    server,
    store,
    executor,
    pool,
    storeHealth: watch,
    recovered: recovery.failed,
    recovery,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      watch.stop();
      await executor.close();
      await pool.close();
      setDeps(undefined);
      raw.destroy();
      await embedded?.close();
    },
  };
}

/**
 * What a killed process left, finished before the first request: deletes it began (the
 * scenario marked, some runs gone), runs it never finished (failed with a reason, or removed
 * with their scenario), and chunks no committed item names.
 */
async function recover(store: DynamoStore): Promise<Recovery> {
  await store.migrateRunPartitions(); // runs stored before each had its own partition
  const deletes = await store.completeDeletes();
  let failed = 0;
  let discarded = 0;
  for (const r of await store.listUnfinishedRuns()) {
    if (!(await store.getScenarioHead(r.owner, r.scenarioId))) {
      await store.discardRun(r.owner, r.runId, r.scenarioId);
      discarded++;
    } else if (
      await failRun(store, r.owner, r.runId, 'the local server stopped while this run was in progress; start it again')
    )
      failed++;
  }
  const orphans = await store.sweepOrphans();
  return { deletes, failed, discarded, orphans };
}

/** The HMAC key of pagination cursors: made once per data directory, kept beside the data. */
function cursorKey(dataDir: string): string {
  const file = path.join(dataDir, 'cursor.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}
