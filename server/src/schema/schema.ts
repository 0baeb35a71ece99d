// Typed access to the bundled schemas and catalogues (server/src/data/*.json): the Genesys Cloud
// target schema, the Entra source schema, the expression function catalogue and the scoping
// operators. The JSON is the single source of truth; validation, completion, hover and signature
// help read it through the lookups below. Each interface documents one JSON shape.
import genesysSchemaJson from '../data/genesys-schema.json';
import entraSourceSchemaJson from '../data/entra-source-schema.json';
import functionsJson from '../data/functions.json';
import scopingOperatorsJson from '../data/scoping-operators.json';
import type { ObjectBlock, TargetPath } from '../syntax/ast';

export type BlockObject = ObjectBlock['object'];

// ---- Target schema (genesys-schema.json) ----

export type ScimType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex';
export type Mutability = 'readWrite' | 'readOnly' | 'immutable' | 'writeOnly';
/** The attribute types of Entra's schema editor. */
export type EntraAttributeType = 'String' | 'Boolean' | 'Integer' | 'DateTime' | 'Reference' | 'Binary';

export interface TargetAttribute {
  readonly name: string;
  readonly type: ScimType;
  /** How Entra's gallery app offers the attribute as a mapping target; absent: not mappable as a whole (map a sub-attribute). */
  readonly entraType?: EntraAttributeType;
  readonly multiValued: boolean;
  /** Required by Genesys when creating the resource. */
  readonly required: boolean;
  readonly mutability: Mutability;
  readonly caseExact: boolean;
  /** Genesys can filter on it, so Entra can use it as a matching attribute. */
  readonly filterable: boolean;
  readonly description: string;
  /** The Genesys Cloud field it maps to (help.mypurecloud.com field mappings). */
  readonly genesysField?: string;
  /** Reference tags of the facts (genesys-scim.md S1..S19). */
  readonly source: string;
  /** The source expression of the gallery app's default mapping, e.g. `[userPrincipalName]`. */
  readonly entraDefault?: string;
  /** The closed list of values Genesys accepts. */
  readonly canonicalValues?: readonly string[];
  /** Values worth offering in completion, not a closed list. */
  readonly suggestedValues?: readonly string[];
  readonly subAttributes?: readonly TargetAttribute[];
  /** For a multi-valued complex attribute: the sub-attribute its value filters select on (`type`, `authority`). */
  readonly filterKey?: string;
  /** Entries that are read-only although the attribute is not: `emails[type eq "other"]`. */
  readonly readOnlyEntries?: ReadonlyArray<{ readonly value: string; readonly reason: string }>;
}

export interface TargetSchema {
  /** The schema URN: `urn:ietf:params:scim:schemas:core:2.0:User`. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly TargetAttribute[];
}

export interface TargetResource {
  /** SCIM resource type: User or Group. */
  readonly name: string;
  readonly block: BlockObject;
  readonly endpoint: string;
  readonly coreSchema: string;
  /** Target attributes every create must carry. */
  readonly required: readonly string[];
  /** Target object actions the target supports; absent: create, update and delete. */
  readonly supportedActions?: ReadonlyArray<'create' | 'update' | 'delete'>;
  readonly schemas: readonly TargetSchema[];
}

export interface TargetSchemaData {
  readonly target: string;
  readonly resources: readonly TargetResource[];
}

// ---- Source schema (entra-source-schema.json) ----

export interface SourceAttribute {
  readonly name: string;
  readonly type: EntraAttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly source: string;
  /** The object's anchor (objectId). */
  readonly anchor?: boolean;
  /** Every object has a value (Entra requires it or computes it), so null checks are moot. */
  readonly alwaysPresent?: boolean;
  /** Computed by the provisioning service, not stored (IsSoftDeleted). */
  readonly computed?: boolean;
  readonly referencedObject?: string;
  /** Usable only as the argument of a role function (appRoleAssignments). */
  readonly roleFunctionsOnly?: boolean;
}

export interface SourceObjectSchema {
  /** Entra object: User or Group. */
  readonly name: string;
  readonly block: BlockObject;
  readonly attributes: readonly SourceAttribute[];
}

export interface NamedReason {
  readonly name: string;
  readonly reason: string;
}

export interface SourceSchemaData {
  /** `extension_<32 hex>_<name>`: directory extension attributes, valid though not listed. */
  readonly directoryExtensionPattern: string;
  readonly directoryExtensionNote: string;
  readonly objects: readonly SourceObjectSchema[];
  /** Attributes scoping filters cannot use (besides multi-valued and DateTime ones). */
  readonly scopingUnsupported: readonly NamedReason[];
  /** Names users expect but Entra does not offer as provisioning sources. */
  readonly notAvailable: readonly NamedReason[];
}

// ---- Function catalogue (functions.json) ----

export type ParameterType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'dateTime'
  | 'condition'
  | 'regex'
  | 'enum'
  | 'multiValued'
  | 'appRoleAssignments'
  | 'any';

export type ReturnKind = 'string' | 'boolean' | 'number' | 'dateTime' | 'multiValued' | 'roles' | 'flowControl';

