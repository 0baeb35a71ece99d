// The semantic diagnostic codes with their fixed severities (docs/diagnostics.md documents each),
// the collector validation reports into, and did-you-mean suggestions.
import type { Diagnostic, Severity, Span } from '../syntax/ast';

export const diagnosticSeverities = {
  // blocks and settings
  'unknown-target-schema': 'error',
  'target-has-no-resource': 'error',
  'duplicate-cycle-setting': 'error',
  'deletion-threshold-zero': 'warning',
  'role-function-sync-all': 'warning',
  'duplicate-block': 'error',
  'carried-block': 'information',
  'unknown-action': 'error',
  'group-action-unsupported': 'error',
  'user-mapping-disabled': 'warning',
  'no-matching-attribute': 'error',
  'missing-required-target': 'error',
  // targets
  'unknown-schema': 'error',
  'unknown-target': 'error',
  'members-only-on-groups': 'error',
  'unknown-sub-attribute': 'error',
  'dotted-sub-attribute': 'information',
  'target-case': 'information',
  'filter-not-allowed': 'error',
  'missing-value-filter': 'error',
  'filter-operator': 'error',
  'unknown-filter-attribute': 'error',
  'unknown-filter-value': 'error',
  'filter-value-case': 'warning',
  'unlisted-value': 'warning',
  'single-quoted-filter-value': 'warning',
  'read-only-target': 'error',
  'complex-target': 'error',
  'constant-type': 'error',
  'duplicate-target': 'error',
  'duplicate-property': 'error',
  'none-without-default': 'warning',
  'active-from-is-soft-deleted': 'warning',
  'value-format': 'warning',
  'result-kind': 'warning',
  // matching
  'invalid-match-precedence': 'error',
  'duplicate-match-precedence': 'error',
  'unfilterable-matching-attribute': 'error',
  'write-only-matching-attribute': 'error',
  'boolean-matching-attribute': 'warning',
  // expressions
  'expression-too-long': 'error',
  'unknown-source-attribute': 'warning',
  'app-role-assignments-direct': 'error',
  'unknown-function': 'error',
  'function-case': 'warning',
  'argument-count': 'error',
  'missing-argument': 'error',
  'argument-kind': 'error',
  'unexpected-identifier': 'error',
  'comparison-outside-condition': 'error',
  concatenation: 'error',
  'top-level-only': 'error',
  'requires-on-create': 'error',
  'not-for-matching': 'error',
  'unsupported-for-target': 'warning',
  'switch-boolean-source': 'warning',
  'switch-boolean-key-case': 'warning',
  'switch-default-null': 'information',
  'iif-null-condition': 'warning',
  'invalid-regex': 'error',
  'unevaluable-regex': 'warning',
  // scoping filters
  'empty-scope': 'warning',
  'unknown-scope-operator': 'error',
  'scope-operator-case': 'information',
  'scope-value-missing': 'error',
  'scope-value-extra': 'error',
  'scope-integer-value': 'error',
  'scope-unsupported-attribute': 'error',
} as const satisfies Record<string, Severity>;

export type DiagnosticCode = keyof typeof diagnosticSeverities;

/** At most this many diagnostics per file: beyond, the editor's Problems view and every request that reads them only slow down. */
export const MAX_REPORTED_DIAGNOSTICS = 1000;

/** Diagnostics a reporter counted without keeping them. */
export interface HiddenDiagnostics {
  count: number;
  errors: number;
}

/**
 * Collects diagnostics. A file shows only its first MAX_REPORTED_DIAGNOSTICS by position (analyze.ts),
 * so once a reporter holds that many before a position, what comes after it is only counted: one
 * expression of 200,000 unknown attributes costs 1,000 messages, not 200,000, and the count of the
 * rest stays right.
 */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  readonly hidden: HiddenDiagnostics = { count: 0, errors: 0 };
  /** The last kept diagnostic's span once the reporter has pruned: a diagnostic at or after it is hidden. */
  private lastKept: Span | undefined;

  report(code: DiagnosticCode, span: Span, message: string, data?: Record<string, unknown>): void {
    if (this.skips(code, span)) return;
    this.diagnostics.push({ span, severity: diagnosticSeverities[code], code, message, ...(data ? { data } : {}) });
    // Pruning each time the list doubles keeps the work proportional to what is reported.
    if (this.diagnostics.length >= 2 * MAX_REPORTED_DIAGNOSTICS) this.prune();
  }

  /**
   * Whether a `code` diagnostic at `span` would be hidden anyway: then it is counted, and the caller
   * may skip building its message (report() would drop it too).
   */
  skips(code: DiagnosticCode, span: Span): boolean {
    if (!this.lastKept || compareSpans(span, this.lastKept) < 0) return false;
    this.hide(diagnosticSeverities[code]);
    return true;
  }

  /** Takes over diagnostics reported elsewhere (a cached check's) with the count of those it hid. */
  adopt(diagnostics: readonly Diagnostic[], hidden: HiddenDiagnostics): void {
    for (const diagnostic of diagnostics) {
      if (this.lastKept && compareSpans(diagnostic.span, this.lastKept) >= 0) this.hide(diagnostic.severity);
      else this.diagnostics.push(diagnostic);
    }
    this.hidden.count += hidden.count;
    this.hidden.errors += hidden.errors;
    if (this.diagnostics.length >= 2 * MAX_REPORTED_DIAGNOSTICS) this.prune();
  }

  /** Keeps the first MAX_REPORTED_DIAGNOSTICS by position (a stable sort keeps the report order of equal spans, as the file's sort does). */
  private prune(): void {
    this.diagnostics.sort((a, b) => compareSpans(a.span, b.span));
    for (const dropped of this.diagnostics.splice(MAX_REPORTED_DIAGNOSTICS)) this.hide(dropped.severity);
    this.lastKept = this.diagnostics[MAX_REPORTED_DIAGNOSTICS - 1].span;
  }

  private hide(severity: Severity): void {
    this.hidden.count++;
    if (severity === 'error') this.hidden.errors++;
  }
}

/** Diagnostics' order in a file: by start, then end. */
export function compareSpans(a: Span, b: Span): number {
  return a.start - b.start || a.end - b.end;
}

/** Edit distance with transpositions (optimal string alignment), case-insensitive: `titel` is one edit from `title`. */
function distance(x: string, y: string): number {
  let before = new Uint16Array(y.length + 1);
  let previous = Uint16Array.from({ length: y.length + 1 }, (_, j) => j);
  let current = new Uint16Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    for (let j = 1; j <= y.length; j++) {
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[y.length];
}

/** The candidate closest to `written`, when it is close enough to be what the user meant. */
export function closest(written: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(written.length / 3));
  const wanted = written.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    // The distance is at least the difference in length: most candidates need no computing.
    if (Math.abs(candidate.length - wanted.length) >= bestDistance) continue;
    const d = distance(wanted, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined) return best;
  // `Upper` for `ToUpper`: a candidate that contains what was written.
  return written.length >= 4 ? candidates.find((c) => c.toLowerCase().includes(wanted)) : undefined;
}

/** ` Did you mean `x`?` or nothing. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : ` Did you mean \`${suggestion}\`?`;
}

export function suggestionData(suggestion: string | undefined): Record<string, unknown> | undefined {
  return suggestion === undefined ? undefined : { suggestion };
}

export function spanText(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}
