/**
 * Workspaces (issue 17): isolation and roles on every route that acts in one, through the same
 * handlers Lambda runs, over the embedded store (dynalite). For each route that takes
 * `?workspace=`: a non-member gets 404 (as for an id that names nothing), a viewer writing gets
 * 403, a viewer reading and an editor doing anything succeed. Also: cursors of one workspace are
 * refused in another, a report link opens its own run only (and outlives its maker's
 * membership), members are managed by owners only and a workspace never loses its last owner.
 */
import { RAW_HANDLERS } from '../../lambda/api/handlers';
import { setDeps } from '../../lambda/api/deps';
import type { ApiEvent, ApiResult } from '../../lambda/api/http';
import { instrument } from '../../lambda/api/instrument';
import { ROUTES, routeKey } from '../../lambda/api/routes';
import { QUERY_SCHEMAS } from '../../lambda/api/contracts';
import { personalWorkspaceId, principalFromSegment, principalSegment } from '../../lambda/api/workspace';
import { RunNotStartedError } from '../../lambda/jobs/errors';
import { InlineExecutor, type RunExecutor } from '../../lambda/jobs/executor';
import { example } from '../helpers';
import { type Harness, startHarness } from '../jobs/storeHarness';
import { apiEvent } from './events';

jest.setTimeout(60_000);

