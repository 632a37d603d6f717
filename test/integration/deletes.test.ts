/**
 * Issue 19, item 5: deletes stay consistent under races. Runs started while their scenario is
 * deleted never outlive it; reads racing a delete answer 404, never 500; a delete a crash left
 * half-done is finished at the next start, and nothing of the scenario is left in the table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import { documentClientFor } from '../../lambda/store/clients';
import { example } from '../helpers';
import { client, poll } from './client';

let srv: LocalServer;
let dataDir: string;
const start = () => startLocalServer({ port: 0, host: '127.0.0.1', dataDir });
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-deletes-'));
  srv = await start();
});
afterAll(async () => {
  await srv.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Every item of the table whose key mentions this scenario or these runs. */
async function leftovers(scenarioId: string, runIds: readonly string[]): Promise<string[]> {
  const doc = documentClientFor(await embeddedEndpoint());
  const out = await doc.send(new ScanCommand({ TableName: 'sharesim-local', ProjectionExpression: 'pk, sk' }));
  const mine = (sk: string) => sk.includes(scenarioId) || runIds.some((r) => sk.includes(r));
  return (out.Items ?? []).map((i) => i.sk as string).filter(mine);
}

async function embeddedEndpoint(): Promise<string> {
  const cfg = (
    srv.store as unknown as { doc: { config: { endpoint: () => Promise<{ hostname: string; port: number }> } } }
  ).doc.config;
  const e = await cfg.endpoint();
  return `http://${e.hostname}:${e.port}`;
}

describe('deletes under races', () => {
  it('runs started while their scenario is deleted never outlive it, and nothing answers 500', async () => {
    const api = client(srv.url, 'racer');
    for (let round = 0; round < 6; round++) {
      const sc = await api.post<{ id: string }>('/v1/scenarios', example('minimal'));
      const id = sc.body.id;
      const starts = Array.from({ length: 6 }, () => api.post<{ runId?: string }>(`/v1/scenarios/${id}/runs`));
      const del = api.del(`/v1/scenarios/${id}`);
      const replies = await Promise.all(starts);
      expect((await del).status).toBe(204);
      for (const r of replies) expect([202, 404]).toContain(r.status);
      const runIds = replies.flatMap((r) => (r.body.runId ? [r.body.runId] : []));
      await srv.executor.idle();
      for (const runId of runIds) expect((await api.get(`/v1/runs/${runId}`)).status).toBe(404);
      expect((await api.get(`/v1/scenarios/${id}/runs`)).status).toBe(404);
      expect(await leftovers(id, runIds)).toEqual([]);
    }
  }, 120_000);

  it('reads racing a delete answer 200 or 404 (409 for a report not ready), never 500', async () => {
    const api = client(srv.url, 'reader');
    const sc = await api.post<{ id: string }>('/v1/scenarios', {
      ...(example('gwent-psn') as object),
      uncertainty: { iterations: 200 },
    });
    const run = await api.post<{ runId: string }>(`/v1/scenarios/${sc.body.id}/runs`);
    await poll(
      () => api.get<{ status: string }>(`/v1/runs/${run.body.runId}`),
      (r) => r.body.status === 'succeeded',
      60_000,
    );
    const reads = [
      `/v1/scenarios/${sc.body.id}`,
      `/v1/scenarios/${sc.body.id}/runs`,
      `/v1/runs/${run.body.runId}`,
      `/v1/runs/${run.body.runId}/result`,
      `/v1/runs/${run.body.runId}/report?format=csv`,
    ];
    const statuses: number[] = [];
    const reader = (async () => {
      for (let i = 0; i < 12; i++)
        for (const p of reads)
          statuses.push((await fetch(srv.url + p, { headers: { 'x-sharesim-user': 'reader' } })).status);
    })();
    await new Promise((r) => setTimeout(r, 20));
    expect((await api.del(`/v1/scenarios/${sc.body.id}`)).status).toBe(204);
    await reader;
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    for (const s of statuses) expect([200, 404]).toContain(s);
    for (const p of reads) expect((await api.get(p)).status).toBe(404);
  }, 120_000);

  it('a delete a crash left half-done (scenario marked, a run gone) reads as deleted and is finished at the next ' +
    'start', async () => {
    const api = client(srv.url, 'crash');
    const sc = await api.post<{ id: string }>('/v1/scenarios', example('minimal'));
    const runIds: string[] = [];
    for (let i = 0; i < 3; i++)
      runIds.push((await api.post<{ runId: string }>(`/v1/scenarios/${sc.body.id}/runs`)).body.runId);
    await srv.executor.idle();
    // what a process killed after its first steps leaves: the mark, and the first run discarded
    const doc = documentClientFor(await embeddedEndpoint());
    await doc.send(
      new UpdateCommand({
        TableName: 'sharesim-local',
        Key: { pk: 'O#local:crash', sk: `SC#${sc.body.id}` },
        UpdateExpression: 'SET deleting = :t',
        ExpressionAttributeValues: { ':t': true },
      }),
    );
    await srv.store.discardRun('local:crash', runIds[0]!, sc.body.id);
    expect((await api.get(`/v1/scenarios/${sc.body.id}`)).status).toBe(404);
    for (const r of runIds.slice(1)) expect([200, 404]).toContain((await api.get(`/v1/runs/${r}`)).status);
    await srv.close();
    srv = await start();
    expect(srv.recovery.deletes).toBe(1);
    const again = client(srv.url, 'crash');
    expect((await again.get(`/v1/scenarios/${sc.body.id}`)).status).toBe(404);
    for (const r of runIds) expect((await again.get(`/v1/runs/${r}`)).status).toBe(404);
    expect(await leftovers(sc.body.id, runIds)).toEqual([]);
  }, 120_000);
});
