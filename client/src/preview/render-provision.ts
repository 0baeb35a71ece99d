// The preview panel's provisioning part, rendered by pure functions like the rest of the panel
// (render.ts): the "Dry run against ‹connection›" and "Provision to ‹connection›" buttons, and a
// run's steps with their exchanges, changes and differences. Every value (names, URLs, bodies, the
// server's words) is escaped; the report holds no secret.
import type { Exchange, ProvisionReport, ProvisionStep } from '../../../shared/src/provisioning/run';
import { dataAttribute } from './messages';
import { escapeHtml } from './render';

export interface ProvisionView {
  /** The selected connection's name; undefined when there is none. */
  readonly connection?: string;
  /** The run in progress, or the last one, for this panel's sample. */
  readonly run?: { readonly connection: string; readonly apply: boolean; readonly report?: ProvisionReport; readonly error?: string };
}

/** The two buttons, or how to get them when no connection is selected. */
export function renderProvisionControls(view: ProvisionView): string {
  if (view.connection === undefined) {
    return '<span class="muted provision-hint">Add a connection (SCIM: Add Connection) to dry-run or provision this sample.</span>';
  }
  const busy = view.run !== undefined && view.run.report === undefined && view.run.error === undefined;
  const name = escapeHtml(view.connection);
  const disabled = busy ? ' disabled' : '';
  return `<div class="provision-buttons">
<button type="button" ${dataAttribute.provision}="dryRun"${disabled} title="Looks the sample up in the endpoint and shows what Entra would send; writes nothing">Dry run against ${name}</button>
<button type="button" class="danger" ${dataAttribute.provision}="apply"${disabled} title="Sends the requests to the endpoint, after you confirm">Provision to ${name}</button>
</div>`;
}

const statusIcon: Record<ProvisionStep['status'], string> = { succeeded: '✓', warning: '⚠', skipped: '–', failed: '✗' };

/** The last run's steps (or that one is running), above the preview's columns. */
export function renderProvisionRun(view: ProvisionView): string {
  const run = view.run;
  if (!run) return '';
  const where = `${run.apply ? 'Provision to' : 'Dry run against'} ${escapeHtml(JSON.stringify(run.connection))}`;
  if (run.error !== undefined) {
    return `<section class="provision-run" aria-live="polite"><h2>${where}</h2><p class="fail">${escapeHtml(run.error)}</p></section>`;
  }
  const report = run.report;
  if (!report) return `<section class="provision-run" aria-live="polite"><h2>${where}</h2><p class="muted">Running…</p></section>`;
  const steps = report.steps.map((step, index) => renderStep(step, index)).join('');
  return `<section class="provision-run" aria-live="polite">
<h2>${where} <span class="action action-${report.succeeded ? report.action : 'error'}">${escapeHtml(report.action)}</span></h2>
<p class="${report.succeeded ? 'pass' : 'fail'}">${escapeHtml(report.summary)}</p>
<p class="muted">${escapeHtml(report.endpoint)}${report.compat === 'aadOptscim062020' ? ' · aadOptscim062020' : ''}</p>
<ol class="steps">${steps}</ol>
</section>`;
}

function renderStep(step: ProvisionStep, index: number): string {
  const parts = [
    `<div class="step-head"><span class="verdict">${statusIcon[step.status]}</span> <strong>${index + 1}. ${escapeHtml(step.title)}</strong> <span class="muted">${step.durationMs} ms</span></div>`,
    `<p>${escapeHtml(step.summary)}</p>`,
  ];
  if (step.failure) parts.push(`<p class="note-error"><strong>What to do:</strong> ${escapeHtml(step.failure.action)}</p>`);
  const details = step.details;
  if (details.step === 'action' && details.changes.length > 0) {
    parts.push(
      table(
        ['Attribute', 'In the target', 'Sent'],
        details.changes.map((change) => [change.attribute, json(change.current), json(change.value)]),
      ),
    );
  }
  if (details.step === 'result' && details.differences.length > 0) {
    parts.push(
      table(
        ['Attribute', 'Sent', 'Stored', ''],
        details.differences.map((difference) => [difference.attribute, json(difference.sent), json(difference.stored), difference.kind]),
      ),
    );
  }
  if (details.step === 'entra') {
    const values = Object.entries(details.values);
    if (values.length > 0) parts.push(table(['Detail', 'Value'], values));
    if (details.changes && details.changes.length > 0)
      parts.push(
        table(
          ['Modified property', 'Old value', 'New value'],
          details.changes.map((change) => [change.attribute, json(change.current), json(change.value)]),
        ),
      );
  }
  if (step.notes.length > 0)
    parts.push(
      `<ul class="notes">${step.notes.map((note) => `<li class="note note-${note.severity}">${escapeHtml(note.message)}</li>`).join('')}</ul>`,
    );
  parts.push(...step.exchanges.map(renderExchange));
  return `<li class="step step-${step.status}">${parts.join('\n')}</li>`;
}

function renderExchange(exchange: Exchange): string {
  const outcome = !exchange.sent
    ? '<span class="muted">not sent (dry run)</span>'
    : exchange.status !== undefined
      ? `→ <strong>${exchange.status}</strong>${exchange.durationMs !== undefined ? ` <span class="muted">${exchange.durationMs} ms</span>` : ''}`
      : '→ <span class="fail">no answer</span>';
  const body = (label: string, value: unknown) =>
    value === undefined
      ? ''
      : `<details><summary>${label}</summary><pre class="json">${escapeHtml(typeof value === 'string' ? value : JSON.stringify(value, null, 2))}</pre></details>`;
  return `<div class="exchange">
<div class="request-head"><span class="method method-${exchange.method.toLowerCase()}">${exchange.method}</span> <code class="path">${escapeHtml(exchange.url)}</code> ${outcome}</div>
<div class="muted">${escapeHtml(exchange.title)}</div>
${body('Request body', exchange.requestBody)}${body('Response', exchange.responseBody)}
</div>`;
}

function table(headings: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return `<table class="values"><thead><tr>${headings.map((heading) => `<th>${escapeHtml(heading)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td><code>${escapeHtml(cell)}</code></td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function json(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}
