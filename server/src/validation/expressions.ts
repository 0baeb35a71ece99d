// Expressions against the Entra function catalogue and source schema: attribute names, function
// names and their case, argument counts and kinds, and the pitfalls the documentation flags
// (comparisons outside conditions, IIF on nullable attributes, Switch on a null test, `&`, ...).
import { quoted, shortened } from '../syntax/quoting';
import type { AttributeRef, Call, Expression, Span } from '../syntax/ast';
import {
  acceptsArgumentCount,
  arityOf,
  expectedArgumentCount,
  findFunction,
  findFunctionIgnoreCase,
  functionCatalogue,
  hasFlag,
  parameterAt,
  slotRequired,
  type FunctionInfo,
  type FunctionParameter,
  type FunctionSignature,
} from '../schema/functions';
import {
  findSourceAttribute,
  findSourceAttributeIgnoreCase,
  isDirectoryExtension,
  sourceObject,
  sourceSchema,
  type SourceAttribute,
} from '../schema/source';
import { dotNetRegexProblem } from '../evaluation/regex';
import { isNumeric, parseInteger, truth } from '../evaluation/functions';
import { type BlockObject } from '../schema/target';
import { closest, didYouMean, spanText, suggestionData, type Reporter } from './report';

/** Entra's limit on one mapping expression (FN, CAA, EB). */
export const MAX_EXPRESSION_LENGTH = 10_000;

export interface MappingContext {
  readonly object: BlockObject;
  readonly reporter: Reporter;
  readonly text: string;
  /** The mapping applies only during object creation (`on create`). */
  readonly onCreate: boolean;
  /** The mapping has a matching precedence. */
  readonly matching: boolean;
}

/** Where an expression sits: the whole mapping, or an argument of a call. */
interface Position {
  readonly topLevel: boolean;
  readonly fn?: FunctionInfo;
  readonly param?: FunctionParameter;
  /** Inside IgnoreFlowIfNullOrEmpty, which drops a null result instead of clearing the target. */
  readonly insideIgnoreFlow?: boolean;
  readonly insideConcatenation?: boolean;
}

export function checkMappingExpression(expression: Expression, span: Span, context: MappingContext): void {
  if (span.end - span.start > MAX_EXPRESSION_LENGTH) {
    context.reporter.report(
      'expression-too-long',
      span,
      `This expression is ${span.end - span.start} characters long; Entra accepts at most ${MAX_EXPRESSION_LENGTH}. Split the logic or simplify it.`,
      { length: span.end - span.start, limit: MAX_EXPRESSION_LENGTH },
    );
  }
  walk(expression, { topLevel: true }, context);
}

function walk(expression: Expression, position: Position, context: MappingContext): void {
  switch (expression.kind) {
    case 'attribute':
      checkAttributeInExpression(expression, position, context);
      return;
    case 'enum':
      checkIdentifier(expression.name, expression.span, position, context);
      return;
    case 'comparison':
      if (position.param?.type !== 'condition' && !expression.recovered) {
        context.reporter.report(
          'comparison-outside-condition',
          expression.operatorSpan,
          `A comparison (\`${expression.operator}\`) is only valid as an IIF condition or the argument of CBool, e.g. IIF([country] = "US", "yes", "no").`,
        );
      }
      walk(expression.left, { topLevel: false }, context);
      walk(expression.right, { topLevel: false }, context);
      return;
    case 'concat':
      if (!position.insideConcatenation) reportConcatenation(expression, context);
      for (const side of [expression.left, expression.right])
        walk(side, { topLevel: false, insideConcatenation: side.kind === 'concat' }, context);
      return;
    case 'call':
      checkCall(expression, position, context);
      return;
    case 'string':
    case 'number':
    case 'error':
      return;
  }
}

