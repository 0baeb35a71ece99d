// `scimmap export`: a .scimmap merged into Entra's synchronization schema JSON. Only the values the
// .scimmap expresses are replaced, in place; every other byte of the base (ids, versions,
// directories, metadata strings, unknown members, key order, formatting) stays as it was, so an
// unchanged file exports to the base itself. New objects use the key order the service emits.
import type { MappingFile } from '../syntax/ast';
import { sourceSchema } from '../schema/source';
import { findTargetAttributeByPath, findTargetResource, type EntraAttributeType, type TargetSchemaData } from '../schema/target';
import { defaultTarget } from '../schema/target-format';
import { arrayItems, member, scalar, stringMember, type JsonArray, type JsonNode } from './json-tree';
import {
  ENTRA_DIRECTORY_NAMES,
  blockKindOf,
  defaultRuleIndex,
  objectMappingsOf,
  readSchemaDocument,
  undeclaredDirectories,
  type SchemaDocument,
} from './import';
import {
  EntraSchemaError,
  USUAL_OBJECTS,
  checkObjectMappingKinds,
  fileModel,
  flowTypesOf,
  objectMappingActions,
  objectNamesOf,
  readAttributeMapping,
  readClause,
  readFilterGroup,
  readScope,
  refusedValue,
  sameActions,
  sameMapping,
  sameFilters,
  type ClauseModel,
  type EntraProblem,
  type MappingModel,
  type ObjectModel,
  type ScopeModel,
} from './model';
import { sourceTree } from './sources';

export interface ExportResult {
  readonly text: string;
  /** What export kept or added that the user may want to know (object mappings the .scimmap does not mention, attribute definitions added). */
  readonly notes: readonly string[];
  /** Values of the base that import refuses, in mappings the .scimmap edits: written over, so said at their pointers. */
  readonly warnings: readonly EntraProblem[];
}

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface ExportOptions {
  /** The target schema the file maps to (the types of attribute definitions export adds); default Genesys Cloud. */
  readonly target?: TargetSchemaData;
  /** The id of a new schema's rule; default a random UUID. */
  readonly newId?: () => string;
}

/** Exports a parsed .scimmap (free of errors: the caller checks) onto a base schema text, or onto a new Genesys Cloud schema. Throws EntraSchemaError. */
export function exportSchema(file: MappingFile, baseText?: string, options: ExportOptions = {}): ExportResult {
  const base = baseText ?? newGenesysSchema(options.newId ?? (() => crypto.randomUUID()));
  return new Exporter(base, readSchemaDocument(base), fileModel(file), options.target ?? defaultTarget(), baseText === undefined).run();
}

/** Which blocks edit which object mapping of which rule, and which are new. */
export interface Pairing {
  readonly perRule: ReadonlyArray<{ readonly edits: ReadonlyMap<JsonNode, ObjectModel>; readonly added: readonly ObjectModel[] }>;
  readonly problems: readonly EntraProblem[];
  /** Blocks whose `rule` the schema does not have (each also a problem). */
  readonly withoutRule: readonly ObjectModel[];
}

/**
 * Pairs each block with the object mapping it stands for: in its rule (`rule`, or the first
 * editable one), the first not yet taken with its source object (`from`, or User / Group) and, when
 * the header says `to`, its target object.
 */
export function pairBlocks(document: SchemaDocument, blocks: readonly ObjectModel[]): Pairing {
  const { rules } = document;
  const defaultRule = defaultRuleIndex(rules);
  const problems: EntraProblem[] = [];
  const withoutRule: ObjectModel[] = [];
  const perRule = rules.items.map(() => ({ edits: new Map<JsonNode, ObjectModel>(), added: [] as ObjectModel[] }));
  for (const block of blocks) {
    const ruleIndex =
      block.rule === undefined
        ? defaultRule
        : rules.items.findIndex((r) => stringMember(r, 'name') === block.rule || stringMember(r, 'id') === block.rule);
    if (ruleIndex < 0) {
      problems.push({ pointer: rules.pointer, message: `the schema has no synchronization rule named ${JSON.stringify(block.rule)}` });
      withoutRule.push(block);
      continue;
    }
    const { edits, added } = perRule[ruleIndex];
    const source = block.sourceObject ?? USUAL_OBJECTS[block.kind].source;
    const target = block.targetObject;
    const match = objectMappingsOf(rules.items[ruleIndex]).find((om) => {
      if (edits.has(om)) return false;
      const names = objectNamesOf(om);
      return names.source === source && (target === undefined || names.target === target);
    });
    if (match) edits.set(match, block);
    else added.push(block);
  }
  return { perRule, problems, withoutRule };
}

