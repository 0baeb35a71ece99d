// Discovered SCIM documents (/ServiceProviderConfig, /ResourceTypes, /Schemas: RFC 7643 §5-7) to a
// target schema in scimmap's format. Real servers leave things out and name them loosely, so every
// field is read leniently (any case for types and characteristics, RFC 7643 §2.2 defaults when
// missing) and every departure is reported. What the documents do not say, such as which attributes
// the server can filter on, stays unknown rather than guessed.
import { commonAttributes, commonAttributesMissingFrom } from '../../../shared/src/scim/common-attributes';
import type { DiscoveryDocuments } from '../../../shared/src/scim/discovery';
import { looseBoolean } from '../../../shared/src/scim/json';
import { readTargetSchema, TargetSchemaError } from './target-format';
import type { BlockObject, EntraAttributeType, ScimType, Target } from './target';
import { isRecord } from '../../../shared/src/json-object';

export interface DiscoveredTarget {
  /** The target-schema file's content (what `scimmap discover -o` writes). */
  readonly json: Record<string, unknown>;
  /** The same, read back as a target. */
  readonly target: Target;
  /** What was left out or assumed. */
  readonly warnings: string[];
}

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const SCIM_TYPES: readonly ScimType[] = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary'];
const ENTRA_TYPE: Readonly<Record<Exclude<ScimType, 'complex'>, EntraAttributeType>> = {
  string: 'String',
  boolean: 'Boolean',
  // Entra's attribute editor has no decimal: it sends a number's text.
  decimal: 'String',
  integer: 'Integer',
  dateTime: 'DateTime',
  // A URL (profileUrl, photos): Entra sends a string. References to objects are the complex manager/members.
  reference: 'String',
  binary: 'Binary',
};
const CHARACTERISTICS = {
  mutability: ['readWrite', 'readOnly', 'immutable', 'writeOnly'],
  returned: ['always', 'never', 'default', 'request'],
  uniqueness: ['none', 'server', 'global'],
} as const;

type Json = Record<string, unknown>;

/** An enumerated value in any case (`readonly`, `ReadOnly`), as its canonical spelling. */
function canonical<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' ? allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase()) : undefined;
}

interface Converter {
  readonly warnings: string[];
}

/**
 * A name no mapping can write: one outside RFC 7643 §2.1's ATTRNAME (`attr3_ü`) is written in
 * double quotes, and a .scimmap string ends on its line.
 */
const unwritableName = /[\r\n]/;