/** One `concatenation` per `&` of a chain, each carrying the Join that replaces the whole chain. */
function reportConcatenation(chain: Expression & { kind: 'concat' }, context: MappingContext): void {
  const operands: Expression[] = [];
  const operators: Span[] = [];
  const flatten = (e: Expression) => {
    if (e.kind === 'concat') {
      flatten(e.left);
      operators.push(e.operatorSpan);
      flatten(e.right);
    } else operands.push(e);
  };
  flatten(chain);
  if (chain.recovered) return;
  const replacement = `Join("", ${operands.map((o) => spanText(context.text, o.span)).join(', ')})`;
  for (const operator of operators) {
    context.reporter.report(
      'concatenation',
      operator,
      `\`&\` concatenation works only in Entra cloud sync, not in app provisioning: use ${replacement.length > 80 ? 'Join("", ...)' : replacement}.`,
      { replaceSpan: chain.span, replacement },
    );
  }
}

function checkIdentifier(name: string, span: Span, position: Position, context: MappingContext): void {
  const param = position.param;
  if (param?.type === 'enum') {
    const values = param.values ?? [];
    if (values.includes(name)) return;
    const suggestion = closest(name, values);
    context.reporter.report(
      'argument-kind',
      span,
      `${position.fn?.name}'s ${param.name} takes ${values.join(' or ')}, not ${quoted(name)}.${didYouMean(suggestion)}`,
      suggestionData(suggestion),
    );
    return;
  }
  const asAttribute = findSourceAttribute(context.object, name) ?? findSourceAttributeIgnoreCase(context.object, name);
  const suggestion = asAttribute ? `[${asAttribute.name}]` : JSON.stringify(name);
  context.reporter.report(
    'unexpected-identifier',
    span,
    `${quoted(name)} is not a value Entra knows here: write an attribute in brackets ([${asAttribute?.name ?? shortened(name)}]) or text in double quotes ("${shortened(name)}").`,
    { suggestion },
  );
}

function checkAttributeInExpression(ref: AttributeRef, position: Position, context: MappingContext): void {
  const attribute = checkSourceAttribute(ref, context.object, context.reporter);
  if (attribute?.roleFunctionsOnly && position.param?.type !== 'appRoleAssignments') {
    context.reporter.report(
      'app-role-assignments-direct',
      ref.span,
      `[${attribute.name}] cannot be mapped directly: wrap it in a role function, AppRoleAssignmentsComplex([${attribute.name}]) for all roles or SingleAppRoleAssignment([${attribute.name}]) for one.`,
      { suggestion: `AppRoleAssignmentsComplex([${attribute.name}])` },
    );
  }
}

/** Reports an unknown source attribute (a warning: directory extensions may exist); returns the known one. */
export function checkSourceAttribute(ref: AttributeRef, object: BlockObject, reporter: Reporter): SourceAttribute | undefined {
  // An empty `[]` is already a syntax error; a second message about "``" would only confuse.
  if (ref.recovered || ref.name.trim() === '') return undefined;
  const known = findSourceAttribute(object, ref.name);
  if (known || isDirectoryExtension(ref.name)) return known;
  // Each way on reports one unknown-source-attribute here: past the file's cap, only its count matters.
  if (reporter.skips('unknown-source-attribute', ref.nameSpan)) return undefined;
  const entraObject = sourceObject(object).name;
  const wrongCase = findSourceAttributeIgnoreCase(object, ref.name);
  if (wrongCase) {
    reporter.report(
      'unknown-source-attribute',
      ref.nameSpan,
      `Entra attribute names are case-sensitive: the ${entraObject} attribute is \`${wrongCase.name}\`, not ${quoted(ref.name)}.`,
      { suggestion: wrongCase.name },
    );
    return undefined;
  }
  const unavailable = sourceSchema.notAvailable.find((n) => n.name === ref.name);
  if (unavailable) {
    reporter.report('unknown-source-attribute', ref.nameSpan, `${unavailable.reason}.`);
    return undefined;
  }
  const misnamedExtension = misnamedDirectoryExtension(ref.name);
  if (misnamedExtension) {
    reporter.report('unknown-source-attribute', ref.nameSpan, misnamedExtension.message, suggestionData(misnamedExtension.suggestion));
    return undefined;
  }
  const suggestion = closest(
    ref.name,
    sourceObject(object).attributes.map((a) => a.name),
  );
  // Only a plain name can be the <name> of a directory extension; `[Job Title]` cannot.
  const extensionHint = /^[A-Za-z0-9_]+$/.test(ref.name)
    ? ` If it is a directory extension attribute, write its full name (extension_<appId>_${shortened(ref.name)}) and add it to the source schema in Entra first.`
    : '';
  reporter.report(
    'unknown-source-attribute',
    ref.nameSpan,
    `${quoted(ref.name)} is not a standard Entra ${entraObject} attribute.${didYouMean(suggestion)}${extensionHint}`,
    suggestionData(suggestion),
  );
  return undefined;
}