class Exporter {
  private readonly style: Style;
  private readonly problems: EntraProblem[] = [];
  private readonly notes: string[] = [];
  private readonly warnings: EntraProblem[] = [];
  /** Attribute definitions to add: directory name -> object name -> attribute names. */
  private readonly definitions = new Map<string, Map<string, Set<string>>>();

  constructor(
    private readonly text: string,
    private readonly document: SchemaDocument,
    private readonly blocks: readonly ObjectModel[],
    private readonly target: TargetSchemaData,
    /** A new schema, not a base: every definition is added, which is no news. */
    private readonly fromScratch: boolean,
  ) {
    this.style = detectStyle(text);
  }

  run(): ExportResult {
    const { rules } = this.document;
    const pairing = pairBlocks(this.document, this.blocks);
    this.problems.push(...pairing.problems);
    const perRule = pairing.perRule;
    perRule.forEach(({ edits, added }, ruleIndex) => {
      const rule = rules.items[ruleIndex];
      if (edits.size === 0 && added.length === 0) return;
      if (scalar(member(rule, 'editable')) === false && (added.length > 0 || [...edits].some(([om, block]) => this.changes(om, block)))) {
        this.problems.push({
          pointer: rule.pointer,
          message: `the rule ${stringMember(rule, 'name') ?? ''} is not editable (editable: false): Entra never changes it, so its blocks must say exactly what it has`,
        });
      }
      this.checkDirectories(rule);
    });
    const ruleTexts = rules.items.map((rule, i) => this.ruleText(rule, perRule[i].edits, perRule[i].added));
    for (const rule of rules.items) {
      for (const om of objectMappingsOf(rule)) {
        if (!perRule[rules.items.indexOf(rule)].edits.has(om)) {
          this.notes.push(
            `Kept as it was: the object mapping at ${om.pointer} (${stringMember(om, 'name') ?? 'unnamed'}), which the .scimmap does not have a block for.`,
          );
        }
      }
    }
    if (this.problems.length > 0) throw new EntraSchemaError(this.problems);
    const splices: Splice[] = [];
    pushArray(splices, this.text, rules, ruleTexts, this.style);
    const directories = this.document.directories;
    pushArray(
      splices,
      this.text,
      directories,
      directories.items.map((d) => this.directoryText(d)),
      this.style,
    );
    return { text: applySplices(this.text, 0, this.text.length, splices), notes: this.notes, warnings: this.warnings };
  }

  private checkDirectories(rule: JsonNode): void {
    const sourceName = stringMember(rule, 'sourceDirectoryName');
    if (sourceName === undefined || !ENTRA_DIRECTORY_NAMES.includes(sourceName)) {
      this.problems.push({
        pointer: `${rule.pointer}/sourceDirectoryName`,
        message: `the rule reads from ${JSON.stringify(sourceName)}, not from an Entra directory (${ENTRA_DIRECTORY_NAMES.join(' or ')}): a .scimmap maps Entra users and groups`,
      });
    }
    this.problems.push(...undeclaredDirectories(this.document, rule));
  }

  /** Does the block say something other than what the object mapping has? */
  private changes(om: JsonNode, block: ObjectModel): boolean {
    return this.objectMappingText(om, block) !== this.text.slice(om.start, om.end);
  }

