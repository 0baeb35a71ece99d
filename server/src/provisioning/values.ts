// Mapping values on their way into a request: each mapping evaluated for a source object, then typed
// by the target schema (active as a JSON boolean, proficiencies as numbers, multi-valued complex
// attributes as arrays of objects) with warnings for values the target may reject.
import {
  flowBehaviorOf,
  flowTypeOf,
  type AttributeMapping,
  type Expression,
  type FlowBehavior,
  type FlowType,
  type ObjectBlock,
} from '../syntax/ast';
import {
  appRoleAssignmentsOf,
  compileExpression,
  SourceEvaluation,
  type AppRoleAssignment,
  type CompiledExpression,
} from '../evaluation/evaluate';
import type { EvalOutcome, SourceObject } from '../evaluation/types';
import { resolvePath, type ResolvedPath } from './paths';
import type { CompatMode, PreviewOptions, RequestNote, RequestPlaceholder } from './types';
import { defaultTarget } from '../schema/target-format';
import { isDateTime, matchesFormat, rangeMismatch } from '../schema/target-rules';
import {
  coreSchemaOf,
  findSubAttribute,
  findTargetAttribute,
  findTargetResource,
  findTargetSchema,
  type Target,
  type TargetAttribute,
  type TargetFormat,
} from '../schema/target';

/** How a mapping takes part in a request: an ordinary value, the manager reference, or group members. */
export type MappingRole = 'value' | 'manager' | 'members';

export interface EvaluatedMapping {
  readonly mapping: AttributeMapping;
  readonly path: ResolvedPath;
  /** The target attribute the path names (top level), when the target schema knows it. */
  readonly attribute?: TargetAttribute;
  /** The attribute the value lands in: the sub-attribute of `name.givenName`, `emails[...].value`. */
  readonly leaf?: TargetAttribute;
  /** The URN of the target schema's extension the path is in (it joins `schemas`); undefined for core and custom paths. */
  readonly extensionSchema?: string;
  /** The app whose schema typed the value (its name and its rules for values). */
  readonly target: Target;
  /** The value format the target enforces at this path (Genesys phone numbers). */
  readonly format?: TargetFormat;
  /** Warnings about the path itself (a filter value the target does not know), reported with each value sent there. */
  readonly pathNotes: ReadonlyArray<Omit<RequestNote, 'pointer'>>;
  /** The role function that computes a whole multi-valued complex attribute (`roles`), if one does. */
  readonly roleFunction?: RoleFunction;
  /** For a role function: the whole list its PATCH adds to (`roles`, also for `roles[primary eq "True"].value`). */
  readonly rolesPath?: ResolvedPath;
  /** For a role function: the app role assignments behind the values (displayName and id when the sample gives them). */
  readonly roles?: AppRoleAssignment[];
  readonly onCreate: boolean;
  readonly flowType: FlowType;
  /** FlowAlways: an update sends the value even when the target already holds it. */
  readonly flowBehavior: FlowBehavior;
  readonly defaultValue?: string;
  readonly role: MappingRole;
  /**
   * How values travel, from the target schema, worked out once per mapping: a whole multi-valued complex
   * attribute, a multi-valued simple one (`list`: always a JSON array, RFC 7643 §2.4), the leaf's type and canonical values.
   */
  readonly wire: { readonly whole: boolean; readonly list: boolean; readonly type: string; readonly canonicalValues?: readonly string[] };
  /**
   * Where a create body holds the value: the attribute and sub-attribute as the mapping spells them, as
   * its PATCH path does (Entra sends targetAttributeName byte for byte; the `target-case` diagnostic),
   * `value` for a filtered path without a sub-attribute, and the filter's pairs that the element
   * carries, typed by the target schema (`primary eq "True"` is `"primary": true`).
   */
  readonly placement: { readonly attribute: string; readonly sub?: string; readonly filter?: readonly ElementPair[] };
  /** The JSON pointers of the value in a create body, by element index + 1 (bodies.ts): made at first use, shared by every object. */
  readonly pointers: Array<string | undefined>;
  readonly outcome: EvalOutcome;
}

