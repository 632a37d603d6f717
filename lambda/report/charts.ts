/**
 * The report's charts, each as a vega-lite specification plus the data table behind it (the
 * text alternative a screen reader or a spreadsheet user reads). Pure: result in, specs out;
 * svg.ts renders them.
 *
 * Long because each chart's vega-lite specification, text alternative and data table sit together, one
 * function per chart, so a chart is read and changed in one place.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { AuthorityResult, SimulationResult } from '../engine/simulate';
import { SERVICES } from '../engine/model';
import { money, percent, plain } from './format';
import { SERVICE_LABELS } from './labels';

export type Cell = string | number;

export interface Chart {
  /** The id of the chart's figure in the page. */
  readonly id: string;
  readonly title: string;
  /** One sentence that says what the chart shows: the SVG's text alternative. */
  readonly alt: string;
  readonly spec: TopLevelSpec;
  readonly table: { readonly columns: readonly string[]; readonly rows: readonly (readonly Cell[])[] };
  /** Said under the chart: what was left out, and why. */
  readonly note?: string;
}

/** Authorities drawn one bar each up to this many; above it, the top and bottom half of it. */
export const MAX_AUTHORITY_BARS = 30;
/** Tornado rows drawn (the largest swings). */
export const MAX_TORNADO_ROWS = 12;

const WIDTH = 560;
const CONFIG = {
  font: 'system-ui, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, labelLimit: 220 },
} as const;

function base(description: string): Pick<TopLevelSpec, '$schema' | 'description' | 'config' | 'background'> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    description,
    config: CONFIG,
    background: 'white',
  };
}

/** Alone against shared cost by year, each stacked by service. One bar segment per year, world and cost line. */
function costsByYear(r: SimulationResult): Chart {
  const rows: { year: string; world: string; line: string; cost: number }[] = [];
  // the channel-shift programme is a line of its own, the same in both worlds, when there is a policy
  const own = r.policy.channelShift ? (['otherIt', 'channelShift'] as const) : (['otherIt'] as const);
  for (const y of r.years) {
    for (const k of [...SERVICES, ...own] as const)
      rows.push({ year: String(y.year), world: 'Alone', line: SERVICE_LABELS[k], cost: y.alone[k] });
    for (const k of [...SERVICES, ...own, 'governance', 'transition'] as const)
      rows.push({ year: String(y.year), world: 'Shared', line: SERVICE_LABELS[k], cost: y.shared[k] });
  }
  const c = r.currency;
  return {
    id: 'chart-costs',
    title: 'Cost by year: every authority alone against the partnership',
    alt:
      `Stacked bars for each year from ${r.years[0]?.year} to ${r.years[r.years.length - 1]?.year}: the left bar ` +
      `is the cost of every authority running its own services, the right bar the cost of sharing, both split by ` +
      `service.`,
    spec: {
      ...base('Alone and shared cost by year, stacked by service'),
      width: WIDTH,
      height: 280,
      data: { values: rows },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'year', type: 'ordinal', title: 'Year' },
        xOffset: { field: 'world', type: 'nominal', sort: ['Alone', 'Shared'] },
        y: { field: 'cost', type: 'quantitative', stack: 'zero', title: `Cost (${c}, real)`, axis: { format: '~s' } },
        color: { field: 'line', type: 'nominal', title: 'Cost line', sort: Object.values(SERVICE_LABELS) },
        opacity: {
          field: 'world',
          type: 'ordinal',
          sort: ['Alone', 'Shared'],
          scale: { domain: ['Alone', 'Shared'], range: [0.55, 1] },
          title: 'World',
        },
      },
    },
    table: {
      columns: ['Year', 'World', 'Cost line', `Cost (${c})`],
      rows: rows.map((x) => [x.year, x.world, x.line, plain(x.cost)]),
    },
  };
}