  private ruleText(rule: JsonNode, edits: ReadonlyMap<JsonNode, ObjectModel>, added: readonly ObjectModel[]): string {
    const mappings = member(rule, 'objectMappings');
    if (edits.size === 0 && added.length === 0) return this.text.slice(rule.start, rule.end);
    const targetDirectory = stringMember(rule, 'targetDirectoryName') ?? '';
    const texts = objectMappingsOf(rule).map((om) => {
      const block = edits.get(om);
      if (!block) return this.text.slice(om.start, om.end);
      // An edited object mapping is read as import reads it: a member of the wrong kind is refused, never written over.
      if (!checkObjectMappingKinds(om, this.problems)) return this.text.slice(om.start, om.end);
      readScope(member(om, 'scope'), this.problems);
      return this.objectMappingText(om, block, targetDirectory);
    });
    const indent = mappings?.kind === 'array' ? elementIndent(this.text, mappings, this.style) : '';
    // The names the rule will hold: a new unnamed block gets one none of them is.
    const names = new Set<unknown>([
      ...objectMappingsOf(rule).map((om) => edits.get(om)?.name ?? scalar(member(om, 'name'))),
      ...added.map((block) => block.name),
    ]);
    for (const block of added) {
      const name = block.name === undefined ? unusedName(newObjectMappingName(block), names) : block.name;
      names.add(name);
      texts.push(stringify(this.newObjectMapping(block, name, targetDirectory), this.style, indent));
    }
    const splices: Splice[] = [];
    if (mappings?.kind === 'array') pushArray(splices, this.text, mappings, texts, this.style);
    else setMember(splices, this.text, rule, 'objectMappings', `[${texts.join(',')}]`, this.style);
    return applySplices(this.text, rule.start, rule.end, splices);
  }

  private objectMappingText(om: JsonNode, block: ObjectModel, targetDirectory?: string): string {
    const { text, style } = this;
    const splices: Splice[] = [];
    const problems: EntraProblem[] = [];
    if ((scalar(member(om, 'enabled')) ?? true) !== block.enabled) setMember(splices, text, om, 'enabled', String(block.enabled), style);
    const actions = objectMappingActions(om);
    if (!actions || !sameActions(actions, block.actions))
      setMember(splices, text, om, 'flowTypes', JSON.stringify(flowTypesOf(block.actions, stringMember(om, 'flowTypes'))), style);
    if (block.name !== undefined && scalar(member(om, 'name')) !== block.name)
      setMember(splices, text, om, 'name', JSON.stringify(block.name), style);
    const scope = member(om, 'scope');
    if (!sameFilters(readScope(scope, problems), block.scopes)) {
      // Only `groups` is the .scimmap's: inputFilterGroups, categoryFilterGroups and unknown members stay.
      const groups = member(scope, 'groups');
      if (groups?.kind === 'array') {
        const groupTexts = pairElements(groups.items.map(readFilterGroup), block.scopes, (a, b) => a.name === b.name).map((index, i) =>
          index === undefined
            ? stringify(filterGroupValue(block.scopes[i]), style, elementIndent(text, groups, style))
            : this.filterGroupText(groups.items[index], block.scopes[i]),
        );
        pushArray(splices, text, groups, groupTexts, style);
      } else if (scope?.kind === 'object') {
        setMemberValue(splices, text, scope, 'groups', scopeValue(block.scopes).groups, style);
      } else {
        setMemberValue(splices, text, om, 'scope', scopeValue(block.scopes), style);
      }
    }
    const attributeMappings = member(om, 'attributeMappings');
    const items = arrayItems(attributeMappings);
    const byTarget = new Map<string, JsonNode[]>();
    for (const am of items) {
      const target = stringMember(am, 'targetAttributeName') ?? '';
      byTarget.set(target, [...(byTarget.get(target) ?? []), am]);
    }
    const indent =
      attributeMappings?.kind === 'array'
        ? elementIndent(text, attributeMappings, style)
        : lineIndent(text, om.start) + style.unit.repeat(2);
    const texts = block.mappings.map((mapping) => {
      const existing = byTarget.get(mapping.target)?.shift();
      if (targetDirectory !== undefined)
        this.requireDefinition(targetDirectory, stringMember(om, 'targetObjectName') ?? '', mapping.target);
      if (!existing) return stringify(newAttributeMapping(mapping), style, indent);
      return this.attributeMappingText(existing, mapping);
    });
    if (attributeMappings?.kind === 'array') pushArray(splices, text, attributeMappings, texts, style);
    else setMember(splices, text, om, 'attributeMappings', `[${texts.join(',')}]`, style);
    return applySplices(text, om.start, om.end, splices);
  }

