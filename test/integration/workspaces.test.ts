/**
 * Workspaces over real HTTP against the local server (issue 17): a partnership's planners share
 * a workspace; a viewer reads and cannot write, a stranger gets 404s, a cursor does not cross
 * workspaces, a report link opens only its own run, and a removed member is locked out at once.
 * The per-route, per-role table is test/api/workspaces.test.ts; this is the same through the
 * local server's router, headers and URL decoding.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import { example } from '../helpers';
import { client, poll } from './client';

jest.setTimeout(60_000);

let dataDir: string;
let srv: LocalServer;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-workspaces-'));
  srv = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir });
});
afterAll(async () => {
  await srv.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Ws = { id: string; role: string; members: { principal: string; pathSegment: string; role: string }[] };
type RunView = { runId: string; status: string; links: { self: string; report: string } };

it('a partnership shares a workspace: roles, isolation, cursors, links and removal', async () => {
  const alice = client(srv.url, 'alice');
  const bob = client(srv.url, 'bob');
  const carol = client(srv.url, 'carol');

  const created = await alice.post<Ws>('/v1/workspaces', { name: 'Gwent PSN' });
  expect(created.status).toBe(201);
  const A = created.body.id;
  expect(created.headers.get('location')).toBe(`/v1/workspaces/${A}`);
  const other = (await alice.post<Ws>('/v1/workspaces', { name: 'Other' })).body.id;

  // bob tells alice his principal; she adds him as a viewer
  const who = await bob.get<{ principal: string; pathSegment: string }>('/v1/whoami');
  expect(who.body.principal).toBe('local:bob');
  const added = await alice.put<Ws>(`/v1/workspaces/${A}/members/${encodeURIComponent(who.body.pathSegment)}`, {
    role: 'viewer',
  });
  expect(added.status).toBe(200);
  expect(added.body.members.map((m) => `${m.principal}=${m.role}`)).toEqual(['local:alice=owner', 'local:bob=viewer']);

  // alice stores two scenarios in the workspace and runs one; bob reads through the links the answers give
  const sc = await alice.post<{ id: string; links: { self: string } }>(
    `/v1/scenarios?workspace=${A}`,
    example('minimal'),
  );
  expect(sc.status).toBe(201);
  await alice.post(`/v1/scenarios?workspace=${A}`, example('minimal'));
  const started = await alice.post<RunView>(`/v1/scenarios/${sc.body.id}/runs?workspace=${A}`);
  expect(started.status).toBe(202);
  expect(started.headers.get('location')).toBe(`/v1/runs/${started.body.runId}?workspace=${A}`);
  const done = await poll(
    () => bob.get<RunView>(started.body.links.self),
    (r) => r.body.status === 'succeeded' || r.body.status === 'failed',
  );
  expect(done.status).toBe(200);
  expect(done.body.status).toBe('succeeded');
  expect((await bob.get(sc.body.links.self)).status).toBe(200);

  // the front page lists the workspace and shows its scenarios and runs, with links into it, to members only
  const frontPage = (user: string, q = '') => fetch(`${srv.url}/${q}`, { headers: { 'x-sharesim-user': user } });
  const front = await (await frontPage('bob')).text();
  expect(front).toContain(`href="/?workspace=${A}">Gwent PSN</a> (viewer)`);
  const inA = await frontPage('bob', `?workspace=${A}`);
  expect(inA.status).toBe(200);
  expect(await inA.text()).toContain(`href="/v1/runs/${started.body.runId}/report?workspace=${A}"`);
  expect((await frontPage('carol', `?workspace=${A}`)).status).toBe(404);
  expect(await (await frontPage('bob')).text()).not.toContain(`/v1/runs/${started.body.runId}`);

  // bob cannot write; carol, in no workspace, cannot see it at all; nobody finds it without ?workspace=
  const refused = await bob.post(`/v1/scenarios?workspace=${A}`, example('minimal'));
  expect(refused.status).toBe(403);
  expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect((await bob.del(`/v1/scenarios/${sc.body.id}?workspace=${A}`)).status).toBe(403);
  expect((await carol.get(`/v1/scenarios?workspace=${A}`)).status).toBe(404);
  expect((await carol.get(`/v1/runs/${started.body.runId}?workspace=${A}`)).status).toBe(404);
  expect((await carol.get(`/v1/workspaces/${A}`)).status).toBe(404);
  expect((await alice.get(`/v1/runs/${started.body.runId}`)).status).toBe(404);
  expect((await alice.get(`/v1/runs/${started.body.runId}?workspace=${other}`)).status).toBe(404);

  // a cursor of the workspace does not work in another, nor in the personal one
  const page = await bob.get<{ nextCursor: string }>(`/v1/scenarios?workspace=${A}&limit=1`);
  const cursor = encodeURIComponent(page.body.nextCursor);
  expect((await bob.get(`/v1/scenarios?workspace=${A}&limit=1&cursor=${cursor}`)).status).toBe(200);
  expect((await alice.get(`/v1/scenarios?workspace=${other}&limit=1&cursor=${cursor}`)).status).toBe(400);
  expect((await bob.get(`/v1/scenarios?limit=1&cursor=${cursor}`)).status).toBe(400);

  // a report link bob makes opens without credentials; its signature opens no other run
  const link = await bob.post<{ path: string }>(`/v1/runs/${started.body.runId}/report-links?workspace=${A}`);
  expect(link.status).toBe(201);
  const page1 = await fetch(`${srv.url}${link.body.path}`);
  expect(page1.status).toBe(200);
  expect(page1.headers.get('content-type')).toMatch(/text\/html/);
  const sc2 = await alice.post<{ id: string }>(`/v1/scenarios?workspace=${other}`, example('minimal'));
  const run2 = await alice.post<RunView>(`/v1/scenarios/${sc2.body.id}/runs?workspace=${other}`);
  const [, expires, sig] = link.body.path.split('/').pop()!.split('.');
  expect((await fetch(`${srv.url}/v1/report-links/${run2.body.runId}.${expires}.${sig}`)).status).toBe(404);

  // bob removed: locked out at once, and the workspace leaves his list; his link still opens the report
  expect((await alice.del(`/v1/workspaces/${A}/members/local:bob`)).status).toBe(204);
  expect((await bob.get(started.body.links.self)).status).toBe(404);
  expect((await bob.get<{ items: unknown[] }>('/v1/workspaces')).body.items).toEqual([]);
  expect((await fetch(`${srv.url}${link.body.path}`)).status).toBe(200);

  // an IAM user's ARN (with a /) as a member, by its ~base64url segment
  const arn = 'arn:aws:iam::123456789012:user/planners/dai';
  const seg = `~${Buffer.from(arn).toString('base64url')}`;
  const withArn = await alice.put<Ws>(`/v1/workspaces/${A}/members/${seg}`, { role: 'editor' });
  expect(withArn.status).toBe(200);
  expect(withArn.body.members.find((m) => m.principal === arn)?.pathSegment).toBe(seg);

  // without ?workspace= everything is as it was: alice's personal list has none of A's scenarios
  const personal = await alice.get<{ items: { id: string }[] }>('/v1/scenarios');
  expect(personal.status).toBe(200);
  expect(personal.body.items.map((s) => s.id)).not.toContain(sc.body.id);
});
