// The report view's HTML that is not the table: the summary header and one opened row (its steps,
// what the target may reject and its requests with each value linked to its mapping line). Pure
// functions (no VS Code API), so escaping is unit-tested; every value from the directory, the
// mapping or the target goes through escapeHtml. The table's rows are built by the page from plain
// values with textContent (page/report.ts), never from HTML.
import type { SimulationDetail, SimulationReport } from '../../../shared/src/protocol';
import {
  keptNote,
  simulationActionLabels as actionLabels,
  simulationActions,
  simulationStatuses,
  type KeptValue,
  type SimulationActionName,
} from '../../../shared/src/simulation-actions';
import { dataAttribute } from '../preview/messages';
import { escapeHtml, jump, renderJson, renderNotes, renderShell } from '../preview/render';
import type { ReportPanelMessage } from './messages';
import type { ReportState } from './state';

export interface ReportContext {
  /** The mapping's file name. */
  readonly mappingName: string;
  /** Show Impact of Changes rather than Simulate Provisioning Cycle. */
  readonly impact: boolean;
  /** The directory files, as the workspace names them. */
  readonly directoryNames: readonly string[];
  readonly targetStateNames: readonly string[];
}

/** The report page's HTML: the preview's shell (strict CSP, nonce) loading the preview's and the report's style sheets and the report's script; `asset` gives a file of dist/webview/ as the webview loads it. */
export function renderReportShell(nonce: string, cspSource: string, asset: (file: string) => string): string {
  return renderShell(
    nonce,
    cspSource,
    { script: asset('report.js'), style: asset('report.css'), baseStyles: [asset('preview.css')] },
    { title: 'SCIM Simulation', loading: 'Loading the report…' },
  );
}

/** What the panel posts the page for a result: the rendered header and the table's columns. */
export function reportMessage(report: SimulationReport, context: ReportContext, state: ReportState): ReportPanelMessage {
  return {
    type: 'report',
    header: renderReportHeader(report, context),
    table: {
      rows: report.rows,
      actions: [...simulationActions],
      statuses: [...simulationStatuses],
      held: report.summary.stopsCycle,
      warningKinds: report.warningKinds,
      impact: report.against !== undefined,
    },
    state,
  };
}

/** The header above the table: what ran, the counts by action and reason, notes, top warnings, unreadable entries. */
export function renderReportHeader(report: SimulationReport, context: ReportContext): string {
  const { summary } = report;
  const title = report.against
    ? `${reportTitle(true, context.mappingName)} <span class="muted">against ${escapeHtml(report.against)}</span>`
    : reportTitle(false, context.mappingName);
  const inputs = `${context.directoryNames.map(escapeHtml).join(', ')}${
    context.targetStateNames.length > 0 ? ` · target state ${context.targetStateNames.map(escapeHtml).join(', ')}` : ' · empty target'
  }`;
  const counts = (Object.keys(actionLabels) as SimulationActionName[])
    .map(
      (action) =>
        `<li class="count count-${action}"><b>${summary.byAction[action].toLocaleString('en-US')}</b> ${actionLabels[action]}</li>`,
    )
    .join('');
  const changedObjects = summary.objects - (report.unchanged ?? 0);
  const changed = !report.against
    ? ''
    : changedObjects === 0
      ? `<p class="impact-line">No object's requests change: the edit changes nothing the target receives for these ${summary.objects.toLocaleString('en-US')} objects.</p>`
      : `<p class="impact-line"><b>${changedObjects.toLocaleString('en-US')}</b> of ${summary.objects.toLocaleString('en-US')} objects change; the table lists them.</p>`;
  const banners = [
    report.mappingErrors > 0
      ? `<div class="banner error" role="alert">The mapping has ${report.mappingErrors} error${report.mappingErrors === 1 ? '' : 's'}: this simulation may differ from what Entra does. Fix them first.</div>`
      : '',
    summary.stopsCycle
      ? `<div class="banner error" role="alert">Entra would stop this cycle at the accidental deletions threshold: it holds every disable and delete (status held), sending none of them until an admin allows the deletions.</div>`
      : '',
  ].join('');
  const notes = summary.notes.map((note) => `<li class="note note-information">ℹ ${escapeHtml(note)}</li>`).join('');
  const reasons = summary.byReason
    .map((reason) => `<li><b>${reason.count.toLocaleString('en-US')}</b> ${escapeHtml(reason.reason)}</li>`)
    .join('');
  const warnings = summary.topWarnings
    .map((warning) => `<li><b>${warning.count.toLocaleString('en-US')}</b> ${escapeHtml(warning.warning)}</li>`)
    .join('');
  const placed = (list: SimulationReport['problems']) =>
    list.map((entry) => `<li><code>${escapeHtml(entry.where)}</code> ${escapeHtml(entry.message)}</li>`).join('');
  const problems = placed(report.problems);
  const inputNotes = placed(report.inputNotes);
  return `<header class="report-head">
<div class="where"><h1>${title}</h1><span class="muted">${inputs} · ${summary.settings.scope === 'all' ? 'sync all users and groups' : 'sync only assigned users and groups'} · deletion threshold ${summary.settings.deletionThreshold}</span></div>
${runAgain}
</header>
${banners}
<ul class="counts">${counts}</ul>
${changed}
${notes ? `<ul class="notes">${notes}</ul>` : ''}
<div class="facts">
${reasons ? `<details open><summary>Why objects are skipped, unchanged or failed</summary><ul class="plain-list">${reasons}</ul></details>` : ''}
${warnings ? `<details open><summary>Top rejections: values the target may refuse, unique values taken twice, required values missing, ambiguous matches (${summary.rejections.toLocaleString('en-US')} in all)</summary><ul class="plain-list">${warnings}</ul></details>` : ''}
${inputNotes ? `<details open><summary>${report.inputNoteCount.toLocaleString('en-US')} note${report.inputNoteCount === 1 ? '' : 's'} on the input (entries simulated all the same)${report.inputNoteCount > report.inputNotes.length ? `, the first ${report.inputNotes.length} listed` : ''}</summary><ul class="plain-list">${inputNotes}</ul></details>` : ''}
${problems ? `<details><summary>${report.problemCount.toLocaleString('en-US')} input entr${report.problemCount === 1 ? 'y' : 'ies'} (directory or target state) could not be read and were skipped</summary><ul class="plain-list">${problems}</ul></details>` : ''}
</div>`;
}