const DASHED_APP_ID = /^extension_([0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})_([A-Za-z0-9_]+)$/;

/**
 * A name that starts like a directory extension but is not one: telling the user to prefix it with
 * `extension_<appId>_` again would be wrong. The usual slip is the app id pasted with its dashes.
 */
function misnamedDirectoryExtension(name: string): { message: string; suggestion?: string } | undefined {
  if (!/^extension_/i.test(name)) return undefined;
  const dashed = DASHED_APP_ID.exec(name);
  if (dashed) {
    const suggestion = `extension_${dashed[1].replace(/-/g, '')}_${dashed[2]}`;
    return { message: `Directory extension names carry the app id without dashes: write \`${suggestion}\`.`, suggestion };
  }
  return {
    message: `${quoted(name)} is not a directory extension name: Entra names them extension_<app id as 32 hexadecimal digits, no dashes>_<name>. Copy the name from Entra's source attribute list (after adding it to the source schema).`,
  };
}

function checkCall(call: Call, position: Position, context: MappingContext): void {
  const fn = resolveFunction(call, context);
  if (!fn) {
    for (const arg of call.args) if (arg) walk(arg, { topLevel: false }, context);
    return;
  }
  checkFunctionPlacement(call, fn, position, context);
  const signature = call.recovered ? undefined : chooseSignature(call, fn, context);
  const paramsFrom = signature ?? fn.signatures[0];
  call.args.forEach((arg, index) => {
    const param = paramsFrom ? parameterAt(paramsFrom, index) : undefined;
    if (!arg) {
      if (signature && param && slotRequired(signature, index, call.args.length)) {
        context.reporter.report(
          'missing-argument',
          call.argSpans[index] ?? call.span,
          `${fn.name} needs its ${param.name} here: ${param.description}`,
          { parameter: param.name },
        );
      }
      return;
    }
    if (signature && param) checkArgumentKind(arg, param, fn, context);
    walk(
      arg,
      { topLevel: false, fn, param, insideIgnoreFlow: position.insideIgnoreFlow || fn.name === 'IgnoreFlowIfNullOrEmpty' },
      context,
    );
  });
  if (fn.name === 'IIF' && call.args[0]) checkIifCondition(call.args[0], context);
  if (fn.name === 'Switch') checkSwitch(call, position, context);
}

function resolveFunction(call: Call, context: MappingContext): FunctionInfo | undefined {
  const name = call.name.text;
  if (call.name.recovered) return undefined;
  const exact = findFunction(name);
  if (exact) return exact;
  const wrongCase = findFunctionIgnoreCase(name);
  if (wrongCase) {
    context.reporter.report(
      'function-case',
      call.name.span,
      `Entra's expression syntax is case-sensitive: write \`${wrongCase.name}\`, not ${quoted(name)} (scimmap evaluates it as \`${wrongCase.name}\`; Microsoft's own page writes \`switch\` once).`,
      { suggestion: wrongCase.name },
    );
    return wrongCase;
  }
  const elsewhere = functionCatalogue.elsewhere.find((known) => known.name === name);
  if (elsewhere) {
    context.reporter.report('unknown-function', call.name.span, `${quoted(name)} ${elsewhere.reason}`);
    return undefined;
  }
  const suggestion = closest(
    name,
    functionCatalogue.functions.map((f) => f.name),
  );
  context.reporter.report(
    'unknown-function',
    call.name.span,
    `${quoted(name)} is not an Entra provisioning function.${didYouMean(suggestion)}`,
    suggestionData(suggestion),
  );
  return undefined;
}

