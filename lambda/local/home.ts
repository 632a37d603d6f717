/**
 * The local server's front page: the caller's scenarios and their latest runs, with links to
 * each run's report, so a planner on a laptop can click through; `/?workspace=<id>` shows a
 * shared workspace's instead (members only), and the workspaces shared with the caller are
 * listed. Local only: the deployed API has no pages but the reports.
 */
import { personalWorkspaceId } from '../api/workspace';
import { workspaceOwner } from '../store/keys';
import type { Store } from '../store/store';
import { esc } from '../report/format';
import { REPORT_CSS } from '../report/html';

const SCENARIOS_SHOWN = 50;
const RUNS_SHOWN = 5;
const WORKSPACES_SHOWN = 20;

/** The page of `principal`'s personal workspace, or of the workspace `workspaceId` names (undefined: not a member). */
export async function homePage(store: Store, principal: string, workspaceId?: string): Promise<string | undefined> {
  let owner = principal;
  let q = '';
  let title = `Scenarios of <strong>${esc(principal)}</strong>`;
  if (workspaceId !== undefined && workspaceId !== personalWorkspaceId(principal)) {
    const ws = workspaceId.startsWith('w-') ? await store.getWorkspace(workspaceId) : undefined;
    const role = ws?.members[principal];
    if (!ws || !role) return undefined;
    owner = workspaceOwner(ws.id);
    q = `workspace=${encodeURIComponent(ws.id)}`;
    const you = `you are ${role === 'owner' ? 'an' : 'a'} ${role}`;
    title = `Scenarios of the workspace <strong>${esc(ws.name)}</strong> (${esc(you)}; <a href="/">yours</a>)`;
  }
  /** A link in this workspace. */
  const at = (path: string) => esc(q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path);
  const shared = await store.listWorkspaces(principal, WORKSPACES_SHOWN);
  const scenarios = await store.listScenarios(owner, SCENARIOS_SHOWN);
  const sections: string[] = [];
  for (const s of scenarios.items) {
    const runs = await store.listRuns(owner, s.id, RUNS_SHOWN);
    const items = runs.items.map((r) => {
      const when = r.finishedAt ?? r.createdAt;
      const what = `${r.request.iterations.toLocaleString('en-GB')} iterations, ${r.request.allocation}`;
      const links =
        r.status === 'succeeded'
          ? `<a href="${at(`/v1/runs/${r.runId}/report`)}">report</a> · <a ` +
            `href="${at(`/v1/runs/${r.runId}/report?format=csv`)}">CSV</a> · <a href="${at(`/v1/runs/${r.runId}`)}">` +
            'JSON</a>'
          : `<a href="${at(`/v1/runs/${r.runId}`)}">status</a>`;
      return (
        `<li>Run ${esc(r.runId)} of version ${esc(r.scenarioVersion)}: <strong>${esc(r.status)}</strong> ` +
        `(${esc(what)}; ${esc(when)}) ${links}</li>`
      );
    });
    sections.push(`<section aria-labelledby="s-${esc(s.id)}"><h3 id="s-${esc(s.id)}">${esc(s.name)}</h3>
<p>${esc(s.authorities)} authorities, version ${esc(s.version)}, updated ${esc(s.updatedAt)}. <a
href="${at(`/v1/scenarios/${s.id}`)}">Scenario JSON</a></p>
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
<p class="meta">${title} (another user: send the <code>X-Sharesim-User</code>
header), newest first. The API is described at <a href="/v1/openapi.json">/v1/openapi.json</a>.</p>
${
  shared.items.length
    ? `<p class="meta">Workspaces shared with you: ${shared.items
        .map((w) => `<a href="/?workspace=${esc(encodeURIComponent(w.id))}">${esc(w.name)}</a> (${esc(w.role)})`)
        .join(', ')}.</p>`
    : ''
}
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
      `href="${at('/v1/scenarios')}">/v1/scenarios</a>.</p>`
    : ''
}
</main></body></html>`;
}