  private attributeMappingText(am: JsonNode, mapping: MappingModel): string {
    const { text, style } = this;
    const refused: EntraProblem[] = [];
    const current = readAttributeMapping(am, refused);
    if (current && sameMapping(current, mapping)) return text.slice(am.start, am.end);
    for (const problem of refused)
      this.warnings.push(
        refusedValue(problem, this.document.root, text, `export writes the .scimmap's mapping of ${mapping.target} over it`),
      );
    const splices: Splice[] = [];
    const defaultNode = member(am, 'defaultValue');
    if (current?.defaultValue !== mapping.defaultValue || (mapping.defaultValue === null && defaultNode?.kind === 'string')) {
      setMember(splices, text, am, 'defaultValue', JSON.stringify(mapping.defaultValue), style);
    }
    if (current?.flowBehavior !== mapping.flowBehavior)
      setMember(splices, text, am, 'flowBehavior', JSON.stringify(mapping.flowBehavior), style);
    if (current?.flowType !== mapping.flowType) setMember(splices, text, am, 'flowType', JSON.stringify(mapping.flowType), style);
    if (current?.matchingPriority !== mapping.matchingPriority)
      setMember(splices, text, am, 'matchingPriority', String(mapping.matchingPriority), style);
    if (current?.canonical !== mapping.canonical) {
      setMemberValue(splices, text, am, 'source', mapping.expression ? sourceTree(mapping.expression) : null, style);
    }
    return applySplices(text, am.start, am.end, splices);
  }

  /** A filter group the block edits: its name, and its clauses as the attribute mappings (untouched ones keep their text). */
  private filterGroupText(group: JsonNode, scope: ScopeModel): string {
    const { text, style } = this;
    const current = readFilterGroup(group);
    if (sameFilters(current, scope)) return text.slice(group.start, group.end);
    const splices: Splice[] = [];
    if (current.name !== scope.name) setMember(splices, text, group, 'name', JSON.stringify(scope.name), style);
    const clauses = member(group, 'clauses');
    if (clauses?.kind === 'array') {
      const clauseTexts = pairElements(clauses.items.map(readClause), scope.clauses, (a, b) => a.attribute === b.attribute).map(
        (index, i) =>
          index === undefined
            ? stringify(clauseValue(scope.clauses[i]), style, elementIndent(text, clauses, style))
            : this.clauseText(clauses.items[index], scope.clauses[i]),
      );
      pushArray(splices, text, clauses, clauseTexts, style);
    } else {
      setMemberValue(splices, text, group, 'clauses', scope.clauses.map(clauseValue), style);
    }
    return applySplices(text, group.start, group.end, splices);
  }

  /** A clause the block edits, changed in place: a unary one's `"targetOperand": null` and unknown members stay. */
  private clauseText(clause: JsonNode, wanted: ClauseModel): string {
    const { text, style } = this;
    const current = readClause(clause);
    if (sameFilters(current, wanted)) return text.slice(clause.start, clause.end);
    const splices: Splice[] = [];
    if (current.operator !== wanted.operator) setMember(splices, text, clause, 'operatorName', JSON.stringify(wanted.operator), style);
    if (current.attribute !== wanted.attribute)
      setMember(splices, text, clause, 'sourceOperandName', JSON.stringify(wanted.attribute), style);
    if (JSON.stringify(current.values) !== JSON.stringify(wanted.values)) {
      const operand = member(clause, 'targetOperand');
      const values = member(operand, 'values');
      if (values?.kind === 'array') {
        const kept = (v: string, i: number) => i < values.items.length && String(scalar(values.items[i])) === v;
        const valueTexts = wanted.values.map((v, i) =>
          kept(v, i) ? text.slice(values.items[i].start, values.items[i].end) : JSON.stringify(v),
        );
        pushArray(splices, text, values, valueTexts, style);
      } else if (operand?.kind === 'object') {
        setMemberValue(splices, text, operand, 'values', wanted.values, style);
      } else {
        setMemberValue(splices, text, clause, 'targetOperand', { values: wanted.values }, style);
      }
    }
    return applySplices(text, clause.start, clause.end, splices);
  }