/** Cumulative discounted net saving by year, with the payback year marked. */
function cumulative(r: SimulationResult): Chart {
  let cum = 0;
  const rows = r.years.map((y) => {
    cum += y.discountFactor * y.netSaving;
    return { year: y.year, net: y.netSaving, discounted: y.discountFactor * y.netSaving, cumulative: cum };
  });
  const payback = r.summary.paybackYear;
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [
    // one datum each: a layer without data of its own would draw a rule per year
    {
      data: { values: [{}] },
      mark: { type: 'rule', color: '#888' },
      encoding: { y: { datum: 0, type: 'quantitative' } },
    },
    {
      mark: { type: 'line', point: true, tooltip: true },
      encoding: {
        x: { field: 'year', type: 'ordinal', title: 'Year' },
        y: {
          field: 'cumulative',
          type: 'quantitative',
          title: `Cumulative discounted net saving (${r.currency})`,
          axis: { format: '~s' },
        },
      },
    },
  ];
  if (payback !== null)
    layers.push({
      data: { values: [{}] },
      mark: { type: 'rule', color: '#1a7f37', strokeDash: [4, 3], strokeWidth: 2 },
      encoding: { x: { datum: payback, type: 'ordinal' } },
    });
  return {
    id: 'chart-cumulative',
    title: 'Cumulative discounted net saving and payback',
    alt:
      payback !== null
        ? `A line rising through zero: the partnership's cumulative discounted net saving pays back in ${payback} ` +
          `and reaches ${money(cum, r.currency)} by ${r.years[r.years.length - 1]?.year}.`
        : `A line of the partnership's cumulative discounted net saving, which does not pay back within the horizon; ` +
          `it ends at ${money(cum, r.currency)}.`,
    spec: {
      ...base('Cumulative discounted net saving by year'),
      width: WIDTH,
      height: 240,
      data: { values: rows },
      layer: layers,
    },
    table: {
      columns: [
        'Year',
        `Net saving (${r.currency})`,
        `Discounted (${r.currency})`,
        `Cumulative discounted (${r.currency})`,
      ],
      rows: rows.map((x) => [x.year, plain(x.net), plain(x.discounted), plain(x.cumulative)]),
    },
    note:
      payback !== null
        ? `Payback in ${payback} (dashed line): the first year the cumulative discounted net saving is at least zero.`
        : 'No payback within the horizon.',
  };
}

/** Which authorities to draw: all when few, else the top and bottom by saving, in order. */
export function authoritiesShown(
  all: readonly AuthorityResult[],
  max = MAX_AUTHORITY_BARS,
): { shown: AuthorityResult[]; omitted: number } {
  const sorted = [...all].sort((a, b) => b.saving - a.saving || a.id.localeCompare(b.id));
  if (sorted.length <= max) return { shown: sorted, omitted: 0 };
  const half = Math.floor(max / 2);
  return {
    shown: [...sorted.slice(0, half), ...sorted.slice(sorted.length - half)],
    omitted: sorted.length - 2 * half,
  };
}

function authorities(r: SimulationResult): Chart {
  const { shown, omitted } = authoritiesShown(r.authorities);
  const rows = shown.map((a) => ({
    id: a.id,
    name: a.name,
    saving: a.saving,
    status: a.betterOffAlone ? 'Better off alone' : 'Gains from sharing',
  }));
  const alone = r.authorities.filter((a) => a.betterOffAlone).length;
  return {
    id: 'chart-authorities',
    title: `Each authority's saving under ${r.allocation.method} allocation`,
    alt:
      `Horizontal bars, one per authority${
        omitted ? ` (the ${shown.length / 2} with most and least saving of ${r.authorities.length})` : ''
      }, ` +
      `of the NPV saving each is allocated; ` +
      `${alone === 0 ? 'no authority is' : `${alone} ${alone === 1 ? 'authority is' : 'authorities are'}`} better ` +
      `off alone.`,
    spec: {
      ...base('NPV saving allocated to each authority'),
      width: WIDTH - 160,
      height: { step: 16 },
      data: { values: rows },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'id', type: 'nominal', sort: null, title: 'Authority' },
        x: {
          field: 'saving',
          type: 'quantitative',
          title: `Allocated NPV saving (${r.currency})`,
          axis: { format: '~s' },
        },
        color: {
          field: 'status',
          type: 'nominal',
          title: '',
          scale: { domain: ['Gains from sharing', 'Better off alone'], range: ['#2b6cb0', '#c53030'] },
        },
      },
    },
    table: {
      columns: [
        'Authority',
        'Name',
        'Kind',
        `PV alone (${r.currency})`,
        `Allocated saving (${r.currency})`,
        'Saving %',
        'Better off alone',
      ],
      rows: shown.map((a) => [
        a.id,
        a.name,
        a.kind,
        plain(a.pvAlone),
        plain(a.saving),
        a.savingPercent.toFixed(2),
        a.betterOffAlone ? 'yes' : 'no',
      ]),
    },
    ...(omitted
      ? {
          note:
            `${r.authorities.length} authorities: the chart and table show the ${shown.length / 2} with the ` +
            `largest and the ${shown.length / 2} with the smallest saving; the other ${omitted} are in the CSV ` +
            `(?format=csv).`,
        }
      : {}),
  };
}

