/**
 * Issue 19 at the handlers, as Lambda runs them (in process, no pool): inputs that hung the
 * server or answered NaN now answer at once with a problem naming what to change; work that
 * does not belong in a request is refused before any of it is done; gzip is a 415.
 */
import { handler as simulateHandler } from '../../lambda/api/handlers/simulate';
import { handler as plansHandler } from '../../lambda/api/handlers/plans';
import { syntheticNation } from '../../lambda/synthetic/national';
import { INLINE_WORK_LIMIT_MS } from '../../lambda/jobs/estimate';
import { apiEvent } from './events';

const post = (body: string, headers?: Record<string, string>) =>
  simulateHandler(apiEvent('POST', '/v1/simulate', { body, ...(headers ? { headers } : {}) }));
type Problem = { status: number; type: string; detail?: string; errors?: { path: string; message: string }[] };
const problem = (r: { body: string }) => JSON.parse(r.body) as Problem;

const two = [
  { id: 'a', kind: 'police', staff: 100 },
  { id: 'b', kind: 'council', staff: 1000 },
];

describe('inputs that hung the server or answered null', () => {
  it('1e22 tickets a year: a 400 at its path, at once', async () => {
    const r = await post(
      JSON.stringify({
        name: 'x',
        authorities: [{ id: 'a', kind: 'police', staff: 100, profile: { ticketsPerYear: 1e22 } }],
      }),
    );
    expect(r.statusCode).toBe(400);
    expect(problem(r).errors!.map((e) => e.path)).toEqual(['/authorities/0/profile/ticketsPerYear']);
  });

  it('60 years of ticket and contact growth 1: a finite result', async () => {
    const r = await post(
      JSON.stringify({
        name: 'x',
        horizonYears: 60,
        assumptions: { ticketGrowth: 1, contactGrowth: 1 },
        authorities: two,
      }),
    );
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toMatch(/"npvSaving":null/);
  });

  it(
    'an FTE of 0 hours, or servers drawing 1e308 W: a 400 ' + 'at the assumption (its bounds), never a 200 with nulls',
    async () => {
      for (const [assumptions, path] of [
        [{ annualHoursPerFte: 0 }, '/assumptions/annualHoursPerFte'],
        [{ serverWatts: 1e308 }, '/assumptions/serverWatts'],
      ] as const) {
        const r = await post(JSON.stringify({ name: 'x', authorities: two, assumptions }));
        expect(r.statusCode).toBe(400);
        expect(problem(r).errors!.map((e) => e.path)).toContain(path);
      }
    },
  );

  it('a normal with sd 1e308 drawn in Monte Carlo: draws held within the bounds, finite figures', async () => {
    const r = await post(
      JSON.stringify({
        name: 'x',
        authorities: two,
        assumptions: { serverWatts: { dist: 'normal', mean: 350, sd: 1e308 } },
        uncertainty: { iterations: 20 },
      }),
    );
    expect(r.statusCode).toBe(200);
    const mc = (JSON.parse(r.body) as { uncertainty: { npvSaving: Record<string, number> } }).uncertainty.npvSaving;
    for (const k of ['mean', 'sd', 'min', 'max']) expect(Number.isFinite(mc[k])).toBe(true);
  });
});

describe('work that does not belong in a request', () => {
  it('30,000 authorities × 60 years × 30 iterations: a 422 that points at runs, before any work', async () => {
    const body = JSON.stringify({
      ...syntheticNation({ authorities: 30000, seed: 2 }),
      horizonYears: 60,
      uncertainty: { iterations: 30 },
    });
    const r = await post(body);
    expect(r.statusCode).toBe(422);
    expect(problem(r).type).toBe('urn:sharesim:problem:too-much-work');
    expect(problem(r).errors![0]!.path).toBe('/uncertainty/iterations');
    expect(problem(r).detail).toMatch(/start a run/);
  }, 30_000);

  it("2,000 authorities × 20,000 iterations (minutes of work): a 422 before API Gateway's 29 s", async () => {
    const body = JSON.stringify({
      ...syntheticNation({ authorities: 2000, seed: 4 }),
      uncertainty: { iterations: 20_000 },
    });
    const r = await post(body);
    expect(r.statusCode).toBe(422);
    expect(problem(r).type).toBe('urn:sharesim:problem:too-much-work');
    expect(problem(r).errors![0]!.path).toBe('/uncertainty/iterations');
    expect(problem(r).detail).toMatch(/POST \/v1\/scenarios\/\{id\}\/runs/);
    // the refusal is the estimate's, not a timeout's: far less than the work itself
    expect(INLINE_WORK_LIMIT_MS).toBeLessThan(29_000);
  }, 30_000);

  it('2,000 authorities × 10 iterations: the tornado over the default ranges (20 s here) is a 422', async () => {
    // the estimate once left the default ranges out of the tornado (1.2 s for about 20 s of work)
    const body = JSON.stringify({
      ...syntheticNation({ authorities: 2000, seed: 4 }),
      uncertainty: { iterations: 10 },
    });
    const r = await post(body);
    expect(r.statusCode).toBe(422);
    expect(problem(r).type).toBe('urn:sharesim:problem:too-much-work');
    expect(problem(r).errors![0]!.path).toBe('/uncertainty/iterations');
  }, 30_000);

  it('an inline plan of 2,000 bodies over 30 years: a 422 that points at a stored plan', async () => {
    const body = JSON.stringify({
      scenario: { ...syntheticNation({ authorities: 2000, seed: 3 }), horizonYears: 30 },
      constraints: { maxSize: 20 },
    });
    const r = await plansHandler({
      ...apiEvent('POST', '/v1/partnerships/plan', { body }),
      requestContext: {
        ...apiEvent('POST', '/v1/partnerships/plan').requestContext,
        authorizer: { iam: { userArn: 'arn:aws:iam::1:user/a' } },
      },
    } as ReturnType<typeof apiEvent>);
    expect(r.statusCode).toBe(422);
    expect(problem(r).type).toBe('urn:sharesim:problem:too-much-work');
  }, 30_000);
});

describe('request bodies', () => {
  it('a gzip Content-Encoding is a 415, not a 400 "malformed JSON"', async () => {
    const r = await post('\x1f\x8b\x08\x00', { 'content-encoding': 'gzip' });
    expect(r.statusCode).toBe(415);
    expect(problem(r).errors![0]!.path).toBe('/headers/content-encoding');
    expect(
      (await post(JSON.stringify({ name: 'x', authorities: two }), { 'content-encoding': 'identity' })).statusCode,
    ).toBe(200);
  });
});