/** An attribute/value pair of a filtered path, as its element carries it. */
export interface ElementPair {
  readonly attribute: string;
  readonly value: unknown;
}

export type RoleFunction = 'SingleAppRoleAssignment' | 'AppRoleAssignmentsComplex' | 'AssertiveAppRoleAssignmentsComplex';

const roleFunctions: readonly string[] = ['SingleAppRoleAssignment', 'AppRoleAssignmentsComplex', 'AssertiveAppRoleAssignmentsComplex'];

/** What a mapping is, independent of the source object: computed once per AST node (the AST is immutable). */
type MappingInfo = Omit<EvaluatedMapping, 'outcome' | 'roles'> & {
  /** The mapping's expression compiled, at its first evaluation (inside evaluate's guard): kept here rather than looked up per object. */
  compiled?: CompiledExpression;
};

/** Per target, then per mapping node: the same mapping means other things under another target. */
const infoCache = new WeakMap<Target, WeakMap<AttributeMapping, MappingInfo>>();
function infoOf(mapping: AttributeMapping, object: ObjectBlock['object'], target: Target): MappingInfo {
  let cache = infoCache.get(target);
  if (!cache) infoCache.set(target, (cache = new WeakMap()));
  let info = cache.get(mapping);
  if (info) return info;
  const resource = findTargetResource(target, object);
  const path = resolvePath(mapping.target);
  const schema = resource && (path.extension !== undefined ? findTargetSchema(resource, path.extension) : coreSchemaOf(resource));
  const attribute = schema ? findTargetAttribute(schema, path.attribute) : undefined;
  const leafName = path.sub ?? (path.filter ? 'value' : undefined);
  const leaf = attribute && leafName !== undefined ? findSubAttribute(attribute, leafName) : attribute;
  const roleFunction = roleFunctionFor(mapping, attribute, path);
  const flowType = flowTypeOf(mapping);
  info = {
    mapping,
    path,
    attribute,
    leaf,
    extensionSchema: path.extension !== undefined ? schema?.id : undefined,
    target,
    format: leaf?.format,
    pathNotes: pathNotes(mapping, path, attribute, target.name),
    onCreate: flowType === 'ObjectAddOnly',
    flowType,
    flowBehavior: flowBehaviorOf(mapping),
    defaultValue: mapping.properties.find((property) => property.kind === 'default')?.value?.value,
    role: roleOf(mapping, path, object),
    roleFunction,
    rolesPath:
      roleFunction &&
      (path.filter ? { text: path.text.slice(0, path.text.indexOf('[')), extension: path.extension, attribute: path.attribute } : path),
    wire: {
      whole: wholeComplex(attribute, path),
      list: leaf !== undefined && leaf.multiValued && leaf.type !== 'complex',
      type: leaf?.type ?? 'string',
      canonicalValues: leaf?.canonicalValues,
    },
    placement: {
      attribute: path.attribute,
      sub: path.sub ?? (path.filter ? 'value' : undefined),
      filter: path.filter?.map((pair) => elementPair(attribute, pair)),
    },
    pointers: [],
  };
  cache.set(mapping, info);
  return info;
}

/** Whether the target compares the mapping's values exactly: its attribute is caseExact (RFC 7644 §3.4.2.2); else letter case is ignored. */
export function comparesCaseExact(mapping: AttributeMapping, object: ObjectBlock['object'], target: Target = defaultTarget()): boolean {
  return infoOf(mapping, object, target).leaf?.caseExact ?? false;
}

/**
 * What a block writes that the target returns only when asked (`returned` `request`, RFC 7643 §7): the
 * names a GET's `attributes` parameter asks for (the top-level attribute, URN-qualified in an extension:
 * RFC 7644 §3.10), and the target paths of the mappings they cover.
 */
