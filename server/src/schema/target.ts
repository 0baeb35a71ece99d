// The target schema (server/src/data/genesys-schema.json): its resources, schemas and attributes,
// typed, and the lookups validation, completion, hover and the request builder use.
import genesysSchemaJson from '../data/genesys-schema.json';
import type { ObjectBlock } from '../syntax/ast';
import { byNameIgnoreCase } from './names';

export type BlockObject = ObjectBlock['object'];

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


export const targetSchema = genesysSchemaJson as TargetSchemaData;

const lower = (s: string) => s.toLowerCase();

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

