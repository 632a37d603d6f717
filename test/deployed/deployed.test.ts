/**
 * The deployed bundles, end to end (issue 17): what `cdk synth` bundles, run as Lambda runs it
 * (lambdas.ts) behind the template's HTTP API routes with IAM authorizer events (gateway.ts),
 * against the embedded store and the AWS stub (deployment.ts, awsStub.ts), with the synthesized
 * state machine run by a local Step Functions interpreter (stepFunctions.ts). The Gwent flow and
 * every way a run can end without its own code saying so.
 */
import path from 'node:path';
import type { RunInput } from '../../lambda/jobs/runJob';
import { example } from '../helpers';
import { Caller, json } from './client';
import { Deployment } from './deployment';
import { engineReference } from './engineReference';
import { API_HOST, LAMBDA_PAYLOAD_LIMIT, ssoUser } from './gateway';
import { type Interceptor, MAP_RUN_FAILED, TaskError } from './stepFunctions';

jest.setTimeout(240_000);

let d: Deployment;
let alice: Caller;
let bob: Caller;
let anonymous: Caller;

beforeAll(async () => {
  d = await Deployment.start();
  alice = new Caller(d.gateway, ssoUser('alice@gwent.example'));
  bob = new Caller(d.gateway, ssoUser('bob@elsewhere.example'));
  anonymous = new Caller(d.gateway, undefined);
}, 300_000);

afterAll(async () => {
  await d?.close();
});

afterEach(() => {
  // every answer any function gave in the test was one Lambda could return
  expect(d.gateway.oversized).toEqual([]);
  expect(d.gateway.largestResponse).toBeLessThan(LAMBDA_PAYLOAD_LIMIT);
  const errors = d.gateway.functionErrors.splice(0);
  if (errors.length > 0) throw new Error(`function errors: ${JSON.stringify(errors)}\n${d.logs()}`);
});

const gwent = () => example('gwent-psn') as Record<string, unknown>;

interface RunView {
  runId: string;
  status: string;
  progress: { done: number; total: number };
  request: { iterations: number; seed: number; allocation: string };
  error?: { stage: string; cause?: string; detail: string };
  result?: unknown;
}

async function createScenario(who: Caller, body: unknown): Promise<string> {
  const r = await who.post('/v1/scenarios', body);
  expect(r.status).toBe(201);
  return json<{ id: string }>(r).id;
}

async function startRun(who: Caller, scenarioId: string, body: unknown): Promise<string> {
  const r = await who.post(`/v1/scenarios/${scenarioId}/runs`, body);
  if (r.status !== 202) throw new Error(`start: ${r.status} ${r.text}`);
  return json<{ runId: string }>(r).runId;
}

const getRun = async (who: Caller, runId: string) => json<RunView>(await who.get(`/v1/runs/${runId}`));

/** Execute a run's Step Functions execution as the API started it, polling the run as a client would meanwhile. */
async function execute(runId: string, interceptors: Record<string, Interceptor> = {}) {
  const e = d.execution(runId);
  const running = d.stateMachine.start(JSON.parse(e.input), interceptors);
  const seen: Array<{ status: string; done: number }> = [];
  let finished = false;
  const outcome = running.done.finally(() => {
    finished = true;
  });
  while (!finished) {
    const v = await getRun(alice, runId);
    seen.push({ status: v.status, done: v.progress.done });
    await Promise.race([outcome, new Promise((r) => setTimeout(r, 250))]);
  }
  return { outcome: await outcome, seen, execution: e };
}

/** Iterations of the Gwent run: two chunks of the deployed fan-out (2,000 each), the second partial. */
const ITERATIONS = 2100;

