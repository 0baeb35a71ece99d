// `scimmap import`: Entra's synchronization schema JSON -> .scimmap text. Every object mapping of
// every rule becomes a block (hidden and disabled ones too) that carries what identifies it, so
// export can merge it back. Anything the language cannot say is a clear error naming its pointer.
import type { Expression, ObjectBlock } from '../syntax/ast';
import { findScopingOperator } from '../schema/scoping-operators';
import {
  JsonSyntaxError,
  arrayItems,
  duplicateKeys,
  member,
  parseJsonTree,
  scalar,
  stringMember,
  type DuplicateKey,
  type JsonArray,
  type JsonNode,
} from './json-tree';
import { pointerToken } from '../../../shared/src/json-pointer';
import {
  ALL_ACTIONS,
  checkObjectMappingKinds,
  EntraSchemaError,
  USUAL_OBJECTS,
  objectMappingActions,
  objectNamesOf,
  readAttributeMapping,
  readScope,
  sameActions,
  type EntraProblem,
  type MappingModel,
  type ScopeModel,
} from './model';
import { canonicalExpression, sourceTree, treeDisagreement } from './sources';
import { quoteString } from '../syntax/quoting';
import { parseExpression } from '../syntax/parser';
import { loneSurrogate, readTargetName, targetSchemaOf, type TargetObjects } from './target-schema';
import { importHeader } from '../../../shared/src/entra-origin';
import { entraDirectoryNames } from '../../../shared/src/graph/synchronization-schema';

/** Both names Entra's own directory goes by (2017 exports and current ones). */
export const ENTRA_DIRECTORY_NAMES: readonly string[] = entraDirectoryNames;

/** The scoping operators seen in real exported JSON; the rest are portal labels only. */
export const CONFIRMED_OPERATORS: ReadonlySet<string> = new Set([
  'EQUALS',
  'NOT EQUALS',
  'IS TRUE',
  'IS FALSE',
  'IS NULL',
  'IS NOT NULL',
  'REGEX MATCH',
  'NOT REGEX MATCH',
]);

export interface SchemaDocument {
  readonly root: JsonNode;
  readonly rules: JsonArray;
  readonly directories: JsonArray;
  /** Keys written more than once in one object, each time with the same value (other repeats are refused). */
  readonly repeatedKeys: readonly DuplicateKey[];
}