function convertAttribute(converter: Converter, raw: unknown, where: string, depth: number): Json | undefined {
  if (!isRecord(raw) || typeof raw.name !== 'string' || raw.name.trim() === '') {
    converter.warnings.push(`${where}: an attribute without a name was left out.`);
    return undefined;
  }
  const name = raw.name.trim();
  const at = `${where}.${name}`;
  if (unwritableName.test(name)) {
    converter.warnings.push(`${JSON.stringify(at)}: a line break in the name, so no mapping can write it; left out.`);
    return undefined;
  }
  let type = canonical(raw.type, SCIM_TYPES);
  const subAttributes = Array.isArray(raw.subAttributes) ? raw.subAttributes : undefined;
  if (!type) {
    type = subAttributes && subAttributes.length > 0 ? 'complex' : 'string';
    converter.warnings.push(`${at}: ${raw.type === undefined ? 'no type' : `unknown type ${JSON.stringify(raw.type)}`}; read as ${type}.`);
  }
  const attribute: Json = { name, type };
  const multiValued = looseBoolean(raw.multiValued) ?? false;
  const required = looseBoolean(raw.required) ?? false;
  attribute.multiValued = multiValued;
  attribute.required = required;
  for (const [key, allowed] of Object.entries(CHARACTERISTICS)) {
    if (raw[key] === undefined) continue;
    const value = canonical(raw[key], allowed);
    if (value) attribute[key] = value;
    else converter.warnings.push(`${at}: unknown ${key} ${JSON.stringify(raw[key])}; RFC 7643's default assumed.`);
  }
  const caseExact = looseBoolean(raw.caseExact);
  if (caseExact !== undefined) attribute.caseExact = caseExact;
  attribute.description = typeof raw.description === 'string' ? raw.description : '';
  // RFC 7643 §7 calls them canonical, but they are suggestions ("MAY be used"): a server may accept others.
  const values = Array.isArray(raw.canonicalValues) ? raw.canonicalValues.filter((v): v is string => typeof v === 'string') : [];
  if (values.length > 0) attribute.suggestedValues = values;
  const referenceTypes = Array.isArray(raw.referenceTypes) ? raw.referenceTypes.filter((v): v is string => typeof v === 'string') : [];
  if (referenceTypes.length > 0) attribute.referenceTypes = referenceTypes;

  if (type === 'complex') {
    if (depth > 0) {
      // RFC 7643 §2.3.8: no complex sub-attributes. A server that nests (or loops) is cut here.
      converter.warnings.push(`${at}: a complex sub-attribute (RFC 7643 allows none); read as a string.`);
      return { ...attribute, type: 'string', entraType: 'String' };
    }
    const subs = (subAttributes ?? []).flatMap((sub): Json[] => {
      const converted = convertAttribute(converter, sub, at, depth + 1);
      return converted ? [converted] : [];
    });
    const unique = subs.filter(
      (sub, index) => subs.findIndex((other) => String(other.name).toLowerCase() === String(sub.name).toLowerCase()) === index,
    );
    if (unique.length < subs.length) converter.warnings.push(`${at}: a sub-attribute listed twice was kept once.`);
    if (unique.length > 0) attribute.subAttributes = unique;
    else converter.warnings.push(`${at}: a complex attribute without sub-attributes; map it as a whole if the app accepts that.`);
    const subNamed = (wanted: string) => unique.find((sub) => String(sub.name).toLowerCase() === wanted);
    // RFC 7643's references to other resources (manager, members) are {value, $ref}; a $ref that
    // names only external URIs or no resource type is a link, not an object Entra resolves.
    const ref = subNamed('$ref');
    const types = Array.isArray(ref?.referenceTypes) ? (ref.referenceTypes as string[]) : undefined;
    const refersToObjects = ref !== undefined && (types === undefined || types.some((t) => !/^(external|uri)$/i.test(t)));
    // RFC 7643 defines a group's members (§4.2) and the enterprise manager (§4.3) as references, whether or not a server lists $ref.
    const referenceByDefinition = /^(members|manager)$/i.test(name);
    if (subNamed('value') && (refersToObjects || referenceByDefinition)) attribute.entraType = 'Reference';
    else if (unique.length === 0) attribute.entraType = 'String';
    if (multiValued && subNamed('type')) attribute.filterKey = String(subNamed('type')!.name);
  } else {
    if (subAttributes && subAttributes.length > 0) converter.warnings.push(`${at}: a ${type} with sub-attributes; they were left out.`);
    attribute.entraType = ENTRA_TYPE[type];
  }
  return attribute;
}

/** RFC 7643 §3.1's common attributes the server sets (`id`, `meta`), by lower-case name. */
const serverSet = new Set(commonAttributes.filter((common) => common.mutability === 'readOnly').map((common) => common.name.toLowerCase()));

/**
 * A core attribute as RFC 7643 §3.1 defines it when it is `id` or `meta`: set by the server, so
 * read-only and never required of Entra, whatever the listing says (one that leaves mutability out
 * says readWrite, RFC 7643 §2.2).
 */
function asServerSet(converter: Converter, schemaId: string, attribute: Json): Json {
  if (!serverSet.has(String(attribute.name).toLowerCase()) || (attribute.mutability === 'readOnly' && attribute.required !== true))
    return attribute;
  const listed = [
    attribute.required === true && 'required',
    attribute.mutability !== 'readOnly' && String(attribute.mutability ?? 'readWrite'),
  ];
  converter.warnings.push(
    `${schemaId}.${String(attribute.name)}: listed as ${listed.filter(Boolean).join(' and ')}, but RFC 7643 §3.1 has the server set it: read as read-only and not required.`,
  );
  const readOnly = (item: Json): Json => ({ ...item, mutability: 'readOnly', required: false });
  const subAttributes = Array.isArray(attribute.subAttributes) ? { subAttributes: (attribute.subAttributes as Json[]).map(readOnly) } : {};
  return { ...readOnly(attribute), ...subAttributes };
}

interface RawSchema {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: Json[];
}