function checkFunctionPlacement(call: Call, fn: FunctionInfo, position: Position, context: MappingContext): void {
  const { reporter } = context;
  const at = call.name.span;
  if (hasFlag(fn, 'topLevelOnly') && !position.topLevel) {
    const why =
      fn.name === 'IgnoreFlowIfNullOrEmpty'
        ? 'it controls the flow of the whole attribute and is not a value: wrap the whole expression in it'
        : 'it cannot be nested inside another function';
    reporter.report('top-level-only', at, `${fn.name} must be the whole mapping expression: ${why}.`);
  }
  if (hasFlag(fn, 'requiresOnCreate') && !context.onCreate) {
    reporter.report('requires-on-create', at, `${fn.name} works only during object creation: add \`on create\` to this mapping.`, {
      suggestion: 'on create',
    });
  }
  if (hasFlag(fn, 'notForMatching') && context.matching) {
    reporter.report(
      'not-for-matching',
      at,
      `${fn.name} cannot be used on a matching attribute: remove \`match\` or use another expression.`,
    );
  }
  if (hasFlag(fn, 'hrToAdOnly')) {
    reporter.report(
      'unsupported-for-target',
      at,
      `${fn.name} is supported only for Workday, SuccessFactors and API-driven provisioning to on-premises Active Directory, not for SCIM apps.`,
    );
  }
}

function signatureLabel(fn: FunctionInfo, signature: FunctionSignature): string {
  if (signature.label) return signature.label;
  const names = signature.parameters.map((p) => (p.required ? p.name : `[${p.name}]`));
  return `${fn.name}(${names.join(', ')}${signature.repeat ? ', ...' : ''})`;
}

function chooseSignature(call: Call, fn: FunctionInfo, context: MappingContext): FunctionSignature | undefined {
  const count = call.args.length;
  const signature = fn.signatures.find((s) => acceptsArgumentCount(s, count));
  if (signature) return signature;
  const expected = fn.signatures.map((s) => `${signatureLabel(fn, s)} takes ${expectedArgumentCount(s)}`).join('; ');
  const maxima = fn.signatures.map((s) => arityOf(s).max);
  const max = maxima.includes(undefined) ? undefined : Math.max(...(maxima as number[]));
  const argSpan = (i: number): Span => call.args[i]?.span ?? call.argSpans[i] ?? call.span;
  let span: Span = call.closeParen ?? call.name.span;
  if (max !== undefined && count > max) span = { start: argSpan(max).start, end: argSpan(count - 1).end };
  else if (count > arityOf(fn.signatures[0]).min && count > 0) span = argSpan(count - 1);
  const slot = leftOutSlot(call, fn);
  const hint = slot ? ` The optional ${slot.parameter} is left out rather than left empty: write \`, ,\` for it.` : '';
  context.reporter.report(
    'argument-count',
    span,
    `${expected}; found ${count}.${hint}`,
    slot ? { found: count, emptySlot: slot } : { found: count },
  );
  return undefined;
}

/**
 * An optional parameter before a required one that the call leaves out instead of leaving empty
 * (`Switch([x], "k", "v")`): one argument short, and with an
 * empty slot at that optional parameter the call fits. Where to insert it, for the quick fix.
 */
function leftOutSlot(call: Call, fn: FunctionInfo): { readonly parameter: string; readonly insert: Span } | undefined {
  const count = call.args.length;
  if (count === 0) return undefined;
  for (const signature of fn.signatures) {
    if (!acceptsArgumentCount(signature, count + 1)) continue;
    const index = signature.parameters.findIndex(
      (p, i) => i > 0 && i <= count && !p.required && signature.parameters.slice(i + 1).some((later) => later.required),
    );
    const before = index > 0 ? (call.argSpans[index - 1] ?? call.args[index - 1]?.span) : undefined;
    if (before) {
      const end = call.args[index - 1]?.span.end ?? before.end;
      return { parameter: signature.parameters[index].name, insert: { start: end, end } };
    }
  }
  return undefined;
}

/** A constant the evaluator reads as a condition (functions.ts truth): True/False in any case, or a number. */
function readsAsCondition(text: string): boolean {
  try {
    truth(text);
    return true;
  } catch {
    return false;
  }
}