  private newObjectMapping(block: ObjectModel, name: string | null, targetDirectory: string): object {
    const usual = USUAL_OBJECTS[block.kind];
    const targetObject = block.targetObject ?? usual.target;
    for (const m of block.mappings) this.requireDefinition(targetDirectory, targetObject, m.target);
    const scope = block.scopes.length === 0 ? null : scopeValue(block.scopes);
    return {
      enabled: block.enabled,
      flowTypes: flowTypesOf(block.actions),
      name,
      scope,
      sourceObjectName: block.sourceObject ?? usual.source,
      targetObjectName: targetObject,
      attributeMappings: block.mappings.map(newAttributeMapping),
      metadata: [],
    };
  }

  /** Entra needs a target attribute's definition before a mapping may use it. */
  private requireDefinition(directory: string, object: string, attribute: string): void {
    const objects = this.definitions.get(directory) ?? new Map<string, Set<string>>();
    this.definitions.set(directory, objects);
    const names = objects.get(object) ?? new Set<string>();
    objects.set(object, names);
    names.add(attribute);
  }

  private directoryText(directory: JsonNode): string {
    const wanted = this.definitions.get(stringMember(directory, 'name') ?? '');
    const objects = member(directory, 'objects');
    if (!wanted || objects?.kind !== 'array') return this.text.slice(directory.start, directory.end);
    const texts = objects.items.map((object) => {
      const names = wanted.get(stringMember(object, 'name') ?? '');
      const attributes = member(object, 'attributes');
      if (!names || attributes?.kind !== 'array') return this.text.slice(object.start, object.end);
      const have = new Set(attributes.items.map((a) => stringMember(a, 'name')));
      const indent = elementIndent(this.text, attributes, this.style);
      const added = [...names].filter((name) => !have.has(name));
      for (const name of this.fromScratch ? [] : added)
        this.notes.push(
          `Added the attribute definition ${name} to ${stringMember(directory, 'name')} ${stringMember(object, 'name')}: Entra needs it before a mapping can use it.`,
        );
      const all = [
        ...attributes.items.map((a) => this.text.slice(a.start, a.end)),
        ...added.map((name) =>
          stringify(
            attributeDefinition(name, targetAttributeType(this.target, stringMember(object, 'name') ?? '', name)),
            this.style,
            indent,
          ),
        ),
      ];
      const splices: Splice[] = [];
      pushArray(splices, this.text, attributes, all, this.style);
      return applySplices(this.text, object.start, object.end, splices);
    });
    const splices: Splice[] = [];
    pushArray(splices, this.text, objects, texts, this.style);
    return applySplices(this.text, directory.start, directory.end, splices);
  }
}

// ---- new JSON objects, keys in the current service's order ----

/**
 * The name of a new object mapping whose block has none: Entra's usual one for the usual objects,
 * else one saying what it maps (`Provision Microsoft Entra ID Group to urn:example:Team`; a hidden
 * mapping's source "" is none), as the portal lists mappings by name.
 */
export function newObjectMappingName(block: ObjectModel): string {
  const usual = USUAL_OBJECTS[block.kind];
  const source = block.sourceObject ?? usual.source;
  const target = block.targetObject ?? usual.target;
  if (source === usual.source && target === usual.target) return usual.name;
  return source === '' ? `Provision ${target}` : `Provision Microsoft Entra ID ${source} to ${target}`;
}

/** `name`, else `name (2)`, `name (3)`, ...: the first that is not in `names`. */
function unusedName(name: string, names: ReadonlySet<unknown>): string {
  let unused = name;
  for (let n = 2; names.has(unused); n++) unused = `${name} (${n})`;
  return unused;
}

