// The evaluator's internal values and the context every function implementation receives.
// Entra's expression values are strings, multi-valued string arrays or null; DateTime values exist
// only between CDate/DateAdd/DateFromNum/Now and their consumers (Microsoft Learn "Reference for writing expressions for attribute mappings in Microsoft Entra Application Provisioning", CDate); a
// comparison yields a condition only IIF and CBool consume.
import type { Span } from '../syntax/ast';
import type { EvalLimits, EvalNote, Placeholder } from './types';

/**
 * A .NET DateTime: 100 ns ticks since 0001-01-01T00:00:00 UTC, with .NET's DateTimeKind, which only
 * changes what the `K` format writes. Entra's servers run in UTC, so local time is UTC too.
 */
export interface DateValue {
  readonly kind: 'date';
  readonly ticks: bigint;
  readonly dateKind: 'utc' | 'local' | 'unspecified';
}

/** The result of a comparison; `failed` when an operand attribute was null or empty (docs/semantics.md). */
export interface ConditionValue {
  readonly kind: 'condition';
  readonly result: boolean;
  readonly failed: boolean;
}

/** A bare identifier argument (`vbTextCompare`). */
export interface EnumValue {
  readonly kind: 'enum';
  readonly name: string;
}

export type Value = string | string[] | null | DateValue | ConditionValue | EnumValue;

/** One argument of a call: its value (undefined for an empty optional slot) and where it was written. */
export interface Arg {
  readonly value: Value | undefined;
  readonly span: Span;
}

/**
 * Thrown to stop evaluation; becomes an `error` outcome. `limit`: the stop is scimmap's own (a
 * translation it lacks, a guard or budget of its evaluator), not a failure Entra would report.
 */
export class EvalFailure extends Error {
  constructor(
    message: string,
    readonly span: Span,
    readonly limit = false,
  ) {
    super(message);
  }
}

/** Thrown by helpers that know no span (dates, regex, text); the call site adds its span. */
export class ValueError extends Error {}

/**
 * A ValueError that is scimmap's own limit, not Entra's failure: a valid .NET pattern the
 * translation cannot run, a guard against catastrophic backtracking, a length cap. Entra evaluates
 * the expression; only scimmap cannot.
 */
export class EvaluationLimit extends ValueError {}

/** Thrown by IgnoreFlowIfNullOrEmpty: the attribute leaves the flow. */
export class FlowIgnored extends Error {
  constructor(readonly span: Span) {
    super('ignored');
  }
}

export interface EvalContext {
  readonly source: Readonly<Record<string, unknown>>;
  /** Attributes read instead of the source's own (a key whose value is undefined hides the source's). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  readonly limits: EvalLimits;
  readonly now?: Date;
  readonly defaultDomain?: string;
  readonly placeholders: Placeholder[];
  readonly notes: EvalNote[];
  /** Next value of the seeded generator, in [0, 1); undefined without a seed. */
  readonly random?: () => number;
  /** Counts work against limits.maxSteps; throws EvalFailure when exhausted. */
  step(span: Span, cost?: number): void;
  /** After a function's work (a regular expression may take long in one step): throws EvalFailure when the preview's time is spent. */
  checkTime(span: Span): void;
  /** Returns the value, or throws when it is longer than limits.maxStringLength; `what` names it in the message. */
  checkLength<T extends string | string[]>(value: T, span: Span, what: () => string): T;
  note(span: Span, message: string): void;
  placeholder(placeholder: Placeholder): void;
}

/** The call site handed to a function implementation. */
export interface Call {
  readonly name: string;
  readonly span: Span;
  readonly args: readonly Arg[];
  readonly ctx: EvalContext;
}

/** A placeholder value (`«Guid()»`) stands for something only Entra knows at run time. */
export function isPlaceholderText(value: string): boolean {
  return value.includes('\u00ab') && value.includes('\u00bb');
}

export function isDate(value: Value | undefined): value is DateValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'date';
}

export function isCondition(value: Value | undefined): value is ConditionValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'condition';
}

export function isEnum(value: Value | undefined): value is EnumValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'enum';
}

export function boolText(value: boolean): 'True' | 'False' {
  return value ? 'True' : 'False';
}

/** Null or the empty string (or an empty multi-valued attribute): what Entra calls "null or empty". */
export function isNullOrEmpty(value: Value | undefined): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}
