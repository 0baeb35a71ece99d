// The Test Connection report as text lines: printed by the CLI, written to the output channel.
import type { HttpLogEntry } from './http';
import type { Support, TestConnectionReport } from './test-connection';

export function formatReport(report: TestConnectionReport): string[] {
  const lines = [
    report.accepted
      ? `PASS  Entra's Test Connection would succeed for ${report.root}`
      : report.probe.errorKind === 'cancelled'
        ? // Cancelled before an answer: no verdict on the endpoint, which "would fail" gave.
          `STOP  Test Connection of ${report.root} was cancelled before the probe was answered: no verdict`
        : `FAIL  Entra's Test Connection would fail for ${report.root}`,
    `  probe: ${report.probe.requestLine}${report.probe.status !== undefined ? ` -> ${report.probe.status} (${report.probe.latencyMs} ms)` : ''}${report.probe.redirectedFrom !== undefined ? ` (redirected from ${report.probe.redirectedFrom})` : ''}`,
    `  ${report.probe.message}`,
  ];
  const capabilities = report.capabilities;
  if (capabilities) {
    const maxResults = capabilities.filterMaxResults !== undefined ? ` (max ${capabilities.filterMaxResults} results)` : '';
    lines.push(
      `  supports: patch ${yesNo(capabilities.patch)}, filter ${yesNo(capabilities.filter)}${maxResults}, etag ${yesNo(capabilities.etag)}, sort ${yesNo(capabilities.sort)}, bulk ${yesNo(capabilities.bulk)}`,
    );
    if (capabilities.authenticationSchemes.length > 0)
      lines.push(`  authentication schemes: ${capabilities.authenticationSchemes.join(', ')}`);
  }
  if (report.schemas) {
    lines.push(`  schemas: ${report.schemas.length > 0 ? report.schemas.join(', ') : 'none listed'}`);
  }
  if (report.missingTargets.length > 0) {
    lines.push('  mapped targets the endpoint does not have:');
    for (const missing of report.missingTargets) lines.push(`    ${missing.object}: ${missing.target} (${missing.reason})`);
  } else if (report.checkedTargets > 0) {
    lines.push(`  all ${report.checkedTargets} mapped targets are in the endpoint's schemas`);
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  return lines;
}

/** "yes"/"no" for a flag the endpoint states as a JSON boolean; "not stated" otherwise (a string "true" does not count). */
function yesNo(support: Support): string {
  return support === undefined ? 'not stated' : support ? 'yes' : 'no';
}

/** One log line per HTTP attempt: the request line (the secret it carried never appears), status and latency. */
export function formatLogEntry(entry: HttpLogEntry): string {
  const outcome = entry.status !== undefined ? `${entry.status}` : 'failed';
  const attempt = entry.attempt > 1 ? ` [attempt ${entry.attempt}]` : '';
  const secret =
    entry.secretIn === 'authorization' ? ' Authorization: <redacted>' : entry.secretIn === 'form body' ? ' (form body redacted)' : '';
  return `${entry.method} ${entry.url}${secret} -> ${outcome} (${entry.latencyMs} ms)${attempt}${entry.note ? `: ${entry.note}` : ''}`;
}
