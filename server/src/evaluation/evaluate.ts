// Evaluates one Entra mapping expression for one source object, as Entra's provisioning service
// would (docs/semantics.md). Pure and bounded: no eval, no I/O; a step budget, a string-length cap
// and regex guards turn runaway work into an `error` outcome instead of a hang.
import type { Call as CallNode, Comparison, Expression, Span } from '../syntax/ast';
import type { EvalLimits, EvalNote, EvalOptions, EvalOutcome, MappingValue, Placeholder, SourceObject } from './types';
import type { EvaluationBudget } from './budget';
import { dateToText } from './dates';
import { expectedArgumentCount, parameterAt } from '../schema/functions';
import { FUNCTIONS, isNumeric, lookupFunction, parseInteger, type EvaluatedFunction } from './functions';
import {
  boolText,
  EvalFailure,
  FlowIgnored,
  isCondition,
  isDate,
  isEnum,
  isNullOrEmpty,
  isPlaceholderText,
  ValueError,
  type Arg,
  type ConditionValue,
  type EvalContext,
  type Value,
} from './values';

export const DEFAULT_LIMITS: EvalLimits = {
  maxSteps: 100_000,
  maxStringLength: 100_000,
  maxRegexInputLength: 10_000,
};

/** Deeper nesting than any real mapping; keeps recursion far from the JavaScript stack limit. */
const MAX_DEPTH = 200;

/** mulberry32: a small, well-distributed seeded generator (Guid/RandomString with options.seed). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The given limits where they are positive numbers, the defaults elsewhere (a bad limit must not mean "unlimited"). */
function limitsFrom(given: Partial<EvalLimits>): EvalLimits {
  const pick = (key: keyof EvalLimits) => {
    const value = given[key];
    return typeof value === 'number' && value > 0 ? value : DEFAULT_LIMITS[key];
  };
  return { maxSteps: pick('maxSteps'), maxStringLength: pick('maxStringLength'), maxRegexInputLength: pick('maxRegexInputLength') };
}

/** One evaluation's state; a class so the per-evaluation cost is one small allocation. */
/** What an evaluation without notes or placeholders answers (most do): frozen, so a caller that pushed would fail loudly. */
const noPlaceholders = Object.freeze([]) as unknown as Placeholder[];
const noNotes = Object.freeze([]) as unknown as EvalNote[];

class Context implements EvalContext {
  readonly limits: EvalLimits;
  readonly now?: Date;
  readonly defaultDomain?: string;
  private readonly budget?: EvaluationBudget;
  private readonly seed?: number;
  private steps = 0;
  // Made at the first note, placeholder or random number: every mapping of every previewed object gets a context.
  private placeholderList?: Placeholder[];
  private noteList?: EvalNote[];
  private generator?: () => number;

  constructor(
    readonly source: SourceObject,
    options: EvalOptions,
  ) {
    this.limits = options.limits ? limitsFrom(options.limits) : DEFAULT_LIMITS;
    this.now = options.now;
    this.defaultDomain = options.defaultDomain;
    this.seed = options.seed;
    this.budget = options.budget;
  }

  get placeholders(): Placeholder[] {
    return this.placeholderList ?? noPlaceholders;
  }

  get notes(): EvalNote[] {
    return this.noteList ?? noNotes;
  }

  get random(): (() => number) | undefined {
    if (this.seed === undefined) return undefined;
    return (this.generator ??= seededRandom(this.seed));
  }

  step(span: Span, cost = 1): void {
    this.steps += cost;
    if (this.steps > this.limits.maxSteps)
      throw new EvalFailure(`the evaluation exceeded its budget of ${this.limits.maxSteps} steps`, span);
    const spent = this.budget?.charge(cost);
    if (spent) throw new EvalFailure(spent, span);
  }

  checkTime(span: Span): void {
    const spent = this.budget?.checkTime();
    if (spent) throw new EvalFailure(spent, span);
  }

  checkLength<T extends string | string[]>(value: T, span: Span, what: () => string): T {
    let length = 0;
    if (typeof value === 'string') length = value.length;
    else for (const item of value) length += item.length;
    if (length > this.limits.maxStringLength) {
      throw new EvalFailure(`${what()} is ${length} characters long, over the limit of ${this.limits.maxStringLength}`, span);
    }
    // Work grows with the text handled: one step per KiB keeps long strings inside the budget too.
    if (length >= 1024) this.step(span, length >>> 10);
    return value;
  }

  note(span: Span, message: string): void {
    const notes = (this.noteList ??= []);
    if (!notes.some((note) => note.message === message && note.span.start === span.start)) notes.push({ span, message });
  }

  placeholder(placeholder: Placeholder): void {
    (this.placeholderList ??= []).push(placeholder);
  }
}

