/**
 * Issue 18, item 4: routes declare their body, query and paging (api/routes.ts), the OpenAPI
 * document is generated from those declarations, and the handlers validate with the same
 * schemas: every query a route declares is documented parameter by parameter, and every route
 * with a query refuses one it does not declare (a 400 pointing into /query), over HTTP.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QUERY_SCHEMAS } from '../../lambda/api/contracts';
import { openApiDocument } from '../../lambda/api/openapi';
import { ROUTES } from '../../lambda/api/routes';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import { client, poll } from './client';

type Operation = { parameters?: { name: string; in: string }[]; requestBody?: unknown; 'x-paged'?: string };
const doc = openApiDocument() as { paths: Record<string, Record<string, Operation>> };
const op = (method: string, p: string) => doc.paths[p]![method.toLowerCase()]!;

describe('the OpenAPI document follows the route table', () => {
  it('documents every parameter of each declared query, and paging where declared', () => {
    for (const r of ROUTES) {
      const documented = (op(r.method, r.path).parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name);
      const declared = r.query ? Object.keys(QUERY_SCHEMAS[r.query].shape) : [];
      expect({ route: `${r.method} ${r.path}`, params: documented.sort() }).toEqual({
        route: `${r.method} ${r.path}`,
        params: declared.sort(),
      });
      expect(op(r.method, r.path)['x-paged']).toBe(r.pages);
      expect(op(r.method, r.path).requestBody !== undefined).toBe(r.body !== undefined);
    }
  });

  it("documents a scenario's runs list as paged by limit and cursor (once guessed from the path)", () => {
    const names = (op('GET', '/v1/scenarios/{id}/runs').parameters ?? []).map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['limit', 'cursor']));
  });
});

describe('the handlers validate with the declared schemas', () => {
  let srv: LocalServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-contracts-'));
    srv = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir });
  });
  afterAll(async () => {
    await srv.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('every route with a query answers an undeclared parameter with a 400 at /query', async () => {
    const api = client(srv.url, 'contracts');
    const scenario = {
      name: 'two',
      authorities: [
        { id: 'a', kind: 'police', staff: 1000 },
        { id: 'b', kind: 'council', staff: 3000 },
      ],
    };
    const sc = await api.post<{ id: string; version: number }>('/v1/scenarios', scenario);
    expect(sc.status).toBe(201);
    const run = await api.post<{ runId: string }>(`/v1/scenarios/${sc.body.id}/runs`);
    const done = await poll(
      () => api.get<{ status: string }>(`/v1/runs/${run.body.runId}`),
      (r) => r.body.status === 'succeeded' || r.body.status === 'failed',
      60_000,
    );
    expect(done.body.status).toBe('succeeded');
    const csv = 'id,kind,staff\na,police,1000\nb,council,3000\n';
    const checked: string[] = [];
    for (const r of ROUTES.filter((x) => x.query)) {
      const url = r.path.replace('{id}', sc.body.id).replace('{runId}', run.body.runId);
      const headers: Record<string, string> = { 'x-sharesim-user': 'contracts' };
      if (r.method === 'PUT') headers['if-match'] = `"${sc.body.version}"`;
      const takesCsv = r.body === 'scenario' || r.body === 'scenarioOrUpload';
      if (takesCsv) headers['content-type'] = 'text/csv';
      const res = await fetch(`${srv.url}${url}?undeclared=1`, {
        method: r.method,
        headers,
        ...(takesCsv ? { body: csv } : {}),
      });
      const problem = (await res.json()) as { errors?: { path: string }[] };
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({
        route: `${r.method} ${r.path}`,
        status: 400,
      });
      expect(problem.errors?.map((e) => e.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^\/query/)]));
      checked.push(`${r.method} ${r.path}`);
    }
    expect(checked.length).toBe(ROUTES.filter((x) => x.query).length);
  });
});