function checkArgumentKind(arg: Expression, param: FunctionParameter, fn: FunctionInfo, context: MappingContext): void {
  const { reporter } = context;
  const role = `${fn.name}'s ${param.name}`;
  switch (param.type) {
    case 'condition': {
      const returns = arg.kind === 'call' ? findFunctionIgnoreCase(arg.name.text)?.returns : undefined;
      // CBool converts "any valid expression" (FN): a number (non-zero is True) or True/False text,
      // evaluated as IIF's condition is; IIF itself needs a comparison or a boolean.
      const converts = fn.name === 'CBool';
      const fine =
        arg.kind === 'comparison' ||
        arg.kind === 'attribute' ||
        arg.kind === 'number' ||
        // Graph stores numbers as string constants: "1" is 1, and "True"/"False" is Entra's boolean text.
        (arg.kind === 'string' && readsAsCondition(arg.value)) ||
        arg.kind === 'enum' ||
        arg.kind === 'error' ||
        (arg.kind === 'call' &&
          (returns === undefined ||
            returns === 'boolean' ||
            returns === 'flowControl' ||
            (converts && (returns === 'number' || returns === 'string'))));
      if (!fine)
        reporter.report(
          'argument-kind',
          arg.span,
          `${role} must be a comparison such as [country] = "US" (operators = <> > >= < <=) or a function that returns True/False${converts ? ' or a number' : ''}.`,
        );
      return;
    }
    case 'enum':
      if (arg.kind !== 'enum')
        reporter.report(
          'argument-kind',
          arg.span,
          `${role} takes ${(param.values ?? []).join(' or ')} without quotes.`,
          suggestionData(param.values?.[0]),
        );
      return;
    case 'integer':
    case 'number': {
      const literal = arg.kind === 'string' ? arg.value : arg.kind === 'number' ? arg.raw : undefined;
      // The evaluator's own reading decides: Graph stores numbers as string constants, so "&H1F" is &H1F.
      const readable = (text: string) => (param.type === 'integer' ? parseInteger(text) !== undefined : isNumeric(text));
      if (literal !== undefined && !readable(literal)) {
        reporter.report(
          'argument-kind',
          arg.span,
          `${role} must be ${param.type === 'integer' ? 'a whole number' : 'a number'}, not ${arg.kind === 'string' ? `"${literal}"` : literal}.`,
        );
      }
      return;
    }
    case 'appRoleAssignments':
      if (!(arg.kind === 'attribute' && arg.name === 'appRoleAssignments')) {
        reporter.report('argument-kind', arg.span, `${fn.name} takes the app role assignments themselves: write [appRoleAssignments].`, {
          suggestion: '[appRoleAssignments]',
        });
      }
      return;
    case 'multiValued':
      if (arg.kind === 'string' || arg.kind === 'number')
        reporter.report('argument-kind', arg.span, `${role} must be a multi-valued attribute such as [proxyAddresses], not a constant.`);
      return;
    case 'regex':
      if (arg.kind === 'string' && !arg.recovered) {
        reportRegexProblem(arg.value, arg.span, reporter);
      }
      return;
    default:
      return;
  }
}

/**
 * A regular expression (Replace's pattern, a scoping filter's REGEX MATCH value) that is not .NET's
 * (an error), or that is but scimmap cannot evaluate (a warning: Entra runs it, the preview cannot).
 */
export function reportRegexProblem(pattern: string, span: Span, reporter: Reporter): void {
  const problem = dotNetRegexProblem(pattern);
  if (problem?.kind === 'invalid') reporter.report('invalid-regex', span, `This regular expression is invalid: ${problem.message}.`);
  else if (problem)
    reporter.report(
      'unevaluable-regex',
      span,
      `Entra runs this regular expression, but scimmap cannot evaluate it (${problem.message}): previews, simulations and tests of this mapping stop here with that reason.`,
    );
}

/**
 * A Switch on a Boolean source attribute (the source schema's type: IsSoftDeleted, accountEnabled,
 * ...) gets its value as "True" or "False" (G:provisionOnDemand), and Switch compares keys
 * case-sensitively (FN): a key "true" or "FALSE" never matches.
 */