describe('the Gwent flow through the deployed bundles', () => {
  let scenarioId: string;
  let runId: string;
  let reference: Promise<unknown>;

  it('routes as the template does: health is public, everything else is signed', async () => {
    const h = await anonymous.get('/v1/health');
    expect(h.status).toBe(200);
    expect(d.gateway.routes.filter((r) => !r.iam).map((r) => r.key)).toEqual(
      expect.arrayContaining(['GET /v1/health', 'GET /v1/report-links/{token}']),
    );
    expect((await anonymous.get('/v1/scenarios')).status).toBe(403);
    // every route's function lets API Gateway invoke it for that route
    expect(d.gateway.routes.filter((r) => !r.permitted).map((r) => r.key)).toEqual([]);
  });

  it('stores the scenario and starts a Monte Carlo run as a Step Functions execution', async () => {
    scenarioId = await createScenario(alice, gwent());
    runId = await startRun(alice, scenarioId, { iterations: ITERATIONS, seed: 2011 });
    const e = d.execution(runId);
    expect(e.stateMachineArn).toBe(d.stateMachineArn);
    // the owner is the SSO user, not the permission set's role (identity.ts)
    expect(JSON.parse(e.input)).toEqual({ owner: 'sso:123456789012:alice@gwent.example', runId });
    const v = await getRun(alice, runId);
    expect(v.status).toBe('queued');
    expect(v.result).toBeNull();
    expect(v.request).toMatchObject({ iterations: ITERATIONS, seed: 2011 });
    // the engine's own answer for the run's input, computed beside the deployed run
    const input: RunInput = { scenarioVersion: 1, scenario: gwent(), request: v.request as RunInput['request'] };
    reference = engineReference(input, path.join(d.tmp, 'reference'));
    reference.catch(() => undefined); // awaited (and its failure reported) below
    // another principal sees nothing of it
    expect((await bob.get(`/v1/runs/${runId}`)).status).toBe(404);
  });

  it('runs the synthesized state machine to succeeded, progress moving, chunks fanned out', async () => {
    const before = d.stateMachine.invocations.length;
    const { outcome, seen } = await execute(runId);
    expect(outcome.status).toBe('SUCCEEDED');
    const steps = d.stateMachine.invocations.slice(before).map((i) => i.state);
    expect(steps.filter((s) => s === 'PrepareRun')).toHaveLength(1);
    expect(steps.filter((s) => s === 'RunChunk')).toHaveLength(2); // chunks of 2,000
    expect(steps.filter((s) => s === 'AggregateRun')).toHaveLength(1);
    expect(steps).not.toContain('MarkRunFailed');
    // what a client polling saw: queued or running, then succeeded, progress never going back
    const order = ['queued', 'running', 'succeeded'];
    for (let i = 1; i < seen.length; i++) {
      expect(order.indexOf(seen[i]!.status)).toBeGreaterThanOrEqual(order.indexOf(seen[i - 1]!.status));
      expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
    }
    const v = await getRun(alice, runId);
    expect(v.status).toBe('succeeded');
    expect(v.progress).toEqual({ done: ITERATIONS, total: ITERATIONS });
  });

  it('gives the Monte Carlo result the engine gives in process for the same seed', async () => {
    const v = await getRun(alice, runId);
    // in one process, in chunks of 1,000 (the deployed fan-out used 2,000, in separate invocations)
    const expected = await reference;
    expect((expected as { uncertainty: { iterations: number } }).uncertainty.iterations).toBe(ITERATIONS);
    expect(v.result).toEqual(expected);
    const alone = await alice.get(`/v1/runs/${runId}/result`);
    expect(alone.status).toBe(200);
    expect(JSON.parse(alone.text)).toEqual(expected);
  });

  it('serves the report, its CSV, and a signed link that opens with no credentials', async () => {
    const html = await alice.get(`/v1/runs/${runId}/report`, { gzip: true });
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.api.headers['content-encoding']).toBe('gzip');
    expect(html.text).toContain('<svg');
    const csv = await alice.getAll(`/v1/runs/${runId}/report?format=csv`);
    const rows = csv.text.trim().split('\n');
    expect(rows.length).toBeGreaterThan(10 * 10); // ten authorities, ten years, and a header
    const made = await alice.post(`/v1/runs/${runId}/report-links`, { expiresInSeconds: 3600 });
    expect(made.status).toBe(201);
    const link = json<{ url: string; path: string; expiresAt: string }>(made);
    expect(link.url).toBe(`https://${API_HOST}${link.path}`);
    const page = await anonymous.get(link.path);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.text).toBe(html.text);
    // a token with another signature opens nothing
    const forged = link.path.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await anonymous.get(forged)).status).toBe(404);
    // the key signing it was read from Secrets Manager, not from the environment
    expect(d.aws.counts.secretReads).toBeGreaterThan(0);
  });

  it('lists scenarios and runs with signed cursors', async () => {
    await createScenario(alice, { ...gwent(), name: 'Second' });
    const first = json<{ items: unknown[]; nextCursor: string | null }>(await alice.get('/v1/scenarios?limit=1'));
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = json<{ items: unknown[] }>(
      await alice.get(`/v1/scenarios?limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`),
    );
    expect(second.items).toHaveLength(1);
    expect(second.items).not.toEqual(first.items);
    // the cursor is alice's: bob's request with it is refused
    expect((await bob.get(`/v1/scenarios?limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`)).status).toBe(400);
    const runs = json<{ items: Array<{ runId: string }> }>(await alice.get(`/v1/scenarios/${scenarioId}/runs`));
    expect(runs.items.map((r) => r.runId)).toContain(runId);
  });

  it('plans partnerships inline, and a stored scenario as a run through the state machine', async () => {
    const inline = await alice.post('/v1/partnerships/plan', {
      scenario: { ...gwent(), uncertainty: { iterations: 0, seed: 1 } },
      constraints: { maxSize: 8 },
    });
    expect(inline.status).toBe(200);
    const plan = json<{ partnerships: Array<{ members: string[] }>; alone: unknown[] }>(inline);
    expect(plan.partnerships.length).toBeGreaterThan(0);
    for (const p of plan.partnerships) expect(p.members.length).toBeLessThanOrEqual(8);

    // a stored scenario's plan is a run; this one is small (ten bodies), so it runs within the request
    const asRun = await alice.post('/v1/partnerships/plan', { scenarioId, constraints: { maxSize: 8 } });
    expect(asRun.status).toBe(202);
    const planRun = json<{ runId: string }>(asRun).runId;
    expect(d.executions.map((e) => e.name)).not.toContain(planRun);
    const v = await getRun(alice, planRun);
    expect(v.status).toBe('succeeded');
    const stored = json<{ partnerships: unknown[] }>(await alice.get(`/v1/runs/${planRun}/result`));
    expect(stored.partnerships).toEqual(plan.partnerships);
  });
});

