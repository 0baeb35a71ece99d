// Evaluates one Entra mapping expression for one source object, as Entra's provisioning service
// would (docs/semantics.md). Pure and bounded: no eval, no I/O; a step budget, a string-length cap
// and regex guards turn runaway work into an `error` outcome instead of a hang.
import type { AttributeRef, Call as CallNode, Comparison, Expression, Span } from '../syntax/ast';
import type { EvalLimits, EvalNote, EvalOptions, EvalOutcome, MappingValue, Placeholder, SourceObject } from './types';
import type { EvaluationBudget } from './budget';
import { dateToText, parseDate } from './dates';
import { expectedArgumentCount, slotRequired } from '../schema/functions';
import { FUNCTIONS, asText, isNumeric, lookupFunction, parseInteger, type EvaluatedFunction } from './functions';
import {
  boolText,
  EvalFailure,
  EvaluationLimit,
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

/** What an evaluation without notes or placeholders answers (most do): frozen, so a caller that pushed would fail loudly. */
const noPlaceholders = Object.freeze([]) as unknown as Placeholder[];
const noNotes = Object.freeze([]) as unknown as EvalNote[];

/**
 * One evaluation's state; a class so the per-evaluation cost is one small allocation. The mappings of
 * one object share a context, restarted for each (steps, notes, placeholders and the seeded
 * generator are each expression's own, as if it had a new context).
 */
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
    /** Attributes read instead of the source's own (sourceValue). */
    readonly overrides?: SourceObject,
  ) {
    this.limits = options.limits ? limitsFrom(options.limits) : DEFAULT_LIMITS;
    this.now = options.now;
    this.defaultDomain = options.defaultDomain;
    this.seed = options.seed;
    this.budget = options.budget;
  }

  /** Starts the next expression's evaluation: what the previous one produced stays with its outcome. */
  restart(): void {
    this.steps = 0;
    this.placeholderList = undefined;
    this.noteList = undefined;
    this.generator = undefined;
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
      throw new EvalFailure(`the evaluation exceeded its budget of ${this.limits.maxSteps} steps`, span, true);
    const spent = this.budget?.charge(cost);
    if (spent) throw new EvalFailure(spent, span, true);
  }

  checkTime(span: Span): void {
    const spent = this.budget?.checkTime();
    if (spent) throw new EvalFailure(spent, span, true);
  }

  checkLength<T extends string | string[]>(value: T, span: Span, what: () => string): T {
    let length = 0;
    if (typeof value === 'string') length = value.length;
    else for (const item of value) length += item.length;
    if (length > this.limits.maxStringLength) {
      throw new EvalFailure(`${what()} is ${length} characters long, over the limit of ${this.limits.maxStringLength}`, span, true);
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
export function appRoleAssignmentsOf(source: SourceObject, overrides?: SourceObject): AppRoleAssignment[] {
  const raw = sourceValue(source, overrides, 'appRoleAssignments');
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
export function scalarText(value: unknown): string | null | undefined {
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

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/**
 * The source's own value of an attribute, or undefined, as if the overrides had been copied over it
 * (`{ ...source, ...overrides }` with the keys whose override is undefined deleted), without the copy.
 */
function sourceValue(source: SourceObject, overrides: SourceObject | undefined, name: string): unknown {
  if (overrides !== undefined && hasOwn(overrides, name)) return overrides[name];
  return hasOwn(source, name) ? source[name] : undefined;
}

function readAttribute(name: string, span: Span, ctx: EvalContext, what: () => string): Value {
  const { source, overrides } = ctx;
  let raw: unknown;
  if (overrides !== undefined && hasOwn(overrides, name)) raw = overrides[name];
  else if (hasOwn(source, name)) raw = source[name];
  else if (name.includes('.')) {
    // `passwordProfile.password` written as a nested object in the sample data.
    const [first, ...rest] = name.split('.');
    raw = rest.reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null && hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined),
      sourceValue(source, overrides, first),
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
    return list.length === 0 ? null : ctx.checkLength(list, span, what);
  }
  const converted = scalarText(raw);
  if (converted === undefined) throw unreadable(name, span);
  return converted === null ? null : ctx.checkLength(converted, span, what);
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

/**
 * A comparison operand is single-valued: several values are an error, as for any single-valued
 * parameter (docs/semantics.md), not a test of the first value.
 */
function operandText(value: Value, span: Span): string {
  if (isEnum(value)) return value.name;
  try {
    return asText(value) ?? '';
  } catch (error) {
    if (error instanceof ValueError) throw new EvalFailure(`the comparison: ${error.message}`, span);
    throw error;
  }
}

function compareNumbers(left: string, right: string): number {
  const a = parseInteger(left);
  const b = parseInteger(right);
  if (a !== undefined && b !== undefined) return a < b ? -1 : a > b ? 1 : 0;
  return Math.sign(Number(left) - Number(right));
}

/**
 * An expression made once into a tree of closures (compile below) and run for every object: the
 * names, function specs, signatures and spans each node needs are looked up once, not per object.
 * Each closure charges the same steps and fails with the same messages, in the same order, as a
 * walk of the syntax tree would.
 */
type Compiled = (ctx: EvalContext) => Value;

/** Per expression node (the AST is immutable), so every preview of a mapping runs the same closures. */
const compiledExpressions = new WeakMap<Expression, CompiledExpression>();

/** A whole expression compiled, for callers that evaluate it for many objects and keep it (SourceEvaluation). */
export interface CompiledExpression {
  readonly expression: Expression;
  readonly run: Compiled;
}

/** The compiled form of a whole expression, made at its first evaluation. */
export function compileExpression(expression: Expression): CompiledExpression {
  let compiled = compiledExpressions.get(expression);
  if (!compiled) compiledExpressions.set(expression, (compiled = { expression, run: compile(expression, 0) }));
  return compiled;
}

/** A node that fails whenever it is reached, after its step (as the tree walk charged it). */
function failing(span: Span, failure: () => EvalFailure): Compiled {
  return (ctx) => {
    ctx.step(span);
    throw failure();
  };
}

function compile(node: Expression, depth: number): Compiled {
  const span = node.span;
  // Nothing deeper is compiled, so a hostile nesting never reaches the JavaScript stack limit here either.
  if (depth > MAX_DEPTH)
    return failing(span, () => new EvalFailure(`the expression is nested more than ${MAX_DEPTH} levels deep`, span, true));
  switch (node.kind) {
    case 'attribute': {
      const name = node.name;
      const what = () => `[${name}]`;
      return (ctx) => {
        ctx.step(span);
        return readAttribute(name, span, ctx, what);
      };
    }
    case 'string': {
      const value = node.value;
      return (ctx) => {
        ctx.step(span);
        return value;
      };
    }
    case 'number': {
      const raw = node.raw;
      return (ctx) => {
        ctx.step(span);
        return numberText(raw, span);
      };
    }
    case 'enum': {
      const name = node.name;
      return (ctx) => {
        ctx.step(span);
        return { kind: 'enum', name };
      };
    }
    case 'call':
      return compileCall(node, depth);
    case 'comparison':
      return compileComparison(node, depth);
    case 'concat':
      return failing(
        span,
        () =>
          new EvalFailure('the & operator belongs to Entra cloud sync; app provisioning rejects it: use Join or Append', node.operatorSpan),
      );
    case 'error':
      return failing(span, () => new EvalFailure('the expression has a syntax error', span));
  }
}

/** `=`, `<>`, `<`, ...: numeric when both sides are numbers, dates by time, else ordinal (case-sensitive). */
function compileComparison(node: Comparison, depth: number): Compiled {
  const span = node.span;
  const evaluateLeft = compile(node.left, depth + 1);
  const evaluateRight = compile(node.right, depth + 1);
  const leftIsAttribute = node.left.kind === 'attribute';
  const rightIsAttribute = node.right.kind === 'attribute';
  const operator = node.operator;
  return (ctx): ConditionValue | string => {
    ctx.step(span);
    const left = evaluateLeft(ctx);
    const right = evaluateRight(ctx);
    const failed = (leftIsAttribute && isNullOrEmpty(left)) || (rightIsAttribute && isNullOrEmpty(right));
    const leftText = operandText(left, node.left.span);
    const rightText = operandText(right, node.right.span);
    if (isPlaceholderText(leftText) || isPlaceholderText(rightText)) return '\u00abcondition\u00bb';
    if (failed) return { kind: 'condition', result: false, failed };
    let order: number;
    if (isDate(left) || isDate(right)) {
      const leftTicks = isDate(left) ? left.ticks : dateOfText(leftText, node.left.span, ctx);
      const rightTicks = isDate(right) ? right.ticks : dateOfText(rightText, node.right.span, ctx);
      order = leftTicks < rightTicks ? -1 : leftTicks > rightTicks ? 1 : 0;
    } else if (isNumeric(leftText) && isNumeric(rightText)) order = compareNumbers(leftText, rightText);
    else order = leftText < rightText ? -1 : leftText > rightText ? 1 : 0;
    return { kind: 'condition', result: holds(operator, order), failed };
  };
}

/**
 * The text side of a comparison with a DateTime, read as CDate reads it: VB, whose comparisons Entra's
 * expressions follow, converts the text to a date (Entra documents no comparison of dates; docs/semantics.md).
 */
function dateOfText(text: string, span: Span, ctx: EvalContext): bigint {
  let ticks: bigint;
  try {
    ticks = parseDate(text).ticks;
  } catch (error) {
    if (error instanceof ValueError)
      throw new EvalFailure(`the comparison: "${text}" is not a date, so it cannot be compared with a DateTime`, span);
    throw error;
  }
  ctx.note(
    span,
    `the comparison read "${text}" as a date, as CDate reads it, to compare it with a DateTime (VB converts the text; Entra documents no comparison of dates, docs/semantics.md)`,
  );
  return ticks;
}

function holds(operator: Comparison['operator'], order: number): boolean {
  switch (operator) {
    case '=':
      return order === 0;
    case '<>':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

function argumentContainsPlaceholder(value: Value | undefined): boolean {
  if (typeof value === 'string') return isPlaceholderText(value);
  return Array.isArray(value) && value.some(isPlaceholderText);
}

function applyFunction(spec: EvaluatedFunction, name: string, node: CallNode, args: Arg[], ctx: EvalContext): Value {
  try {
    return spec.apply({ name, span: node.span, args, ctx });
  } catch (error) {
    if (error instanceof ValueError) throw new EvalFailure(`${name}: ${error.message}`, node.span, error instanceof EvaluationLimit);
    throw error;
  }
}

function compileCall(node: CallNode, depth: number): Compiled {
  const span = node.span;
  const name = lookupFunction(node.name.text);
  if (name === undefined) return failing(span, () => new EvalFailure(`unknown function ${node.name.text}`, node.name.span));
  const spec = FUNCTIONS[name];
  const count = node.args.length;
  const argumentsOf = node.args.map((argument) => (argument === undefined ? undefined : compile(argument, depth + 1)));
  const argumentSpans = node.args.map((argument, index) => node.argSpans[index] ?? argument?.span ?? span);
  const passes = node.args.map((_, index) => spec.passesPlaceholders(index));
  // The counts and required slots validation checks (the catalogue's), empty slots counted.
  const signature = spec.signatureFor(count);
  const required = node.args.map((_, index) => (signature ? slotRequired(signature, index, node.args.length) : false));
  const readThroughFunctions = spec.signatures[0]?.parameters[0]?.type === 'condition' ? attributesReadThroughFunctions(node.args[0]) : [];
  const placeholderText = `\u00ab${name}(\u2026)\u00bb`;
  const resultName = () => `the result of ${name}`;
  const perValueNote = `${name} was applied to each value of a multi-valued attribute (docs/semantics.md)`;
  return (ctx) => {
    ctx.step(span);
    // Entra evaluates every argument before the function, the untaken IIF branch included.
    // Made at its final length: pushing grew it twice for a Switch.
    const args: Arg[] = new Array<Arg>(count);
    let placeholderArgument = false;
    for (let index = 0; index < count; index++) {
      const evaluateArgument = argumentsOf[index];
      const value = evaluateArgument === undefined ? undefined : evaluateArgument(ctx);
      if (!passes[index] && argumentContainsPlaceholder(value)) placeholderArgument = true;
      args[index] = { value, span: argumentSpans[index] };
    }
    if (!signature) throw new EvalFailure(`${name} takes ${spec.signatures.map(expectedArgumentCount).join(' or ')}, not ${count}`, span);
    for (let index = 0; index < count; index++) {
      if (required[index] && args[index].value === undefined)
        throw new EvalFailure(`${name}: argument ${index + 1} is required`, args[index].span);
    }
    // A run-time value (Guid(), Now(), ...) feeding a computation the preview cannot do.
    if (placeholderArgument) return placeholderText;
    const first = args[0]?.value;
    let result: Value;
    if (spec.perValue && Array.isArray(first) && first.length > 0) {
      ctx.step(span, first.length);
      ctx.note(span, perValueNote);
      const rest = args.slice(1);
      result = [];
      for (const value of first) {
        const single = applyFunction(spec, name, node, [{ value, span: args[0].span }, ...rest], ctx);
        if (single !== null) result.push(comparisonText(single));
      }
    } else result = applyFunction(spec, name, node, args, ctx);
    // A check that failed already (a null or empty operand or condition) has its own note.
    if (readThroughFunctions.length > 0 && !(isCondition(first) ? first.failed : isNullOrEmpty(first)))
      noteConditionReadingNull(name, readThroughFunctions, args[0].span, ctx);
    if (typeof result === 'string' || Array.isArray(result)) ctx.checkLength(result, span, resultName);
    ctx.checkTime(span);
    return result;
  };
}

/**
 * The attributes an IIF or CBool condition reads through a function (`IsPresent([x])`,
 * `Len([x]) <= 3`); an attribute compared directly, or the condition itself, fails the check instead.
 */
function attributesReadThroughFunctions(condition: Expression | undefined, inFunction = false): AttributeRef[] {
  if (condition === undefined) return [];
  if (condition.kind === 'attribute') return inFunction ? [condition] : [];
  if (condition.kind === 'call') return condition.args.flatMap((argument) => attributesReadThroughFunctions(argument, true));
  if (condition.kind === 'comparison')
    return [...attributesReadThroughFunctions(condition.left, inFunction), ...attributesReadThroughFunctions(condition.right, inFunction)];
  return [];
}

/**
 * Entra: "If a source attribute used in the condition is null/empty, the condition check fails".
 * scimmap evaluates a function's result all the same, as Workday and SuccessFactors examples use
 * such conditions (docs/semantics.md); the note says the tenant may fail it instead.
 */
function noteConditionReadingNull(name: string, attributes: readonly AttributeRef[], span: Span, ctx: EvalContext): void {
  const empty = attributes.find((attribute) =>
    isNullOrEmpty(readAttribute(attribute.name, attribute.span, ctx, () => `[${attribute.name}]`)),
  );
  if (empty === undefined) return;
  ctx.note(
    span,
    `${name}: the condition reads [${empty.name}], which is null or empty; Entra documents that "the condition check fails" then, but scimmap evaluated it as written, as Workday and SuccessFactors examples use such conditions: a tenant may send nothing instead (docs/semantics.md)`,
  );
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
  return outcomeOf(compileExpression(expression), new Context(source, options));
}

/**
 * Evaluates many expressions for one source object (the mappings of a previewed object): one context
 * for all, restarted for each, so each outcome is what evaluateExpression gives.
 */
export class SourceEvaluation {
  private readonly ctx: Context;

  /**
   * `overrides`: attributes read instead of the source's own, as if copied over it (a key whose value
   * is undefined hides the source's): what the request builder adds to a user without copying it.
   */
  constructor(source: SourceObject, options: EvalOptions = {}, overrides?: SourceObject) {
    this.ctx = new Context(source, options, overrides);
  }

  evaluate(compiled: CompiledExpression): EvalOutcome {
    this.ctx.restart();
    return outcomeOf(compiled, this.ctx);
  }
}

/** A null value without notes or placeholders (an absent attribute: many mappings of most objects): shared, frozen. */
const nullOutcome: EvalOutcome = Object.freeze({ kind: 'value', value: null, placeholders: noPlaceholders, notes: noNotes });

function outcomeOf({ expression, run }: CompiledExpression, ctx: Context): EvalOutcome {
  try {
    const value = mappingValue(run(ctx), expression.span);
    const placeholders = ctx.placeholders;
    const notes = ctx.notes;
    if (value === null && placeholders === noPlaceholders && notes === noNotes) return nullOutcome;
    return { kind: 'value', value, placeholders, notes };
  } catch (error) {
    if (error instanceof FlowIgnored) return { kind: 'ignored', span: error.span, notes: ctx.notes };
    if (error instanceof EvalFailure)
      return error.limit
        ? { kind: 'error', message: error.message, span: error.span, limit: true }
        : { kind: 'error', message: error.message, span: error.span };
    // Anything else is a defect or an exhausted engine (stack, memory): report it, never crash the caller.
    return {
      kind: 'error',
      message: `evaluation failed: ${(error as Error).message ?? String(error)}`,
      span: expression.span,
      limit: true,
    };
  }
}
