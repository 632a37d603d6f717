/**
 * Over real HTTP against the local server: the same handlers behind the API Gateway v2 adapter.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import { EXAMPLES_DIR } from '../helpers';
import type { SimulationResult } from '../../lambda/engine/simulate';

type Problem = { status: number; errors: { path: string; message: string }[] };

let srv: LocalServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-it-'));
  srv = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir });
});
afterAll(async () => {
  await srv.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const postJson = (p: string, body: string, type = 'application/json') =>
  fetch(srv.url + p, { method: 'POST', headers: { 'content-type': type }, body });

describe('local server', () => {
  it('serves health without auth and creates its data directory', async () => {
    const r = await fetch(`${srv.url}/v1/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok' });
    expect(fs.existsSync(dataDir)).toBe(true);
  });

  const examples = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json'));
  it.each(examples)('simulates the shipped example %s with every result field', async (file) => {
    const r = await postJson('/v1/simulate', fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await r.json()) as SimulationResult;
    expect(body.years.length).toBe(body.horizonYears);
    expect(typeof body.summary.npvSaving).toBe('number');
    expect(body.authorities.length).toBeGreaterThan(0);
    expect(body.allocation.method).toEqual(expect.any(String));
    expect(body.stability).toHaveProperty('inCore');
  });

  it('answers 404 problem+json for an unknown route and 405 for a wrong method', async () => {
    const nf = await fetch(`${srv.url}/v1/nope`);
    expect(nf.status).toBe(404);
    expect(nf.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const na = await fetch(`${srv.url}/v1/simulate`);
    expect(na.status).toBe(405);
    expect(na.headers.get('allow')).toBe('POST');
  });

  it('refuses a 7 MB body with 413 and keeps serving', async () => {
    const r = await postJson('/v1/simulate', JSON.stringify({ name: 'x'.repeat(7 * 1024 * 1024), authorities: [] }));
    expect(r.status).toBe(413);
    expect(((await r.json()) as Problem).status).toBe(413);
    expect((await fetch(`${srv.url}/v1/health`)).status).toBe(200);
  });

  it('gives 415 for a non-JSON body and 400 with paths for a bad scenario', async () => {
    expect((await postJson('/v1/simulate', 'name=x', 'application/x-www-form-urlencoded')).status).toBe(415);
    const bad = await postJson(
      '/v1/simulate',
      JSON.stringify({ name: 'x', authorities: [{ id: 'bad id!', kind: 'council', staff: 'many' }] }),
    );
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as Problem;
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['/authorities/0/id', '/authorities/0/staff']),
    );
  });

  it('refuses a non-loopback host unless allowed', async () => {
    await expect(startLocalServer({ port: 0, host: '0.0.0.0', dataDir })).rejects.toThrow(/refusing to bind/);
  });
});