/** Parses and checks the shape of a synchronization schema. Throws EntraSchemaError. */
export function readSchemaDocument(text: string): SchemaDocument {
  let root: JsonNode;
  try {
    root = parseJsonTree(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw new EntraSchemaError([{ pointer: error.pointer, message: `not JSON: ${error.message}` }], true);
    throw error;
  }
  // scimmap reads the first of a repeated key, JSON.parse the last, and Graph (OData) may refuse the
  // file: with different values, which one Entra would use is unknown.
  const repeatedKeys = duplicateKeys(root, text);
  const conflicting = repeatedKeys.filter((d) => !d.sameValue);
  if (conflicting.length > 0)
    throw new EntraSchemaError(
      conflicting.map((d) => ({
        pointer: `${d.object.pointer}/${pointerToken(d.key)}`,
        message: `${duplicateKeyText(d)} with different values: a JSON reader takes the last, scimmap would take the first and Graph may refuse the file, so which one Entra uses is unknown; keep one of them`,
      })),
    );
  const rules = member(root, 'synchronizationRules');
  const directories = member(root, 'directories');
  if (root.kind !== 'object' || rules?.kind !== 'array' || directories?.kind !== 'array') {
    // Where the shape goes wrong: a member of another kind, else the document (not an object, or a member absent).
    const wrong = root.kind === 'object' ? [rules, directories].find((m) => m && m.kind !== 'array') : undefined;
    throw new EntraSchemaError([
      {
        pointer: wrong?.pointer ?? '',
        message:
          'not a synchronization schema: expected an object with synchronizationRules and directories arrays (Graph\'s synchronizationSchema, as "Review your schema here" downloads it)',
      },
    ]);
  }
  for (const rule of rules.items) {
    const mappings = member(rule, 'objectMappings');
    if (rule.kind !== 'object' || (mappings && mappings.kind !== 'array' && mappings.kind !== 'null')) {
      throw new EntraSchemaError([
        { pointer: rule.pointer, message: 'a synchronization rule must be an object with an objectMappings array' },
      ]);
    }
  }
  return { root, rules, directories, repeatedKeys };
}

function duplicateKeyText(d: DuplicateKey): string {
  return `the key ${JSON.stringify(d.key)} appears ${d.count} times in one object`;
}

/** Repeated keys with the same value: the meaning is clear, but Graph may refuse the file. */
function repeatedKeyWarnings(document: SchemaDocument): EntraProblem[] {
  return document.repeatedKeys.map((d) => ({
    pointer: `${d.object.pointer}/${pointerToken(d.key)}`,
    message: `${duplicateKeyText(d)} (with the same value): Graph may refuse a schema with repeated keys; export keeps them, so remove the extra ones`,
  }));
}

/** The directory names an Entra rule uses that the schema's `directories` lack: export refuses such a rule. */
export function undeclaredDirectories(document: SchemaDocument, rule: JsonNode): EntraProblem[] {
  const names = document.directories.items.map((d) => stringMember(d, 'name'));
  const declared = `(it has ${names.map((name) => JSON.stringify(name ?? null)).join(', ') || 'none'})`;
  const problems: EntraProblem[] = [];
  const sourceName = stringMember(rule, 'sourceDirectoryName');
  if (sourceName !== undefined && ENTRA_DIRECTORY_NAMES.includes(sourceName) && !names.includes(sourceName))
    problems.push({
      pointer: `${rule.pointer}/sourceDirectoryName`,
      message: `the rule reads from ${JSON.stringify(sourceName)}, which is not one of the schema's directories ${declared}`,
    });
  const targetName = stringMember(rule, 'targetDirectoryName');
  if (targetName === undefined || !names.includes(targetName))
    problems.push({
      pointer: `${rule.pointer}/targetDirectoryName`,
      message: `the rule writes to ${JSON.stringify(targetName)}, which is not one of the schema's directories ${declared}`,
    });
  return problems;
}

export function objectMappingsOf(rule: JsonNode): readonly JsonNode[] {
  return arrayItems(member(rule, 'objectMappings'));
}

/**
 * The rule a block without `rule` belongs to: the first editable one that reads from Entra (an
 * inbound rule may come first: Graph sorts the arrays itself), else the first editable one.
 */
export function defaultRuleIndex(rules: JsonArray): number {
  const editable = (rule: JsonNode) => scalar(member(rule, 'editable')) !== false;
  const fromEntra = rules.items.findIndex(
    (rule) => editable(rule) && ENTRA_DIRECTORY_NAMES.includes(stringMember(rule, 'sourceDirectoryName') ?? ''),
  );
  const index = fromEntra >= 0 ? fromEntra : rules.items.findIndex(editable);
  return index < 0 ? 0 : index;
}

export function blockKindOf(sourceObject: string, targetObject: string): ObjectBlock['object'] {
  if (sourceObject === 'User') return 'users';
  if (sourceObject === 'Group') return 'groups';
  return /group/i.test(targetObject) ? 'groups' : 'users';
}

export interface ImportOptions {
  /** Where the target-schema file will be, relative to the .scimmap (`./app.target.json`): the file declares it. Absent: no target schema. */
  readonly targetFile?: string;
}

export interface ImportResult {
  /** The .scimmap text. */
  readonly text: string;
  /** The target directory's attribute definitions in the target-schema format, to write at `targetFile`. */
  readonly targetSchema?: object;
  /** Things to know that do not stop the import (a tree that disagrees with its expression, an unverified operator). */
  readonly warnings: readonly EntraProblem[];
}

/** Imports a schema JSON text (`origin`: its path, recorded in the first line). Throws EntraSchemaError listing every problem. */
export function importSchema(jsonText: string, origin = 'the schema', options: ImportOptions = {}): ImportResult {
  const document = readSchemaDocument(jsonText);
  const problems: EntraProblem[] = [];
  const warnings: EntraProblem[] = repeatedKeyWarnings(document);
  const { rules } = document;
  const defaultRule = defaultRuleIndex(rules);
  const ruleNames = rules.items.map((rule) => stringMember(rule, 'name'));
  const out: string[] = [importHeader(origin)];
  const targetObjects: TargetObjects = { directory: stringMember(rules.items[defaultRule], 'targetDirectoryName') ?? '', objects: {} };

  rules.items.forEach((rule, ruleIndex) => {
    if (!ENTRA_DIRECTORY_NAMES.includes(stringMember(rule, 'sourceDirectoryName') ?? '')) {
      // Inbound rules (the app to Entra, such as PROFILE_INBOUND_APPROLE) are not what a .scimmap describes.
      if (objectMappingsOf(rule).length > 0)
        warnings.push({
          pointer: rule.pointer,
          message: `the rule ${stringMember(rule, 'name') ?? ''} reads from ${JSON.stringify(stringMember(rule, 'sourceDirectoryName'))}, not from Entra: export keeps it as it is`,
        });
      return;
    }
    // Export refuses such a rule: said now, before the user edits the .scimmap.
    for (const problem of undeclaredDirectories(document, rule))
      warnings.push({
        ...problem,
        message: `${problem.message}: export refuses this rule until the name or the directories are corrected`,
      });
    const firstOfSource = new Set<string>();
    for (const om of objectMappingsOf(rule)) {
      if (!checkObjectMappingKinds(om, problems)) continue;
      const { source: sourceObject, target: targetObject } = objectNamesOf(om);
      const kind = blockKindOf(sourceObject, targetObject);
      const header: string[] = [kind];
      const name = member(om, 'name');
      if (name?.kind === 'string') header.push(stringLiteral(name.value as string, `${om.pointer}/name`, 'object mapping name', problems));
      const usual = USUAL_OBJECTS[kind];
      const isDefaultTarget = sourceObject === usual.source && !firstOfSource.has(sourceObject);
      firstOfSource.add(sourceObject);
      if (!isDefaultTarget)
        header.push(
          `from ${stringLiteral(sourceObject, `${om.pointer}/sourceObjectName`, 'source object', problems)} to ${stringLiteral(targetObject, `${om.pointer}/targetObjectName`, 'target object', problems)}`,
        );
      if (ruleIndex === defaultRule && sourceObject === usual.source) targetObjects.objects[kind] ??= targetObject;
      if (ruleIndex !== defaultRule) {
        const ruleName = ruleNames[ruleIndex];
        const unique = ruleName !== undefined && ruleNames.filter((n) => n === ruleName).length === 1;
        header.push(
          `rule ${unique ? stringLiteral(ruleName, `${rule.pointer}/name`, 'rule name', problems) : stringLiteral(stringMember(rule, 'id') ?? String(ruleIndex), `${rule.pointer}/id`, 'rule id', problems)}`,
        );
      }
      out.push('', `${header.join(' ')} {`);
      if (scalar(member(om, 'enabled')) === false) out.push('  enabled false');
      const actions = objectMappingActions(om);
      if (!actions || actions.size === 0)
        problems.push({
          pointer: `${om.pointer}/flowTypes`,
          message: `flowTypes ${JSON.stringify(stringMember(om, 'flowTypes'))}: expected Add, Update and/or Delete`,
        });
      else if (!sameActions(actions, new Set(ALL_ACTIONS))) out.push(`  actions ${ALL_ACTIONS.filter((a) => actions.has(a)).join(', ')}`);

      const seenTargets = new Map<string, string>();
      for (const am of arrayItems(member(om, 'attributeMappings'))) {
        const model = readAttributeMapping(am, problems);
        if (!model) continue;
        const first = seenTargets.get(model.target);
        if (first)
          problems.push({
            pointer: `${am.pointer}/targetAttributeName`,
            message: `duplicate target ${JSON.stringify(model.target)}: already mapped at ${first}`,
          });
        seenTargets.set(model.target, am.pointer);
        const source = member(am, 'source');
        if (model.expression && source && source.kind === 'object' && member(source, 'type')) {
          const disagreement = treeDisagreement(sourceTree(model.expression), source);
          if (disagreement)
            warnings.push({
              pointer: disagreement.pointer,
              message: `the source tree disagrees with its expression (the expression is used): ${disagreement.message}`,
            });
        }
        if (model.canonical !== undefined && source)
          refuseLoneSurrogate(model.canonical, member(source, 'expression')?.pointer ?? source.pointer, 'the expression', problems);
        const target = SIMPLE_TARGET.test(model.target) ? model.target : targetSpelling(model.target, am.pointer, problems);
        out.push(`  ${mappingLine(model, target, am.pointer, problems)}`);
      }
      readScope(member(om, 'scope'), problems).forEach((scope, i) =>
        out.push(...scopeLines(scope, `${om.pointer}/scope/groups/${i}`, problems, warnings)),
      );
      for (const experimental of ['inputFilterGroups', 'categoryFilterGroups']) {
        const groups = member(member(om, 'scope'), experimental);
        if (groups?.kind === 'array' && groups.items.length > 0) {
          warnings.push({
            pointer: groups.pointer,
            message: `${experimental} (experimental) are kept in the schema as they are; the .scimmap does not show them`,
          });
        }
      }
      out.push('}');
    }
  });
  const targetSchema = options.targetFile === undefined ? undefined : targetSchemaOf(document.directories.items, targetObjects, origin);
  if (targetSchema) out.splice(1, 0, '', `target ${quoteString(options.targetFile!)}`);
  else if (options.targetFile !== undefined)
    warnings.push({
      pointer: document.directories.pointer,
      message: `no directory ${JSON.stringify(targetObjects.directory)} with the mapped objects: the .scimmap is checked against Genesys Cloud`,
    });
  const text = `${out.join('\n')}\n`;
  if (problems.length > 0) throw new EntraSchemaError(problems);
  return { text, warnings, ...(targetSchema && { targetSchema }) };
}

/** A mapping's line, its target spelled `target`; `pointer`: the attribute mapping's. */
function mappingLine(m: MappingModel, target: string, pointer: string, problems: EntraProblem[]): string {
  const parts = [`${target} <- ${m.expression ? sourceText(m.expression) : 'none'}`];
  if (m.matchingPriority > 0) parts.push(`match ${m.matchingPriority}`);
  if (m.defaultValue !== null) parts.push(`default ${stringLiteral(m.defaultValue, `${pointer}/defaultValue`, 'default value', problems)}`);
  if (m.flowType === 'ObjectAddOnly') parts.push('on create');
  else if (m.flowType !== 'Always') parts.push(`flow ${m.flowType}`);
  if (m.flowBehavior !== 'FlowWhenChanged') parts.push(`behavior ${m.flowBehavior}`);
  return parts.join('  ');
}

function sourceText(e: Expression): string {
  return canonicalExpression(e);
}

/** A filter group's lines; `groupPointer` is where it is, and each problem names its clause. */
function scopeLines(scope: ScopeModel, groupPointer: string, problems: EntraProblem[], warnings: EntraProblem[]): string[] {
  const lines = [`  scope ${stringLiteral(scope.name ?? '', `${groupPointer}/name`, 'scoping filter name', problems)} {`];
  for (const [index, clause] of scope.clauses.entries()) {
    const pointer = `${groupPointer}/clauses/${index}`;
    const operator = findScopingOperator(clause.operator);
    if (!operator || operator.name !== clause.operator) {
      problems.push({ pointer, message: `unknown scoping operator ${JSON.stringify(clause.operator)}` });
      continue;
    }
    if (!CONFIRMED_OPERATORS.has(operator.name))
      warnings.push({
        pointer,
        message: `the scoping operator ${JSON.stringify(operator.name)} is a portal label never seen in exported JSON: check it in your tenant`,
      });
    if (clause.attribute === '')
      problems.push({
        pointer: `${pointer}/sourceOperandName`,
        message: 'a scoping clause needs a sourceOperandName: the source attribute it tests',
      });
    else if (loneSurrogate(clause.attribute))
      refuseLoneSurrogate(clause.attribute, `${pointer}/sourceOperandName`, 'the scoping attribute', problems);
    else if (!writableInBrackets(clause.attribute))
      problems.push({ pointer, message: `the scoping attribute ${JSON.stringify(clause.attribute)} cannot be written in brackets` });
    if (clause.values.length > 1)
      problems.push({
        pointer: `${pointer}/targetOperand/values`,
        message: `a clause of ${clause.attribute} compares with ${clause.values.length} values; .scimmap clauses take one`,
      });
    const value =
      operator.arity === 'unary' || clause.values.length === 0
        ? ''
        : ` ${stringLiteral(clause.values[0], `${pointer}/targetOperand/values/0`, 'scoping value', problems)}`;
    lines.push(`    [${clause.attribute}] ${operator.name}${value}`);
  }
  lines.push('  }');
  return lines;
}

/** Does `[name]` read back as the attribute `name`? (Brackets cannot hold `]`, a quote of any kind or a line break.) */
function writableInBrackets(name: string): boolean {
  const { expression, diagnostics } = parseExpression(`[${name}]`);
  return diagnostics.length === 0 && expression?.kind === 'attribute' && expression.name === name;
}

/**
 * A string of the schema (a default value, a scoping value, a filter's or a block's name) as a
 * .scimmap string. The language escapes `"` and `\\` but has no escape for a line break, and its
 * strings end on their line (docs/language.md), so a value holding one is refused with its pointer,
 * as a target name is, rather than written as a file that does not parse.
 */
function stringLiteral(value: string, pointer: string, what: string, problems: EntraProblem[]): string {
  if (/[\r\n]/.test(value))
    problems.push({
      pointer,
      message: `the ${what} ${JSON.stringify(value)} holds a line break, which no .scimmap string can hold (strings end on their line)`,
    });
  refuseLoneSurrogate(value, pointer, `the ${what}`, problems);
  return quoteString(value);
}

/** A string import writes that a UTF-8 .scimmap cannot hold (loneSurrogate) is refused at its pointer, never written as U+FFFD. */
function refuseLoneSurrogate(value: string, pointer: string, what: string, problems: EntraProblem[]): void {
  const reason = loneSurrogate(value);
  if (reason) problems.push({ pointer, message: `${what} ${JSON.stringify(value)} cannot be written: ${reason}` });
}

/**
 * `userName`, `cost-center`, `name.givenName`, `emails[type eq "work"].value`, `urn:...:2.0:User:manager`:
 * targets the language surely spells as written (one sub-attribute at most: `a.b.c` is `a."b.c"`).
 */
const SIMPLE_TARGET =
  /^(?:[Uu][Rr][Nn]:[A-Za-z0-9_.:-]*:)?[A-Za-z_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\[[A-Za-z_][A-Za-z0-9_]* eq "[^"\\]*"(?: and [A-Za-z_][A-Za-z0-9_]* eq "[^"\\]*")*\])?(?:\.[A-Za-z_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\[[A-Za-z_][A-Za-z0-9_]* eq "[^"\\]*"\])?)?$/;

/** How the .scimmap writes a target the plain path syntax does not cover (readTargetName); one it cannot write is an error, never a silent change. */
function targetSpelling(target: string, pointer: string, problems: EntraProblem[]): string {
  const read = readTargetName(target);
  if ('spelling' in read) return read.spelling;
  problems.push({
    pointer: `${pointer}/targetAttributeName`,
    message: `the target ${JSON.stringify(target)} cannot be written as a .scimmap target path${read.error ? ` (${read.error})` : ''}`,
  });
  return target;
}
