/**
 * The local server: plain Node HTTP on loopback, turning each request into an API Gateway v2
 * event for the very same handlers that run in Lambda.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { getDeps, setDeps } from '../api/deps';
import { homePage } from './home';
import { LOCAL_USER_PATTERN } from '../api/identity';
import { failRun } from '../jobs/runJob';
import { documentClientFor, endpointConfig } from '../store/clients';
import { DynamoStore } from '../store/store';
import { ensureTable } from '../store/table';
import { startEmbeddedStore, type EmbeddedStore } from './embeddedStore';
import { LocalExecutor } from './workerExecutor';
import { LIMITS } from '../engine/schema';
import { RAW_HANDLERS } from '../api/handlers';
import { type ApiResult, HTML_HEADERS } from '../api/http';
import { instrument, problemResult } from '../api/instrument';
import { problems, HttpProblem } from '../api/problem';
import { matchRoute, routeKey } from '../api/routes';
import { toApiEvent } from './event';

export interface LocalServerOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Allow a non-loopback host (the server warns). */
  readonly allowRemote?: boolean;
  /** Another DynamoDB endpoint instead of the embedded store (SHARESIM_DYNAMODB_ENDPOINT). */
  readonly dynamoEndpoint?: string;
  readonly table?: string;
}

export interface LocalServer {
  readonly url: string;
  readonly server: Server;
  readonly store: DynamoStore;
  readonly executor: LocalExecutor;
  /** Runs found unfinished at start (a previous process died) and marked failed. */
  readonly recovered: number;
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
  res.writeHead(r.statusCode, r.headers);
  res.end(r.body);
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

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
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
  if (url.pathname === '/' && (method === 'GET' || method === 'HEAD')) {
    if (!LOCAL_USER_PATTERN.test(owner)) return send(res, badUser());
    return send(res, { statusCode: 200, headers: { ...HTML_HEADERS }, body: await homePage(getDeps().store, userArn) });
  }
  const match = matchRoute(method, url.pathname);
  if (!match) return send(res, problemResult(problems.notFound('route'), requestId));
  if ('allowed' in match) return send(res, problemResult(problems.methodNotAllowed(match.allowed), requestId));
  if (!LOCAL_USER_PATTERN.test(owner)) return send(res, badUser());
  const event = toApiEvent(req, body, routeKey(match.route), match.pathParameters);
  // The same place the HTTP API's IAM authorizer puts the caller: handlers read one shape.
  (event.requestContext as { authorizer?: unknown }).authorizer = { iam: { userArn, userId: owner } };
  send(res, await handlers[match.route.handler](event));
}

export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  if (!isLoopback(opts.host) && !opts.allowRemote)
    throw new Error(
      `refusing to bind to ${opts.host}: the local server has no authentication; set SHARESIM_ALLOW_REMOTE=1 to allow it`,
    );
  mkdirSync(opts.dataDir, { recursive: true });
  process.env.SHARESIM_CURSOR_KEY ??= cursorKey(opts.dataDir);
  const embedded: EmbeddedStore | undefined = opts.dynamoEndpoint ? undefined : await startEmbeddedStore(opts.dataDir);
  const endpoint = opts.dynamoEndpoint ?? embedded!.endpoint;
  const table = opts.table ?? 'sharesim-local';
  const raw = new DynamoDBClient(endpointConfig(endpoint));
  await ensureTable(raw, table);
  const store = new DynamoStore(documentClientFor(endpoint), table);
  const executor = new LocalExecutor(store, { endpoint, table });
  setDeps({ store, executor, now: () => new Date() });
  // A run left queued or running belongs to a process that died: say so, never leave it running.
  const unfinished = await store.listUnfinishedRuns();
  for (const r of unfinished)
    await failRun(store, r.owner, r.runId, 'the local server stopped while this run was in progress; start it again');
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const p = err instanceof HttpProblem ? err : undefined;
      if (!res.headersSent)
        send(
          res,
          problemResult(p ?? new HttpProblem(500, 'urn:sharesim:problem:internal', 'Internal error'), randomUUID()),
        );
      else res.destroy();
    });
  });
  server.requestTimeout = 5 * 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}`,
    server,
    store,
    executor,
    recovered: unfinished.length,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await executor.close();
      setDeps(undefined);
      raw.destroy();
      await embedded?.close();
    },
  };
}

/** The HMAC key of pagination cursors: made once per data directory, kept beside the data. */
function cursorKey(dataDir: string): string {
  const file = path.join(dataDir, 'cursor.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}