export function requestOnlyAttributes(block: ObjectBlock, target: Target = defaultTarget()): { attributes: string[]; paths: string[] } {
  const attributes = new Set<string>();
  const paths: string[] = [];
  for (const info of blockInfo(block, target)) {
    if (info.role !== 'value' || !info.attribute || (info.attribute.returned !== 'request' && info.leaf?.returned !== 'request')) continue;
    attributes.add(info.extensionSchema !== undefined ? `${info.extensionSchema}:${info.attribute.name}` : info.attribute.name);
    paths.push(info.path.text);
  }
  return { attributes: [...attributes], paths };
}

/** What a mapping is, for each mapping of a block that takes part in requests (in order): made once per block and target. */
const blockInfoCache = new WeakMap<Target, WeakMap<ObjectBlock, readonly MappingInfo[]>>();

function blockInfo(block: ObjectBlock, target: Target): readonly MappingInfo[] {
  let cache = blockInfoCache.get(target);
  if (!cache) blockInfoCache.set(target, (cache = new WeakMap()));
  let infos = cache.get(block);
  if (!infos) {
    infos = block.mappings
      .filter((mapping) => !mapping.recovered && mapping.target.segments.length > 0)
      .map((mapping) => infoOf(mapping, block.object, target));
    cache.set(block, infos);
  }
  return infos;
}

/**
 * A mapping evaluated for one object: what the mapping is (shared by every object) and its outcome.
 * A class reading through to the shared part: this is made for every mapping of every previewed object.
 */
class Evaluated implements EvaluatedMapping {
  constructor(
    private readonly info: MappingInfo,
    readonly outcome: EvalOutcome,
    readonly roles: AppRoleAssignment[] | undefined,
  ) {}

  get mapping() {
    return this.info.mapping;
  }
  get path() {
    return this.info.path;
  }
  get attribute() {
    return this.info.attribute;
  }
  get leaf() {
    return this.info.leaf;
  }
  get extensionSchema() {
    return this.info.extensionSchema;
  }
  get target() {
    return this.info.target;
  }
  get format() {
    return this.info.format;
  }
  get pathNotes() {
    return this.info.pathNotes;
  }
  get onCreate() {
    return this.info.onCreate;
  }
  get flowType() {
    return this.info.flowType;
  }
  get flowBehavior() {
    return this.info.flowBehavior;
  }
  get defaultValue() {
    return this.info.defaultValue;
  }
  get role() {
    return this.info.role;
  }
  get roleFunction() {
    return this.info.roleFunction;
  }
  get rolesPath() {
    return this.info.rolesPath;
  }
  get wire() {
    return this.info.wire;
  }
  get placement() {
    return this.info.placement;
  }
  get pointers() {
    return this.info.pointers;
  }
}

/** The block's mappings evaluated for a source object; `overrides` are read instead of its own attributes (SourceEvaluation). */
export function evaluateMappings(
  block: ObjectBlock,
  source: SourceObject,
  options: PreviewOptions,
  overrides?: SourceObject,
): EvaluatedMapping[] {
  const infos = blockInfo(block, options.targetSchema ?? defaultTarget());
  // The preview's options carry what evaluation reads (now, seed, defaultDomain, budget; no limits): passed as they are.
  const evaluation = new SourceEvaluation(source, options, overrides);
  const entries = new Array<EvaluatedMapping>(infos.length);
  for (let index = 0; index < infos.length; index++) {
    const info = infos[index];
    entries[index] = new Evaluated(
      info,
      evaluate(info, evaluation),
      info.roleFunction ? appRoleAssignmentsOf(source, overrides) : undefined,
    );
  }
  return entries;
}

/**
 * The role function that shapes the mapping's values: one mapped to a whole multi-valued complex
 * attribute (`roles`), or SingleAppRoleAssignment mapped to one of its elements, as the documentation
 * maps it (`roles[primary eq "True"].value`: Microsoft Learn "Customize Microsoft Entra attribute mappings in Application Provisioning").
 */
function roleFunctionFor(mapping: AttributeMapping, attribute: TargetAttribute | undefined, path: ResolvedPath): RoleFunction | undefined {
  if (wholeComplex(attribute, path)) return roleFunctionOf(mapping);
  const element = attribute !== undefined && attribute.multiValued && attribute.type === 'complex' && path.filter !== undefined;
  return element && roleFunctionOf(mapping) === 'SingleAppRoleAssignment' ? 'SingleAppRoleAssignment' : undefined;
}