function newAttributeMapping(m: MappingModel): object {
  return {
    defaultValue: m.defaultValue,
    exportMissingReferences: false,
    flowBehavior: m.flowBehavior,
    flowType: m.flowType,
    matchingPriority: m.matchingPriority,
    targetAttributeName: m.target,
    source: m.expression ? sourceTree(m.expression) : null,
  };
}

function scopeValue(scopes: readonly ScopeModel[]): { groups: object[] } {
  return { groups: scopes.map(filterGroupValue) };
}

function filterGroupValue(scope: ScopeModel): object {
  return { clauses: scope.clauses.map(clauseValue), name: scope.name };
}

function clauseValue(clause: ClauseModel): object {
  return { operatorName: clause.operator, sourceOperandName: clause.attribute, targetOperand: { values: clause.values } };
}

/**
 * Which base element (its index) each wanted one edits, so that only what changed is rewritten: one
 * that says the same, else one with the same key (a group's name, a clause's attribute), else the
 * one at the same position; undefined: none is left, the wanted one is new.
 */
function pairElements<T extends ScopeModel | ClauseModel>(base: readonly T[], wanted: readonly T[], sameKey: (a: T, b: T) => boolean) {
  const pairs: Array<number | undefined> = wanted.map(() => undefined);
  const taken = new Set<number>();
  const pass = (fits: (b: T, w: T, baseIndex: number, wantedIndex: number) => boolean) =>
    wanted.forEach((w, i) => {
      if (pairs[i] !== undefined) return;
      const index = base.findIndex((b, j) => !taken.has(j) && fits(b, w, j, i));
      if (index < 0) return;
      pairs[i] = index;
      taken.add(index);
    });
  pass((b, w) => sameFilters(b, w));
  pass(sameKey);
  pass((_b, _w, j, i) => j === i);
  return pairs;
}

function attributeDefinition(name: string, type: EntraAttributeType): object {
  return {
    anchor: false,
    caseExact: false,
    defaultValue: null,
    flowNullValues: false,
    multivalued: false,
    mutability: 'ReadWrite',
    name,
    required: false,
    type,
    apiExpressions: [],
    metadata: [],
    referencedObjects: [],
  };
}

/** The Entra type of a target attribute as the target schema knows it; String when it does not. */
function targetAttributeType(target: TargetSchemaData, object: string, name: string): EntraAttributeType {
  const resource = findTargetResource(target, blockKindOf('', object));
  const entry = resource && findTargetAttributeByPath(resource, name);
  return entry?.attribute.entraType ?? 'String';
}