function convertSchemas(converter: Converter, raws: readonly unknown[]): Map<string, RawSchema> {
  const schemas = new Map<string, RawSchema>();
  raws.forEach((raw, index) => {
    if (!isRecord(raw) || typeof raw.id !== 'string') {
      converter.warnings.push(`/Schemas item ${index + 1}: not a schema (no "id"); left out.`);
      return;
    }
    const attributes: Json[] = [];
    const seen = new Set<string>();
    for (const item of Array.isArray(raw.attributes) ? raw.attributes : []) {
      const attribute = convertAttribute(converter, item, raw.id, 0);
      if (!attribute) continue;
      const key = String(attribute.name).toLowerCase();
      if (seen.has(key)) converter.warnings.push(`${raw.id}.${String(attribute.name)}: listed twice; kept once.`);
      else {
        seen.add(key);
        attributes.push(attribute);
      }
    }
    if (!Array.isArray(raw.attributes)) converter.warnings.push(`${raw.id}: no "attributes" list.`);
    const name = typeof raw.name === 'string' && raw.name !== '' ? raw.name : raw.id.slice(raw.id.lastIndexOf(':') + 1);
    schemas.set(raw.id.toLowerCase(), {
      id: raw.id,
      name,
      description: typeof raw.description === 'string' ? raw.description : '',
      attributes,
    });
  });
  return schemas;
}

interface ResourceType {
  readonly name: string;
  readonly endpoint: string;
  readonly schema: string;
  readonly extensions: ReadonlyArray<{ readonly schema: string; readonly required: boolean }>;
}

function blockOf(type: ResourceType): BlockObject | undefined {
  if (type.schema.toLowerCase() === CORE_USER.toLowerCase() || /^users?$/i.test(type.name)) return 'users';
  if (type.schema.toLowerCase() === CORE_GROUP.toLowerCase() || /^groups?$/i.test(type.name)) return 'groups';
  return undefined;
}

function readResourceTypes(converter: Converter, raws: readonly unknown[]): ResourceType[] {
  return raws.flatMap((raw, index): ResourceType[] => {
    if (!isRecord(raw) || typeof raw.schema !== 'string') {
      converter.warnings.push(`/ResourceTypes item ${index + 1}: no "schema"; left out.`);
      return [];
    }
    const name =
      typeof raw.name === 'string' ? raw.name : typeof raw.id === 'string' ? raw.id : raw.schema.slice(raw.schema.lastIndexOf(':') + 1);
    const endpoint =
      typeof raw.endpoint === 'string' && raw.endpoint !== ''
        ? raw.endpoint.startsWith('/')
          ? raw.endpoint
          : `/${raw.endpoint}`
        : `/${name}s`;
    const extensions = (Array.isArray(raw.schemaExtensions) ? raw.schemaExtensions : []).flatMap((extension) =>
      isRecord(extension) && typeof extension.schema === 'string'
        ? [{ schema: extension.schema, required: looseBoolean(extension.required) ?? false }]
        : [],
    );
    return [{ name, endpoint, schema: raw.schema, extensions }];
  });
}

/** Without /ResourceTypes: User and Group from the core URNs, other schemas ending in `:User`/`:Group` as their extensions. */
function resourceTypesFromSchemas(schemas: Map<string, RawSchema>): ResourceType[] {
  const types: ResourceType[] = [];
  for (const [core, name] of [
    [CORE_USER, 'User'],
    [CORE_GROUP, 'Group'],
  ] as const) {
    if (!schemas.has(core.toLowerCase())) continue;
    const extensions = [...schemas.values()]
      .filter((s) => s.id.toLowerCase() !== core.toLowerCase() && s.id.toLowerCase().endsWith(`:${name.toLowerCase()}`))
      .map((s) => ({ schema: s.id, required: false }));
    types.push({ name, endpoint: `/${name}s`, schema: core, extensions });
  }
  return types;
}

export interface DiscoveryNaming {
  /** The app's name in messages; default: the endpoint's host. */
  readonly name?: string;
  /** When the documents were read (ISO 8601). */
  readonly at: string;
}