/** A filter pair as the element carries it: the sub-attribute as the target schema spells it, the value typed by it. */
function elementPair(attribute: TargetAttribute | undefined, pair: { readonly attribute: string; readonly value: string }): ElementPair {
  const sub = attribute && findSubAttribute(attribute, pair.attribute);
  if (!sub) return pair;
  return { attribute: pair.attribute, value: typedScalar(sub.type, pair.value) ?? pair.value };
}

/** Text as the JSON value of a target type: "True"/"False" (any case) as a boolean, a number as a number; undefined when it does not fit. */
function typedScalar(type: string, text: string): unknown {
  if (type === 'boolean') {
    const lower = text.toLowerCase();
    return lower === 'true' ? true : lower === 'false' ? false : undefined;
  }
  if (type === 'integer' || type === 'decimal') {
    const number = Number(text);
    return text.trim() !== '' && Number.isFinite(number) && (type === 'decimal' || Number.isInteger(number)) ? number : undefined;
  }
  return text;
}

function roleFunctionOf(mapping: AttributeMapping): RoleFunction | undefined {
  const source = mapping.source;
  if (source.kind !== 'expression' || source.expression.kind !== 'call') return undefined;
  const name = source.expression.name.text;
  return roleFunctions.find((fn) => fn.toLowerCase() === name.toLowerCase()) as RoleFunction | undefined;
}

/** A whole multi-valued complex attribute (`roles`, not `emails[type eq "work"].value`). */
function wholeComplex(attribute: TargetAttribute | undefined, path: ResolvedPath): boolean {
  return attribute !== undefined && attribute.multiValued && attribute.type === 'complex' && !path.filter && path.sub === undefined;
}

function roleOf(mapping: AttributeMapping, path: ResolvedPath, object: ObjectBlock['object']): MappingRole {
  if (object === 'groups' && path.extension === undefined && path.attribute.toLowerCase() === 'members' && !path.filter) return 'members';
  return isManagerMapping(mapping) ? 'manager' : 'value';
}

/** A mapping of Entra's manager reference (`manager <- [manager]`): its value is the manager's id in the target. */
export function isManagerMapping(mapping: AttributeMapping): boolean {
  const source = mapping.source;
  return source.kind === 'expression' && source.expression.kind === 'attribute' && source.expression.name === 'manager';
}

/** A mapping without a source: its value is null. Shared, frozen: nothing adds to an outcome. */
const noSource: EvalOutcome = Object.freeze({
  kind: 'value',
  value: null,
  placeholders: Object.freeze([]) as never,
  notes: Object.freeze([]) as never,
});

function evaluate(info: MappingInfo, evaluation: SourceEvaluation): EvalOutcome {
  const mapping = info.mapping;
  if (mapping.source.kind === 'none') return noSource;
  try {
    return evaluation.evaluate((info.compiled ??= compileExpression(mapping.source.expression)));
  } catch (error) {
    // The evaluator reports Entra's failures as outcomes; anything thrown is our bug, shown rather than crashing the preview.
    return { kind: 'error', message: `internal error while evaluating: ${(error as Error).message}`, span: mapping.source.span };
  }
}

/** Whether the expression reads the attribute (`IsSoftDeleted` for the disable request). */
export function readsAttribute(expression: Expression, name: string): boolean {
  switch (expression.kind) {
    case 'attribute':
      return expression.name === name;
    case 'call':
      return expression.args.some((argument) => argument !== undefined && readsAttribute(argument, name));
    case 'comparison':
    case 'concat':
      return readsAttribute(expression.left, name) || readsAttribute(expression.right, name);
    default:
      return false;
  }
}

/** What a value without placeholders carries (most): shared and frozen, so nothing can add to another value's. */
const noPlaceholders = Object.freeze([]) as unknown as RequestPlaceholder[];

