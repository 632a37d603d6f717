/**
 * Issue 19, items 5 and 6, with the real `npm start` killed by SIGKILL: a DELETE killed
 * part-way is finished at the next start (nothing of the scenario readable or left in the
 * table, no read a 500), and an idempotent request killed part-way is retryable within seconds
 * (its key's lease lapses) where it used to answer 409 for 24 hours.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClientFor } from '../../lambda/store/clients';
import { startEmbeddedStore } from '../../lambda/local/embeddedStore';
import { syntheticNation } from '../../lambda/synthetic/national';
import { example } from '../helpers';
import { client, poll } from '../integration/client';
import { kill9, type Proc, startProc, stop } from './proc';

let dataDir: string;
beforeAll(() => {
  dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-killrec-')), 'data');
});
afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

/** Every item key in the data directory's table (the server stopped: its store opened here). */
async function tableKeys(): Promise<string[]> {
  const store = await startEmbeddedStore(dataDir);
  try {
    const doc = documentClientFor(store.endpoint);
    const keys: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new ScanCommand({ TableName: 'sharesim-local', ProjectionExpression: 'pk, sk', ExclusiveStartKey: start }),
      );
      for (const i of page.Items ?? []) keys.push(`${i.pk as string} ${i.sk as string}`);
      start = page.LastEvaluatedKey;
    } while (start);
    doc.destroy();
    return keys;
  } finally {
    await store.close();
  }
}

describe('SIGKILL during a DELETE', () => {
  it('the next start finishes it: the scenario and every run answer 404, and nothing of them is left', async () => {
    let p: Proc = await startProc(dataDir, { SHARESIM_MAX_RUNS_PER_OWNER: '100', SHARESIM_MAX_RUNS: '4' });
    const api = () => client(p.url, 'deleter');
    const sc = await api().post<{ id: string }>('/v1/scenarios', example('gwent-psn'));
    const runIds: string[] = [];
    for (let i = 0; i < 40; i++)
      runIds.push(
        (await api().post<{ runId: string }>(`/v1/scenarios/${sc.body.id}/runs`, { iterations: 0 })).body.runId,
      );
    await poll(
      () => api().get<{ items: { status: string }[] }>(`/v1/scenarios/${sc.body.id}/runs?limit=100`),
      (r) => r.body.items.length === 40 && r.body.items.every((x) => x.status === 'succeeded'),
      120_000,
    );
    // the DELETE starts; the kill lands once its first run is gone, with most of the work still to do
    const del = api()
      .del(`/v1/scenarios/${sc.body.id}`)
      .catch(() => undefined);
    const statuses: number[] = [];
    await poll(
      async () => {
        const r = await api().get(`/v1/runs/${runIds[0]}`);
        statuses.push(r.status);
        return r.status;
      },
      (s) => s !== 200,
      30_000,
    );
    await kill9(p);
    await del;
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const stillThere = (await tableKeys()).filter((k) => runIds.some((r) => k.includes(r))).length;

    p = await startProc(dataDir);
    try {
      const recovered = p
        .out()
        .split('\n')
        .filter((l) => /delete\(s\)|run\(s\)|item\(s\)/.test(l));
      console.log(`killed with ${stillThere} items of the scenario's runs left; at restart: ${recovered.join('; ')}`);
      expect((await api().get(`/v1/scenarios/${sc.body.id}`)).status).toBe(404);
      expect((await api().get(`/v1/scenarios/${sc.body.id}/runs`)).status).toBe(404);
      for (const r of runIds) {
        expect((await api().get(`/v1/runs/${r}`)).status).toBe(404);
        expect((await api().get(`/v1/runs/${r}/report`)).status).toBe(404);
      }
      const list = await api().get<{ items: { id: string }[] }>('/v1/scenarios');
      expect(list.body.items.map((s) => s.id)).not.toContain(sc.body.id);
    } finally {
      await stop(p);
    }
    expect((await tableKeys()).filter((k) => k.includes(sc.body.id) || runIds.some((r) => k.includes(r)))).toEqual([]);
  }, 300_000);
});

describe('SIGKILL during an idempotent request', () => {
  it('a retry with the same Idempotency-Key succeeds within seconds of the restart, then replays', async () => {
    const env = { SHARESIM_IDEMPOTENCY_LEASE_SECONDS: '3' };
    const body = JSON.stringify({ ...syntheticNation({ authorities: 30000, seed: 11 }), name: 'killed mid-write' });
    const post = (url: string, key: string) =>
      fetch(`${url}/v1/scenarios`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sharesim-user': 'idem', 'idempotency-key': key },
        body,
      });
    let p: Proc = await startProc(dataDir, env);
    let key = '';
    // the same request again while the first is being served answers 409 "in progress": kill then
    for (let attempt = 0; attempt < 5 && !key; attempt++) {
      const k = `kill-${attempt}`;
      const first = post(p.url, k).catch(() => undefined);
      for (let i = 0; i < 40; i++) {
        const again = await post(p.url, k).catch(() => undefined);
        if (again?.status === 409) {
          key = k;
          break;
        }
        if (again?.status === 201) break; // the first finished first: try again with a fresh key
      }
      if (key) await kill9(p);
      await first;
    }
    expect(key).not.toBe('');

    p = await startProc(dataDir, env);
    try {
      const t0 = Date.now();
      const retried = await poll(
        () => post(p.url, key),
        (r) => r.status !== 409,
        30_000,
      );
      expect(retried.status).toBe(201);
      const waited = Date.now() - t0;
      const { id } = (await retried.json()) as { id: string };
      console.log(`the key of the killed request was free again ${waited} ms after the restart`);
      const replay = await post(p.url, key);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(((await replay.json()) as { id: string }).id).toBe(id);
    } finally {
      await stop(p);
    }
  }, 300_000);
});
