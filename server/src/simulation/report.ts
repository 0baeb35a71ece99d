// The simulation as a report a person reads: Markdown for a pull request (what a mapping change
// does, user by user) and a self-contained HTML page (no script, no remote content, every value
// escaped, a Content-Security-Policy that forbids both).
import type { ObjectImpact } from './impact';
import type { ProvisioningRecord, SimulationSummary } from './simulate';
import { simulationActionLabels as actionLabels, simulationActions as actionOrder } from '../../../shared/src/simulation-actions';

/** What a cycle's rejections are: the values the target may refuse, and the refusals and matches that fail an object. */
const rejectionKinds = 'values the target may refuse, unique values taken twice, required values missing, ambiguous matches';

export type ReportSummary = SimulationSummary & { readonly inputProblems: number };
export type ReportRow = { readonly record: ProvisioningRecord; readonly impact?: ObjectImpact };

/** Markdown table cells: pipes escaped, line breaks as spaces, code spans without backticks inside. */
function cell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([*_`<>[\]])/g, '\\$1');
}

/** `count` and the noun in the number it takes: "1 value", "2 values". */
function counted(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function renderMarkdown(summary: ReportSummary, rows: readonly ReportRow[], unlisted: number, against: string | undefined): string {
  const lines = [`## scimmap: provisioning cycle simulation${against ? ` (impact against ${cell(against)})` : ''}`, ''];
  lines.push(
    `${counted(summary.objects, 'object', 'objects')}: ${
      actionOrder
        .filter((action) => summary.byAction[action] > 0)
        .map((action) => `${summary.byAction[action]} ${actionLabels[action].toLowerCase()}`)
        .join(', ') || 'none'
    }.`,
  );
  if (summary.rejections > 0) lines.push(`${counted(summary.rejections, 'rejection', 'rejections')} (${rejectionKinds}).`);
  if (summary.inputProblems > 0)
    lines.push(`${counted(summary.inputProblems, 'directory entry', 'directory entries')} could not be read (see the log).`);
  for (const note of summary.notes) lines.push('', `> ${cell(note)}`);
  if (against) {
    const changed = rows.length + unlisted;
    lines.push('', `### ${counted(changed, 'object changes', 'objects change')}`, '');
    if (rows.length > 0) {
      lines.push('| Object | Action | Attribute | Before | After |', '|---|---|---|---|---|');
      for (const { record, impact } of rows) {
        const action =
          impact && impact.before !== impact.after
            ? `${actionLabels[impact.before]} → ${actionLabels[impact.after]}`
            : actionLabels[record.simulation.action];
        const changes = impact?.attributes.length ? impact.attributes : [{ attribute: '(requests)', before: null, after: null }];
        changes.forEach((change, index) => {
          lines.push(
            `| ${index === 0 ? cell(record.sourceIdentity.displayName) : ''} | ${index === 0 ? action : ''} | ${cell(change.attribute)} | ${cell(change.before)} | ${cell(change.after)} |`,
          );
        });
      }
    }
  } else if (rows.length > 0) {
    lines.push('', '| Object | Action | Status | What Entra does |', '|---|---|---|---|');
    for (const { record } of rows)
      lines.push(
        `| ${cell(record.sourceIdentity.displayName)} | ${actionLabels[record.simulation.action]} | ${record.provisioningStatusInfo.status} | ${cell(record.simulation.summary)} |`,
      );
  }
  if (unlisted > 0) lines.push('', `…and ${unlisted} more (run \`scimmap simulate --format jsonl\` for every record).`);
  if (summary.topWarnings.length > 0) {
    lines.push('', '### Rejections', '', '| Count | Reason |', '|---|---|');
    for (const { warning, count } of summary.topWarnings) lines.push(`| ${count} | ${cell(warning)} |`);
  }
  return lines.join('\n');
}

function escapeHtml(value: string | null | undefined): string {
  return (value ?? '—').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderHtml(summary: ReportSummary, rows: readonly ReportRow[], unlisted: number, against: string | undefined): string {
  const counts = actionOrder
    .map((action) => `<li><b>${summary.byAction[action]}</b> ${escapeHtml(actionLabels[action].toLowerCase())}</li>`)
    .join('');
  const body = rows
    .map(({ record, impact }) => {
      const changes =
        impact?.attributes
          .map(
            (change) => `<li><code>${escapeHtml(change.attribute)}</code>: ${escapeHtml(change.before)} → ${escapeHtml(change.after)}</li>`,
          )
          .join('') ?? '';
      const requests = record.simulation.requests
        .map(
          (request) => `${request.method} ${request.path}${request.body === undefined ? '' : `\n${JSON.stringify(request.body, null, 2)}`}`,
        )
        .join('\n\n');
      const rejections = record.simulation.rejections
        .map((rejection) => `<li>${escapeHtml(rejection.where)}: ${escapeHtml(rejection.reason)}</li>`)
        .join('');
      return `<tr class="${record.provisioningStatusInfo.status}"><td>${escapeHtml(record.sourceIdentity.displayName)}</td><td>${escapeHtml(actionLabels[record.simulation.action])}</td><td>${escapeHtml(record.simulation.summary)}${changes ? `<ul>${changes}</ul>` : ''}${rejections ? `<ul class="rejections">${rejections}</ul>` : ''}<details><summary>Requests</summary><pre>${escapeHtml(requests)}</pre></details></td></tr>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>scimmap: provisioning cycle simulation</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #8884;padding:.3em;text-align:left;vertical-align:top}tr.failure td{background:#f002}tr.warning td{background:#fa02}pre{white-space:pre-wrap}ul.counts{display:flex;gap:1.5em;list-style:none;padding:0}</style>
</head><body>
<h1>Provisioning cycle simulation${against ? ` against ${escapeHtml(against)}` : ''}</h1>
<p>${counted(summary.objects, 'object', 'objects')} · ${counted(summary.rejections, 'rejection', 'rejections')} (${rejectionKinds}) · ${counted(summary.inputProblems, 'unreadable directory entry', 'unreadable directory entries')}</p>
<ul class="counts">${counts}</ul>
${summary.notes.map((note) => `<p><b>Note:</b> ${escapeHtml(note)}</p>`).join('\n')}
<table><thead><tr><th>Object</th><th>Action</th><th>What Entra does</th></tr></thead><tbody>
${body}
</tbody></table>
${unlisted > 0 ? `<p>…and ${unlisted} more (the jsonl output has every record).</p>` : ''}
</body></html>`;
}