/** The target schema the documents describe. Throws TargetSchemaError when they describe neither users nor groups. */
export function targetSchemaFromDiscovery(documents: DiscoveryDocuments, naming: DiscoveryNaming): DiscoveredTarget {
  const converter: Converter = { warnings: [...documents.notes] };
  const schemas = convertSchemas(converter, documents.schemas);
  const types = documents.resourceTypes ? readResourceTypes(converter, documents.resourceTypes) : [];
  const fromSchemas = types.length === 0;
  if (fromSchemas && documents.resourceTypes)
    converter.warnings.push("/ResourceTypes lists no usable resource type: the resources were taken from the schemas' URNs.");
  const resources: Json[] = [];
  const used = new Set<string>();
  // Where two resource types share a block (a Bot on the core User schema), the one named User or Group is it.
  const byName = (type: ResourceType) => (/^(users?|groups?)$/i.test(type.name) ? 0 : 1);
  const ordered = [...(fromSchemas ? resourceTypesFromSchemas(schemas) : types)].sort((a, b) => byName(a) - byName(b));
  for (const type of ordered) {
    const block = blockOf(type);
    if (!block) {
      converter.warnings.push(
        `Resource type ${type.name} (${type.schema}) is not users or groups, which is all Entra provisions: left out.`,
      );
      continue;
    }
    if (resources.some((resource) => resource.block === block)) {
      converter.warnings.push(`Resource type ${type.name}: a second resource for ${block}; left out.`);
      continue;
    }
    const core = schemas.get(type.schema.toLowerCase());
    if (!core) {
      converter.warnings.push(
        `Resource type ${type.name}: its schema ${type.schema} is not in /Schemas, so ${block} cannot be checked; left out.`,
      );
      continue;
    }
    const coreAttributes = core.attributes.map((attribute) => asServerSet(converter, core.id, attribute));
    // The RFC 7643 §3.1 common attributes (id, externalId, meta), which /Schemas need not list.
    const common = commonAttributesMissingFrom(coreAttributes.map((attribute) => String(attribute.name))).flatMap(
      (attribute) => convertAttribute(converter, attribute, core.id, 0) ?? [],
    );
    const resourceSchemas: Json[] = [
      { id: core.id, name: core.name, description: core.description, attributes: [...common, ...coreAttributes] },
    ];
    used.add(core.id.toLowerCase());
    for (const extension of type.extensions) {
      const schema = schemas.get(extension.schema.toLowerCase());
      if (!schema) {
        converter.warnings.push(`Resource type ${type.name}: its extension ${extension.schema} is not in /Schemas; left out.`);
        continue;
      }
      used.add(schema.id.toLowerCase());
      resourceSchemas.push({
        id: schema.id,
        name: schema.name,
        description: schema.description,
        ...(extension.required && { required: true }),
        attributes: schema.attributes,
      });
    }
    const required = coreAttributes
      .filter((attribute) => attribute.required === true && attribute.mutability !== 'readOnly')
      .map((attribute) => String(attribute.name));
    // Entra's requests name the collection itself (SCIM, the documented requests): ResourceTypes cannot move it.
    const entraEndpoint = block === 'users' ? '/Users' : '/Groups';
    if (type.endpoint.toLowerCase() !== entraEndpoint.toLowerCase()) {
      converter.warnings.push(
        `Resource type ${type.name} is at ${type.endpoint}, but Entra sends every ${block === 'users' ? 'user' : 'group'} request to ${entraEndpoint} (GET ${entraEndpoint}?filter=..., POST ${entraEndpoint}, PATCH ${entraEndpoint}/id): the app must answer there too, or Entra's requests get 404.`,
      );
    }
    resources.push({ name: type.name, block, endpoint: type.endpoint, coreSchema: core.id, required, schemas: resourceSchemas });
  }
  for (const schema of schemas.values()) {
    if (!used.has(schema.id.toLowerCase()) && !/:core:2\.0:(ServiceProviderConfig|ResourceType|Schema)$/i.test(schema.id)) {
      converter.warnings.push(`Schema ${schema.id} belongs to no users or groups resource type; left out.`);
    }
  }
  if (resources.length === 0) {
    throw new TargetSchemaError(
      `${documents.root} describes no User or Group resource (${schemas.size} schema${schemas.size === 1 ? '' : 's'} read): nothing to check mappings against.${converter.warnings.length > 0 ? `\n  ${converter.warnings.join('\n  ')}` : ''}`,
    );
  }
  const config = documents.serviceProviderConfig;
  const serviceProvider: Json = {};
  if (config) {
    for (const flag of ['patch', 'bulk', 'filter', 'etag', 'sort', 'changePassword'] as const)
      if (config[flag] !== undefined) serviceProvider[flag] = config[flag];
    if (config.filterMaxResults !== undefined) serviceProvider.filterMaxResults = config.filterMaxResults;
  }
  const name = naming.name ?? new URL(documents.root).host;
  const json: Json = {
    name,
    description: `Discovered from ${documents.root}.`,
    discovered: { url: documents.root, at: naming.at, ...(converter.warnings.length > 0 && { warnings: converter.warnings }) },
    ...(Object.keys(serviceProvider).length > 0 && { serviceProvider }),
    resources,
  };
  return { json, target: readTargetSchema(json, name), warnings: converter.warnings };
}
