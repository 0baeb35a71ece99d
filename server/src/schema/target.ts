// Target schemas (docs/targets.md): what a SCIM app accepts, typed, and the lookups validation,
// completion, hover and the request builder use. target-format.ts reads the format (the bundled
// Genesys Cloud and generic SCIM schemas, and any *.target.json file) into these types.
import type { ObjectBlock, TargetAction } from '../syntax/ast';
import { byNameIgnoreCase } from './names';
import { spelledTargetParts } from '../syntax/target-names';

export type BlockObject = ObjectBlock['object'];

export type ScimType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
export type Mutability = 'readWrite' | 'readOnly' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';
/** The attribute types of Entra's schema editor. */
export type EntraAttributeType = 'String' | 'Boolean' | 'Integer' | 'DateTime' | 'Reference' | 'Binary';

export interface TargetAttribute {
  readonly name: string;
  readonly type: ScimType;
  /** How Entra offers the attribute as a mapping target; absent: not mappable as a whole (map a sub-attribute). */
  readonly entraType?: EntraAttributeType;
  readonly multiValued: boolean;
  /** Required by the app when creating the resource. */
  readonly required: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly caseExact: boolean;
  /** The app can filter on it, so Entra can use it as a matching attribute; undefined: unknown. */
  readonly filterable?: boolean;
  readonly description: string;
  /** The app's own name for the field it lands in (Genesys: help.mypurecloud.com field mappings). */
  readonly appField?: string;
  /** Where the facts come from. */
  readonly source?: string;
  /** The source expression of the usual mapping, e.g. `[userPrincipalName]`. */
  readonly entraDefault?: string;
  /** The closed list of values the app accepts. */
  readonly canonicalValues?: readonly string[];
  /** Values worth offering in completion, not a closed list. */
  readonly suggestedValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  /** A value format the app enforces (Genesys phone numbers: E.164 or tel: URI; userName: an email address). */
  readonly format?: TargetFormat;
  readonly subAttributes?: readonly TargetAttribute[];
  /** For a multi-valued complex attribute: the sub-attribute its value filters select on (`type`, `authority`). */
  readonly filterKey?: string;
  /** For a multi-valued complex attribute: Entra's directory declares its sub-attributes unfiltered too (import), so no value filter is required. */
  readonly unfilteredEntries?: boolean;
  /** Entries that are read-only although the attribute is not: `emails[type eq "other"]`, the `x-pc:scimv2:v1` externalIds entry. */
  readonly readOnlyEntries?: readonly ReadOnlyEntry[];
  /** The smallest value Genesys accepts (routing proficiency: 0). */
  readonly minimum?: number;
  /** The largest value Genesys accepts (routing proficiency: 5). */
  readonly maximum?: number;
  /** The name Genesys documents for filtering on the attribute when it differs from its path (`email eq ...` for emails). */
  readonly filterAlias?: string;
}

export interface TargetFormat {
  readonly pattern: string;
  readonly description: string;
  /** The kind of value (`email`, `phone`): a source attribute of another named format (entra-source-schema.json) never matches. */
  readonly name?: string;
}

export interface ReadOnlyEntry {
  /** The filter-key value that selects the entry. */
  readonly value: string;
  readonly reason: string;
  /** `prefix`: the entry's filter-key value starts with `value` (the x-pc:scimv2:v1 authority). */
  readonly match?: 'prefix';
}

/** The read-only entry a filter-key value selects (`emails` entry `other`, `externalIds` authority `x-pc:scimv2:v1...`). */
export function readOnlyEntryFor(attribute: TargetAttribute, keyValue: string): ReadOnlyEntry | undefined {
  return attribute.readOnlyEntries?.find((entry) =>
    entry.match === 'prefix' ? keyValue.toLowerCase().startsWith(entry.value.toLowerCase()) : entry.value === keyValue,
  );
}

export interface TargetSchema {
  /** The schema URN: `urn:ietf:params:scim:schemas:core:2.0:User`. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** For an extension: every resource must carry it. */
  readonly required?: boolean;
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
  readonly supportedActions?: readonly TargetAction[];
  readonly schemas: readonly TargetSchema[];
}

/** What the app's /ServiceProviderConfig says (RFC 7643 §5); a feature left out is unknown. */
export interface ServiceProviderFeatures {
  readonly patch?: boolean;
  readonly bulk?: boolean;
  readonly filter?: boolean;
  readonly filterMaxResults?: number;
  readonly etag?: boolean;
  readonly sort?: boolean;
  readonly changePassword?: boolean;
}

export interface TargetSchemaData {
  /** The app's name as messages show it: `Genesys Cloud`. */
  readonly name: string;
  readonly description?: string;
  readonly discovered?: { readonly url: string; readonly at: string; readonly warnings?: readonly string[] };
  readonly serviceProvider?: ServiceProviderFeatures;
  /** The app accepts booleans as the strings "True"/"False" (Entra's default PATCH); undefined: unknown. */
  readonly stringBooleans?: boolean;
  readonly resources: readonly TargetResource[];
}

/** A loaded target: the data, and where it came from (a bundled name or a file path). */
export interface Target extends TargetSchemaData {
  readonly origin: string;
}

const lower = (s: string) => s.toLowerCase();

/** The resource a block maps to, or undefined when the target has none (a users-only app). */
export function findTargetResource(target: TargetSchemaData, object: BlockObject): TargetResource | undefined {
  return target.resources.find((resource) => resource.block === object);
}

/** A schema of the resource by URN; SCIM URNs compare case-insensitively. */
export function findTargetSchema(resource: TargetResource, urn: string): TargetSchema | undefined {
  const wanted = lower(urn);
  return resource.schemas.find((schema) => lower(schema.id) === wanted);
}

export function coreSchemaOf(resource: TargetResource): TargetSchema {
  return resource.schemas.find((s) => s.id === resource.coreSchema) ?? resource.schemas[0];
}

/**
 * The top-level attributes the target keeps unique (`uniqueness` server or global), in the core schema
 * or an extension (`urn:...:enterprise:2.0:User:employeeNumber`), but the core `id`, which the target assigns.
 */
export function uniqueAttributes(resource: TargetResource): TargetAttributeEntry[] {
  return allTargetAttributes(resource).filter((entry) => entry.attribute.uniqueness !== 'none' && entry.path !== 'id');
}

/** The attributes of a schema Entra can write: not read-only, and offered as a mapping target (an Entra type). */
export function entraWritableAttributes(schema: TargetSchema): TargetAttribute[] {
  return schema.attributes.filter((attribute) => attribute.mutability !== 'readOnly' && attribute.entraType);
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

/** qualifiedName as a .scimmap writes it (`urn:...:2.0:User:"Région"`), with a value filter and sub-attribute after it when given. */
export function spelledQualifiedName(
  resource: TargetResource,
  schema: TargetSchema,
  attribute: TargetAttribute,
  filter?: string,
  sub?: TargetAttribute,
): string {
  return spelledTargetParts(schema.id === resource.coreSchema ? undefined : schema.id, attribute.name, filter, sub?.name);
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
  return allTargetAttributes(resource).find(
    (entry) => lower(entry.path) === wanted || lower(`${entry.schema.id}:${entry.attribute.name}`) === wanted,
  );
}