/**
 * When the split used is not in the core: each authority's saving under it and under the
 * least-core split side by side (two bars each), and who gains and who loses between them.
 */
function coreSplits(r: SimulationResult): Chart | undefined {
  const alt = r.stability.coreAllocation;
  if (!alt) return undefined;
  const used = `${r.allocation.method} (used)`;
  const other = alt.inCore ? 'least core (stable)' : 'least core (least unstable)';
  const byId = new Map(alt.authorities.map((a) => [a.id, a]));
  const ranked = [...r.authorities].sort(
    (a, b) => Math.abs(byId.get(b.id)!.change) - Math.abs(byId.get(a.id)!.change) || a.id.localeCompare(b.id),
  );
  const shown = ranked.slice(0, MAX_AUTHORITY_BARS);
  const rows = shown.flatMap((a) => [
    { id: a.id, split: used, saving: a.saving },
    { id: a.id, split: other, saving: byId.get(a.id)!.saving },
  ]);
  const gain = alt.authorities.filter((a) => a.change > 0.5).length;
  const lose = alt.authorities.filter((a) => a.change < -0.5).length;
  return {
    id: 'chart-core-split',
    title: `The ${r.allocation.method} split against the least-core split`,
    alt:
      `Paired horizontal bars, one pair per authority, of the NPV saving under the ${r.allocation.method} split ` +
      `and under the least-core split; ${gain} ${gain === 1 ? 'authority gains' : 'authorities gain'} and ${lose} ` +
      `${lose === 1 ? 'loses' : 'lose'} moving to the least core.`,
    spec: {
      ...base('NPV saving of each authority under the split used and under the least-core split'),
      width: WIDTH - 160,
      data: { values: rows },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'id', type: 'nominal', sort: null, title: 'Authority' },
        yOffset: { field: 'split', type: 'nominal', sort: [used, other] },
        x: { field: 'saving', type: 'quantitative', title: `NPV saving (${r.currency})`, axis: { format: '~s' } },
        color: {
          field: 'split',
          type: 'nominal',
          title: '',
          scale: { domain: [used, other], range: ['#718096', '#2f855a'] },
        },
      },
    },
    table: {
      columns: [
        'Authority',
        `Under ${r.allocation.method} (${r.currency})`,
        `Under the least core (${r.currency})`,
        `Change (${r.currency})`,
        'Moving to the least core',
      ],
      rows: shown.map((a) => {
        const c = byId.get(a.id)!;
        return [
          a.id,
          plain(a.saving),
          plain(c.saving),
          plain(c.change),
          c.change > 0.5 ? 'gains' : c.change < -0.5 ? 'loses' : 'unchanged',
        ];
      }),
    },
    ...(r.authorities.length > shown.length
      ? {
          note:
            `The ${shown.length} authorities whose share changes most; the rest are in the result's ` +
            `stability.coreAllocation.`,
        }
      : {}),
  };
}

