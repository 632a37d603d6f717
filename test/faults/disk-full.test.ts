/**
 * Issue 19, item 7: a full disk. The data directory is a small tmpfs (this needs `mount -t
 * tmpfs`, so root on Linux; elsewhere the test says so and is skipped). Writes fill it until
 * the store refuses one; from then on health says degraded and writes are refused at once with a
 * 503 (reads answer, or are 503s to retry: never a 500). When space returns the store writes
 * again by itself: no restart, every acknowledged scenario whole, nothing half-written left.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import { documentClientFor } from '../../lambda/store/clients';
import { client, poll } from '../integration/client';

const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-diskfull-'));
const mounted = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!mounted)
  console.log(
    `disk-full test skipped: this machine does not allow "mount -t tmpfs" here (needs root on Linux); it checks ` +
      `recovery from a full disk`,
  );

let srv: LocalServer;
beforeAll(async () => {
  if (!mounted) return;
  process.env.SHARESIM_MIN_FREE_BYTES = String(2 * 2 ** 20);
  srv = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir: path.join(mountPoint, 'data') });
}, 60_000);
afterAll(async () => {
  delete process.env.SHARESIM_MIN_FREE_BYTES;
  if (mounted) {
    await srv?.close();
    execFileSync('umount', [mountPoint]);
  }
  fs.rmSync(mountPoint, { recursive: true, force: true });
}, 60_000);

/** A scenario whose body gzip cannot shrink: `kb` kilobytes of random names. */
function incompressible(name: string, kb: number) {
  const authorities = Array.from({ length: Math.ceil(kb / 0.25) }, (_, i) => ({
    id: `a${i}`,
    kind: 'school',
    staff: 10,
    name: randomBytes(140).toString('base64').slice(0, 180),
  }));
  return { name, authorities };
}

const free = () => {
  const s = fs.statfsSync(mountPoint);
  return s.bavail * s.bsize;
};

type Health = { status: string; checks: { store: { state: string; recoveries: number; swept: number } } };

describe('a full disk', () => {
  (mounted ? it : it.skip)(
    'degrades, refuses writes with 503 (never a 500), and recovers by itself when space returns, with nothing lost ' +
      'or orphaned',
    async () => {
      const api = client(srv.url, 'filler');
      const sent = new Map<string, string>();
      const put = async (body: ReturnType<typeof incompressible>) => {
        const r = await api.post<{ id: string }>('/v1/scenarios', body);
        if (r.status === 201) sent.set(r.body.id, JSON.stringify(body));
        return r;
      };
      for (let i = 0; i < 3; i++) expect((await put(incompressible(`before ${i}`, 100))).status).toBe(201);
      // leave about a megabyte, then write until the store refuses
      const filler = path.join(mountPoint, 'filler');
      fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 1.5 * 2 ** 20)));
      let refused: Awaited<ReturnType<typeof put>> | undefined;
      for (let i = 0; i < 40 && !refused; i++) {
        const r = await put(incompressible(`filling ${i}`, 300));
        if (r.status !== 201) refused = r;
      }
      expect(refused?.status).toBe(503);
      expect(refused!.headers.get('retry-after')).toMatch(/^\d+$/);

      const degraded = await poll(
        async () => (await (await fetch(`${srv.url}/v1/health`)).json()) as Health,
        (h) => h.status === 'degraded',
        10_000,
      );
      expect(degraded.checks.store.state).toBe('unwritable');
      // while the disk stays full a read answers or is a 503 to retry, never a 500; a write is refused at once
      for (const id of sent.keys()) expect([200, 503]).toContain((await api.get(`/v1/scenarios/${id}`)).status);
      const meanwhile = await api.post('/v1/scenarios', incompressible('while full', 10));
      expect(meanwhile.status).toBe(503);

      // space returns: no restart
      fs.rmSync(filler);
      const ok = await poll(
        async () => (await (await fetch(`${srv.url}/v1/health`)).json()) as Health,
        (h) => h.status === 'ok',
        30_000,
      );
      expect(ok.checks.store.recoveries).toBeGreaterThanOrEqual(1);
      expect((await put(incompressible('after', 50))).status).toBe(201);

      // every acknowledged scenario whole, as sent
      for (const [id, body] of sent) {
        const r = await api.get<{ scenario: unknown }>(`/v1/scenarios/${id}`);
        expect(r.status).toBe(200);
        expect(JSON.stringify(r.body.scenario)).toBe(body);
      }
      // nothing half-written: every body chunk is one a scenario head names
      const e = await (
        srv.store as unknown as { doc: { config: { endpoint: () => Promise<{ hostname: string; port: number }> } } }
      ).doc.config.endpoint();
      const doc = documentClientFor(`http://${e.hostname}:${e.port}`);
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new ScanCommand({
            TableName: 'sharesim-local',
            ProjectionExpression: 'pk, sk, id, version, bodyToken',
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      const heads = new Map(
        items
          .filter((i) => (i.sk as string).startsWith('SC#'))
          .map((i) => [i.id as string, `${String(i.version).padStart(8, '0')}#${i.bodyToken as string}`]),
      );
      const chunks = items.filter((i) => (i.sk as string).startsWith('SB#'));
      expect(chunks.length).toBeGreaterThan(0);
      for (const c of chunks) {
        const [, id, version, token] = (c.sk as string).split('#');
        expect(`${version}#${token}`).toBe(heads.get(id!));
      }
      expect(heads.size).toBe(sent.size);
      doc.destroy();
    },
    180_000,
  );
});
