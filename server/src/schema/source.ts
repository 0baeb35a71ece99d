// The Entra source schema (server/src/data/entra-source-schema.json): the attributes of each
// source object, typed, and their lookups.
import entraSourceSchemaJson from '../data/entra-source-schema.json';
import { byName, byNameIgnoreCase } from './names';
import type { BlockObject, EntraAttributeType } from './target';

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
  /** The documented shape of the values (guid, alias, phone, ...): such a value is never an email address. */
  readonly format?: string;
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

export const sourceSchema = entraSourceSchemaJson as SourceSchemaData;

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