interface Call {
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A request as API Gateway would pass it to the route's function, as `user` (no user: unauthenticated). */
async function call(user: string | undefined, key: string, c: Call = {}): Promise<ApiResult> {
  const route = ROUTES.find((r) => routeKey(r) === key);
  if (!route) throw new Error(`no route ${key}`);
  let path = route.path;
  for (const [k, v] of Object.entries(c.params ?? {})) path = path.replace(`{${k}}`, encodeURIComponent(v));
  const e = apiEvent(route.method, path, {
    ...(c.body !== undefined ? { body: JSON.stringify(c.body) } : {}),
    ...(c.headers ? { headers: c.headers } : {}),
  });
  const event: ApiEvent = {
    ...e,
    routeKey: key,
    rawQueryString: new URLSearchParams(c.query ?? {}).toString(),
    ...(c.params ? { pathParameters: c.params } : {}),
    ...(c.query ? { queryStringParameters: c.query } : {}),
    requestContext: {
      ...e.requestContext,
      ...(user ? { authorizer: { iam: { userArn: `local:${user}` } } } : {}),
    } as ApiEvent['requestContext'],
  };
  return instrument(RAW_HANDLERS[route.handler])(event);
}
const body = <T = Record<string, unknown>>(r: ApiResult) => JSON.parse(r.body) as T;

let h: Harness;
/** Workspace A: alice owns it, ed edits, vic views; mallory is in none of it. */
let A: string;
/** Workspace B: alice alone. */
let B: string;
const ids = { scenario: '', run: '', runB: '', personalRun: '' };

beforeAll(async () => {
  process.env.SHARESIM_CURSOR_KEY = 'workspace-test-key-0123456789';
  h = await startHarness();
  setDeps({ store: h.store, executor: new InlineExecutor(h.store), now: () => new Date() });
  A = body<{ id: string }>(await call('alice', 'POST /v1/workspaces', { body: { name: 'Gwent PSN' } })).id;
  B = body<{ id: string }>(await call('alice', 'POST /v1/workspaces', { body: { name: 'Elsewhere' } })).id;
  for (const [user, role] of [
    ['ed', 'editor'],
    ['vic', 'viewer'],
  ] as const) {
    const r = await call('alice', 'PUT /v1/workspaces/{id}/members/{principal}', {
      params: { id: A, principal: `local:${user}` },
      body: { role },
    });
    expect(r.statusCode).toBe(200);
  }
  const sc = await call('ed', 'POST /v1/scenarios', { query: { workspace: A }, body: example('minimal') });
  expect(sc.statusCode).toBe(201);
  ids.scenario = body<{ id: string }>(sc).id;
  // two, so a list of one has a next page
  await call('ed', 'POST /v1/scenarios', { query: { workspace: A }, body: example('minimal') });
  const run = await call('ed', 'POST /v1/scenarios/{id}/runs', {
    params: { id: ids.scenario },
    query: { workspace: A },
  });
  expect(run.statusCode).toBe(202);
  ids.run = body<{ runId: string }>(run).runId;
  const scB = body<{ id: string }>(
    await call('alice', 'POST /v1/scenarios', { query: { workspace: B }, body: example('minimal') }),
  );
  ids.runB = body<{ runId: string }>(
    await call('alice', 'POST /v1/scenarios/{id}/runs', { params: { id: scB.id }, query: { workspace: B } }),
  ).runId;
  const mine = body<{ id: string }>(await call('alice', 'POST /v1/scenarios', { body: example('minimal') }));
  ids.personalRun = body<{ runId: string }>(
    await call('alice', 'POST /v1/scenarios/{id}/runs', { params: { id: mine.id } }),
  ).runId;
});
afterAll(async () => {
  setDeps(undefined);
  await h.close();
});

/** A scenario of its own in A for a case that changes or deletes one. */
async function freshScenario(): Promise<string> {
  const r = await call('alice', 'POST /v1/scenarios', { query: { workspace: A }, body: example('minimal') });
  return body<{ id: string }>(r).id;
}

/**
 * Every route that acts in a workspace: the request (in A), whether it writes, and what an
 * editor gets. The test below checks this table covers every such route of the route table.
 */
const CASES: Record<string, { writes: boolean; ok: number; request: () => Promise<Call> }> = {
  'POST /v1/scenarios': { writes: true, ok: 201, request: async () => ({ body: example('minimal') }) },
  'GET /v1/scenarios': { writes: false, ok: 200, request: async () => ({}) },
  'GET /v1/scenarios/{id}': { writes: false, ok: 200, request: async () => ({ params: { id: ids.scenario } }) },
  'PUT /v1/scenarios/{id}': {
    writes: true,
    ok: 200,
    request: async () => ({
      params: { id: await freshScenario() },
      body: example('minimal'),
      headers: { 'if-match': '"v1"' },
    }),
  },
  'DELETE /v1/scenarios/{id}': {
    writes: true,
    ok: 204,
    request: async () => ({ params: { id: await freshScenario() } }),
  },
  'POST /v1/scenarios/{id}/runs': { writes: true, ok: 202, request: async () => ({ params: { id: ids.scenario } }) },
  'GET /v1/scenarios/{id}/runs': { writes: false, ok: 200, request: async () => ({ params: { id: ids.scenario } }) },
  'GET /v1/runs/{runId}': { writes: false, ok: 200, request: async () => ({ params: { runId: ids.run } }) },
  'GET /v1/runs/{runId}/result': { writes: false, ok: 200, request: async () => ({ params: { runId: ids.run } }) },
  'GET /v1/runs/{runId}/report': { writes: false, ok: 200, request: async () => ({ params: { runId: ids.run } }) },
  'POST /v1/runs/{runId}/report-links': {
    writes: false,
    ok: 201,
    request: async () => ({ params: { runId: ids.run } }),
  },
  'POST /v1/partnerships/plan': {
    writes: true,
    ok: 202,
    request: async () => ({ body: { scenarioId: ids.scenario } }),
  },
};

const scopedRoutes = ROUTES.filter((r) => r.query && 'workspace' in QUERY_SCHEMAS[r.query].shape).map(routeKey);

async function inA(user: string, key: string): Promise<ApiResult> {
  const c = await CASES[key]!.request();
  return call(user, key, { ...c, query: { ...c.query, workspace: A } });
}

describe('every route that acts in a workspace', () => {
  it('has a case here (a new route must say who may use it)', () => {
    expect(Object.keys(CASES).sort()).toEqual([...scopedRoutes].sort());
  });

  it.each(scopedRoutes)('%s: a non-member gets 404, exactly as for a workspace that does not exist', async (key) => {
    const r = await inA('mallory', key);
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    const none = await call('mallory', key, { ...(await CASES[key]!.request()), query: { workspace: 'w-nothing' } });
    expect(none.statusCode).toBe(404);
    expect(body(none).detail).toBe(body(r).detail);
    // another's personal workspace is no way in either
    const personal = await call('mallory', key, {
      ...(await CASES[key]!.request()),
      query: { workspace: personalWorkspaceId('local:alice') },
    });
    expect(personal.statusCode).toBe(404);
  });

  it.each(scopedRoutes)('%s: a viewer reads, and is refused with a 403 problem where it would write', async (key) => {
    const r = await inA('vic', key);
    if (CASES[key]!.writes) {
      expect(r.statusCode).toBe(403);
      expect(body(r).type).toBe('urn:sharesim:problem:forbidden');
    } else expect(r.statusCode).toBe(CASES[key]!.ok);
  });

  it.each(scopedRoutes)('%s: an editor may', async (key) => {
    expect((await inA('ed', key)).statusCode).toBe(CASES[key]!.ok);
  });

  it('a viewer refused a delete leaves the scenario there', async () => {
    const id = await freshScenario();
    expect(
      (await call('vic', 'DELETE /v1/scenarios/{id}', { params: { id }, query: { workspace: A } })).statusCode,
    ).toBe(403);
    const got = await call('vic', 'GET /v1/scenarios/{id}', { params: { id }, query: { workspace: A } });
    expect(got.statusCode).toBe(200);
  });

  it('a viewer may plan inline (nothing is stored) but not plan a stored scenario', async () => {
    const inline = await call('vic', 'POST /v1/partnerships/plan', {
      query: { workspace: A },
      body: { scenario: example('minimal') },
    });
    expect(inline.statusCode).toBe(200);
    const stored = await call('vic', 'POST /v1/partnerships/plan', {
      query: { workspace: A },
      body: { scenarioId: ids.scenario },
    });
    expect(stored.statusCode).toBe(403);
  });
});

describe('what is in a workspace is reached only through it', () => {
  it('a run or scenario of A is a 404 in the personal workspace and in B, even to a member of both', async () => {
    expect((await call('ed', 'GET /v1/runs/{runId}', { params: { runId: ids.run } })).statusCode).toBe(404);
    expect(
      (await call('alice', 'GET /v1/runs/{runId}', { params: { runId: ids.run }, query: { workspace: B } })).statusCode,
    ).toBe(404);
    expect(
      (await call('alice', 'GET /v1/scenarios/{id}', { params: { id: ids.scenario }, query: { workspace: B } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await call('alice', 'GET /v1/runs/{runId}', { params: { runId: ids.personalRun }, query: { workspace: A } }))
        .statusCode,
    ).toBe(404);
    expect((await call('alice', 'GET /v1/runs/{runId}', { params: { runId: ids.personalRun } })).statusCode).toBe(200);
  });

  it('naming your own personal workspace is the same as naming none', async () => {
    const q = { workspace: personalWorkspaceId('local:alice') };
    const named = await call('alice', 'GET /v1/runs/{runId}', { params: { runId: ids.personalRun }, query: q });
    expect(named.statusCode).toBe(200);
    expect(body<{ links: { self: string } }>(named).links.self).toBe(`/v1/runs/${ids.personalRun}`);
  });

  it('a run Step Functions refused to start is located in its workspace (the 503 Location)', async () => {
    const refusing: RunExecutor = {
      name: 'refusing',
      submit: async (job) => {
        throw new RunNotStartedError(job.runId, 'ThrottlingException');
      },
    };
    setDeps({ store: h.store, executor: refusing, now: () => new Date() });
    try {
      const r = await call('ed', 'POST /v1/scenarios/{id}/runs', {
        params: { id: ids.scenario },
        query: { workspace: A },
      });
      expect(r.statusCode).toBe(503);
      expect(r.headers.location).toMatch(new RegExp(`^/v1/runs/[a-z0-9]+\\?workspace=${A}$`));
    } finally {
      setDeps({ store: h.store, executor: new InlineExecutor(h.store), now: () => new Date() });
    }
  });

  it('answers in a workspace link back into it (links, Location, the next CSV page)', async () => {
    const sc = await call('ed', 'POST /v1/scenarios', { query: { workspace: A }, body: example('minimal') });
    expect(sc.headers.location).toMatch(new RegExp(`\\?workspace=${A}$`));
    expect(body<{ links: { self: string; runs: string } }>(sc).links.runs).toMatch(
      new RegExp(`/runs\\?workspace=${A}$`),
    );
    const run = await call('ed', 'GET /v1/runs/{runId}', { params: { runId: ids.run }, query: { workspace: A } });
    const links = body<{ links: Record<string, string> }>(run).links;
    for (const l of Object.values(links)) expect(l).toMatch(new RegExp(`\\?workspace=${A}$`));
    const csv = await call('vic', 'GET /v1/runs/{runId}/report', {
      params: { runId: ids.run },
      query: { format: 'csv', limit: '1', workspace: A },
    });
    expect(csv.statusCode).toBe(200);
    const next = /^<([^>]+)>; rel="next"$/.exec(csv.headers.link ?? '')?.[1];
    expect(next).toMatch(new RegExp(`&workspace=${A}$`));
    const query = Object.fromEntries(new URL(next!, 'http://x').searchParams);
    const page2 = await call('vic', 'GET /v1/runs/{runId}/report', { params: { runId: ids.run }, query });
    expect(page2.statusCode).toBe(200);
  });
});

describe('cursors', () => {
  it('a cursor issued in one workspace is a 400 in another (and in the personal one), fine in its own', async () => {
    const first = await call('alice', 'GET /v1/scenarios', { query: { workspace: A, limit: '1' } });
    const cursor = body<{ nextCursor: string }>(first).nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const inB = await call('alice', 'GET /v1/scenarios', { query: { workspace: B, limit: '1', cursor } });
    expect(inB.statusCode).toBe(400);
    expect(body<{ errors: { path: string }[] }>(inB).errors[0]!.path).toBe('/query/cursor');
    expect((await call('alice', 'GET /v1/scenarios', { query: { limit: '1', cursor } })).statusCode).toBe(400);
    // another member of A may continue it: the cursor is the workspace's, not the caller's
    expect((await call('vic', 'GET /v1/scenarios', { query: { workspace: A, limit: '1', cursor } })).statusCode).toBe(
      200,
    );
    const own = await call('alice', 'GET /v1/scenarios', { query: { workspace: A, limit: '1', cursor } });
    expect(own.statusCode).toBe(200);
    const firstId = body<{ items: { id: string }[] }>(first).items[0]!.id;
    expect(body<{ items: { id: string }[] }>(own).items[0]!.id).not.toBe(firstId);
  });

  it("a personal cursor is a 400 in a workspace; a runs list's cursor in another workspace too", async () => {
    await call('alice', 'POST /v1/scenarios', { body: example('minimal') });
    const mine = await call('alice', 'GET /v1/scenarios', { query: { limit: '1' } });
    const cursor = body<{ nextCursor: string }>(mine).nextCursor;
    expect((await call('alice', 'GET /v1/scenarios', { query: { workspace: A, cursor } })).statusCode).toBe(400);
    await call('ed', 'POST /v1/scenarios/{id}/runs', { params: { id: ids.scenario }, query: { workspace: A } });
    const runs = await call('ed', 'GET /v1/scenarios/{id}/runs', {
      params: { id: ids.scenario },
      query: { workspace: A, limit: '1' },
    });
    const runCursor = body<{ nextCursor: string }>(runs).nextCursor;
    expect(runCursor).toEqual(expect.any(String));
    const elsewhere = await call('alice', 'GET /v1/scenarios/{id}/runs', {
      params: { id: ids.scenario },
      query: { workspace: B, cursor: runCursor },
    });
    expect(elsewhere.statusCode).toBe(404); // the scenario is not in B: a 404 before any cursor is read
    const inPersonal = await call('ed', 'GET /v1/scenarios', { query: { cursor: runCursor } });
    expect(inPersonal.statusCode).toBe(400);
  });
});

describe('report links', () => {
  const token = (url: string) => url.split('/').pop()!;

  it('a link minted in A opens its run with no credentials, and no edit of it opens a run of B', async () => {
    const made = await call('vic', 'POST /v1/runs/{runId}/report-links', {
      params: { runId: ids.run },
      query: { workspace: A },
    });
    expect(made.statusCode).toBe(201);
    const t = token(body<{ url: string }>(made).url);
    const open = await call(undefined, 'GET /v1/report-links/{token}', { params: { token: t } });
    expect(open.statusCode).toBe(200);
    expect(open.headers['content-type']).toMatch(/text\/html/);
    const [, expires, sig] = t.split('.');
    const forged = await call(undefined, 'GET /v1/report-links/{token}', {
      params: { token: `${ids.runB}.${expires}.${sig}` },
    });
    expect(forged.statusCode).toBe(404);
  });

  it('keeps working for its holder after its maker has left the workspace', async () => {
    const ws = body<{ id: string }>(await call('alice', 'POST /v1/workspaces', { body: { name: 'Board pack' } })).id;
    await call('alice', 'PUT /v1/workspaces/{id}/members/{principal}', {
      params: { id: ws, principal: 'local:temp' },
      body: { role: 'viewer' },
    });
    const sc = body<{ id: string }>(
      await call('alice', 'POST /v1/scenarios', { query: { workspace: ws }, body: example('minimal') }),
    );
    const run = body<{ runId: string }>(
      await call('alice', 'POST /v1/scenarios/{id}/runs', { params: { id: sc.id }, query: { workspace: ws } }),
    );
    const made = await call('temp', 'POST /v1/runs/{runId}/report-links', {
      params: { runId: run.runId },
      query: { workspace: ws },
    });
    expect(made.statusCode).toBe(201);
    const removed = await call('alice', 'DELETE /v1/workspaces/{id}/members/{principal}', {
      params: { id: ws, principal: 'local:temp' },
    });
    expect(removed.statusCode).toBe(204);
    expect(
      (await call('temp', 'GET /v1/runs/{runId}', { params: { runId: run.runId }, query: { workspace: ws } }))
        .statusCode,
    ).toBe(404);
    const t = token(body<{ url: string }>(made).url);
    expect((await call(undefined, 'GET /v1/report-links/{token}', { params: { token: t } })).statusCode).toBe(200);
  });
});

describe('workspaces and their members', () => {
  const put = (user: string, id: string, principal: string, role: string) =>
    call(user, 'PUT /v1/workspaces/{id}/members/{principal}', { params: { id, principal }, body: { role } });
  const del = (user: string, id: string, principal: string) =>
    call(user, 'DELETE /v1/workspaces/{id}/members/{principal}', { params: { id, principal } });

  it('whoami names the principal, its path segment and the personal workspace', async () => {
    const r = body<{ principal: string; pathSegment: string; personalWorkspace: string }>(
      await call('ed', 'GET /v1/whoami'),
    );
    expect(r).toMatchObject({ principal: 'local:ed', pathSegment: 'local:ed' });
    expect(r.personalWorkspace).toBe(personalWorkspaceId('local:ed'));
    expect(personalWorkspaceId('local:ed')).not.toBe(personalWorkspaceId('local:vic'));
  });

  it('lists the personal workspace and those shared with the caller, with the role, newest first, paged', async () => {
    const ed = body<{ personal: { id: string }; items: { id: string; role: string }[] }>(
      await call('ed', 'GET /v1/workspaces'),
    );
    expect(ed.personal.id).toBe(personalWorkspaceId('local:ed'));
    expect(ed.items).toEqual([expect.objectContaining({ id: A, name: 'Gwent PSN', role: 'editor' })]);
    expect(body<{ items: unknown[] }>(await call('mallory', 'GET /v1/workspaces')).items).toEqual([]);
    const page1 = body<{ items: { id: string }[]; nextCursor: string }>(
      await call('alice', 'GET /v1/workspaces', { query: { limit: '1' } }),
    );
    const all = body<{ items: { id: string }[] }>(
      await call('alice', 'GET /v1/workspaces', { query: { limit: '100' } }),
    );
    expect(all.items.map((w) => w.id)).toEqual(expect.arrayContaining([A, B]));
    // newest first: ids sort by their creation time
    const order = all.items.map((w) => w.id);
    expect(order).toEqual([...order].sort().reverse());
    const page2 = body<{ items: { id: string }[] }>(
      await call('alice', 'GET /v1/workspaces', { query: { limit: '1', cursor: page1.nextCursor } }),
    );
    expect([...page1.items, ...page2.items].map((w) => w.id)).toEqual(all.items.slice(0, 2).map((w) => w.id));
    // the cursor is alice's: ed cannot continue her list
    expect((await call('ed', 'GET /v1/workspaces', { query: { cursor: page1.nextCursor } })).statusCode).toBe(400);
  });

  it('shows a workspace with its members to members only', async () => {
    const v = await call('vic', 'GET /v1/workspaces/{id}', { params: { id: A } });
    expect(v.statusCode).toBe(200);
    const w = body<{ role: string; members: { principal: string; role: string }[] }>(v);
    expect(w.role).toBe('viewer');
    expect(w.members.map((m) => [m.principal, m.role])).toEqual([
      ['local:alice', 'owner'],
      ['local:ed', 'editor'],
      ['local:vic', 'viewer'],
    ]);
    expect((await call('mallory', 'GET /v1/workspaces/{id}', { params: { id: A } })).statusCode).toBe(404);
    expect((await call('mallory', 'GET /v1/workspaces/{id}', { params: { id: 'w-nothing' } })).statusCode).toBe(404);
  });

  it('only owners manage members: an editor or viewer gets 403, a non-member 404', async () => {
    expect((await put('ed', A, 'local:zed', 'viewer')).statusCode).toBe(403);
    expect((await put('vic', A, 'local:zed', 'viewer')).statusCode).toBe(403);
    expect((await del('vic', A, 'local:ed')).statusCode).toBe(403);
    expect((await put('mallory', A, 'local:mallory', 'owner')).statusCode).toBe(404);
    expect((await del('mallory', A, 'local:alice')).statusCode).toBe(404);
    expect((await call('mallory', 'GET /v1/scenarios', { query: { workspace: A } })).statusCode).toBe(404);
  });

  it('an owner cannot remove or demote the last owner; with another owner they may leave', async () => {
    const ws = body<{ id: string }>(await call('alice', 'POST /v1/workspaces', { body: { name: 'Owners' } })).id;
    expect((await del('alice', ws, 'local:alice')).statusCode).toBe(409);
    expect((await put('alice', ws, 'local:alice', 'editor')).statusCode).toBe(409);
    expect((await put('alice', ws, 'local:bea', 'owner')).statusCode).toBe(200);
    expect((await put('alice', ws, 'local:alice', 'viewer')).statusCode).toBe(200);
    // now a viewer: no longer an owner
    expect((await put('alice', ws, 'local:alice', 'owner')).statusCode).toBe(403);
    expect((await del('bea', ws, 'local:alice')).statusCode).toBe(204);
    expect((await call('alice', 'GET /v1/workspaces/{id}', { params: { id: ws } })).statusCode).toBe(404);
    expect((await del('bea', ws, 'local:alice')).statusCode).toBe(404); // not a member now
    const left = body<{ items: { id: string }[] }>(
      await call('alice', 'GET /v1/workspaces', { query: { limit: '100' } }),
    );
    expect(left.items.map((w) => w.id)).not.toContain(ws);
  });

  it('two owners removing each other at once: one wins, the workspace keeps an owner', async () => {
    for (let i = 0; i < 3; i++) {
      const ws = body<{ id: string }>(await call('alice', 'POST /v1/workspaces', { body: { name: `Race ${i}` } })).id;
      expect((await put('alice', ws, 'local:bea', 'owner')).statusCode).toBe(200);
      const [a, b] = await Promise.all([del('alice', ws, 'local:bea'), del('bea', ws, 'local:alice')]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([204, 404]);
      const record = await h.store.getWorkspace(ws);
      expect(Object.values(record!.members)).toEqual(['owner']);
    }
  });

  it('a personal workspace has no other members (409); a principal that is not one is a 400', async () => {
    expect((await put('alice', personalWorkspaceId('local:alice'), 'local:bea', 'viewer')).statusCode).toBe(409);
    expect((await put('mallory', personalWorkspaceId('local:alice'), 'local:bea', 'viewer')).statusCode).toBe(404);
    const bad = await put('alice', A, 'bea@example.org', 'viewer');
    expect(bad.statusCode).toBe(400);
    expect(body<{ errors: { path: string }[] }>(bad).errors[0]!.path).toBe('/path/principal');
    expect((await put('alice', A, 'local:bea', 'admin')).statusCode).toBe(400);
  });

  it('a principal with a / or # goes in the path as ~base64url, and round-trips', async () => {
    for (const p of ['arn:aws:iam::123456789012:user/team/alice', 'jwt:https://idp.example/pool#abc-123']) {
      const seg = principalSegment(p);
      expect(seg).toMatch(/^~[A-Za-z0-9_-]+$/);
      expect(principalFromSegment(seg)).toBe(p);
      const r = await put('alice', B, seg, 'viewer');
      expect(r.statusCode).toBe(200);
      const m = body<{ members: { principal: string; pathSegment: string }[] }>(r).members.find(
        (x) => x.principal === p,
      );
      expect(m?.pathSegment).toBe(seg);
    }
    expect(principalSegment('sso:123456789012:bob@example.org')).toBe('sso:123456789012:bob@example.org');
    expect(() => principalFromSegment('~!!')).toThrow();
  });

  it('a workspace needs a name', async () => {
    expect((await call('alice', 'POST /v1/workspaces', { body: { name: '  ' } })).statusCode).toBe(400);
    expect((await call('alice', 'POST /v1/workspaces', { body: {} })).statusCode).toBe(400);
  });
});