describe('every way a run can end without its own code saying so', () => {
  let scenarioId: string;
  beforeAll(async () => {
    scenarioId = await createScenario(alice, gwent());
  });

  it('a refused StartExecution: 503, and the run failed with the cause', async () => {
    d.aws.refuseNextStart({ type: 'ExecutionLimitExceeded', message: 'Maximum number of running executions reached' });
    const r = await alice.post(`/v1/scenarios/${scenarioId}/runs`, { iterations: 2000, seed: 7 });
    expect(r.status).toBe(503);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const location = r.headers.location;
    expect(location).toMatch(/^\/v1\/runs\//);
    const v = json<RunView>(await alice.get(location!));
    expect(v.status).toBe('failed');
    expect(v.error).toMatchObject({ stage: 'start', cause: 'ExecutionLimitExceeded' });
    expect(v.error!.detail).toMatch(/Maximum number of running executions reached/);
    expect(d.aws.counts.startRefused).toBe(1);
  });

  it('a stopped execution: the EventBridge rule sends it to the worker, which marks the run failed', async () => {
    const runId = await startRun(alice, scenarioId, { iterations: 2500, seed: 8 }); // chunks of 2,000 and 500
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let late: Promise<string> | undefined;
    const e = d.execution(runId);
    const running = d.stateMachine.start(JSON.parse(e.input), {
      RunChunk: async (input, invoke) => {
        stop(); // StopExecution while the chunks are in flight
        await stopped;
        const c = input as { from: number; to: number };
        // the small chunk's invocation outlives the execution, as a Lambda invocation does
        if (c.to - c.from === 500)
          late = invoke(input).then(
            () => 'answered',
            (err: Error) => err.name,
          );
        return null;
      },
    });
    await stopped;
    running.abort();
    expect((await running.done).status).toBe('ABORTED');
    expect((await getRun(alice, runId)).status).toBe('running');
    const { matched, invocations } = await d.statusChange(e, 'ABORTED');
    expect(matched).toHaveLength(1);
    expect(invocations.map((i) => i.error)).toEqual([undefined]);
    expect(JSON.parse(invocations[0]!.payload!)).toEqual({ outcome: 'marked' });
    const v = await getRun(alice, runId);
    expect(v.status).toBe('failed');
    expect(v.error).toMatchObject({ stage: 'execution', cause: 'States.ABORTED' });
    expect(v.error!.detail).toMatch(/stopped/);
    // the chunk that finished after the stop changes nothing of the failed run
    await new Promise((r) => setTimeout(r, 0));
    expect(late).toBeDefined();
    await late;
    expect(await getRun(alice, runId)).toMatchObject({ status: 'failed', error: v.error });
  });

  it('a timed-out execution is marked failed with its cause; an event for a finished run changes nothing', async () => {
    const runId = await startRun(alice, scenarioId, { iterations: 2000, seed: 9 });
    const e = d.execution(runId);
    const out = await d.statusChange(e, 'TIMED_OUT', { error: 'States.Timeout' });
    expect(JSON.parse(out.invocations[0]!.payload!)).toEqual({ outcome: 'marked' });
    const v = await getRun(alice, runId);
    expect(v.status).toBe('failed');
    expect(v.error).toMatchObject({ stage: 'execution', cause: 'States.Timeout' });
    expect(v.error!.detail).toMatch(/timed out/);
    // EventBridge delivers at least once: the same event again, or a late FAILED, leaves the cause as it is
    const again = await d.statusChange(e, 'FAILED', { error: 'Other', cause: 'later' });
    expect(JSON.parse(again.invocations[0]!.payload!)).toEqual({ outcome: 'finished' });
    expect((await getRun(alice, runId)).error).toEqual(v.error);
    // a succeeded execution matches no rule
    expect((await d.statusChange(e, 'SUCCEEDED')).matched).toEqual([]);
  });

  it('a lost Prepare answer: Step Functions retries, Prepare answers the same chunks, the run succeeds', async () => {
    const runId = await startRun(alice, scenarioId, { iterations: 2000, seed: 10 });
    const answers: unknown[] = [];
    const { outcome } = await execute(runId, {
      PrepareRun: async (input, invoke, attempt) => {
        const answer = await invoke(input);
        answers.push(answer);
        // the function ran and answered; the answer never reached Step Functions
        if (attempt === 1) throw new TaskError('Lambda.SdkClientException', 'Unable to execute HTTP request');
        return answer;
      },
    });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(answers).toHaveLength(2);
    expect(answers[1]).toEqual(answers[0]);
    const v = await getRun(alice, runId);
    expect(v.status).toBe('succeeded');
    expect(v.progress).toEqual({ done: 2000, total: 2000 });
  });

  it(
    'a chunk that keeps failing: the Map Run fails, the Catch marks the run failed, ' + 'the FAILED event keeps it',
    async () => {
      let attempts = 0;
      const runId = await startRun(alice, scenarioId, { iterations: 2000, seed: 11 });
      const { outcome, execution } = await execute(runId, {
        RunChunk: async () => {
          attempts++;
          throw new TaskError(
            'Error',
            JSON.stringify({ errorType: 'Error', errorMessage: 'the chunk ran out of memory', trace: [] }),
          );
        },
      });
      expect(outcome.status).toBe('FAILED');
      expect(outcome.error).toBe('RunFailed');
      // the chunk was retried once (States.TaskFailed) before its child execution failed
      expect(attempts).toBe(2);
      const v = await getRun(alice, runId);
      expect(v.status).toBe('failed');
      // the Catch's error is kept; from a Distributed Map it is the Map Run's, not the chunk's own
      // (that stays in the child execution's history: see the issue 17 report)
      expect(v.error).toMatchObject({ stage: 'executor', cause: MAP_RUN_FAILED });
      expect(v.error!.detail).toMatch(/failed after its retries: States\.ExceedToleratedFailureThreshold/);
      const late = await d.statusChange(execution, 'FAILED', { error: outcome.error!, cause: outcome.cause! });
      expect(JSON.parse(late.invocations[0]!.payload!)).toEqual({ outcome: 'finished' });
      expect((await getRun(alice, runId)).error).toEqual(v.error);
    },
  );
});
