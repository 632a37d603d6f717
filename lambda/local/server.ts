/**
 * The local server: plain Node HTTP on loopback, turning each request into an API Gateway v2
 * event for the very same handlers that run in Lambda.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { LIMITS } from '../engine/schema';
import { RAW_HANDLERS } from '../api/handlers';
import type { ApiResult } from '../api/http';
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
}

export interface LocalServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

const handlers = Object.fromEntries(Object.entries(RAW_HANDLERS).map(([k, run]) => [k, instrument(run)])) as Record<keyof typeof RAW_HANDLERS, ReturnType<typeof instrument>>;

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
  const match = matchRoute(method, url.pathname);
  if (!match) return send(res, problemResult(problems.notFound('route'), requestId));
  if ('allowed' in match) return send(res, problemResult(problems.methodNotAllowed(match.allowed), requestId));
  const event = toApiEvent(req, body, routeKey(match.route), match.pathParameters);
  send(res, await handlers[match.route.handler](event));
}

export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  if (!isLoopback(opts.host) && !opts.allowRemote)
    throw new Error(`refusing to bind to ${opts.host}: the local server has no authentication; set SHARESIM_ALLOW_REMOTE=1 to allow it`);
  mkdirSync(opts.dataDir, { recursive: true });
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const p = err instanceof HttpProblem ? err : undefined;
      if (!res.headersSent) send(res, problemResult(p ?? new HttpProblem(500, 'urn:sharesim:problem:internal', 'Internal error'), randomUUID()));
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
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
