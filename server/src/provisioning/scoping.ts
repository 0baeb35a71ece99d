// Scoping filters as Entra evaluates them (Microsoft Learn "Scoping users or groups to be provisioned with scoping filters"): clauses inside a
// filter are ANDed, filters are ORed, a block without filters takes every assigned object, and a
// clause on a null or empty value is false (IS NULL aside, which exists to test exactly that).
// Multi-valued attributes cannot be filtered: such a clause is false and says so.
import type { ObjectBlock, ScopeClause, ScopeFilter } from '../syntax/ast';
import type { SourceObject } from '../evaluation/types';
import { regexTest } from '../evaluation/regex';
import { EvaluationLimit, ValueError } from '../evaluation/values';
import type { RequestNote } from './types';

/** Scoping values are single attribute values; longer input is refused rather than risk a slow match. */
const maxRegexInput = 10_000;

export interface ClauseVerdict {
  readonly clause: ScopeClause;
  readonly result: boolean;
  /** Why, for the user: `[department] is "Marketing"`. */
  readonly reason: string;
  /** The clause has no verdict (`result` is then none): scimmap cannot run its regular expression, or the pattern is invalid. */
  readonly unevaluable?: true;
  /** With `unevaluable`: the pattern is not valid .NET (check's invalid-regex), so Entra cannot evaluate it either. */
  readonly invalid?: true;
}

export interface FilterVerdict {
  readonly filter: ScopeFilter;
  readonly title: string;
  readonly result: boolean;
  readonly clauses: ClauseVerdict[];
}

export interface ScopeVerdict {
  readonly inScope: boolean;
  readonly filters: FilterVerdict[];
  /** The filter that let the object in, or the first failing clause of the first filter that kept it out. */
  readonly decidedBy?: { readonly filter: FilterVerdict; readonly clause?: ClauseVerdict };
  /** One line for the preview: `In scope: filter "Sales only" matched`. */
  readonly summary: string;
  /**
   * No filter matched, but one holds a clause without a verdict (see ClauseVerdict.unevaluable) and no
   * clause that is false: the object may be in scope, so the verdict is unknown (`inScope` false is no answer).
   */
  readonly undecided?: { readonly filter: FilterVerdict; readonly clause: ClauseVerdict };
}

/** The verdict for a block without scoping filters (most), made once rather than for every object: shared, frozen. */
function unfilteredVerdict(summary: string): ScopeVerdict {
  return Object.freeze({ inScope: true, filters: Object.freeze([]) as unknown as FilterVerdict[], summary });
}
const unfiltered: Readonly<Record<ObjectBlock['object'], ScopeVerdict>> = {
  users: unfilteredVerdict('In scope: the users block has no scoping filter, so every assigned user is in scope'),
  groups: unfilteredVerdict('In scope: the groups block has no scoping filter, so every assigned group is in scope'),
};

export function evaluateScope(block: ObjectBlock, source: SourceObject): ScopeVerdict {
  if (block.scopes.length === 0) return unfiltered[block.object];
  const filters = block.scopes.map((filter, index) => evaluateFilter(filter, index, source));
  const passed = filters.find((filter) => filter.result);
  if (passed) return { inScope: true, filters, decidedBy: { filter: passed }, summary: `In scope: filter "${passed.title}" matched` };
  // The first filter no clause makes false; one with an invalid pattern first: that is the user's to fix.
  let filter: FilterVerdict | undefined;
  for (const candidate of filters) {
    if (candidate.clauses.some((verdict) => !verdict.result && !verdict.unevaluable)) continue;
    filter ??= candidate;
    if (candidate.clauses.some((verdict) => verdict.invalid)) {
      filter = candidate;
      break;
    }
  }
  if (filter) {
    const clause = filter.clauses.find((verdict) => verdict.invalid) ?? filter.clauses.find((verdict) => verdict.unevaluable)!;
    const noun = block.object === 'users' ? 'user' : 'group';
    return {
      inScope: false,
      filters,
      undecided: { filter, clause },
      summary: clause.invalid
        ? `Scope unknown: ${invalidFilterText({ filter, clause })}. Fix the pattern (check reports it as invalid-regex)`
        : `Scope unknown: scimmap cannot tell whether the ${noun} is in scope. Filter "${filter.title}", ${clauseText(clause.clause)}: ${clause.reason}. Entra evaluates it; check the ${noun} with Provision on demand`,
    };
  }
  const first = filters[0];
  const clause = first.clauses.find((verdict) => !verdict.result);
  const because = clause ? `: ${clauseText(clause.clause)} is false (${clause.reason})` : '';
  const others = filters.length > 1 ? ` (and ${filters.length - 1} other filter${filters.length > 2 ? 's' : ''} did not match)` : '';
  return {
    inScope: false,
    filters,
    decidedBy: { filter: first, clause },
    summary: `Out of scope: filter "${first.title}" did not match${because}${others}`,
  };
}