/** An app role assignment as sample data gives it: a role value string or `{ value, displayName, id }`. */
export interface AppRoleAssignment {
  readonly value: string;
  readonly displayName?: string;
  readonly id?: string;
}

/** The user's app role assignments (`appRoleAssignments`), normalised for the role functions and request building. */
export function appRoleAssignmentsOf(source: SourceObject): AppRoleAssignment[] {
  const raw = source.appRoleAssignments;
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  const roles: AppRoleAssignment[] = [];
  for (const entry of list) {
    if (typeof entry === 'string') roles.push({ value: entry });
    else if (typeof entry === 'object' && entry !== null && typeof (entry as { value?: unknown }).value === 'string') {
      const { value, displayName, id } = entry as { value: string; displayName?: unknown; id?: unknown };
      roles.push({
        value,
        displayName: typeof displayName === 'string' ? displayName : undefined,
        id: typeof id === 'string' ? id : undefined,
      });
    }
  }
  return roles;
}

/** Converts one sample-data value to Entra's string form; undefined when it has none. */
function scalarText(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return boolText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'object') {
    // A manager reference `{ ref }` (resolved by the request builder) or a role `{ value, ... }`.
    const { ref, value: inner } = value as { ref?: unknown; value?: unknown };
    if (typeof ref === 'string') return ref;
    if (typeof inner === 'string') return inner;
  }
  return undefined;
}

function unreadable(name: string, span: Span): EvalFailure {
  return new EvalFailure(`the sample value of [${name}] is not a string, number, boolean or list of them`, span);
}

function readAttribute(name: string, span: Span, ctx: EvalContext): Value {
  const source = ctx.source;
  let raw: unknown;
  if (Object.prototype.hasOwnProperty.call(source, name)) raw = source[name];
  else if (name.includes('.')) {
    // `passwordProfile.password` written as a nested object in the sample data.
    raw = name
      .split('.')
      .reduce<unknown>(
        (node, key) =>
          typeof node === 'object' && node !== null && Object.prototype.hasOwnProperty.call(node, key)
            ? (node as Record<string, unknown>)[key]
            : undefined,
        source,
      );
  }
  if (Array.isArray(raw)) {
    const list: string[] = [];
    for (const entry of raw) {
      const converted = scalarText(entry);
      if (converted === undefined) throw unreadable(name, span);
      if (converted !== null) list.push(converted);
    }
    ctx.step(span, list.length);
    // A multi-valued attribute without values is absent, as Entra stores it.
    return list.length === 0 ? null : ctx.checkLength(list, span, () => `[${name}]`);
  }
  const converted = scalarText(raw);
  if (converted === undefined) throw unreadable(name, span);
  return converted === null ? null : ctx.checkLength(converted, span, () => `[${name}]`);
}

function numberText(raw: string, span: Span): string {
  if (raw.startsWith('&')) {
    const value = parseInteger(raw);
    if (value === undefined) throw new EvalFailure(`"${raw}" is not a VB hexadecimal number`, span);
    return String(value);
  }
  return raw;
}

function comparisonText(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value[0] ?? '';
  if (isDate(value)) return dateToText(value);
  if (isCondition(value)) return boolText(value.result);
  return value.name;
}

function compareNumbers(left: string, right: string): number {
  const a = parseInteger(left);
  const b = parseInteger(right);
  if (a !== undefined && b !== undefined) return a < b ? -1 : a > b ? 1 : 0;
  return Math.sign(Number(left) - Number(right));
}

/** `=`, `<>`, `<`, ...: numeric when both sides are numbers, dates by time, else ordinal (case-sensitive). */
function evaluateComparison(node: Comparison, ctx: EvalContext, depth: number): ConditionValue | string {
  const left = evaluate(node.left, ctx, depth + 1);
  const right = evaluate(node.right, ctx, depth + 1);
  const failed = (node.left.kind === 'attribute' && isNullOrEmpty(left)) || (node.right.kind === 'attribute' && isNullOrEmpty(right));
  const leftText = comparisonText(left);
  const rightText = comparisonText(right);
  if (isPlaceholderText(leftText) || isPlaceholderText(rightText)) return '\u00abcondition\u00bb';
  let order: number;
  if (isDate(left) && isDate(right)) order = left.ticks < right.ticks ? -1 : left.ticks > right.ticks ? 1 : 0;
  else if (isNumeric(leftText) && isNumeric(rightText)) order = compareNumbers(leftText, rightText);
  else order = leftText < rightText ? -1 : leftText > rightText ? 1 : 0;
  const result = { '=': order === 0, '<>': order !== 0, '<': order < 0, '<=': order <= 0, '>': order > 0, '>=': order >= 0 }[node.operator];
  return { kind: 'condition', result: !failed && result, failed };
}

function argumentContainsPlaceholder(value: Value | undefined): boolean {
  if (typeof value === 'string') return isPlaceholderText(value);
  return Array.isArray(value) && value.some(isPlaceholderText);
}

