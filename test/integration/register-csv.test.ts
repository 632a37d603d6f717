/** Over HTTP on the local server: the register routes, scenarios from a selection, and the CSV round trip. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import type { PartnershipPlan } from '../../lambda/planner/plan';
import { awkwardCsv } from '../csv/fixtures';
import { client } from './client';

let srv: LocalServer;
let dataDir: string;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-register-'));
  srv = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir });
  api = client(srv.url, 'registrar');
});
afterAll(async () => {
  await srv.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const csvHeaders = { 'content-type': 'text/csv', 'x-sharesim-user': 'registrar' };
const text = async (p: string) => {
  const r = await fetch(srv.url + p, { headers: { 'x-sharesim-user': 'registrar' } });
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
};

describe('the register over HTTP', () => {
  it('lists, filters and gives one body', async () => {
    const wales = await api.get<{ items: { nation: string }[]; total: number }>('/v1/register?nation=Wales&limit=1000');
    expect(wales.status).toBe(200);
    expect(wales.body.total).toBe(wales.body.items.length);
    expect(wales.body.items.every((b) => b.nation === 'Wales')).toBe(true);
    const one = await api.get<{ name: string }>('/v1/register/W06000022');
    expect(one.body.name).toBe('Newport City Council');
    expect((await api.get('/v1/register/nope')).status).toBe(404);
    const bad = await api.get<{ errors: { path: string }[] }>('/v1/register?region=Atlantis');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.path).toBe('/query/region/0');
  });

  it('stores and simulates a selection, and plans a region', async () => {
    const stored = await api.post<{ id: string; authorities: number }>('/v1/scenarios', {
      name: 'Welsh police and boards',
      register: { nation: 'Wales', kinds: ['police'] },
    });
    expect(stored.status).toBe(201);
    expect(stored.body.authorities).toBe(4);
    const got = await api.get<{ scenario: { authorities: { id: string }[]; register?: unknown } }>(
      `/v1/scenarios/${stored.body.id}`,
    );
    expect(got.body.scenario.register).toBeUndefined();
    expect(got.body.scenario.authorities.map((a) => a.id)).toEqual([
      'W15000001',
      'W15000002',
      'W15000003',
      'W15000004',
    ]);
    const sim = await api.post<{ authorities: unknown[] }>('/v1/simulate', {
      name: 'Gwent',
      register: { near: { lat: 51.65, lon: -3.05, radiusKm: 20 } },
    });
    expect(sim.status).toBe(200);
    const plan = await api.post<PartnershipPlan>('/v1/partnerships/plan', {
      register: { region: 'Wales' },
      constraints: { maxSize: 8, maxDistanceKm: 120 },
    });
    expect(plan.status).toBe(200);
    expect(plan.body.partnerships.flatMap((p) => p.members).length + plan.body.alone.length).toBe(36);
  });
});

describe('a CSV of authorities over HTTP', () => {
  it('a 1,000-row file round-trips: import, export, import gives the same scenario', async () => {
    const q = '?name=Round%20trip&horizonYears=12';
    const post = async (body: string) =>
      (await fetch(`${srv.url}/v1/scenarios${q}`, { method: 'POST', headers: csvHeaders, body })).json() as Promise<{
        id: string;
        authorities: number;
      }>;
    const first = await post(awkwardCsv(1000));
    expect(first.authorities).toBe(1000);
    const exported = await text(`/v1/scenarios/${first.id}?format=csv`);
    expect(exported.status).toBe(200);
    expect(exported.type).toMatch(/^text\/csv/);
    const second = await post(exported.body);
    const a = await api.get<{ scenario: unknown }>(`/v1/scenarios/${first.id}`);
    const b = await api.get<{ scenario: unknown }>(`/v1/scenarios/${second.id}`);
    expect(b.body.scenario).toEqual(a.body.scenario);
    expect((a.body.scenario as { horizonYears: number }).horizonYears).toBe(12);
    expect((await text(`/v1/scenarios/${second.id}?format=csv`)).body).toBe(exported.body);
    // a CSV replaces a stored scenario too, under If-Match
    const put = await fetch(`${srv.url}/v1/scenarios/${second.id}?name=Replaced`, {
      method: 'PUT',
      headers: { ...csvHeaders, 'if-match': '"v1"' },
      body: 'id,kind,staff\nonly,police,10\n',
    });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { name: string; version: number }).version).toBe(2);
    expect((await text(`/v1/scenarios/${second.id}?format=csv`)).body).toBe(
      'id,name,kind,tier,staff,lat,lon,region\r\nonly,,police,,10,,,\r\n',
    );
  });

  it('an Idempotency-Key covers the query too: the same CSV under another name is a 409', async () => {
    const send = (name: string) =>
      fetch(`${srv.url}/v1/scenarios?name=${name}`, {
        method: 'POST',
        headers: { ...csvHeaders, 'idempotency-key': 'csv-once' },
        body: 'id,kind,staff\na,police,100\n',
      });
    const first = await send('One');
    expect(first.status).toBe(201);
    const again = await send('One');
    expect(again.status).toBe(201);
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    expect((await send('Two')).status).toBe(409);
  });

  it('malformed rows are a 400 problem+json naming each row and column', async () => {
    const r = await fetch(`${srv.url}/v1/simulate`, {
      method: 'POST',
      headers: csvHeaders,
      body: 'id,kind,staff,lat,lon\na,police,1,51,-3\nb,police,zero,51,-3\nc,council,5,95,-3\n',
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const p = (await r.json()) as { errors: { path: string; message: string }[] };
    expect(p.errors).toEqual([
      { path: '/authorities/1/staff', message: 'row 3, column staff: "zero" is not a number' },
      { path: '/authorities/2/location/lat', message: expect.stringMatching(/^row 4, column lat: /) },
    ]);
  });
});