export function placeholdersOf(outcome: EvalOutcome): RequestPlaceholder[] {
  return outcome.kind === 'value' && outcome.placeholders.length > 0
    ? outcome.placeholders.map((placeholder) => ({ kind: placeholder.kind, note: placeholder.note, span: placeholder.span }))
    : noPlaceholders;
}

/** How booleans travel: JSON booleans in POST and with the flag; the strings "True"/"False" in a default-format PATCH. */
export type BooleanStyle = 'json' | 'string';

export type ValueNote = Omit<RequestNote, 'pointer'>;

/** The `type` Entra gives every role it sends. */
export const roleType = 'WindowsAzureActiveDirectoryRole';

/** What the target does with "True"/"False" strings, as its schema says (Genesys Cloud accepts them). */
function stringBooleansRemark(target: Target): string {
  if (target.stringBooleans === true) return `${target.name} accepts it (the gallery app relies on it), but strict SCIM servers refuse it`;
  if (target.stringBooleans === false) return `${target.name} refuses it`;
  return 'Strict SCIM servers refuse it';
}

const noValueNotes: readonly ValueNote[] = Object.freeze([]);

/** The JSON value Entra sends for a mapping value, with warnings for what the target may reject. */
export function wireValue(
  entry: EvaluatedMapping,
  value: string | string[],
  booleans: BooleanStyle,
): { value: unknown; notes: readonly ValueNote[] } {
  const notes: ValueNote[] = [];
  const wire = wireInto(entry, value, booleans, notes);
  return { value: wire, notes: notes.length > 0 ? notes : noValueNotes };
}

/**
 * Why Entra cannot send the value: several values for a single-valued target attribute fail the
 * export of the object, so nothing is sent for it. Undefined when the value fits.
 */
export function tooManyValues(entry: EvaluatedMapping, value: string | string[] | null): string | undefined {
  if (!Array.isArray(value) || entry.wire.whole || entry.wire.list) return undefined;
  // A list of one is still a list: Entra fails it as it fails a longer one, so the message says "list", not a bare count.
  const list = value.length === 0 ? 'an empty list' : value.length === 1 ? 'a list of one value' : `a list of ${value.length} values`;
  return `${entry.path.text} takes one value, but the expression gave ${list}: Entra fails the export of this object`;
}

/** wireValue's JSON value, its warnings added to `notes` (a create body reuses one list for all its values). */
export function wireInto(entry: EvaluatedMapping, value: string | string[], booleans: BooleanStyle, notes: ValueNote[]): unknown {
  const span = entry.mapping.span;
  const plan = entry.wire;
  if (plan.whole) return complexElements(entry, value);
  // A multi-valued target holds an array even for one value ([inf]: Entra sends its multi-valued attributes as arrays).
  if (plan.list) return (Array.isArray(value) ? value : [value]).map((item) => scalarInto(entry, item, booleans, notes));
  if (Array.isArray(value)) {
    notes.push({ severity: 'error', message: tooManyValues(entry, value)!, span });
    return value;
  }
  return scalarInto(entry, value, booleans, notes);
}

