/**
 * The local server's front page: the caller's scenarios and their latest runs, with links to
 * each run's report, so a planner on a laptop can click through. Local only: the deployed API
 * has no pages but the reports.
 */
import type { Store } from '../store/store';
import { esc } from '../report/format';
import { REPORT_CSS } from '../report/html';

const SCENARIOS_SHOWN = 50;
const RUNS_SHOWN = 5;

export async function homePage(store: Store, owner: string): Promise<string> {
  const scenarios = await store.listScenarios(owner, SCENARIOS_SHOWN);
  const sections: string[] = [];
  for (const s of scenarios.items) {
    const runs = await store.listRuns(owner, s.id, RUNS_SHOWN);
    const items = runs.items.map((r) => {
      const when = r.finishedAt ?? r.createdAt;
      const what = `${r.request.iterations.toLocaleString('en-GB')} iterations, ${r.request.allocation}`;
      const links =
        r.status === 'succeeded'
          ? `<a href="/v1/runs/${esc(r.runId)}/report">report</a> · <a ` +
            `href="/v1/runs/${esc(r.runId)}/report?format=csv">CSV</a> · <a href="/v1/runs/${esc(r.runId)}">JSON</a>`
          : `<a href="/v1/runs/${esc(r.runId)}">status</a>`;
      return (
        `<li>Run ${esc(r.runId)} of version ${esc(r.scenarioVersion)}: <strong>${esc(r.status)}</strong> ` +
        `(${esc(what)}; ${esc(when)}) ${links}</li>`
      );
    });
    sections.push(`<section aria-labelledby="s-${esc(s.id)}"><h3 id="s-${esc(s.id)}">${esc(s.name)}</h3>
<p>${esc(s.authorities)} authorities, version ${esc(s.version)}, updated ${esc(s.updatedAt)}. <a
href="/v1/scenarios/${esc(s.id)}">Scenario JSON</a></p>
${
  items.length
    ? `<ul>${items.join('')}</ul>`
    : `<p>No run yet: <code>curl -X POST localhost/v1/scenarios/${esc(s.id)}/runs</code></p>`
}</section>`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>sharesim: your scenarios</title><style>${REPORT_CSS}</style></head>
<body><main>
<h1>sharesim on this computer</h1>
<p class="meta">Scenarios of <strong>${esc(owner)}</strong> (another user: send the <code>X-Sharesim-User</code>
header), newest first. The API is described at <a href="/v1/openapi.json">/v1/openapi.json</a>.</p>
<h2>Scenarios and runs</h2>
${
  sections.length
    ? sections.join('\n')
    : '<p>No scenario yet. Store one with <code>curl -X POST -H "content-type: ' +
      'application/json" --data @examples/gwent-psn.json http://127.0.0.1:3000/v1/scenarios</code>, ' +
      'then start a run of it.</p>'
}
${
  scenarios.lastSk
    ? `<p>Only the ${SCENARIOS_SHOWN} newest scenarios are listed; page through the rest with <a ` +
      `href="/v1/scenarios">/v1/scenarios</a>.</p>`
    : ''
}
</main></body></html>`;
}