function checkBooleanSwitchKeys(call: Call, source: AttributeRef, context: MappingContext): void {
  if (findSourceAttribute(context.object, source.name)?.type !== 'Boolean') return;
  for (let index = 2; index < call.args.length; index += 2) {
    const key = call.args[index];
    if (key?.kind !== 'string' || key.recovered) continue;
    const spelled = booleanTexts.find((text) => text.toLowerCase() === key.value.toLowerCase());
    if (spelled === undefined || spelled === key.value) continue;
    context.reporter.report(
      'switch-boolean-key-case',
      key.span,
      `[${source.name}] is a Boolean, which Switch reads as "True" or "False", and Switch compares keys case-sensitively: the key "${key.value}" never matches. Write "${spelled}".`,
      { suggestion: spelled },
    );
  }
}

/** How Entra writes a Boolean attribute's value as text. */
const booleanTexts = ['True', 'False'];

/**
 * What makes an IIF condition fail (FN): each attribute it reads that Entra may leave null or empty,
 * and each null test (IsNull, IsNullOrEmpty, IsPresent), which Entra does not support as a condition.
 */
export function iifConditionFailures(
  condition: Expression | undefined,
  object: BlockObject,
): Array<{ readonly attribute: AttributeRef } | { readonly nullTest: Call; readonly fn: FunctionInfo }> {
  if (!condition || condition.recovered) return [];
  if (condition.kind === 'attribute') return findSourceAttribute(object, condition.name)?.alwaysPresent ? [] : [{ attribute: condition }];
  if (condition.kind === 'call') {
    const fn = findFunctionIgnoreCase(condition.name.text);
    if (fn && hasFlag(fn, 'nullTest')) return [{ nullTest: condition, fn }];
    return condition.args.flatMap((arg) => iifConditionFailures(arg, object));
  }
  if (condition.kind === 'comparison' || condition.kind === 'concat')
    return [...iifConditionFailures(condition.left, object), ...iifConditionFailures(condition.right, object)];
  return [];
}

/** IIF's condition fails when an attribute it reads is null or empty (FN): warn and name the Switch workaround. */
function checkIifCondition(condition: Expression, context: MappingContext): void {
  for (const failure of iifConditionFailures(condition, context.object)) {
    if ('attribute' in failure) {
      const { name, span } = failure.attribute;
      const workaround = `Switch([${name}], [${name}], "", "<value when empty>")`;
      context.reporter.report(
        'iif-null-condition',
        span,
        `If [${name}] is null or empty, Entra fails this IIF condition check instead of taking the false branch. Handle the empty case with Switch, e.g. ${workaround}.`,
        { attribute: name, suggestion: workaround },
      );
    } else {
      // Name the attribute tested, so the workaround can be pasted: IsPresent([jobTitle]) gives Switch([jobTitle], ...).
      const argument = failure.nullTest.args[0];
      const tested = argument?.kind === 'attribute' ? `[${argument.name}]` : '[attr]';
      context.reporter.report(
        'iif-null-condition',
        failure.nullTest.name.span,
        `Entra does not support ${failure.fn.name} as an IIF condition: the condition check fails on null or empty attributes. Use Switch with an "" key instead, e.g. Switch(${tested}, ${tested}, "", "<value when empty>").`,
        { function: failure.fn.name },
      );
    }
  }
}

function checkSwitch(call: Call, position: Position, context: MappingContext): void {
  const source = call.args[0];
  if (source?.kind === 'attribute') checkBooleanSwitchKeys(call, source, context);
  if (source?.kind === 'call') {
    const fn = findFunctionIgnoreCase(source.name.text);
    if (fn && hasFlag(fn, 'nullTest')) {
      context.reporter.report(
        'switch-boolean-source',
        source.name.span,
        `Do not use ${fn.name} as the Switch source: it returns a boolean and Switch compares strings case-sensitively. Switch on the attribute itself and use an "" key for the empty case.`,
        { function: fn.name },
      );
    }
  }
  const defaultValue = call.args[1];
  if (defaultValue && !position.insideIgnoreFlow && !call.recovered) {
    context.reporter.report(
      'switch-default-null',
      defaultValue.span,
      'Known Entra service issue: a Switch with a default value can evaluate to null when another attribute of the user changed, which clears the target. Wrap it, IgnoreFlowIfNullOrEmpty(Switch(...)), or use nested IIF, the two workarounds Microsoft documents.',
      { suggestion: 'IgnoreFlowIfNullOrEmpty' },
    );
  }
}