/** Why an invalid pattern leaves a scope unknown: `filter "Staff" has an invalid regular expression, which Entra cannot evaluate either (...)`. */
export function invalidFilterText(undecided: NonNullable<ScopeVerdict['undecided']>): string {
  return `filter "${undecided.filter.title}" has an invalid regular expression, which Entra cannot evaluate either (${clauseText(undecided.clause.clause)}: ${undecided.clause.reason})`;
}

function evaluateFilter(filter: ScopeFilter, index: number, source: SourceObject): FilterVerdict {
  const clauses = filter.clauses.map((clause) => evaluateClause(clause, source));
  return { filter, title: filter.title?.value ?? `filter ${index + 1}`, result: clauses.every((verdict) => verdict.result), clauses };
}

/** Operator spellings compared without case, with spaces and underscores alike (`ENDS_WITH`, `Greater_Than`). */
export function operatorKey(text: string): string {
  return text
    .trim()
    .toUpperCase()
    .replace(/[\s_]+/g, ' ');
}

export function evaluateClause(clause: ScopeClause, source: SourceObject): ClauseVerdict {
  const raw = source[clause.attribute.name];
  const operator = operatorKey(clause.operator.text);
  const verdict = (result: boolean, reason: string): ClauseVerdict => ({ clause, result, reason });
  if (Array.isArray(raw))
    return verdict(false, `[${clause.attribute.name}] is multi-valued; Entra cannot filter on multi-valued attributes`);
  if (raw !== null && typeof raw === 'object')
    return verdict(false, `[${clause.attribute.name}] is a reference; Entra cannot filter on it`);
  const value = raw === null || raw === undefined ? '' : typeof raw === 'boolean' ? (raw ? 'True' : 'False') : String(raw);
  const shown =
    raw === null || raw === undefined
      ? `[${clause.attribute.name}] is null`
      : value === ''
        ? `[${clause.attribute.name}] is empty`
        : `[${clause.attribute.name}] is ${JSON.stringify(value)}`;
  if (operator === 'IS NULL') return verdict(value === '', shown);
  if (value === '') return verdict(false, `${shown}, and a clause on a null or empty value is false`);
  const operand = clause.value ? (clause.value.kind === 'string' ? clause.value.value : clause.value.raw) : '';
  switch (operator) {
    case 'IS NOT NULL':
      return verdict(true, shown);
    case 'IS TRUE':
    case 'IS FALSE': {
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') return verdict(false, `${shown}, not a boolean`);
      return verdict((lower === 'true') === (operator === 'IS TRUE'), shown);
    }
    case 'EQUALS':
      return verdict(value === operand, shown);
    case 'NOT EQUALS':
      return verdict(value !== operand, shown);
    case 'ENDS WITH': {
      const result = value.endsWith(operand);
      const caseDecides = !result && value.toLowerCase().endsWith(operand.toLowerCase());
      return verdict(result, caseDecides ? `${shown}; ${endsWithCaseInference}` : shown);
    }
    case 'INCLUDES':
      return verdict(value.includes(operand), shown);
    case 'GREATER THAN':
    case 'GREATER THAN OR EQUALS': {
      const left = integerOf(value);
      const right = integerOf(operand);
      if (left === undefined) return verdict(false, `${shown}, not an integer`);
      if (right === undefined) return verdict(false, `the value ${JSON.stringify(operand)} is not an integer`);
      return verdict(operator === 'GREATER THAN' ? left > right : left >= right, shown);
    }
    case 'REGEX MATCH':
    case 'NOT REGEX MATCH': {
      let matches: boolean;
      try {
        matches = regexTest(operand, value, maxRegexInput);
      } catch (error) {
        if (error instanceof EvaluationLimit) return { clause, result: false, reason: error.message, unevaluable: true };
        // Not a .NET pattern: Entra's Regex cannot run it either, so false would be a verdict nobody gives.
        if (error instanceof ValueError)
          return { clause, result: false, reason: `invalid ${error.message}`, unevaluable: true, invalid: true };
        return verdict(false, `the clause cannot be evaluated: ${(error as Error).message}`);
      }
      return verdict(operator === 'REGEX MATCH' ? matches : !matches, shown);
    }
    case '&':
    case '!&': {
      // Documented as "the attribute exists in the input string value"; we read it as a bitwise AND of two integers [inf].
      // Every verdict says so, since the reading decides it (docs/requests.md gives the reasoning).
      const left = integerOf(value);
      const right = integerOf(operand);
      if (left === undefined || right === undefined) return verdict(false, `${shown}, not an integer; ${bitwiseInference}`);
      const overlap = (left & right) !== 0n;
      const bits = `${left} AND ${right} is ${left & right}`;
      return verdict(operator === '&' ? overlap : !overlap, `${shown}; ${bits}; ${bitwiseInference}`);
    }
    default:
      return verdict(false, `unknown operator "${clause.operator.text}"`);
  }
}

