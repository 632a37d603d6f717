/**
 * The per-authority, per-year table as CSV (RFC 4180: header row, CRLF, quoted where needed).
 *
 * Alone costs by service are the model's own per-authority figures (the run's scenario version,
 * recompiled: deterministic). The partnership's saving is not a per-authority cost in the model,
 * so each authority's allocated NPV saving is spread over the years in proportion to the
 * partnership's discounted net saving in each year; its shared-world cost is its alone cost less
 * that. Summed over authorities, every column matches the result's yearly totals, and each
 * authority's discounted saving adds up to its `authorities[].saving`.
 *
 * The channel-shift policy's lines are the authority's own (its programme, the capacity it
 * releases and the part that is cash), and the three answers to "would the internal bank fund
 * it?" are the summary's (`summary.funding`), repeated on every row so a spreadsheet has them.
 */
import type { FundingCase } from '../engine/appraisal';
import { compile, aloneCost, SERVICES } from '../engine/model';
import { cashSavingBy, programmeLinesBy, releasedBy } from '../engine/policy';
import type { Scenario } from '../engine/schema';
import type { SimulationResult } from '../engine/simulate';
import { SERVICE_LABELS } from './labels';

/** Rows per CSV response (authorities × years): keeps a page far below Lambda's 6 MB response limit. */
export const MAX_CSV_ROWS = 20_000;

export const CSV_COLUMNS = [
  'authority_id',
  'authority_name',
  'kind',
  'year',
  'discount_factor',
  'status_quo_total',
  ...SERVICES.map((k) => `alone_${k}`),
  'alone_otherIt',
  'alone_channelShift',
  'alone_total',
  'allocated_net_saving',
  'shared_cost_allocated',
  'allocated_discounted_saving',
  'policy_released',
  'policy_cash_saving',
  'policy_assisted_digital',
  'policy_annual_roi',
  'policy_fundable',
  'sharing_annual_roi',
  'sharing_fundable',
  'combined_annual_roi',
  'combined_fundable',
] as const;

/** One field: quoted when it holds a comma, quote or line break; text that a spreadsheet would run as a formula is prefixed with '. */
export function csvField(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export interface CsvPage {
  readonly text: string;
  /** The offset of the next page of authorities, or null when this is the last. */
  readonly nextOffset: number | null;
  readonly authorities: number;
}

/** Authorities per page for a horizon. */
export function authoritiesPerPage(years: number): number {
  return Math.max(1, Math.floor(MAX_CSV_ROWS / Math.max(1, years)));
}

export function resultCsv(
  r: SimulationResult,
  s: Scenario,
  offset = 0,
  limit = authoritiesPerPage(r.years.length),
): CsvPage {
  const model = compile(s);
  const years = r.years;
  const T = years.length;
  // Each year's share of the discounted saving; evenly spread when the saving is zero.
  const npv = r.summary.npvSaving;
  const scale = years.reduce((x, y) => x + Math.abs(y.discountFactor * y.netSaving), 0);
  const weights =
    Math.abs(npv) > 1e-9 * Math.max(1, scale)
      ? years.map((y) => (y.discountFactor * y.netSaving) / npv)
      : years.map(() => 1 / T);
  const savingOf = new Map(r.authorities.map((a) => [a.id, a.saving]));
  const f = r.summary.funding;
  const answer = (c: FundingCase) => [c.annualRoi ?? '', c.applies ? String(c.fundable) : 'n/a'];
  const funding = [...answer(f.policy), ...answer(f.sharing), ...answer(f.combined)];
  const policy = model.channelPolicy !== undefined;
  const lines = [CSV_COLUMNS.join(',')];
  const end = Math.min(model.authorities.length, offset + limit);
  for (let i = offset; i < end; i++) {
    const a = model.authorities[i]!;
    const saving = savingOf.get(a.id) ?? 0;
    for (let t = 0; t < T; t++) {
      const df = years[t]!.discountFactor;
      const it = i * model.years + t;
      const alone = SERVICES.map((_, k) => aloneCost(model, i, t, k));
      const aloneTotal = model.arrays.aloneTotal[it]!;
      const discounted = saving * weights[t]!;
      const net = df > 0 ? discounted / df : 0;
      const assisted = policy ? programmeLinesBy(model, i, t).assistedDigital : 0;
      lines.push(
        [
          a.id,
          a.name,
          a.kind,
          years[t]!.year,
          df,
          model.arrays.statusQuoTotal[it]!,
          ...alone,
          model.arrays.untouched[it]!,
          model.arrays.programme[it]!,
          aloneTotal,
          net,
          aloneTotal - net,
          discounted,
          policy ? releasedBy(model, i, t) : 0,
          policy ? cashSavingBy(model, i, t) : 0,
          assisted,
          ...funding,
        ]
          .map(csvField)
          .join(','),
      );
    }
  }
  return {
    text: `${lines.join('\r\n')}\r\n`,
    nextOffset: end < model.authorities.length ? end : null,
    authorities: end - offset,
  };
}

/** Column descriptions, for the README and the OpenAPI document. */
export const CSV_NOTES = [
  `alone_<service> are each authority's own costs (${[...SERVICES, 'otherIt' as const, 'channelShift' as const]
    .map((k) => SERVICE_LABELS[k])
    .join(', ')});`,
  "allocated_net_saving is its share of the partnership's net saving that year;",
  'shared_cost_allocated = alone_total − allocated_net_saving;',
  'policy_released is the contact-handling capacity its channel shift releases, policy_cash_saving the part that',
  'is cash that year, policy_assisted_digital what it reinvests in the digitally excluded; the *_annual_roi and',
  '*_fundable columns repeat summary.funding (n/a: the case does not apply).',
].join(' ');