/** One value as the JSON of the leaf's type, its warnings added to `notes`. */
function scalarInto(entry: EvaluatedMapping, value: string, booleans: BooleanStyle, notes: ValueNote[]): unknown {
  const span = entry.mapping.span;
  const plan = entry.wire;
  const type = plan.type;
  let wire: unknown = value;
  if (type === 'boolean') {
    const truth = typedScalar(type, value);
    if (truth !== undefined) {
      wire = booleans === 'json' ? truth : truth ? 'True' : 'False';
      if (booleans === 'string' && entry.attribute?.name === 'active') {
        notes.push({
          // A target that accepts the strings is told how Entra behaves, not warned of a rejection.
          severity: entry.target.stringBooleans === true ? 'information' : 'warning',
          message: `Entra's default PATCH sends active as the string "${wire}". ${stringBooleansRemark(entry.target)}; the aadOptscim062020 flag sends a JSON boolean.`,
          span,
        });
      }
    } else {
      notes.push({
        severity: 'warning',
        message: `${entry.path.text} is a boolean, but the value ${JSON.stringify(value)} is not "True" or "False": the target will likely reject it`,
        span,
      });
    }
  } else if (type === 'integer' || type === 'decimal') {
    const number = typedScalar(type, value) as number | undefined;
    if (number !== undefined) {
      wire = number;
      const range = rangeMismatch(entry.leaf!, number);
      if (range)
        notes.push({
          severity: 'warning',
          message: `${entry.path.text}: ${range}, the range ${entry.target.name} accepts: the request will be rejected`,
          span,
        });
    } else
      notes.push({
        severity: 'warning',
        message: `${entry.path.text} is ${type === 'integer' ? 'an integer' : 'a number'}, but the value ${JSON.stringify(value)} is not: the target will likely reject it`,
        span,
      });
  } else if (type === 'dateTime' && value !== '' && !isDateTime(value)) {
    notes.push({
      severity: 'warning',
      message: `${entry.path.text} is a dateTime, but the value ${JSON.stringify(value)} is not an xsd:dateTime such as "2026-01-05T09:00:00Z" (RFC 7643 §2.3.5): the target will likely reject it`,
      span,
    });
  }
  if (entry.format && !matchesFormat(entry.format, value)) {
    notes.push({
      severity: 'warning',
      message: `${entry.path.text}: ${entry.target.name} wants ${entry.format.description}; ${JSON.stringify(value)} is not that and may be rejected`,
      span,
    });
  }
  if (value === '')
    notes.push({
      severity: 'warning',
      message: `${entry.path.text} is sent as an empty string: Entra sends empty values as they are, and the target may reject or store them`,
      span,
    });
  const canonical = plan.canonicalValues;
  if (canonical && typeof wire === 'string' && !canonical.includes(wire)) {
    notes.push({
      severity: 'warning',
      message: `${entry.target.name} has no ${entry.leaf!.name} ${JSON.stringify(wire)} (it knows ${canonical.map((item) => JSON.stringify(item)).join(', ')}): the request may be rejected`,
      span,
    });
  }
  return wire;
}

/** Warnings about the path itself (a filter value the target does not know), reported with each value sent there. */
function pathNotes(mapping: AttributeMapping, path: ResolvedPath, attribute: TargetAttribute | undefined, app: string): ValueNote[] {
  if (!attribute || !path.filter) return [];
  const notes: ValueNote[] = [];
  for (const pair of path.filter) {
    const sub = findSubAttribute(attribute, pair.attribute);
    const canonical = sub?.canonicalValues;
    if (sub && canonical && !canonical.includes(pair.value)) {
      notes.push({
        severity: 'warning',
        message: `${app} has no ${attribute.name}.${sub.name} ${JSON.stringify(pair.value)} (it knows ${canonical.map((item) => JSON.stringify(item)).join(', ')}): the request may be rejected`,
        span: mapping.target.span,
      });
    }
  }
  return notes;
}

/** A whole multi-valued complex attribute (`roles`): the role functions' POST shapes (Microsoft Learn "Customize Microsoft Entra attribute mappings in Application Provisioning"), else `{value}` items. */
function complexElements(entry: EvaluatedMapping, value: string | string[]): object[] {
  const values = Array.isArray(value) ? value : [value];
  switch (entry.roleFunction) {
    case 'SingleAppRoleAssignment':
      return values.map((role) => ({ primary: true, type: roleType, value: role }));
    case 'AppRoleAssignmentsComplex':
      return values.map((role) => ({
        primary: false,
        type: roleType,
        displayName: assignmentOf(entry, role).displayName ?? role,
        value: role,
      }));
    case 'AssertiveAppRoleAssignmentsComplex':
      return values.map((role) => ({
        primary: false,
        type: roleType,
        display: assignmentOf(entry, role).displayName ?? role,
        value: role,
      }));
    default:
      return values.map((item) => ({ value: item }));
  }
}

function assignmentOf(entry: EvaluatedMapping, value: string): AppRoleAssignment {
  return entry.roles?.find((role) => role.value === value) ?? { value };
}