function distribution(r: SimulationResult): Chart | undefined {
  const u = r.uncertainty;
  if (!u) return undefined;
  const h = u.histogram;
  const rows = h.counts.map((n, k) => ({ from: h.edges[k]!, to: h.edges[k + 1]!, count: n }));
  const q = [
    { label: 'P10', value: u.npvSaving.p10 },
    { label: 'P50', value: u.npvSaving.p50 },
    { label: 'P90', value: u.npvSaving.p90 },
  ];
  return {
    id: 'chart-distribution',
    title: 'How sure: the NPV saving over the Monte Carlo iterations',
    alt:
      `A histogram of the NPV saving over ${u.iterations} iterations: P10 ${money(u.npvSaving.p10, r.currency)}, ` +
      `P50 ${money(u.npvSaving.p50, r.currency)}, P90 ${money(u.npvSaving.p90, r.currency)}; the saving is positive ` +
      `in ${percent(u.probabilityPositive)} of them.`,
    spec: {
      ...base('Histogram of the NPV saving with P10, P50 and P90'),
      width: WIDTH,
      height: 220,
      layer: [
        {
          data: { values: rows },
          mark: { type: 'bar', tooltip: true },
          encoding: {
            x: {
              field: 'from',
              type: 'quantitative',
              bin: { binned: true },
              title: `NPV saving (${r.currency})`,
              axis: { format: '~s' },
            },
            x2: { field: 'to' },
            y: { field: 'count', type: 'quantitative', title: 'Iterations' },
          },
        },
        {
          data: { values: q },
          mark: { type: 'rule', color: '#c05621', strokeWidth: 2 },
          encoding: {
            x: { field: 'value', type: 'quantitative' },
            tooltip: [{ field: 'label' }, { field: 'value', format: ',.0f' }],
          },
        },
      ],
    },
    table: {
      columns: [`From (${r.currency})`, `To (${r.currency})`, 'Iterations'],
      rows: [...rows.map((x) => [plain(x.from), plain(x.to), x.count]), ...q.map((x) => [x.label, plain(x.value), ''])],
    },
    note: 'Orange lines: P10, P50 and P90.',
  };
}

function tornado(r: SimulationResult): Chart | undefined {
  if (r.sensitivity.length === 0) return undefined;
  const entries = r.sensitivity.slice(0, MAX_TORNADO_ROWS);
  const central = r.summary.npvSaving;
  const rows = entries.flatMap((e) => [
    { assumption: e.assumption, at: 'P10', value: e.low, npv: e.npvLow, central },
    { assumption: e.assumption, at: 'P90', value: e.high, npv: e.npvHigh, central },
  ]);
  return {
    id: 'chart-tornado',
    title: 'What matters most: the NPV saving as each uncertain assumption moves',
    alt:
      `A tornado of ${entries.length} uncertain assumptions, largest swing first; the largest is ` +
      `${entries[0]!.assumption}, which moves the NPV saving from ${money(entries[0]!.npvLow, r.currency)} to ` +
      `${money(entries[0]!.npvHigh, r.currency)}.`,
    spec: {
      ...base('Tornado: NPV saving at each assumption P10 and P90, others central'),
      width: WIDTH - 160,
      height: { step: 22 },
      data: { values: rows },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'assumption', type: 'nominal', sort: null, title: 'Assumption' },
        x: { field: 'npv', type: 'quantitative', title: `NPV saving (${r.currency})`, axis: { format: '~s' } },
        x2: { field: 'central' },
        color: {
          field: 'at',
          type: 'nominal',
          title: 'Assumption at',
          scale: { domain: ['P10', 'P90'], range: ['#805ad5', '#d69e2e'] },
        },
      },
    },
    table: {
      columns: [
        'Assumption',
        'P10 value',
        'P90 value',
        `NPV at P10 (${r.currency})`,
        `NPV at P90 (${r.currency})`,
        'Break-even value',
      ],
      rows: entries.map((e) => [
        e.assumption,
        plain(e.low),
        plain(e.high),
        plain(e.npvLow),
        plain(e.npvHigh),
        e.breakEven === null ? 'none in range' : plain(e.breakEven),
      ]),
    },
    ...(r.sensitivity.length > entries.length
      ? { note: `The ${entries.length} largest of ${r.sensitivity.length} uncertain assumptions.` }
      : {}),
  };
}

/** The report's charts in reading order; a chart without data (no Monte Carlo, nothing uncertain) is left out. */
export function charts(r: SimulationResult): Chart[] {
  return [costsByYear(r), cumulative(r), authorities(r), coreSplits(r), distribution(r), tornado(r)].filter(
    (c): c is Chart => c !== undefined,
  );
}
