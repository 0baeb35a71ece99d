// The one entry point the server, the CLI and the tests use: parse, pick the target schema the file
// declares (or the one given instead), then validate against it, with every diagnostic sorted by position.
import type { Diagnostic, MappingFile, Span } from '../syntax/ast';
import { parse } from '../syntax/parser';
import { bundledTarget, defaultTarget, resolveTargetReference, type TargetResolution } from '../schema/target-format';
import type { Target } from '../schema/target';
import { validate, type MappingCheckCache } from './validate';
import { compareSpans, MAX_REPORTED_DIAGNOSTICS, type HiddenDiagnostics } from './report';

export interface Analysis {
  readonly file: MappingFile;
  readonly diagnostics: Diagnostic[];
  /** The target schema the file was checked against. */
  readonly target: Target;
}

/** How a file's target is found: its declaration resolved by `resolve`, unless `override` is given. */
export interface TargetChoice {
  /** Resolves `target "..."`; by default only bundled names resolve (no file access). */
  readonly resolve?: (reference: string) => TargetResolution;
  /** Wins over the declaration (`--target-schema`). */
  readonly override?: Target;
}

export function analyze(text: string, targets: TargetChoice = {}): Analysis {
  const parsed = parse(text);
  return analyzeParsed(parsed.file, parsed.diagnostics, text, targets);
}

/** The target schema for a parsed file, and the diagnostic when its declaration cannot be used. */
export function chooseTarget(file: MappingFile, targets: TargetChoice = {}): { target: Target; problem?: Diagnostic } {
  if (targets.override) return { target: targets.override };
  const declared = file.target?.value;
  if (!declared || declared.recovered) return { target: defaultTarget() };
  const resolution = (targets.resolve ?? resolveTargetReference)(declared.value);
  if ('target' in resolution) return { target: resolution.target };
  // Checking against Genesys Cloud would drown the real problem in foreign errors: the generic profile is the fair stand-in.
  const span: Span = { ...declared.span };
  // A schema's list of problems ends without a full stop: the next sentence starts after one.
  const said = /[.!?]$/.test(resolution.error) ? resolution.error : `${resolution.error}.`;
  const message = `${said} Meanwhile the file is checked against the generic SCIM 2.0 profile.`;
  return { target: bundledTarget('generic-scim')!, problem: { span, severity: 'error', code: 'unknown-target-schema', message } };
}

/**
 * The analysis of a parsed file: its syntax diagnostics (in the order the parser reports them) and
 * validation's, sorted by position. Incremental analysis (incremental.ts) passes its check cache.
 */
export function analyzeParsed(
  file: MappingFile,
  syntax: readonly Diagnostic[],
  text: string,
  targets: TargetChoice = {},
  cache?: MappingCheckCache,
): Analysis {
  const { target, problem } = chooseTarget(file, targets);
  const syntaxErrors = syntax.filter((d) => d.severity === 'error').map((d) => d.span);
  const validated = validate(file, text, target, syntaxErrors, cache);
  const diagnostics = [...syntax, ...(problem ? [problem] : []), ...validated.diagnostics];
  diagnostics.sort((a, b) => compareSpans(a.span, b.span));
  return { file, diagnostics: capped(diagnostics, validated.hidden), target };
}

export { MAX_REPORTED_DIAGNOSTICS };

/**
 * The first diagnostics by position, the last place saying how many more there are and where they
 * start; `unkept`: those validation counted without keeping, each after MAX_REPORTED_DIAGNOSTICS others.
 */
function capped(diagnostics: Diagnostic[], unkept: HiddenDiagnostics): Diagnostic[] {
  if (diagnostics.length + unkept.count <= MAX_REPORTED_DIAGNOSTICS) return diagnostics;
  const shown = diagnostics.slice(0, MAX_REPORTED_DIAGNOSTICS - 1);
  const first = diagnostics[shown.length];
  const hidden = diagnostics.length - shown.length + unkept.count;
  const errors = diagnostics.slice(shown.length).filter((d) => d.severity === 'error').length + unkept.errors;
  shown.push({
    span: first.span,
    severity: errors > 0 ? 'error' : 'warning',
    code: 'too-many-diagnostics',
    message: `${hidden} more problems from here on are not shown (${errors} of them errors): a file reports at most ${MAX_REPORTED_DIAGNOSTICS}. Fix the ones above to see the rest.`,
  });
  return shown;
}
