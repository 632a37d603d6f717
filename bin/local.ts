#!/usr/bin/env node
/** `npm start`: the same API on a laptop. Honours PORT, HOST, SHARESIM_DATA_DIR. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isLoopback, startLocalServer } from '../lambda/local/server';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  const dataDir = path.resolve(process.env.SHARESIM_DATA_DIR ?? '.sharesim');
  const allowRemote = process.env.SHARESIM_ALLOW_REMOTE === '1';
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  if (!isLoopback(host) && allowRemote)
    console.warn(
      `WARNING: binding to ${host}: anyone who can reach this address can use the API without authentication`,
    );
  const dynamoEndpoint = process.env.SHARESIM_DYNAMODB_ENDPOINT;
  const srv = await startLocalServer({
    port,
    host,
    dataDir,
    allowRemote,
    warmPool: true,
    ...(dynamoEndpoint ? { dynamoEndpoint } : {}),
  });
  const rec = srv.recovery;
  if (rec.failed > 0) console.log(`${rec.failed} run(s) left unfinished by the last process were marked failed`);
  if (rec.deletes > 0) console.log(`${rec.deletes} delete(s) the last process left half-done were finished`);
  if (rec.discarded + rec.orphans > 0)
    console.log(`${rec.discarded + rec.orphans} item(s) left half-written by the last process were removed`);
  const example =
    path.relative(process.cwd(), path.join(__dirname, '..', 'examples', 'gwent-psn.json')) || 'examples/gwent-psn.json';
  console.log(`sharesim local API listening on ${srv.url} (data in ${dynamoEndpoint ?? dataDir})`);
  if (process.env.SHARESIM_NO_DEMO !== '1')
    await seedDemo(srv.url, path.join(__dirname, '..', 'examples', 'gwent-psn.json'));
  console.log(`open ${srv.url}/ in a browser for your scenarios, runs and reports`);
  console.log(
    `try:\n  curl -s -X POST ${srv.url}/v1/simulate -H 'content-type: application/json' --data @${example} | head -c ` +
      `600; echo`,
  );
  const stop = (sig: string) => {
    console.log(`${sig}: stopping`);
    srv.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** On a first start (no scenario yet), store the Gwent example and run it, so the front page has a report to open. */
async function seedDemo(url: string, file: string): Promise<void> {
  const list = (await (await fetch(`${url}/v1/scenarios?limit=1`)).json()) as { items: unknown[] };
  if (list.items.length > 0) return;
  const sc = await fetch(`${url}/v1/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'demo-scenario' },
    body: readFileSync(file, 'utf8'),
  });
  const { id } = (await sc.json()) as { id: string };
  // a thousand iterations: enough for the report's distribution, quick enough for a first start
  const run = await fetch(`${url}/v1/scenarios/${id}/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'demo-run' },
    body: JSON.stringify({ iterations: 1000 }),
  });
  const { runId } = (await run.json()) as { runId: string };
  console.log(
    `demo: stored the Gwent example as scenario ${id} and started run ${runId}; its report: ` +
      `${url}/v1/runs/${runId}/report (SHARESIM_NO_DEMO=1 skips this)`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
