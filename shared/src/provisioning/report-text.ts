// A provisioning report as text lines: what `scimmap provision --format text` prints and the
// extension writes to its log. Bodies are shown as compact JSON; the token never appears (the
// report holds none).
import type { ProvisionReport, ProvisionStep } from './run';

const marks: Record<ProvisionStep['status'], string> = { succeeded: 'ok  ', failed: 'FAIL', skipped: 'skip', warning: 'warn' };

export function formatProvisionReport(report: ProvisionReport): string[] {
  const lines = [
    `${report.mode === 'apply' ? 'Provision' : 'Dry run'} ${report.subject.kind} "${report.subject.id}" (${report.subject.label}) against ${report.endpoint}${report.compat === 'aadOptscim062020' ? ' [aadOptscim062020]' : ''}`,
  ];
  report.steps.forEach((step, index) => {
    lines.push(`${marks[step.status]}  ${index + 1}. ${step.title} (${step.durationMs} ms): ${step.summary}`);
    for (const exchange of step.exchanges) {
      const outcome = exchange.sent
        ? exchange.status !== undefined
          ? ` -> ${exchange.status}${exchange.durationMs !== undefined ? ` (${exchange.durationMs} ms)` : ''}`
          : ' -> no answer'
        : ' (not sent: dry run)';
      lines.push(
        `        ${exchange.method} ${exchange.url}${outcome}${exchange.redirectedFrom !== undefined ? ` (redirected from ${exchange.redirectedFrom})` : ''}`,
      );
      if (exchange.requestBody !== undefined) lines.push(`          ${JSON.stringify(exchange.requestBody)}`);
    }
    if (step.details.step === 'action') {
      for (const change of step.details.changes)
        lines.push(`        ${change.attribute}: ${JSON.stringify(change.current)} -> ${JSON.stringify(change.value)}`);
    }
    if (step.details.step === 'result') {
      for (const difference of step.details.differences)
        lines.push(
          `        ${difference.kind}: ${difference.attribute} sent ${JSON.stringify(difference.sent)}, stored ${JSON.stringify(difference.stored)}`,
        );
    }
    if (step.details.step === 'entra') {
      for (const [name, value] of Object.entries(step.details.values)) lines.push(`        ${name}: ${value}`);
      for (const change of step.details.changes ?? [])
        lines.push(`        ${change.attribute}: ${JSON.stringify(change.current)} -> ${JSON.stringify(change.value)}`);
    }
    for (const note of step.notes) lines.push(`        ${note.severity}: ${note.message}`);
    if (step.failure) lines.push(`        what to do: ${step.failure.action}`);
  });
  lines.push(report.succeeded ? `${report.mode === 'apply' ? 'Done' : 'Dry run done'}: ${report.action}.` : `Failed: ${report.summary}`);
  return lines;
}