/** Said when letter case alone makes ENDS_WITH false: Microsoft documents the case rule of EQUALS and Includes only. */
const endsWithCaseInference =
  'ENDS_WITH compares letter case here, as EQUALS and Includes do: Microsoft does not say, and ignoring case the value would match (check it with Provision on demand)';

/** Said with every `&`/`!&` verdict: the reading is ours, not Microsoft's. */
const bitwiseInference =
  '& and !& read as a bitwise AND of two integers, an inference: Microsoft documents them only as "the evaluated attribute exists in the input string value"';

/** The clauses with `&` or `!&` that were evaluated, each a note: their reading decides the verdict and is an inference. */
export function bitwiseScopeNotes(scope: ScopeVerdict): RequestNote[] {
  return scope.filters.flatMap((filter) =>
    filter.clauses
      .filter((verdict) => isBitwise(verdict.clause))
      .map((verdict) => ({
        severity: 'information' as const,
        message: `Scoping filter "${filter.title}": ${clauseText(verdict.clause)} is ${verdict.result} (${verdict.reason}). Microsoft Learn (Scoping users or groups to be provisioned with scoping filters) does not say how Entra compares; check the verdict with Provision on demand.`,
        span: verdict.clause.span,
      })),
  );
}

function isBitwise(clause: ScopeClause): boolean {
  const operator = operatorKey(clause.operator.text);
  return operator === '&' || operator === '!&';
}

function integerOf(text: string): bigint | undefined {
  return /^\s*[-+]?\d+\s*$/.test(text) ? BigInt(text.trim()) : undefined;
}

/** `[department] EQUALS "Sales"`, as Provision on demand shows a clause. */
export function clauseText(clause: ScopeClause): string {
  const operand = clause.value ? ` ${clause.value.kind === 'string' ? JSON.stringify(clause.value.value) : clause.value.raw}` : '';
  return `[${clause.attribute.name}] ${clause.operator.text}${operand}`;
}