function applyFunction(spec: EvaluatedFunction, name: string, node: CallNode, args: Arg[], ctx: EvalContext): Value {
  try {
    return spec.apply({ name, span: node.span, args, ctx });
  } catch (error) {
    if (error instanceof ValueError) throw new EvalFailure(`${name}: ${error.message}`, node.span);
    throw error;
  }
}

function evaluateCall(node: CallNode, ctx: EvalContext, depth: number): Value {
  const name = lookupFunction(node.name.text);
  if (name === undefined) throw new EvalFailure(`unknown function ${node.name.text}`, node.name.span);
  const spec = FUNCTIONS[name];
  // Entra evaluates every argument before the function, the untaken IIF branch included.
  const args: Arg[] = [];
  let placeholderArgument = false;
  for (let index = 0; index < node.args.length; index++) {
    const argument = node.args[index];
    const value = argument === undefined ? undefined : evaluate(argument, ctx, depth + 1);
    if (argumentContainsPlaceholder(value) && !spec.passesPlaceholders(index)) placeholderArgument = true;
    args.push({ value, span: node.argSpans[index] ?? argument?.span ?? node.span });
  }
  // The counts and required slots validation checks (the catalogue's), empty slots counted.
  const signature = spec.signatureFor(args.length);
  if (!signature)
    throw new EvalFailure(`${name} takes ${spec.signatures.map(expectedArgumentCount).join(' or ')}, not ${args.length}`, node.span);
  for (let index = 0; index < args.length; index++) {
    if (args[index].value === undefined && parameterAt(signature, index)?.required) {
      throw new EvalFailure(`${name}: argument ${index + 1} is required`, args[index].span);
    }
  }
  // A run-time value (Guid(), Now(), ...) feeding a computation the preview cannot do.
  if (placeholderArgument) return `\u00ab${name}(\u2026)\u00bb`;
  const first = args[0]?.value;
  let result: Value;
  if (spec.perValue && Array.isArray(first) && first.length > 0) {
    ctx.step(node.span, first.length);
    ctx.note(node.span, `${name} was applied to each value of a multi-valued attribute (docs/semantics.md)`);
    const rest = args.slice(1);
    result = [];
    for (const value of first) {
      const single = applyFunction(spec, name, node, [{ value, span: args[0].span }, ...rest], ctx);
      if (single !== null) result.push(comparisonText(single));
    }
  } else result = applyFunction(spec, name, node, args, ctx);
  if (typeof result === 'string' || Array.isArray(result)) ctx.checkLength(result, node.span, () => `the result of ${name}`);
  ctx.checkTime(node.span);
  return result;
}

function evaluate(node: Expression, ctx: EvalContext, depth: number): Value {
  ctx.step(node.span);
  if (depth > MAX_DEPTH) throw new EvalFailure(`the expression is nested more than ${MAX_DEPTH} levels deep`, node.span);
  switch (node.kind) {
    case 'attribute':
      return readAttribute(node.name, node.span, ctx);
    case 'string':
      return node.value;
    case 'number':
      return numberText(node.raw, node.span);
    case 'enum':
      return { kind: 'enum', name: node.name };
    case 'call':
      return evaluateCall(node, ctx, depth);
    case 'comparison':
      return evaluateComparison(node, ctx, depth);
    case 'concat':
      throw new EvalFailure(
        'the & operator belongs to Entra cloud sync; app provisioning rejects it: use Join or Append',
        node.operatorSpan,
      );
    case 'error':
      throw new EvalFailure('the expression has a syntax error', node.span);
  }
}

function mappingValue(value: Value, span: Span): MappingValue {
  if (value === null || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length === 0 ? null : value;
  if (isDate(value)) return dateToText(value);
  if (isCondition(value)) return boolText(value.result);
  if (isEnum(value)) throw new EvalFailure(`${value.name} is not a value: it is only an argument of InStr`, span);
  return null;
}

/** Evaluates `expression` for the source object, as Entra would (docs/semantics.md). */
export function evaluateExpression(expression: Expression, source: SourceObject, options: EvalOptions = {}): EvalOutcome {
  const ctx = new Context(source, options);
  try {
    const value = mappingValue(evaluate(expression, ctx, 0), expression.span);
    return { kind: 'value', value, placeholders: ctx.placeholders, notes: ctx.notes };
  } catch (error) {
    if (error instanceof FlowIgnored) return { kind: 'ignored', span: error.span, notes: ctx.notes };
    if (error instanceof EvalFailure) return { kind: 'error', message: error.message, span: error.span };
    // Anything else is a defect or an exhausted engine (stack, memory): report it, never crash the caller.
    return { kind: 'error', message: `evaluation failed: ${(error as Error).message ?? String(error)}`, span: expression.span };
  }
}
