/**
 * Every figure a result carries must be a finite number: JSON has no NaN or Infinity
 * (JSON.stringify writes `null`), and a report cannot draw one. Inputs each within its own
 * bounds can still combine into an overflow or a division by zero (an FTE of 0 hours, a
 * server estate of 1e308, a normal whose sd is 1e308, growth compounded over 60 years), so a
 * result is checked before it is returned or stored, and a non-finite one becomes an
 * UnprocessableScenarioError (422) that names the inputs that can cause it.
 */
import { UnprocessableScenarioError, type InputProblem } from './errors';
import type { Scenario } from './schema';

/** An input at least this large (in absolute value) is past any public body's figures. */
export const HUGE_INPUT = 1e12;
/** Growth compounding past this factor over the horizon is named as a likely cause. */
const HUGE_GROWTH = 1e6;
/** Assumptions the model divides by (a zero makes a figure infinite). */
const DIVISORS = new Set(['annualHoursPerFte']);

const pointerEscape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** JSON Pointers of the first `max` numbers in a value that are NaN or infinite ([] when all are finite). */
export function nonFinitePaths(value: unknown, max = 3): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (out.length >= max) return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) out.push(path || '/');
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) for (let i = 0; i < v.length && out.length < max; i++) walk(v[i], `${path}/${i}`);
    else for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], `${path}/${pointerEscape(k)}`);
  };
  walk(value, '');
  return out;
}

function numbersOf(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (v && typeof v === 'object')
    return Object.values(v as Record<string, unknown>).filter((x): x is number => typeof x === 'number');
  return [];
}

/** One assumption (a number or a distribution) as a suspect, or undefined when it looks harmless. */
function assumptionSuspect(key: string, v: unknown, years: number): string | undefined {
  const nums = numbersOf(v);
  const d = v && typeof v === 'object' ? (v as { dist?: string; mean?: number; sd?: number; min?: number }) : undefined;
  const low = d
    ? (d.min ?? (d.mean !== undefined && d.sd !== undefined ? d.mean - 6 * d.sd : undefined))
    : (v as number);
  if (DIVISORS.has(key) && low !== undefined && low <= 0) return 'is 0 (or a draw can be): the model divides by it';
  const huge = nums.find((x) => Math.abs(x) >= HUGE_INPUT);
  if (huge !== undefined) return `is ${huge}: figures built on it overflow`;
  if (d?.sd !== undefined && d.mean !== undefined && d.sd > 1000 * Math.max(1, Math.abs(d.mean)))
    return `its sd (${d.sd}) draws values far outside any meaningful range`;
  if (/Growth$/.test(key)) {
    const top = Math.max(...nums);
    const factor = (1 + top) ** Math.max(0, years - 1);
    if (factor >= HUGE_GROWTH)
      return `compounds to ${factor.toExponential(2)} times its first year over ${years} years: figures overflow`;
  }
  return undefined;
}

/** The inputs of a scenario that can make the model overflow or divide by zero, most likely first. */
export function suspectInputs(s: Scenario): InputProblem[] {
  const out: InputProblem[] = [];
  const a = (s.assumptions ?? {}) as Record<string, unknown>;
  for (const [group, v] of Object.entries(a)) {
    if (group === 'discountSchedule' || group === 'optimismBias' || v === undefined) continue;
    const isDist = v !== null && typeof v === 'object' && 'dist' in v;
    const leaves: [string, unknown][] =
      typeof v === 'number' || isDist
        ? [[group, v]]
        : Object.entries(v as Record<string, unknown>).map(([leaf, x]) => [`${group}.${leaf}`, x]);
    for (const [key, x] of leaves) {
      const why = x === undefined ? undefined : assumptionSuspect(key, x, s.horizonYears);
      if (why) out.push({ path: `/assumptions/${key.split('.').map(pointerEscape).join('/')}`, message: why });
    }
  }
  s.authorities.forEach((auth, i) => {
    const walk = (v: unknown, path: string): void => {
      if (typeof v === 'number') {
        if (Math.abs(v) >= HUGE_INPUT) out.push({ path, message: `is ${v}: figures built on it overflow` });
      } else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) walk(x, `${path}/${pointerEscape(k)}`);
    };
    walk(auth.profile, `/authorities/${i}/profile`);
  });
  const oneOff = s.channelShift?.oneOffCost;
  if (oneOff !== undefined && oneOff >= HUGE_INPUT)
    out.push({ path: '/channelShift/oneOffCost', message: `is ${oneOff}: figures built on it overflow` });
  return out;
}

/** Throw a 422 naming the likely inputs unless every number in `value` is finite. */
export function assertFinite(value: unknown, s: Scenario, what = 'the result'): void {
  const bad = nonFinitePaths(value);
  if (bad.length === 0) return;
  const suspects = suspectInputs(s).slice(0, 20);
  const inputs: InputProblem[] =
    suspects.length > 0
      ? suspects
      : [
          {
            path: '/assumptions',
            message: 'no single input stands out: look for extreme values among the assumptions and profile figures',
          },
        ];
  throw new UnprocessableScenarioError(
    `the model gives a figure that is not a finite number (${bad.join(', ')} of ${what}): some inputs make it divide ` +
      `by zero or overflow; inputs that can cause this: ${inputs.map((x) => x.path).join(', ')}`,
    inputs[0]!.path,
    inputs,
  );
}
