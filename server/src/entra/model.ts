// What a .scimmap block and an Entra objectMapping say, in one shape, so export can tell what
// changed, diff can list it, and the round-trip tests can compare. Both readers are pure.
import {
  FLOW_BEHAVIORS,
  FLOW_TYPES,
  flowTypeOf,
  type AttributeMapping,
  type Expression,
  type FlowBehavior,
  type FlowType,
  type MappingFile,
  type ObjectBlock,
  type TargetAction,
} from '../syntax/ast';
import { parseExpression } from '../syntax/parser';
import { shortened } from '../syntax/quoting';
import { findFunction, findFunctionIgnoreCase } from '../schema/functions';
import { findScopingOperator } from '../schema/scoping-operators';
import { LineIndex } from '../syntax/positions';
import { arrayItems, deepestNode, member, offsetInString, parseJsonTree, plain, scalar, stringMember, type JsonNode } from './json-tree';
import { canonicalExpression, expressionOfTree } from './sources';

export interface MappingModel {
  readonly target: string;
  /** undefined: a None mapping (`source: null`). */
  readonly expression: Expression | undefined;
  /** Canonical text of the expression (compares two sources). */
  readonly canonical: string | undefined;
  readonly defaultValue: string | null;
  readonly flowType: FlowType;
  readonly flowBehavior: FlowBehavior;
  readonly matchingPriority: number;
}

export interface ClauseModel {
  readonly attribute: string;
  readonly operator: string;
  readonly values: readonly string[];
}

export interface ScopeModel {
  /** null: a filter group without a name (written `scope ""`). */
  readonly name: string | null;
  readonly clauses: readonly ClauseModel[];
}

export interface ObjectModel {
  readonly kind: ObjectBlock['object'];
  /** undefined: keep Entra's name (a new object mapping gets Entra's usual one). */
  readonly name: string | null | undefined;
  /** Entra source and target object names; undefined: the block's usual objects. */
  readonly sourceObject: string | undefined;
  readonly targetObject: string | undefined;
  /** A rule name or id; undefined: the first editable rule. */
  readonly rule: string | undefined;
  readonly enabled: boolean;
  readonly actions: ReadonlySet<TargetAction>;
  readonly mappings: readonly MappingModel[];
  readonly scopes: readonly ScopeModel[];
}

export const ALL_ACTIONS: readonly TargetAction[] = ['create', 'update', 'delete'];
const FLOW_OF_ACTION: Record<TargetAction, string> = { create: 'Add', update: 'Update', delete: 'Delete' };
const ACTION_OF_FLOW = new Map(Object.entries(FLOW_OF_ACTION).map(([action, flow]) => [flow, action as TargetAction]));

/** Entra's usual source object and a current service's target object for a block. */
export const USUAL_OBJECTS: Record<ObjectBlock['object'], { source: string; target: string; name: string }> = {
  users: {
    source: 'User',
    target: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    name: 'Provision Microsoft Entra ID Users',
  },
  groups: { source: 'Group', target: 'urn:ietf:params:scim:schemas:core:2.0:Group', name: 'Provision Microsoft Entra ID Groups' },
};

/** `"Add,Update,Delete"` or `"Add, Update, Delete"` -> actions; undefined when a part is not a flow type. */
export function actionsOfFlowTypes(flowTypes: string): Set<TargetAction> | undefined {
  const actions = new Set<TargetAction>();
  for (const part of flowTypes.split(',')) {
    const action = ACTION_OF_FLOW.get(part.trim());
    if (!action) return undefined;
    actions.add(action);
  }
  return actions;
}

/** An object mapping's source and target object names, as import writes them: absent or null is "" (a hidden mapping's `"sourceObjectName": ""`). */
export function objectNamesOf(om: JsonNode): { readonly source: string; readonly target: string } {
  return { source: stringMember(om, 'sourceObjectName') ?? '', target: stringMember(om, 'targetObjectName') ?? '' };
}

/** An object mapping's actions: its flowTypes, all three when it has none (absent or null); undefined when a part is not a flow type. */
export function objectMappingActions(om: JsonNode): Set<TargetAction> | undefined {
  const flowTypes = stringMember(om, 'flowTypes');
  return flowTypes === undefined ? new Set(ALL_ACTIONS) : actionsOfFlowTypes(flowTypes);
}

/**
 * Add, Update, Delete order; no space after the commas (the current service's spelling) unless
 * `written`, the flowTypes being replaced, has one (`"Add, Update, Delete"`), so an edit changes only the actions.
 */
export function flowTypesOf(actions: ReadonlySet<TargetAction>, written?: string): string {
  return ALL_ACTIONS.filter((a) => actions.has(a))
    .map((a) => FLOW_OF_ACTION[a])
    .join(written !== undefined && /,\s/.test(written) ? ', ' : ',');
}

