/** The real entry point, as `npm start` runs it: honours PORT and SHARESIM_DATA_DIR, prints the URL and a curl. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

it('starts, prints its URL and a curl for the Gwent example, seeds the demo run whose report the front page links, ' +
  'and stops on SIGTERM', async () => {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-start-')), 'data');
  const root = path.join(__dirname, '..', '..');
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bin/local.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', SHARESIM_DATA_DIR: dataDir, SHARESIM_LOG_LEVEL: 'SILENT' },
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && /curl .*gwent-psn\.json/.test(out)) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', () => reject(new Error(`exited early: ${out}`)));
  });
  expect(fs.existsSync(dataDir)).toBe(true);
  const r = await fetch(`${url}/v1/simulate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: fs.readFileSync(path.join(root, 'examples', 'gwent-psn.json')),
  });
  expect(r.status).toBe(200);
  // the first start stores and runs the demo; the front page links to its report, which opens
  const demo = /demo: .* started run (\S+);/.exec(out);
  expect(demo).not.toBeNull();
  const home = await fetch(`${url}/`);
  expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const page = await home.text();
  expect(page).toContain('Gwent public services network');
  expect(page).toContain(`Run ${demo![1]}`);
  let report: Response | undefined;
  for (let i = 0; i < 200; i++) {
    report = await fetch(`${url}/v1/runs/${demo![1]}/report`);
    if (report.status === 200) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  expect(report!.status).toBe(200);
  expect(await (await fetch(`${url}/`)).text()).toContain(`href="/v1/runs/${demo![1]}/report"`);
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  expect(code).toBe(0);
}, 30_000);

describe('binding beyond loopback', () => {
  const run = (env: Record<string, string>) =>
    new Promise<{ code: number | null; out: string; url?: string; child: ReturnType<typeof spawn> }>((resolve) => {
      const root = path.join(__dirname, '..', '..');
      const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-bind-')), 'data');
      const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
        cwd: root,
        env: {
          ...process.env,
          PORT: '0',
          SHARESIM_DATA_DIR: dataDir,
          SHARESIM_NO_DEMO: '1',
          SHARESIM_LOG_LEVEL: 'SILENT',
          ...env,
        },
      });
      let out = '';
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve({ code: null, out, url: m[1]!, child });
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => resolve({ code, out, child }));
    });

  it('refuses a non-loopback host unless told, and warns when told', async () => {
    const refused = await run({ HOST: '0.0.0.0' });
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/refusing to bind to 0\.0\.0\.0.*SHARESIM_ALLOW_REMOTE=1/);
    const allowed = await run({ HOST: '0.0.0.0', SHARESIM_ALLOW_REMOTE: '1' });
    try {
      expect(allowed.url).toBeDefined();
      expect(allowed.out).toMatch(
        /WARNING: binding to 0\.0\.0\.0: anyone who can reach this address can use the API without authentication/,
      );
    } finally {
      await new Promise((r) => {
        allowed.child.once('exit', r);
        allowed.child.kill('SIGTERM');
      });
    }
  }, 60_000);
});