/** A complete schema for a new non-gallery (customappsso) app provisioning Genesys Cloud: what export without --base fills in. */
export function newGenesysSchema(newId: () => string): string {
  const directoryObject = (name: string, attributes: object[]) => ({ name, attributes, metadata: [] });
  const schema = {
    id: 'customappsso',
    version: '',
    synchronizationRules: [
      {
        editable: true,
        id: newId(),
        name: 'USERGROUP_OUTBOUND_USERGROUP',
        priority: 1,
        sourceDirectoryName: 'Microsoft Entra ID',
        targetDirectoryName: 'customappsso',
        metadata: [],
        objectMappings: [],
      },
    ],
    directories: [
      {
        id: '66e4a8cc-1b7b-435e-95f8-f06cea133828',
        name: 'Microsoft Entra ID',
        objects: sourceSchema.objects.map((object) =>
          directoryObject(
            object.name,
            object.attributes.map((a) => ({
              ...(attributeDefinition(a.name, a.type) as Record<string, unknown>),
              anchor: a.anchor === true,
              multivalued: a.multiValued,
            })),
          ),
        ),
      },
      {
        id: 'customappsso',
        name: 'customappsso',
        objects: [directoryObject(USUAL_OBJECTS.users.target, []), directoryObject(USUAL_OBJECTS.groups.target, [])],
      },
    ],
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

// ---- text editing that keeps the base's formatting ----

interface Style {
  /** One level of indentation; '' for minified JSON. */
  readonly unit: string;
  readonly colon: string;
  readonly eol: string;
}

function detectStyle(text: string): Style {
  const newline = text.indexOf('\n');
  const eol = newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
  const unit = newline < 0 ? '' : (/^[ \t]+/.exec(text.slice(newline + 1))?.[0] ?? '');
  const colon = /"\s*:(\s*)/.exec(text)?.[1] === '' ? ':' : ': ';
  return { unit, colon, eol: newline < 0 ? '' : eol };
}

/** JSON text of a value, nested lines indented from `indent`, in the base's style. */
function stringify(value: unknown, style: Style, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = indent + style.unit;
  const open = style.unit ? `${style.eol}${inner}` : '';
  const close = style.unit ? `${style.eol}${indent}` : '';
  const separator = style.unit ? `,${style.eol}${inner}` : ',';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${open}${value.map((v) => stringify(v, style, inner)).join(separator)}${close}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{${open}${entries.map(([k, v]) => `${JSON.stringify(k)}${style.colon}${stringify(v, style, inner)}`).join(separator)}${close}}`;
}

/** The whitespace that starts the line `offset` is on. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

/** The indentation elements of an array have (or would have). */
function elementIndent(text: string, array: JsonArray, style: Style): string {
  if (array.items.length > 0) return lineIndent(text, array.items[0].start);
  return lineIndent(text, array.start) + style.unit;
}

/** Replaces an array's elements by `texts` when they differ, reusing the base's separators. */
function pushArray(splices: Splice[], text: string, array: JsonArray, texts: readonly string[], style: Style): void {
  const items = array.items;
  if (texts.length === items.length && texts.every((t, i) => t === text.slice(items[i].start, items[i].end))) return;
  let lead: string;
  let separator: string;
  let trail: string;
  if (items.length > 0) {
    lead = text.slice(array.start + 1, items[0].start);
    separator = items.length > 1 ? text.slice(items[0].end, items[1].start) : `,${lead}`;
    trail = text.slice(items[items.length - 1].end, array.end - 1);
  } else {
    const indent = lineIndent(text, array.start);
    lead = style.unit ? `${style.eol}${indent}${style.unit}` : '';
    separator = `,${lead}`;
    trail = style.unit ? `${style.eol}${indent}` : '';
  }
  const body = texts.length === 0 ? '' : `${lead}${texts.join(separator)}${trail}`;
  splices.push({ start: array.start, end: array.end, text: `[${body}]` });
}

/** Sets a member's value in place, or adds the member at the end of the object. */
function setMember(splices: Splice[], text: string, object: JsonNode, key: string, valueText: string, style: Style): void {
  if (object.kind !== 'object') return;
  const existing = object.members.find((m) => m.key === key);
  if (existing) {
    splices.push({ start: existing.value.start, end: existing.value.end, text: valueText });
    return;
  }
  const last = object.members[object.members.length - 1];
  const indent = last ? lineIndent(text, last.keyStart) : lineIndent(text, object.start) + style.unit;
  const lead = style.unit ? `${style.eol}${indent}` : '';
  const entry = `${JSON.stringify(key)}${style.colon}${valueText}`;
  if (last) splices.push({ start: last.value.end, end: last.value.end, text: `,${lead}${entry}` });
  else
    splices.push({
      start: object.start + 1,
      end: object.end - 1,
      text: `${lead}${entry}${style.unit ? `${style.eol}${lineIndent(text, object.start)}` : ''}`,
    });
}

/** Sets a member to a value written as JSON, its nested lines indented from the member's line. */
function setMemberValue(splices: Splice[], text: string, object: JsonNode, key: string, value: unknown, style: Style): void {
  const existing = member(object, key);
  const indent = existing ? lineIndent(text, existing.start) : lineIndent(text, object.start) + style.unit;
  setMember(splices, text, object, key, stringify(value, style, indent), style);
}

/** text[from, to) with the splices inside it applied (splices do not overlap). */
function applySplices(text: string, from: number, to: number, splices: readonly Splice[]): string {
  const sorted = splices.filter((s) => s.start >= from && s.end <= to).sort((a, b) => a.start - b.start);
  let result = '';
  let at = from;
  for (const s of sorted) {
    result += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return result + text.slice(at, to);
}