export function sameActions(a: ReadonlySet<TargetAction>, b: ReadonlySet<TargetAction>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

// ---- from a .scimmap ----

export function fileModel(file: MappingFile): ObjectModel[] {
  return file.blocks.map(blockModel);
}

export function blockModel(block: ObjectBlock): ObjectModel {
  return {
    kind: block.object,
    name: block.title?.value,
    sourceObject: block.objects?.source?.value,
    targetObject: block.objects?.target?.value,
    rule: block.rule?.value?.value,
    enabled: block.enabled?.value ?? true,
    actions: block.actions ? new Set(block.actions.actions.flatMap((a) => (a.action ? [a.action] : []))) : new Set(ALL_ACTIONS),
    mappings: block.mappings.map(mappingModel),
    scopes: block.scopes.map((scope) => ({
      name: scope.title?.value || null,
      clauses: scope.clauses.map((c) => ({
        attribute: c.attribute.name,
        operator: findScopingOperator(c.operator.text)?.name ?? c.operator.text,
        values: c.value ? [c.value.kind === 'number' ? c.value.raw : c.value.value] : [],
      })),
    })),
  };
}

export function mappingModel(mapping: AttributeMapping): MappingModel {
  const expression = mapping.source.kind === 'expression' ? mapping.source.expression : undefined;
  let defaultValue: string | null = null;
  let flowBehavior: FlowBehavior = 'FlowWhenChanged';
  let matchingPriority = 0;
  for (const p of mapping.properties) {
    if (p.kind === 'match') matchingPriority = p.precedence ?? 0;
    else if (p.kind === 'default') defaultValue = p.value?.value ?? null;
    else if (p.kind === 'behavior') flowBehavior = p.behavior ?? flowBehavior;
  }
  return {
    target: mapping.target.name,
    expression,
    canonical: expression ? canonicalExpression(expression) : undefined,
    defaultValue,
    flowType: flowTypeOf(mapping),
    flowBehavior,
    matchingPriority,
  };
}

// ---- from Entra's JSON ----

/** A problem at a JSON pointer (and, inside an expression, an offset into it). */
export interface EntraProblem {
  readonly pointer: string;
  readonly message: string;
  readonly offset?: number;
}

export class EntraSchemaError extends Error {
  /** `unreadable`: the text is not JSON at all, an unreadable input (exit 2 from every command that reads it). */
  constructor(
    readonly problems: readonly EntraProblem[],
    readonly unreadable = false,
  ) {
    super(problems.map(describeProblem).join('\n'));
  }
}

export function describeProblem(problem: EntraProblem): string {
  return `${problem.pointer || '/'}${problem.offset !== undefined ? ` (offset ${problem.offset} in the expression)` : ''}: ${problem.message}`;
}

/**
 * describeProblem for problems whose pointers point into `schemaText`, each followed by its line and
 * column there as editors count them (inside an expression, of the character at the offset), so
 * the user can go to it. A text that is not JSON says its line in the problem already.
 */
export function problemDescriber(schemaText: string): (problem: EntraProblem) => string {
  let root: JsonNode | null | undefined;
  let lines: LineIndex | undefined;
  return (problem) => {
    const described = describeProblem(problem);
    if (root === undefined) {
      try {
        root = parseJsonTree(schemaText);
      } catch {
        root = null;
      }
    }
    if (!root) return described;
    const node = deepestNode(root, problem.pointer);
    const inExpression = problem.offset !== undefined && node.kind === 'string' && node.pointer === problem.pointer;
    lines ??= new LineIndex(schemaText);
    const position = lines.positionAt(inExpression ? offsetInString(schemaText, node, problem.offset!) : node.start);
    return `${described} (line ${position.line + 1}, column ${position.character + 1})`;
  };
}

/**
 * A value import refuses (`problem`) in an attribute mapping the .scimmap also maps: export and diff
 * read past it, so it is said as a warning with what the schema holds there and what became of it.
 */
export function refusedValue(problem: EntraProblem, root: JsonNode, text: string, consequence: string): EntraProblem {
  const node = deepestNode(root, problem.pointer);
  const held = shortened(text.slice(node.start, node.end), 120);
  const holds = problem.message.includes(held) ? '' : ` (the schema holds ${held})`;
  return { ...problem, message: `${problem.message}, a value import refuses${holds}: ${consequence}` };
}

// The language's flow values are Graph's flowType and flowBehavior values, written the same.
const FLOW_TYPE_NAMES = new Set<string>(FLOW_TYPES);
const FLOW_BEHAVIOR_NAMES = new Set<string>(FLOW_BEHAVIORS);

/** An expression as a problem quotes it: whole when short, else its start and its length (the offset says where the problem is). */
function shownExpression(text: string): string {
  return text.length <= 160 ? JSON.stringify(text) : `${JSON.stringify(shortened(text, 120))} (${text.length} characters)`;
}

/**
 * Is `node` (when present) of one of `kinds`? A member of another kind is a problem at its pointer
 * (`message`), never read as absent or empty, which export would then write over.
 */
export function ofKind(
  node: JsonNode | undefined,
  kinds: ReadonlyArray<JsonNode['kind']>,
  message: string,
  problems: EntraProblem[],
): boolean {
  if (!node || kinds.includes(node.kind)) return true;
  problems.push({ pointer: node.pointer, message });
  return false;
}

/** The members of an object mapping that a block reads (its attribute mappings and scope check their own). */
export function checkObjectMappingKinds(om: JsonNode, problems: EntraProblem[]): boolean {
  if (!ofKind(om, ['object'], 'an object mapping must be an object', problems)) return false;
  const ok = [
    ofKind(member(om, 'name'), ['string', 'null'], 'name must be a string or null', problems),
    // A hidden mapping's `"sourceObjectName": ""`; null or absent is read as "" too.
    ofKind(member(om, 'sourceObjectName'), ['string', 'null'], 'sourceObjectName must be a string: the name of an object', problems),
    ofKind(member(om, 'targetObjectName'), ['string', 'null'], 'targetObjectName must be a string: the name of an object', problems),
    ofKind(member(om, 'enabled'), ['boolean', 'null'], 'enabled must be true or false', problems),
    ofKind(member(om, 'flowTypes'), ['string', 'null'], 'flowTypes must be a string such as "Add,Update,Delete", or null', problems),
    ofKind(member(om, 'attributeMappings'), ['array', 'null'], 'attributeMappings must be an array or null', problems),
    ofKind(member(om, 'scope'), ['object', 'null'], 'scope must be an object or null', problems),
  ];
  return ok.every(Boolean);
}

/** Reads one attributeMapping; problems go to `problems`, an unreadable mapping gives undefined. */
export function readAttributeMapping(node: JsonNode, problems: EntraProblem[]): MappingModel | undefined {
  const at = node.pointer;
  const target = stringMember(node, 'targetAttributeName');
  if (node.kind !== 'object' || target === undefined) {
    problems.push({ pointer: at, message: 'an attribute mapping needs a string targetAttributeName' });
    return undefined;
  }
  const source = member(node, 'source');
  if (
    !ofKind(source, ['object', 'null'], 'source must be an object or null', problems) ||
    !ofKind(member(source, 'expression'), ['string'], 'expression must be a string', problems)
  )
    return undefined;
  let expression: Expression | undefined;
  if (source && source.kind !== 'null') {
    const text = expressionOfTree(source);
    if (text === undefined) {
      problems.push({ pointer: source.pointer, message: 'the source has neither an expression nor a type and name to rebuild one from' });
      return undefined;
    }
    const parsed = parseExpression(text);
    const error = parsed.diagnostics.find((d) => d.severity === 'error');
    if (error || !parsed.expression) {
      problems.push({
        pointer: `${source.pointer}/expression`,
        offset: error?.span.start ?? 0,
        message: `expression syntax error in ${shownExpression(text)}: ${error?.message ?? 'no expression'}`,
      });
      return undefined;
    }
    // A lone word parses (as an argument it is an enum, vbTextCompare) but is no mapping's source: the .scimmap would not parse.
    if (parsed.expression.kind === 'enum') {
      problems.push({
        pointer: `${source.pointer}/expression`,
        offset: 0,
        message: `expression syntax error in ${JSON.stringify(text)}: a bare word is no source: [${parsed.expression.name}] is the attribute, "${parsed.expression.name}" the constant`,
      });
      return undefined;
    }
    const unknown = firstUnknownFunction(parsed.expression);
    if (unknown) {
      problems.push({
        pointer: `${source.pointer}/expression`,
        offset: unknown.offset,
        message: `unknown function ${unknown.name} in ${shownExpression(text)}`,
      });
      return undefined;
    }
    expression = parsed.expression;
  }
  const defaultNode = member(node, 'defaultValue');
  ofKind(defaultNode, ['string', 'null'], 'defaultValue must be a string or null', problems);
  const flowType = enumMember(node, 'flowType', 'Always');
  if (!FLOW_TYPE_NAMES.has(flowType)) problems.push({ pointer: `${at}/flowType`, message: `unknown flowType ${JSON.stringify(flowType)}` });
  const flowBehavior = enumMember(node, 'flowBehavior', 'FlowWhenChanged');
  if (!FLOW_BEHAVIOR_NAMES.has(flowBehavior))
    problems.push({ pointer: `${at}/flowBehavior`, message: `unknown flowBehavior ${JSON.stringify(flowBehavior)}` });
  const priority = member(node, 'matchingPriority');
  // Absent or null is 0 (not matching); a string or another kind is refused, never read as 0.
  const matchingPriority = !priority || priority.kind === 'null' ? 0 : priority.kind === 'number' ? (priority.value as number) : NaN;
  if (!Number.isInteger(matchingPriority) || matchingPriority < 0)
    problems.push({ pointer: `${at}/matchingPriority`, message: 'matchingPriority must be a whole number' });
  return {
    target,
    expression,
    canonical: expression ? canonicalExpression(expression) : undefined,
    defaultValue: defaultNode?.kind === 'string' ? (defaultNode.value as string) : null,
    flowType: flowType as FlowType,
    flowBehavior: flowBehavior as FlowBehavior,
    matchingPriority,
  };
}

/** An enum member: `fallback` when absent or null; another kind than a string keeps its JSON text, which no name check accepts. */
function enumMember(node: JsonNode, key: string, fallback: string): string {
  const value = member(node, key);
  if (!value || value.kind === 'null') return fallback;
  return value.kind === 'string' ? (value.value as string) : JSON.stringify(plain(value));
}

function firstUnknownFunction(e: Expression): { name: string; offset: number } | undefined {
  if (e.kind === 'call') {
    // A name in another case is Entra's function, as check takes it (with its function-case warning).
    if (!findFunction(e.name.text) && !findFunctionIgnoreCase(e.name.text)) return { name: e.name.text, offset: e.name.span.start };
    for (const arg of e.args) {
      const inner = arg && firstUnknownFunction(arg);
      if (inner) return inner;
    }
  } else if (e.kind === 'comparison' || e.kind === 'concat') {
    return firstUnknownFunction(e.left) ?? firstUnknownFunction(e.right);
  }
  return undefined;
}

/** Reads `scope` (null, absent, or {groups: [...]}) into filters. */
export function readScope(node: JsonNode | undefined, problems: EntraProblem[]): ScopeModel[] {
  if (!node || node.kind === 'null') return [];
  const groups = member(node, 'groups');
  if (!groups || groups.kind === 'null') return [];
  if (groups.kind !== 'array') {
    problems.push({ pointer: groups.pointer, message: 'scope.groups must be an array' });
    return [];
  }
  const found = problems.length;
  for (const group of groups.items) {
    if (!ofKind(group, ['object'], 'a filter group must be an object', problems)) continue;
    ofKind(member(group, 'name'), ['string', 'null'], 'name must be a string or null', problems);
    const clauses = member(group, 'clauses');
    if (!ofKind(clauses, ['array', 'null'], 'clauses must be an array or null', problems)) continue;
    for (const clause of arrayItems(clauses)) {
      if (!ofKind(clause, ['object'], 'a scoping clause must be an object', problems)) continue;
      const operand = member(clause, 'targetOperand');
      if (!ofKind(operand, ['object', 'null'], 'targetOperand must be an object or null', problems)) continue;
      const values = member(operand, 'values');
      if (!ofKind(values, ['array', 'null'], 'values must be an array or null', problems)) continue;
      // Graph's filterOperand values are strings: another kind is refused, not read as its text ("null").
      for (const value of arrayItems(values))
        if (value.kind !== 'string') problems.push({ pointer: value.pointer, message: 'a scoping value must be a string' });
    }
  }
  // A group or clause of the wrong kind is the one problem to tell, not what reading it as empty would say.
  if (problems.length > found) return [];
  return groups.items.map((group) => readFilterGroup(group));
}

/** One element of `scope.groups`: {clauses: [...], name}. */
export function readFilterGroup(group: JsonNode): ScopeModel {
  const name = member(group, 'name');
  return {
    name: name?.kind === 'string' && name.value !== '' ? (name.value as string) : null,
    clauses: arrayItems(member(group, 'clauses')).map(readClause),
  };
}

/** One scoping clause: {operatorName, sourceOperandName, targetOperand: {values: [...]} or null}. */
export function readClause(clause: JsonNode): ClauseModel {
  const values = arrayItems(member(member(clause, 'targetOperand'), 'values')).map((v) => String(scalar(v)));
  return { attribute: stringMember(clause, 'sourceOperandName') ?? '', operator: stringMember(clause, 'operatorName') ?? '', values };
}

export function sameMapping(a: MappingModel, b: MappingModel): boolean {
  return (
    a.target === b.target &&
    a.canonical === b.canonical &&
    a.defaultValue === b.defaultValue &&
    a.flowType === b.flowType &&
    a.flowBehavior === b.flowBehavior &&
    a.matchingPriority === b.matchingPriority
  );
}

/** Do two filters, filter groups or clauses say the same? */
export function sameFilters<T extends ScopeModel | ClauseModel>(a: T | readonly T[], b: T | readonly T[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
