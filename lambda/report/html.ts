/**
 * The report page: one self-contained HTML document (inline CSS and SVG, no script, nothing
 * fetched) a board member reads: the headline, the charts each with its data table, the
 * assumptions with units and sources, and what the numbers mean and do not.
 *
 * Long because it is one page: each section is a function, and the page's order, escaping and
 * wording are easier to keep consistent in one file.
 */
import { createHash } from 'node:crypto';
import { ASSUMPTIONS, ASSUMPTION_KEYS, DISCOUNT_SOURCE } from '../engine/defaults';
import { resolveAssumptions } from '../engine/assumptions';
import type { FundingCase } from '../engine/appraisal';
import type { Distribution, Scenario } from '../engine/schema';
import type { SimulationResult } from '../engine/simulate';
import { type Cell, type Chart, charts } from './charts';
import { count, esc, money, percent, plain } from './format';
import { renderSvg } from './svg';

export const REPORT_CSS = `
body{font-family:system-ui,sans-serif;max-width:62rem;margin:0 auto;padding:1rem 1.5rem;color:#1a202c;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #cbd5e0}
.meta{color:#4a5568;margin-top:0}
.headline{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.6rem;padding:0;list-style:none}
.headline li{border:1px solid #cbd5e0;border-radius:6px;padding:.5rem .7rem}
.headline .k{display:block;font-size:.85rem;color:#4a5568}.headline .v{display:block;font-size:1.25rem;font-weight:600}
figure{margin:1rem 0}svg{max-width:100%;height:auto}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
th,td{border:1px solid #e2e8f0;padding:.2rem .45rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:600}
.warn{background:#fffbea;border-left:4px solid #d69e2e;padding:.4rem .8rem}
a{color:#2b6cb0}
`;

/** The Content-Security-Policy of the page: no script, nothing fetched, only its own inline stylesheet. */
export const REPORT_CSP =
  `default-src 'none'; style-src ` +
  `'sha256-${createHash('sha256').update(REPORT_CSS).digest('base64')}'; img-src data:; base-uri 'none'; form-action ` +
  `'none'; frame-ancestors 'none'`;

export interface ReportMeta {
  readonly runId: string;
  readonly scenarioId: string;
  readonly scenarioVersion: number;
  readonly finishedAt?: string;
}

