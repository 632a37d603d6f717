/**
 * The signing client against the local server, with fake credentials. The local server does not
 * check SigV4 (it takes X-Sharesim-User), so this checks what can be checked here: every request
 * to the API carries a well-formed SigV4 Authorization for execute-api in the API's region,
 * whose signature an independent signer reproduces; nothing signed goes to a signed download or
 * upload URL; and the flows (store, upload, save a report) work end to end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { type LocalServer, startLocalServer } from '../../lambda/local/server';
import { clientMain, inWorkspace, regionOf, SignedClient } from '../../lambda/cli/signedClient';
import { example } from '../helpers';

jest.setTimeout(120_000);

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const NOW = new Date('2026-11-30T12:00:00Z');

let srv: LocalServer;
let dataDir: string;
const sent: { url: string; method: string; headers: Record<string, string>; body?: string }[] = [];
const recording: typeof fetch = async (input, init) => {
  const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>));
  sent.push({
    url: String(input),
    method: init?.method ?? 'GET',
    headers,
    ...(typeof init?.body === 'string' ? { body: init.body } : {}),
  });
  return fetch(input, init);
};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-client-'));
  srv = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir });
});
afterAll(async () => {
  await srv.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  sent.length = 0;
});

const client = () =>
  new SignedClient({
    api: srv.url,
    region: 'eu-west-2',
    credentials: async () => creds,
    fetch: recording,
    now: () => NOW,
  });

const SIGV4 = new RegExp(
  '^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/eu-west-2/execute-api/aws4_request, ' +
    'SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$',
);

it('signs every API request with SigV4 for execute-api, reproducibly', async () => {
  const r = await client().json<{ id: string }>('POST', '/v1/scenarios', example('gwent-psn'));
  expect(r.status).toBe(201);
  const req = sent[0]!;
  const m = SIGV4.exec(req.headers.authorization ?? '');
  expect(m).not.toBeNull();
  expect(m![1]!.split(';')).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'content-type']));
  expect(req.headers['x-amz-date']).toBe('20261130T120000Z');
  // an independent signer (the SDK's own hash) over the same request gives the same signature
  const url = new URL(req.url);
  const again = await new SignatureV4({
    service: 'execute-api',
    region: 'eu-west-2',
    credentials: creds,
    sha256: Sha256,
  }).sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'accept-encoding': 'gzip', 'content-type': 'application/json' },
      body: req.body!,
    },
    { signingDate: NOW },
  );
  expect(req.headers.authorization).toBe(again.headers.authorization);
});

it('an upload: the API calls are signed, the PUT to the signed URL carries no credentials', async () => {
  const doc = Buffer.from(JSON.stringify(example('gwent-psn')));
  const r = await client().upload(doc);
  expect(r.status).toBe(201);
  const [ticket, put, create] = sent;
  expect(ticket!.headers.authorization).toMatch(SIGV4);
  expect(put!.method).toBe('PUT');
  expect(put!.headers.authorization).toBeUndefined();
  expect(create!.headers.authorization).toMatch(SIGV4);
});

it('in a workspace, scenario, run and report requests carry ?workspace= (signed); the others do not', async () => {
  const ws = await client().json<{ id: string }>('POST', '/v1/workspaces', { name: 'Shared' });
  expect(ws.status).toBe(201);
  const inWs = new SignedClient({
    api: srv.url,
    region: 'eu-west-2',
    credentials: async () => creds,
    fetch: recording,
    now: () => NOW,
    workspace: ws.body.id,
  });
  sent.length = 0;
  const sc = await inWs.upload(Buffer.from(JSON.stringify(example('minimal'))));
  expect(sc.status).toBe(201);
  const [ticket, , create] = sent;
  expect(new URL(ticket!.url).search).toBe('');
  expect(new URL(create!.url).searchParams.get('workspace')).toBe(ws.body.id);
  const listed = await inWs.json<{ items: { id: string }[] }>('GET', '/v1/scenarios');
  expect(listed.body.items.map((s) => s.id)).toEqual([(sc.body as { id: string }).id]);
  // the personal workspace does not have it
  const mine = await client().json<{ items: { id: string }[] }>('GET', '/v1/scenarios');
  expect(mine.body.items.map((s) => s.id)).not.toContain((sc.body as { id: string }).id);
  expect(inWorkspace('/v1/runs/r1/report?format=csv', 'w-1')).toBe('/v1/runs/r1/report?format=csv&workspace=w-1');
  expect(inWorkspace('/v1/workspaces', 'w-1')).toBe('/v1/workspaces');
  expect(inWorkspace('/v1/scenarios?workspace=w-2', 'w-1')).toBe('/v1/scenarios?workspace=w-2');
});

it('reads the region from an execute-api URL', () => {
  expect(regionOf('https://abc123.execute-api.eu-west-2.amazonaws.com')).toBe('eu-west-2');
  expect(regionOf('http://127.0.0.1:3000')).toBeUndefined();
});

it('the command line saves a report page, and says how to use it when asked nothing', async () => {
  const sc = await client().json<{ id: string }>('POST', '/v1/scenarios', example('gwent-psn'));
  const run = await client().json<{ runId: string }>('POST', `/v1/scenarios/${sc.body.id}/runs`, { iterations: 0 });
  for (let i = 0; i < 100; i++) {
    const v = await client().json<{ status: string }>('GET', `/v1/runs/${run.body.runId}`);
    if (v.body.status === 'succeeded') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const out = path.join(dataDir, 'report.html');
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const code = await clientMain(['report', run.body.runId, '--out', out], {
    api: srv.url,
    region: 'eu-west-2',
    credentials: async () => creds,
    fetch: recording,
  });
  write.mockRestore();
  expect(code).toBe(0);
  expect(fs.readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/i);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  expect(await clientMain([], { api: srv.url })).toBe(2);
  err.mockRestore();
});