/** The role functions whose PATCH adds only (Customize application attributes: "does PATCH add only and therefore does not remove any existing roles"). */
export function addsRolesOnly(entry: EvaluatedMapping): boolean {
  return entry.roleFunction === 'AppRoleAssignmentsComplex' || entry.roleFunction === 'SingleAppRoleAssignment';
}

/** The role values of a target's `roles` list (the target does not echo Entra's primary/type/display fields). */
export function roleValues(list: unknown): string[] {
  return Array.isArray(list)
    ? list.map((item) => (item !== null && typeof item === 'object' ? String((item as Record<string, unknown>).value) : String(item)))
    : [];
}

/**
 * The PATCH op for roles, in the documented samples' shapes (Microsoft Learn "Customize Microsoft Entra attribute mappings in Application Provisioning", "Provisioning a role to a SCIM app"). SingleAppRoleAssignment and
 * AppRoleAssignmentsComplex add only, in both formats: `Add` by default with each role as a JSON
 * *string* `{"id", "value", "displayName"}`; with aadOptscim062020, which "aligns" the formats, `add`
 * with the POST shape [inf]. AssertiveAppRoleAssignmentsComplex replaces the whole list in its POST
 * shape, with the op spelled `replace` as the sample spells it (in both formats).
 */
export function rolePatch(
  entry: EvaluatedMapping,
  value: string | string[],
  compat: CompatMode,
): { op: string; value: unknown; placeholders: RequestPlaceholder[]; notes: readonly ValueNote[] } {
  const flag = compat === 'aadOptscim062020';
  if (!addsRolesOnly(entry)) return { op: 'replace', value: complexElements(entry, value), placeholders: [], notes: noValueNotes };
  if (flag) return { op: 'add', value: complexElements(entry, value), placeholders: [], notes: [alignedRolesNote(entry)] };
  const placeholders: RequestPlaceholder[] = [];
  const items = (Array.isArray(value) ? value : [value]).map((text) => {
    const role = assignmentOf(entry, text);
    if (role.id === undefined && placeholders.length === 0) {
      placeholders.push({
        kind: 'targetId',
        note: 'The id of the app role (give the sample\'s appRoleAssignments entries an "id" to see it).',
        span: entry.mapping.span,
      });
    }
    return {
      value: JSON.stringify({ id: role.id ?? '«id of the app role»', value: role.value, displayName: role.displayName ?? role.value }),
    };
  });
  return { op: 'Add', value: items, placeholders, notes: noValueNotes };
}

/** Microsoft shows the add-only role PATCH in the default format only, and says the flag "aligns" it with the POST: our reading. */
function alignedRolesNote(entry: EvaluatedMapping): ValueNote {
  return {
    severity: 'information',
    message: `With aadOptscim062020 the roles are added in the POST's shape: Microsoft Learn (Customize attribute mappings, "Provisioning a role to a SCIM app") shows ${entry.roleFunction}'s PATCH only in the default format, each role a JSON string, and says the flag aligns the two formats; an inference (docs/requests.md).`,
    span: entry.mapping.span,
  };
}

/**
 * Values compared as Entra's "flow when changed" does: booleans by truth, numbers by value,
 * multi-valued as sets. With `ignoreCase`, strings compare without regard to letter case, as Entra
 * compares an attribute that is not caseExact.
 */
export function sameValue(current: unknown, next: unknown, entry?: EvaluatedMapping, ignoreCase = false): boolean {
  const text = (value: string) => (ignoreCase ? value.toLowerCase() : value);
  if (entry?.roleFunction) {
    // Roles compare by their values: the target does not echo Entra's primary/type/display fields.
    const values = (list: unknown) => roleValues(list).map(text).sort().join('\u0000');
    return values(current) === values(next);
  }
  const normal = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase();
    if (Array.isArray(value))
      return value
        .map((item) => (typeof item === 'object' ? text(JSON.stringify(item)) : normal(item)))
        .sort()
        .join('\u0000');
    if (typeof value === 'object') return text(JSON.stringify(value));
    return text(String(value));
  };
  return normal(current) === normal(next);
}