/** A header with only a message: the simulation is running, failed or was cancelled. */
export function renderReportMessage(message: string, context: ReportContext, rerun: boolean): string {
  return `<header class="report-head"><div class="where"><h1>${reportTitle(context.impact, context.mappingName)}</h1><span class="muted">${context.directoryNames.map(escapeHtml).join(', ')}</span></div>${
    rerun ? runAgain : ''
  }</header><p class="message">${escapeHtml(message)}</p>`;
}

/** The heading of a result and of a message in its place, so the two name a run alike. */
function reportTitle(impact: boolean, mappingName: string): string {
  return `${impact ? 'Impact of the changes to' : 'Provisioning cycle:'} ${escapeHtml(mappingName)}`;
}

const runAgain = `<div class="controls"><button type="button" ${dataAttribute.action}="rerun">Run again</button></div>`;

/** One opened row: what Entra does and why (the steps), the changed attributes in impact mode, what the target may reject, the requests. */
export function renderDetail(detail: SimulationDetail): string {
  const impact = detail.impact
    ? `<h3>What changes${detail.impact.before !== detail.impact.after ? `: ${actionLabels[detail.impact.before]} → ${actionLabels[detail.impact.after]}` : ''}</h3>
${
  detail.impact.attributes.length > 0
    ? `<table class="values"><thead><tr><th>Attribute</th><th>Before</th><th>After</th></tr></thead><tbody>${detail.impact.attributes
        .map((change) => {
          const name = `<code>${escapeHtml(change.attribute)}</code>`;
          // A value one mapping does not send is the target's (or unknown): said after it, or alone where there is none.
          const shown = (kept: KeptValue | undefined, shownValue: string | null) => {
            const note = kept && `<span class="muted">(${escapeHtml(keptNote(kept, shownValue))})</span>`;
            return note ? (shownValue === null ? note : `${value(shownValue)} ${note}`) : value(shownValue);
          };
          return `<tr><td>${change.range ? jump(change.range, name) : name}</td><td>${shown(change.kept, change.before)}</td><td>${shown(change.keptAfter, change.after)}</td></tr>`;
        })
        .join('')}</tbody></table>`
    : '<p class="muted">The requests differ, not the values sent (their order or the requests sent).</p>'
}`
    : '';
  const rejections = detail.rejections
    .map((rejection) => `<li class="note note-warning">⚠ <code>${escapeHtml(rejection.where)}</code> ${escapeHtml(rejection.reason)}</li>`)
    .join('');
  const notes = detail.notes.map((note) => `<li class="note note-information">ℹ ${escapeHtml(note)}</li>`).join('');
  const steps = detail.steps
    .map((step) => {
      const details = Object.entries(step.details)
        .map(([key, text]) => `<li><span class="muted">${escapeHtml(key)}:</span> ${escapeHtml(text)}</li>`)
        .join('');
      return `<li class="step step-${escapeHtml(step.status)}"><b>${escapeHtml(step.type)}</b> <span class="muted">${escapeHtml(step.name)} · ${escapeHtml(step.status)}</span><p>${escapeHtml(step.description)}</p>${details ? `<ul class="plain-list">${details}</ul>` : ''}</li>`;
    })
    .join('');
  const requests = detail.requests
    .map(
      (request) => `<article class="request">
<div class="request-head"><span class="method method-${request.method.toLowerCase()}">${request.method}</span> <code class="path">${request.sources.path ? jump(request.sources.path, escapeHtml(request.path)) : escapeHtml(request.path)}</code></div>
<div class="request-title"><span>${escapeHtml(request.title)}</span></div>
${request.body === undefined ? '' : `<pre class="json">${renderJson(request.body, '', request, '')}</pre>`}
${renderNotes(request.notes.filter((note) => note.severity !== 'information'))}
</article>`,
    )
    .join('');
  return `<section class="detail">
<h2>${escapeHtml(detail.name)} <span class="action action-${detail.action}">${actionLabels[detail.action]}</span> <span class="muted">${escapeHtml(detail.id)} · ${escapeHtml(detail.where)}</span></h2>
<p>${escapeHtml(detail.summary)}</p>
${impact}
${rejections || notes ? `<ul class="notes">${rejections}${notes}</ul>` : ''}
<h3>Provisioning steps</h3>
<ol class="steps">${steps}</ol>
<h3>Requests</h3>
${requests || '<p class="muted">No request is sent.</p>'}
</section>`;
}

function value(text: string | null): string {
  return text === null ? '<span class="muted">(none)</span>' : `<code>${escapeHtml(text)}</code>`;
}
