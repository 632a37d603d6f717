/**
 * The run lifecycle (issue 17): every way a run can end without its own code saying so ends it
 * `failed` with the cause kept, and the steps the state machine may retry are idempotent.
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { RunNotStartedError } from '../../lambda/jobs/errors';
import { StepFunctionsExecutor } from '../../lambda/jobs/executor';
import { aggregateRun, prepareRun, RunNotRunnableError } from '../../lambda/jobs/fanout';
import { causeMessage, executionEnded, failedInStateMachine } from '../../lambda/jobs/lifecycle';
import { toProblem } from '../../lambda/api/instrument';
import { type Harness, makeRun, startHarness } from './storeHarness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const sfn = mockClient(SFNClient);
beforeEach(() => sfn.reset());

const job = (owner: string, runId: string) => ({
  owner,
  runId,
  scenarioId: 's',
  authorities: 3,
  years: 10,
  iterations: 1000,
  plan: false,
  workMs: 60_000,
});

describe('a refused StartExecution', () => {
  it('marks the run failed with the cause, and is a 503 problem pointing at the run', async () => {
    const run = await makeRun(h.store, 'alice', 'queued');
    const refusal = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    sfn.on(StartExecutionCommand).rejects(refusal);
    const ex = new StepFunctionsExecutor(h.store, 'arn:aws:states:eu-west-2:1:stateMachine:x', new SFNClient({}));
    const err = await ex.submit(job('alice', run.runId)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunNotStartedError);
    const p = toProblem(err)!;
    expect(p.status).toBe(503);
    expect(p.headers['retry-after']).toBeDefined();
    expect(p.headers.location).toBe(`/v1/runs/${run.runId}`);
    const after = await h.store.getRun('alice', run.runId);
    expect(after?.status).toBe('failed');
    expect(after?.error).toMatchObject({ stage: 'start', cause: 'ThrottlingException' });
    expect(after?.error?.detail).toMatch(/Rate exceeded/);
  });

  it('a second submit of a run already started is not a failure (ExecutionAlreadyExists)', async () => {
    const run = await makeRun(h.store, 'alice', 'queued');
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('exists'), { name: 'ExecutionAlreadyExists' }));
    const ex = new StepFunctionsExecutor(h.store, 'arn:aws:states:eu-west-2:1:stateMachine:x', new SFNClient({}));
    await ex.submit(job('alice', run.runId));
    expect((await h.store.getRun('alice', run.runId))?.status).toBe('queued');
  });
});

describe('which runs execute within the request, deployed', () => {
  it('a deterministic run of many authorities goes to Step Functions, whatever its estimate', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:eu-west-2:1:execution:x:y' });
    const ex = new StepFunctionsExecutor(h.store, 'arn:aws:states:eu-west-2:1:stateMachine:x', new SFNClient({}));
    const run = await makeRun(h.store, 'alice', 'queued');
    // 30,000 authorities, no Monte Carlo: estimated at 2 s, it took 97 s in test/deployed (timeout 29 s)
    await ex.submit({ ...job('alice', run.runId), authorities: 30_000, iterations: 0, workMs: 2000 });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
    expect((await h.store.getRun('alice', run.runId))?.status).toBe('queued');
  });
});

describe('an execution Step Functions ended', () => {
  const ended = (status: string, owner: string, runId: string, extra: Record<string, unknown> = {}) => ({
    'detail-type': 'Step Functions Execution Status Change',
    detail: { status, name: runId, input: JSON.stringify({ owner, runId }), ...extra },
  });

  it.each([
    ['ABORTED', /was stopped/],
    ['TIMED_OUT', /timed out/],
    ['FAILED', /failed: States\.Runtime/],
  ])('%s marks a running run failed with the cause', async (status, detail) => {
    const run = await makeRun(h.store, 'bob', 'running');
    const extra = status === 'FAILED' ? { error: 'States.Runtime', cause: 'bad path' } : {};
    expect(await executionEnded(h.store, ended(status, 'bob', run.runId, extra))).toBe('marked');
    const after = await h.store.getRun('bob', run.runId);
    expect(after?.status).toBe('failed');
    expect(after?.error?.stage).toBe('execution');
    expect(after?.error?.detail).toMatch(detail);
  });

  it('leaves a run that already ended as it was, and ignores what is not an ending or names no run', async () => {
    const done = await makeRun(h.store, 'bob', 'running');
    await h.store.putRunResult('bob', done.runId, '{}', new Date());
    expect(await executionEnded(h.store, ended('ABORTED', 'bob', done.runId))).toBe('finished');
    expect((await h.store.getRun('bob', done.runId))?.status).toBe('succeeded');
    expect(await executionEnded(h.store, ended('SUCCEEDED', 'bob', done.runId))).toBe('ignored');
    expect(await executionEnded(h.store, { detail: { status: 'FAILED', input: 'not json' } })).toBe('ignored');
    expect(await executionEnded(h.store, { detail: { status: 'FAILED', input: null } })).toBe('ignored');
  });

  it("cannot fail another owner's run (the input's owner must own it)", async () => {
    const run = await makeRun(h.store, 'carol', 'running');
    expect(await executionEnded(h.store, ended('ABORTED', 'mallory', run.runId))).toBe('finished');
    expect((await h.store.getRun('carol', run.runId))?.status).toBe('running');
  });
});

describe('steps the state machine retries', () => {
  it('a Prepare retried after its answer was lost succeeds with the same chunks', async () => {
    const input = '{"scenarioVersion":1,"scenario":{},"request":{"iterations":5000,"seed":1,"allocation":"equal"}}';
    const run = await makeRun(h.store, 'dan', 'queued', input);
    const first = await prepareRun(h.store, 'dan', run.runId, 2000);
    const again = await prepareRun(h.store, 'dan', run.runId, 2000);
    expect(again).toEqual(first);
    expect(first.chunks.map((c) => [c.from, c.to])).toEqual([
      [0, 2000],
      [2000, 4000],
      [4000, 5000],
    ]);
  });

  it('a Prepare of a run that has ended (or is gone) fails, and says why', async () => {
    const run = await makeRun(h.store, 'dan', 'failed');
    await expect(prepareRun(h.store, 'dan', run.runId)).rejects.toBeInstanceOf(RunNotRunnableError);
    await expect(prepareRun(h.store, 'dan', 'no-such-run')).rejects.toThrow(/deleted/);
  });

  it('an Aggregate retried after the result was stored does nothing', async () => {
    const run = await makeRun(h.store, 'dan', 'running');
    await h.store.putRunResult('dan', run.runId, '{"kept":true}', new Date());
    await aggregateRun(h.store, 'dan', run.runId);
    const after = await h.store.getRun('dan', run.runId);
    expect(await h.store.getRunResult('dan', after!)).toBe('{"kept":true}');
  });

  it("the Catch keeps the failing step's error and message", async () => {
    const run = await makeRun(h.store, 'erin', 'running');
    await failedInStateMachine(h.store, 'erin', run.runId, {
      Error: 'StoreUnavailableError',
      Cause: JSON.stringify({ errorType: 'StoreUnavailableError', errorMessage: 'the data store is busy' }),
    });
    const after = await h.store.getRun('erin', run.runId);
    expect(after?.error).toMatchObject({ stage: 'executor', cause: 'StoreUnavailableError' });
    expect(after?.error?.detail).toMatch(/StoreUnavailableError: the data store is busy/);
  });

  it('reads a Lambda error cause as its message, and any other cause as it is', () => {
    expect(causeMessage('{"errorMessage":"boom","errorType":"Error"}')).toBe('boom');
    expect(causeMessage('plain words')).toBe('plain words');
    expect(causeMessage(null)).toBeUndefined();
  });
});