export type FunctionFlag =
  /** Only as the whole mapping expression, never nested. */
  | 'topLevelOnly'
  /** A different value at every evaluation (Guid, RandomString, Now). */
  | 'nonDeterministic'
  /** Depends on the tenant or the target's data (DefaultDomain, SelectUniqueValue). */
  | 'targetDependent'
  /** The mapping must apply only during object creation. */
  | 'requiresOnCreate'
  /** Not on a mapping with a matching precedence. */
  | 'notForMatching'
  /** Supported only for HR-driven provisioning to on-premises AD. */
  | 'hrToAdOnly'
  /** Takes [appRoleAssignments]. */
  | 'roleFunction'
  /** IsNull, IsNullOrEmpty, IsPresent: never a Switch source or an IIF condition. */
  | 'nullTest';

export interface FunctionParameter {
  readonly name: string;
  readonly type: ParameterType;
  readonly required: boolean;
  /** Part of the signature's repeating group. */
  readonly repeating?: boolean;
  /** For `enum`: the identifiers allowed; for a string: the documented values (DateAdd intervals). */
  readonly values?: readonly string[];
  readonly description: string;
}

export interface FunctionSignature {
  /** Display label when a function has several forms. */
  readonly label?: string;
  readonly parameters: readonly FunctionParameter[];
  /** Every parameter slot must be written, empty when unused (Replace's 7 slots). */
  readonly allSlots?: boolean;
  /** Parameters from index `from` repeat in groups of `size`, at least `min` times (Switch pairs, Join sources). */
  readonly repeat?: { readonly from: number; readonly size: number; readonly min: number };
}

export interface FunctionExample {
  readonly expression: string;
  /** The sample source object. */
  readonly input?: Readonly<Record<string, unknown>>;
  /** The clock for Now(), ISO 8601 UTC. */
  readonly now?: string;
  /** The true output (corrected where the documentation is wrong). */
  readonly output?: string | readonly string[];
  /** What the documentation says when it differs from `output`. */
  readonly documentedOutput?: string | readonly string[];
  readonly note?: string;
}

export interface FunctionInfo {
  readonly name: string;
  readonly description: string;
  readonly returns: ReturnKind;
  readonly signatures: readonly FunctionSignature[];
  readonly flags?: readonly FunctionFlag[];
  readonly notes: readonly string[];
  readonly examples: readonly FunctionExample[];
  readonly source: string;
}

export interface FunctionCatalogueData {
  readonly functions: readonly FunctionInfo[];
}

// ---- Scoping operators (scoping-operators.json) ----

export interface ScopingOperator {
  /** As the admin center lists it (and, we assume, Graph's operatorName). */
  readonly name: string;
  readonly arity: 'binary' | 'unary';
  /** For binary operators: what the value must be. */
  readonly valueKind?: 'string' | 'integer' | 'regex';
  readonly description: string;
  readonly example: string;
  /** The documentation leaves the semantics unclear. */
  readonly uncertain?: boolean;
}

export interface ScopingOperatorData {
  readonly operators: readonly ScopingOperator[];
}

export const targetSchema = genesysSchemaJson as TargetSchemaData;
export const sourceSchema = entraSourceSchemaJson as SourceSchemaData;
export const functionCatalogue = functionsJson as FunctionCatalogueData;
export const scopingOperators = (scopingOperatorsJson as ScopingOperatorData).operators;

// ---- Lookups ----

const lower = (s: string) => s.toLowerCase();

function byName<T extends { readonly name: string }>(items: readonly T[], name: string): T | undefined {
  return items.find((item) => item.name === name);
}

function byNameIgnoreCase<T extends { readonly name: string }>(items: readonly T[], name: string): T | undefined {
  const wanted = lower(name);
  return items.find((item) => lower(item.name) === wanted);
}

export function targetResource(object: BlockObject): TargetResource {
  const resource = targetSchema.resources.find((r) => r.block === object);
  if (!resource) throw new Error(`genesys-schema.json has no resource for the ${object} block`);
  return resource;
}

/** A schema of the resource by URN; SCIM URNs compare case-insensitively. */
export function findTargetSchema(resource: TargetResource, urn: string): TargetSchema | undefined {
  const wanted = lower(urn);
  return resource.schemas.find((schema) => lower(schema.id) === wanted);
}

export function coreSchemaOf(resource: TargetResource): TargetSchema {
  return resource.schemas.find((s) => s.id === resource.coreSchema) ?? resource.schemas[0];
}

/** An attribute of a schema; SCIM attribute names compare case-insensitively (RFC 7643 §2.1). */
export function findTargetAttribute(schema: TargetSchema, name: string): TargetAttribute | undefined {
  return byNameIgnoreCase(schema.attributes, name);
}

export function findSubAttribute(attribute: TargetAttribute, name: string): TargetAttribute | undefined {
  return attribute.subAttributes ? byNameIgnoreCase(attribute.subAttributes, name) : undefined;
}

/** How Entra writes an attribute as a target: bare in the core schema, fully qualified in an extension. */
export function qualifiedName(resource: TargetResource, schema: TargetSchema, attribute: TargetAttribute): string {
  return schema.id === resource.coreSchema ? attribute.name : `${schema.id}:${attribute.name}`;
}