function table(columns: readonly string[], rows: readonly (readonly Cell[])[], caption?: string): string {
  const cell = (c: Cell) =>
    typeof c === 'number' || /^-?\d[\d.]*$/.test(c) ? `<td class="n">${esc(c)}</td>` : `<td>${esc(c)}</td>`;
  const head = columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('');
  return `<table>${caption ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map(cell).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

async function figure(c: Chart): Promise<string> {
  const svg = await renderSvg(c.spec, c.alt);
  return `<section aria-labelledby="${c.id}-h"><h3 id="${c.id}-h">${esc(c.title)}</h3>
<figure id="${c.id}">${svg}<figcaption>${esc(c.alt)}${c.note ? ` ${esc(c.note)}` : ''}</figcaption></figure>
<details><summary>Data table: ${esc(c.title)}</summary>${table(c.table.columns, c.table.rows)}</details></section>`;
}

function distText(d: Distribution): string {
  switch (d.dist) {
    case 'triangular':
    case 'pert':
      return `${d.dist} (${d.min}, ${d.mode}, ${d.max})`;
    case 'uniform':
      return `uniform (${d.min}, ${d.max})`;
    case 'normal':
    case 'lognormal':
      return `${d.dist} (mean ${d.mean}, sd ${d.sd})`;
  }
}

function assumptions(s: Scenario, r: SimulationResult): string {
  const resolved = resolveAssumptions(s.assumptions, {
    iterations: r.uncertainty?.iterations ?? 0,
    defaultRanges: s.uncertainty.defaultRanges,
  });
  const set = new Set(resolved.overridden);
  const rows = ASSUMPTION_KEYS.map((k) => {
    const spec = ASSUMPTIONS[k];
    const d = resolved.uncertain.get(k);
    return [
      k,
      spec.description,
      resolved.central[k],
      spec.unit,
      d ? distText(d) : '',
      set.has(k) ? 'scenario' : d ? 'default range' : 'default',
      spec.illustrative && !/^illustrative/i.test(spec.source) ? `${spec.source} (illustrative)` : spec.source,
      spec.priceYear ?? '',
    ];
  });
  const ob = r.optimismBias;
  return `<h2 id="assumptions">Assumptions used</h2>
<p>Each assumption's central value (the mode or mean of a distribution), its unit, its source and the price year of
that source (money is uprated to the model's price base). "default" means the scenario left it at the library's
value; "default range" that Monte Carlo drew it from its default range; "illustrative" marks a placeholder with no
strong public source that a partnership should replace with its own figure.</p>
<p>Optimism bias (${esc(ob.source)}): project type <strong>${esc(ob.projectType)}</strong> at point ${esc(ob.point)}
between the lower and upper bound: capital costs uplifted by ${esc(percent(ob.capexUplift))}, duration by
${esc(percent(ob.durationUplift))}, running costs by ${esc(percent(ob.opexUplift))}; the transition cost before
uplift was ${esc(money(ob.transitionBeforeUplift, r.currency))}. At the Green Book's upper bound the NPV saving would
be ${esc(money(ob.npvSavingAtUpperBound, r.currency))}.</p>
<p>Discounting: ${esc(DISCOUNT_SOURCE)}. Money is in real terms at ${esc(r.priceBaseYear)} prices, in
${esc(r.currency)}.</p>
${table(['Assumption', 'Meaning', 'Value used', 'Unit', 'Distribution', 'Set by', 'Source', 'Price year'], rows)}`;
}

function headline(r: SimulationResult): string {
  const s = r.summary;
  const c = r.currency;
  const u = r.uncertainty;
  const p = r.policy;
  const sharing = s.funding.sharing.applies || !p.channelShift;
  const items: [string, string][] = [];
  if (sharing)
    items.push(
      ['NPV saving from sharing', money(s.npvSaving, c)],
      ['Payback year', s.paybackYear === null ? 'not within the horizon' : String(s.paybackYear)],
      ['Benefit-cost ratio', s.bcr === null ? 'n/a' : s.bcr.toFixed(2)],
      [p.channelShift ? 'Sharing fundable' : 'Fundable', fundableText(s.funding.sharing, s.funding.hurdleRoi)],
    );
  if (p.channelShift && p.baseline && p.target && p.steady) {
    const b = p.baseline;
    const t = p.target;
    items.push(
      ['NPV saving from channel shift', money(p.npvPolicySaving, c)],
      [
        'Written contacts (email, letter)',
        `${percent(b.writtenShareOfContacts)} of contacts, ${percent(b.writtenShareOfResources)} of contact resources`,
      ],
      [
        `Target ${percent(t.digitalShare)} digital`,
        t.reachable
          ? t.reachedYear === null
            ? `reachable, not within the horizon (${percent(t.reachedShare, 1)} by the end)`
            : `reached in ${t.reachedYear}`
          : `out of reach: at most ${percent(t.bestReachableShare, 1)}`,
      ],
      ['Channel shift fundable', fundableText(s.funding.policy, s.funding.hurdleRoi)],
      [
        'Reinvested in the digitally excluded',
        `${money(p.steady.assistedDigital, c)} a year (${share(p.steady.reinvestedShare)} of the capacity released); ` +
          `${money(p.steady.remaining, c)} a year remains`,
      ],
    );
  }
  if (sharing && p.channelShift)
    items.push(['Both together fundable', fundableText(s.funding.combined, s.funding.hurdleRoi)]);
  // carbon and Monte Carlo are the sharing's
  if (sharing)
    items.push(
      ['Carbon saved', `${count(s.carbonSavedTonnes)} tCO2e`],
      [
        'Probability the saving is positive',
        u
          ? `${percent(u.probabilityPositive)} (${count(u.iterations)} iterations)`
          : 'not estimated (no Monte Carlo iterations)',
      ],
    );
  const li = ([k, v]: [string, string]) => `<li><span class="k">${esc(k)}</span><span class="v">${esc(v)}</span></li>`;
  return `<ul class="headline">${items.map(li).join('')}</ul>
${fundingTable(r)}`;
}

const share = (x: number | null, digits = 0) => (x === null ? 'n/a' : percent(x, digits));

function fundableText(f: FundingCase, hurdle: number): string {
  if (!f.applies) return 'n/a';
  const roi = f.annualRoi === null ? 'no one-off investment' : `ROI ${percent(f.annualRoi)} a year`;
  return `${f.fundable ? 'yes' : 'no'}: ${roi} against a ${percent(hurdle)} hurdle`;
}

/** The three answers to "would the internal bank fund it?", side by side (summary.funding). */
function fundingTable(r: SimulationResult): string {
  const f = r.summary.funding;
  const c = r.currency;
  const row = (name: string, x: FundingCase): Cell[] => [
    name,
    x.applies ? money(x.investment, c) : 'n/a',
    x.applies ? money(x.steadyStateAnnualSaving, c) : 'n/a',
    x.annualRoi === null ? 'n/a' : percent(x.annualRoi, 1),
    !x.applies ? 'does not apply' : x.fundable ? 'yes' : 'no',
    x.applies ? money(x.npv, c) : 'n/a',
  ];
  return table(
    [
      'Case',
      'One-off investment',
      'Steady-state saving a year',
      'Annual ROI',
      `Fundable (hurdle ${percent(f.hurdleRoi)})`,
      'NPV',
    ],
    [row('Sharing', f.sharing), row('Channel shift', f.policy), row('Both together', f.combined)],
    'Would the internal bank fund it?',
  );
}

/** The channel shift as an investment: contact pattern, target, programme, cash, and who is left behind. */
function channelShift(r: SimulationResult): string {
  const p = r.policy;
  if (!p.channelShift || !p.baseline || !p.target || !p.steady || !p.financial || !p.excluded) return '';
  const c = r.currency;
  const b = p.baseline;
  const t = p.target;
  const st = p.steady;
  const fin = p.financial;
  const ex = p.excluded;
  const f = r.summary.funding.policy;
  const per = b.savingPerContactMoved;
  const short =
    t.authoritiesShortCount < r.authorities.length
      ? ` (${t.authoritiesShortCount} authorities fall short: ${t.authoritiesShort.join(', ')})`
      : '';
  const target = t.reachable
    ? t.reachedYear === null
      ? `The target of ${percent(t.digitalShare)} digital can be reached but is not within the horizon: ` +
        `${percent(t.reachedShare, 1)} in the last year.`
      : `The target of ${percent(t.digitalShare)} digital is reached in ${t.reachedYear}.`
    : `The target of ${percent(t.digitalShare)} digital is out of reach: moving every contact that can move takes ` +
      `the digital share to ${percent(t.bestReachableShare, 1)}${short}. More channels, or more of each, must be ` +
      'made shiftable to reach it.';
  const repaid =
    fin.repaidYear !== null
      ? `repaid by ${fin.repaidYear}`
      : fin.peakFunding > 0
        ? 'not repaid within the horizon'
        : 'nothing to repay';
  const pattern = [
    `In the first year written contacts (email and letter) are ${percent(b.writtenShareOfContacts)} of all contacts`,
    `and use ${percent(b.writtenShareOfResources)} of the resources that handle them;`,
    `${percent(b.digitalShare)} of contacts are on the web. Moving one contact to the web saves`,
    `${money(per.email, c)} (email), ${money(per.letter, c)} (letter), ${money(per.faceToFace, c)} (face to face)`,
    `or ${money(per.telephone, c)} (telephone) of handling capacity.`,
    target,
  ];
  const investment = [
    `The programme costs ${money(p.investment.total, c)} up front (the build, ${money(p.investment.build, c)}`,
    `with its optimism-bias uplift on ${money(p.oneOffCost, c)}, and ${money(p.investment.marketing, c)} of`,
    'marketing), then running the digital services and assisted-digital support each year. In steady state it',
    `releases ${money(st.released, c)} a year of contact-handling capacity, of which ${money(st.cashSaving, c)} is`,
    `cash; net of running costs and support that is ${money(f.steadyStateAnnualSaving, c)} a year: an annual ROI of`,
    `${share(f.annualRoi, 1)} against the ${percent(r.summary.funding.hurdleRoi)} hurdle, so the internal bank`,
    `${f.fundable ? 'would' : 'would not'} fund it. Its NPV is ${money(p.npvPolicySaving, c)}, benefits`,
    `${p.bcr === null ? 'n/a' : `${p.bcr.toFixed(2)} times`} its costs, paying back`,
    `${p.paybackYear === null ? 'not within the horizon' : `in ${p.paybackYear}`}.`,
  ];
  const cash = [
    'Cashable or not: the capacity released becomes cash only when staff are reorganised, a step-down lag after',
    "the contacts move, and the fixed part of each channel's cost (buildings, management, systems) does not become",
    `cash at all. Over the horizon ${money(fin.uncashedSaving, c)} of the saving is not cash; at most`,
    `${money(fin.peakFunding, c)} is lent by the internal bank at a year end, ${repaid}. In cash the programme is`,
    `worth ${money(fin.npv, c)} (present value).`,
  ];
  const left = [
    `Nobody left behind: the digitally excluded, ${percent(ex.shareOfAdults)} of adults, make ${count(ex.contacts)}`,
    `contacts a year (${percent(ex.shareOfContacts, 1)} of all contacts), in person and by telephone, and none of`,
    `them moves. Assisted-digital support reinvests ${money(st.assistedDigital, c)} a year in them,`,
    `${share(st.reinvestedShare, 1)} of the capacity released; after that and running the digital services,`,
    `${money(st.remaining, c)} a year remains.`,
  ];
  const rows: Cell[][] = r.years.map((y) => [
    String(y.year),
    percent(y.channel.digitalShare, 1),
    plain(y.policy.released),
    plain(y.policy.cashSaving),
    plain(y.policy.build),
    plain(y.policy.marketing),
    plain(y.policy.running),
    plain(y.policy.assistedDigital),
    plain(y.statusQuo.total - y.alone.total),
  ]);
  const para = (words: string[]) => `<p>${esc(words.join(' '))}</p>`;
  return `<h2 id="channel-shift">Channel shift: the investment, the cash and who is left behind</h2>
${para(pattern)}
${para(investment)}
${para(cash)}
${para(left)}
<details><summary>Data table: the channel shift by year</summary>${table(
    [
      'Year',
      'Digital share',
      `Capacity released (${c})`,
      `Of which cash (${c})`,
      `Build (${c})`,
      `Marketing (${c})`,
      `Digital running (${c})`,
      `Assisted digital (${c})`,
      `Net saving (${c})`,
    ],
    rows,
  )}</details>`;
}

function stability(r: SimulationResult): string {
  const st = r.stability;
  const alone = r.authorities.filter((a) => a.betterOffAlone);
  const verdict =
    st.inCore === true
      ? `The allocation is in the core (checked ` +
        `${st.checked === 'exhaustive' ? 'against every coalition' : 'heuristically'}): no group of members would ` +
        `save more by leaving to share among themselves.`
      : st.inCore === false
        ? `The allocation is not in the core: ${count(st.blockingCount)} group(s) of members would save more on ` +
          `their own than they are given here, so the partnership is at risk of breaking up unless the split is ` +
          `changed.`
        : `A heuristic search of ${count(st.coalitionsChecked)} coalitions found no group that would do better ` +
          `alone; with this many members that is evidence, not proof, of stability.`;
  const blocking = st.blockingCoalitions.length
    ? table(
        ['Members', `Would save alone (${r.currency})`, `Given here (${r.currency})`, `Shortfall (${r.currency})`],
        st.blockingCoalitions.map((b) => [
          b.members.join(', '),
          b.saving.toFixed(0),
          b.allocated.toFixed(0),
          b.shortfall.toFixed(0),
        ]),
        'Groups that would do better on their own',
      )
    : '';
  return `<h2 id="fairness">Is it fair and will it last?</h2>
<p>The saving is shared out by <strong>${esc(r.allocation.method)}</strong> allocation${
    r.allocation.exact
      ? ' (exact)'
      : ` (sampled; largest standard error ${esc(money(r.allocation.standardError ?? 0, r.currency))})`
  }${r.allocation.note ? `: ${esc(r.allocation.note)}` : ''}. ${
    alone.length
      ? `${alone.length} ${alone.length === 1 ? 'authority is' : 'authorities are'} better off alone: ${esc(
          alone
            .slice(0, 10)
            .map((a) => a.id)
            .join(', '),
        )}${alone.length > 10 ? ` and ${alone.length - 10} more` : ''}.`
      : 'Every authority gains from sharing.'
  }</p>
<p>${esc(verdict)}</p>${blocking}${coreSplit(r)}`;
}

/** The least-core split beside the split used, when that one is not in the core: who gains, who loses. */
function coreSplit(r: SimulationResult): string {
  const alt = r.stability.coreAllocation;
  if (!alt) return '';
  const moved = alt.authorities.filter((a) => Math.abs(a.change) > 0.5).sort((a, b) => b.change - a.change);
  const gainers = moved.filter((a) => a.change > 0);
  const losers = moved.filter((a) => a.change < 0);
  const list = (xs: typeof moved) =>
    xs
      .slice(0, 8)
      .map((a) => `${a.id} (${a.change > 0 ? '+' : ''}${money(a.change, r.currency)})`)
      .join(', ') + (xs.length > 8 ? ` and ${xs.length - 8} more` : '');
  const lead = alt.inCore
    ? `A split no member or group can beat exists: the least-core split below gives every group at least ` +
      `${money(r.stability.core?.margin ?? 0, r.currency)} more than it would save on its own, and it is the one ` +
      `that moves the least money, in total, away from the ${r.allocation.method} split.`
    : `No split satisfies every group (the core is empty): the least-core split below leaves no group short by more ` +
      `than ${money(alt.deficit, r.currency)}, the least possible, and moves the least money away from the ` +
      `${r.allocation.method} split.`;
  const rows = r.authorities.map((a, i) => {
    const c = alt.authorities[i]!;
    const change = Math.round(c.change) || 0;
    return [a.id, a.saving.toFixed(0), c.saving.toFixed(0), `${change > 0 ? '+' : ''}${change}`];
  });
  const columns = [
    'Authority',
    `Under ${r.allocation.method} (${r.currency})`,
    `Under the least core (${r.currency})`,
    `Change (${r.currency})`,
  ];
  return `<h3 id="core-split">A split that holds</h3>
<p>${esc(lead)} ${
    gainers.length ? `Moving to it, ${esc(list(gainers))} ${gainers.length === 1 ? 'gains' : 'gain'}` : 'Nobody gains'
  }${losers.length ? `; ${esc(list(losers))} ${losers.length === 1 ? 'gives' : 'give'} up the difference` : ''}.</p>
${table(columns, rows, 'Both splits side by side')}`;
}

function notes(r: SimulationResult): string {
  const u = r.uncertainty;
  const items = [
    `The NPV saving is what sharing saves against every authority running its own services under the same policies, ` +
      `over ${r.horizonYears} years from ${r.priceBaseYear}, discounted to today's money. It includes the one-off ` +
      `transition cost (uplifted for optimism bias) and the running cost of governing the partnership.`,
    'It is an appraisal, not a budget: it counts resources released (staff time, space, energy), which become cash ' +
      'only if the partnership acts on them.',
    `Each authority's share is its allocated part of the partnership's saving, not a bill; the shares add up to the ` +
      `whole saving.`,
    u
      ? `The probability and the histogram come from ${count(u.iterations)} Monte Carlo iterations (seed ${u.seed}) ` +
        `over the assumptions given as distributions; an assumption given as a single number is held fixed, so the ` +
        `spread understates the uncertainty of anything not modelled.`
      : 'No Monte Carlo iterations were run, so the report gives no probability; start a run with iterations to get ' +
        'one.',
    'Assumptions marked illustrative have no strong public source: before a decision, replace them with the ' +
      "partnership's own figures.",
    ...(r.policy.channelShift
      ? [
          [
            "The channel shift's saving is the contact-handling capacity it releases, valued at each channel's unit",
            'cost; the same policy runs in the alone and the shared world, so it does not change what sharing saves.',
            'Its return against the hurdle counts only the cash: what staff reorganisation turns into money, less',
            'running the digital services and supporting the digitally excluded.',
          ].join(' '),
        ]
      : []),
  ];
  const warnings = r.warnings.length
    ? `<div class="warn"><p><strong>Warnings from the ` +
      `model</strong></p><ul>${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>`
    : '';
  return (
    `<h2 id="notes">What the numbers mean, and what they do ` +
    `not</h2><ul>${items.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>${warnings}`
  );
}

/** The whole report page. */
export async function reportHtml(r: SimulationResult, s: Scenario, meta: ReportMeta): Promise<string> {
  const figures: string[] = [];
  for (const c of charts(r)) figures.push(await figure(c));
  const missing = [
    ...(r.uncertainty ? [] : ['The NPV distribution is not drawn: the run had no Monte Carlo iterations.']),
    ...(r.sensitivity.length ? [] : ['The tornado is not drawn: no assumption was given as a distribution.']),
  ];
  const what = !r.policy.channelShift
    ? 'what sharing saves'
    : r.summary.funding.sharing.applies
      ? 'what sharing and channel shift save'
      : 'what channel shift saves';
  const title = `${r.name}: ${what}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${REPORT_CSS}</style></head>
<body><main>
<h1>${esc(title)}</h1>
<p class="meta">Scenario ${esc(meta.scenarioId)} version ${esc(meta.scenarioVersion)}, run ${esc(meta.runId)}${
    meta.finishedAt ? ` finished ${esc(meta.finishedAt)}` : ''
  }; ${count(r.authorities.length)} authorities; engine ${esc(r.engineVersion)}. <a href="?format=csv">Download the
per-authority, per-year table (CSV)</a>.</p>
<h2 id="headline">Headline</h2>
${headline(r)}
${channelShift(r)}
${stability(r)}
<h2 id="charts">Charts</h2>
${missing.map((m) => `<p>${esc(m)}</p>`).join('')}
${figures.join('\n')}
${assumptions(s, r)}
${notes(r)}
</main></body></html>`;
}
