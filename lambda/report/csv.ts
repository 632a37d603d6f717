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
import { aloneCost, buildCostParts, compile, hubOf, type Model, SERVICES } from '../engine/model';
import { cashSavingBy, programmeLinesBy, releasedBy } from '../engine/policy';
import type { Scenario } from '../engine/schema';
import type { SimulationResult } from '../engine/simulate';
import { SERVICE_LABELS } from './labels';

/** Authorities per page by default: a page is also bounded by bytes where it is served (lambda/api/paging.ts). */
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

/** The header row, CRLF-terminated. */
export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\r\n`;

/**
 * Text a spreadsheet would run as a formula: starting (after any spaces, tabs or line breaks) with
 * =, +, -, @ or their full-width forms (＝ ＋ － ＠), or with a tab or carriage return.
 */
const FORMULA = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;

/**
 * One field: quoted when it holds a comma, quote or line break; text that a spreadsheet would run as a formula is
 * prefixed with '.
 */
export function csvField(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const safe = FORMULA.test(v) ? `'${v}` : v;
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

/** Authorities compiled at a time: a page's, not the whole scenario's (a 30,000 × 60 model is hundreds of MB). */
const BLOCK = 500;

/**
 * Each authority's rows (one per year, CRLF-terminated) as a unit the API pages by bytes. Only
 * the authorities asked for are compiled, in blocks, with the scenario's own hub (an alone cost
 * depends on its authority, the assumptions and the hub only).
 */
export function csvAuthorityRows(r: SimulationResult, s: Scenario): { total: number; unit: (i: number) => string } {
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
  const policy = s.channelShift !== undefined;
  const hub = hubOf(s);
  // the scenario's own programme capital is shared out over all its authorities: a block carries its part
  let parts: Float64Array | undefined | null = null;
  const ownBuild = (from: number, to: number) => {
    if (parts === null) parts = buildCostParts(s);
    if (!parts || !s.channelShift) return {};
    let sum = 0;
    for (let i = from; i < Math.min(to, parts.length); i++) sum += parts[i]!;
    return { channelShift: { ...s.channelShift, oneOffCost: sum } };
  };
  let block: { from: number; model: Model } | undefined;
  const modelFor = (i: number) => {
    if (!block || i < block.from || i >= block.from + block.model.authorities.length) {
      const from = i - (i % BLOCK);
      const authorities = s.authorities.slice(from, from + BLOCK);
      block = {
        from,
        model: compile({ ...s, ...(hub ? { hub } : {}), ...ownBuild(from, from + BLOCK), authorities }),
      };
    }
    return block;
  };
  const unit = (i: number): string => {
    const { from, model } = modelFor(i);
    const j = i - from;
    const a = model.authorities[j]!;
    const saving = savingOf.get(a.id) ?? 0;
    let out = '';
    for (let t = 0; t < T; t++) {
      const df = years[t]!.discountFactor;
      const it = j * model.years + t;
      const alone = SERVICES.map((_, k) => aloneCost(model, j, t, k));
      const aloneTotal = model.arrays.aloneTotal[it]!;
      const discounted = saving * weights[t]!;
      const net = df > 0 ? discounted / df : 0;
      const assisted = policy ? programmeLinesBy(model, j, t).assistedDigital : 0;
      out += `${[
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
        policy ? releasedBy(model, j, t) : 0,
        policy ? cashSavingBy(model, j, t) : 0,
        assisted,
        ...funding,
      ]
        .map(csvField)
        .join(',')}\r\n`;
    }
    return out;
  };
  return { total: s.authorities.length, unit };
}

/** Authorities offset … offset + limit as one CSV document (the API serves it in byte-bounded pages). */
export function resultCsv(
  r: SimulationResult,
  s: Scenario,
  offset = 0,
  limit = authoritiesPerPage(r.years.length),
): CsvPage {
  const { total, unit } = csvAuthorityRows(r, s);
  const end = Math.min(total, offset + limit);
  let text = CSV_HEADER;
  for (let i = offset; i < end; i++) text += unit(i);
  return { text, nextOffset: end < total ? end : null, authorities: end - offset };
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