export interface TargetAttributeEntry {
  readonly schema: TargetSchema;
  readonly attribute: TargetAttribute;
  /** As Entra writes it: `userName`, `urn:...:enterprise:2.0:User:department`. */
  readonly path: string;
}

/** Every top-level attribute of the resource, for completion and did-you-mean. */
export function allTargetAttributes(resource: TargetResource): TargetAttributeEntry[] {
  return resource.schemas.flatMap((schema) =>
    schema.attributes.map((attribute) => ({ schema, attribute, path: qualifiedName(resource, schema, attribute) })),
  );
}

/** The attribute at `path` (core or fully qualified), e.g. `userName` or `urn:...:enterprise:2.0:User:manager`. */
export function findTargetAttributeByPath(resource: TargetResource, path: string): TargetAttributeEntry | undefined {
  const wanted = lower(path);
  return allTargetAttributes(resource).find((entry) => lower(entry.path) === wanted || lower(`${entry.schema.id}:${entry.attribute.name}`) === wanted);
}

/** The schema, attribute and sub-attribute a target path names, as far as they exist. */
export function resolveTargetPath(object: BlockObject, target: TargetPath): { schema?: TargetSchema; attribute?: TargetAttribute; sub?: TargetAttribute } {
  const resource = targetResource(object);
  const schema = target.schema ? findTargetSchema(resource, target.schema.text) : coreSchemaOf(resource);
  const [first, second] = target.segments;
  const attribute = schema && first ? findTargetAttribute(schema, first.name.text) : undefined;
  const sub = attribute && second ? findSubAttribute(attribute, second.name.text) : undefined;
  return { schema, attribute, sub };
}

/** Why a filtered entry is read-only (`emails[type eq "other"]`), if it is. */
export function readOnlyEntryReason(attribute: TargetAttribute, target: TargetPath): string | undefined {
  const comparisons = target.segments[0]?.filter?.comparisons ?? [];
  const selected = comparisons.find((c) => c.attribute.text.toLowerCase() === attribute.filterKey?.toLowerCase());
  return selected && attribute.readOnlyEntries?.find((entry) => entry.value === selected.value.value)?.reason;
}

export function sourceObject(object: BlockObject): SourceObjectSchema {
  const found = sourceSchema.objects.find((o) => o.block === object);
  if (!found) throw new Error(`entra-source-schema.json has no object for the ${object} block`);
  return found;
}

/** Entra attribute names are case-sensitive. */
export function findSourceAttribute(object: BlockObject, name: string): SourceAttribute | undefined {
  return byName(sourceObject(object).attributes, name);
}

export function findSourceAttributeIgnoreCase(object: BlockObject, name: string): SourceAttribute | undefined {
  return byNameIgnoreCase(sourceObject(object).attributes, name);
}

const directoryExtension = new RegExp(sourceSchema.directoryExtensionPattern);

/** `extension_<appId without dashes>_<name>`: a directory extension attribute. */
export function isDirectoryExtension(name: string): boolean {
  return directoryExtension.test(name);
}

export function findFunction(name: string): FunctionInfo | undefined {
  return byName(functionCatalogue.functions, name);
}

/** Entra's function names are case-sensitive: this finds the intended one to suggest the right case. */
export function findFunctionIgnoreCase(name: string): FunctionInfo | undefined {
  return byNameIgnoreCase(functionCatalogue.functions, name);
}

export function hasFlag(fn: FunctionInfo, flag: FunctionFlag): boolean {
  return fn.flags?.includes(flag) ?? false;
}

/** Operators compare exactly as the portal spells them, whitespace collapsed. */
export function findScopingOperator(name: string): ScopingOperator | undefined {
  return byName(scopingOperators, name.trim().replace(/\s+/g, ' '));
}

export interface Arity {
  readonly min: number;
  /** undefined: unbounded. */
  readonly max: number | undefined;
}

/** The argument counts a signature accepts (its repeating group counted `min` times at least). */
export function arityOf(signature: FunctionSignature): Arity {
  const { parameters, repeat } = signature;
  if (repeat) return { min: repeat.from + repeat.size * repeat.min, max: undefined };
  const afterLastRequired = parameters.reduce((min, p, i) => (p.required ? i + 1 : min), 0);
  return { min: signature.allSlots ? parameters.length : afterLastRequired, max: parameters.length };
}

/** Whether `count` arguments fit the signature: in range and, for a repeating group, whole groups. */
export function acceptsArgumentCount(signature: FunctionSignature, count: number): boolean {
  const { min, max } = arityOf(signature);
  if (count < min || (max !== undefined && count > max)) return false;
  const repeat = signature.repeat;
  return !repeat || (count - repeat.from) % repeat.size === 0;
}

/** The parameter an argument position binds to (repeating groups wrap around). */
export function parameterAt(signature: FunctionSignature, index: number): FunctionParameter | undefined {
  const { parameters, repeat } = signature;
  if (repeat && index >= repeat.from) return parameters[repeat.from + ((index - repeat.from) % repeat.size)];
  return parameters[index];
}
