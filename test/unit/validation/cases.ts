// Shared fixtures for the validation tests: a clean users block and groups block to put one
// mapping (or setting, or scope) into, so each case is the one line that matters.
import { analyze, type TargetChoice } from '../../../server/src/validation/analyze';
import type { Diagnostic } from '../../../server/src/syntax/ast';

export const ACTIVE = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';

/** A users block that is clean on its own, with `lines` added. */
export function users(lines: string, settings = ''): string {
  return [
    'users {',
    settings,
    '  userName <- [userPrincipalName] match 1',
    '  displayName <- [displayName]',
    `  active <- ${ACTIVE}`,
    lines,
    '}',
    '',
  ].join('\n');
}

/** The clean users block with its userName mapped from `source` instead of [userPrincipalName]. */
export function usersWithUserName(source: string): string {
  return users('').replace('userName <- [userPrincipalName]', `userName <- ${source}`);
}

/** A groups block that is clean on its own, with `lines` added. */
export function groups(lines: string, settings = '  actions update'): string {
  return ['groups {', settings, '  displayName <- [displayName] match 1', lines, '}', ''].join('\n');
}

export interface Found {
  readonly text: string;
  readonly diagnostics: Diagnostic[];
}

/** The diagnostics of a file, against the target it declares (or `targets.override`). */
export function diagnose(text: string, targets?: TargetChoice): Found {
  return { text, diagnostics: analyze(text, targets).diagnostics };
}

/** `code @ "span text"` for each diagnostic: readable in assertion failures. */
export function summarize(found: Found): string[] {
  return found.diagnostics.map((d) => `${d.code} @ ${JSON.stringify(found.text.slice(d.span.start, d.span.end))}`);
}
