// The target directory of an Entra schema as a target-schema file (docs/targets.md), so that
// validation, completion and hover use what this app's schema really declares, custom attributes
// an admin added included. Entra lists attributes flat, as mappings name them
// (`emails[type eq "work"].value`, `urn:...:enterprise:2.0:User:department`); SCIM nests them.
import type { ObjectBlock, TargetPath } from '../syntax/ast';
import { parse } from '../syntax/parser';
import { quoteString } from '../syntax/quoting';
import { spelledTargetPath } from '../syntax/target-names';
import { member, scalar, stringMember, type JsonNode } from './json-tree';

const CORE_SCHEMAS: Record<ObjectBlock['object'], { resource: string; endpoint: string; urn: string }> = {
  users: { resource: 'User', endpoint: '/Users', urn: 'urn:ietf:params:scim:schemas:core:2.0:User' },
  groups: { resource: 'Group', endpoint: '/Groups', urn: 'urn:ietf:params:scim:schemas:core:2.0:Group' },
};

const SCIM_TYPES: Record<string, string> = {
  String: 'string',
  Boolean: 'boolean',
  Integer: 'integer',
  DateTime: 'dateTime',
  Reference: 'reference',
  Binary: 'binary',
};
const MUTABILITY: Record<string, string> = { ReadWrite: 'readWrite', ReadOnly: 'readOnly', Immutable: 'immutable', WriteOnly: 'writeOnly' };

interface AttributeOut {
  name: string;
  type: string;
  entraType?: string;
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: string;
  description?: string;
  filterKey?: string;
  unfilteredEntries?: boolean;
  suggestedValues?: string[];
  subAttributes?: AttributeOut[];
}

/** Where each block's object lives: the directory the rule writes to and the object mapping's targetObjectName. */
export interface TargetObjects {
  readonly directory: string;
  readonly objects: Partial<Record<ObjectBlock['object'], string>>;
}

/** A target-schema document (docs/targets.md) for the objects the blocks map to, from the directory's attribute definitions. */
export function targetSchemaOf(directories: readonly JsonNode[], where: TargetObjects, origin: string): object | undefined {
  const directory = directories.find((d) => stringMember(d, 'name') === where.directory);
  const objects = member(directory, 'objects');
  if (objects?.kind !== 'array') return undefined;
  const resources: object[] = [];
  for (const kind of ['users', 'groups'] as const) {
    const objectName = where.objects[kind];
    const object = objects.items.find((o) => stringMember(o, 'name') === objectName);
    const attributes = member(object, 'attributes');
    if (!object || attributes?.kind !== 'array') continue;
    const core = CORE_SCHEMAS[kind];
    const schemas = new Map<string, AttributeOut[]>([[core.urn, []]]);
    const required: string[] = [];
    const unfiltered = new Set<AttributeOut>();
    const index = new AttributeIndex();
    for (const definition of attributes.items) {
      const name = stringMember(definition, 'name');
      if (!name) continue;
      if (scalar(member(definition, 'required')) === true) required.push(name);
      const read = readTargetName(name);
      // The .scimmap reads a URN case-insensitively, as SCIM does: one schema for both spellings.
      const urn = 'path' in read && read.path.schema ? read.path.schema.text : core.urn;
      const id = [...schemas.keys()].find((known) => known.toLowerCase() === urn.toLowerCase()) ?? urn;
      const list = schemas.get(id) ?? [];
      schemas.set(id, list);
      place(list, 'path' in read ? read.path : undefined, name, definition, unfiltered, index);
    }
    // Entra writes a sub-attribute its directory declares without a value filter (`Région.ville`) so: no filter is required there.
    for (const attribute of unfiltered) {
      delete attribute.filterKey;
      attribute.unfilteredEntries = true;
    }
    resources.push({
      name: core.resource,
      block: kind,
      endpoint: core.endpoint,
      coreSchema: core.urn,
      required,
      schemas: [...schemas].map(([id, list]) => ({ id, name: id.slice(id.lastIndexOf(':') + 1), attributes: list })),
    });
  }
  if (resources.length === 0) return undefined;
  return {
    name: where.directory,
    description: `The ${where.directory} directory's attribute definitions in ${origin}, as scimmap import read them (what Entra's schema declares; what the app itself accepts may differ).`,
    resources,
  };
}

/**
 * Why a string cannot be written into a .scimmap as it is: a .scimmap is UTF-8 text, where half of
 * a UTF-16 surrogate pair (which JSON can write, `"\\ud800"`) would silently become U+FFFD.
 */
export function loneSurrogate(value: string): string | undefined {
  const surrogate = /\p{Cs}/u.exec(value);
  return surrogate
    ? `it holds a lone surrogate \\u${surrogate[0].charCodeAt(0).toString(16)}, which a UTF-8 .scimmap file cannot hold`
    : undefined;
}

/**
 * How a .scimmap writes the Entra target name `name`, and what the language reads there: its names
 * quoted where needed (spelledTargetPath), else the whole name quoted as one attribute. Import writes
 * this spelling and the target-schema file declares what it reads, so the two agree for every name;
 * `error` when no spelling reads back as the name (a line break in it) or the name is no Unicode text.
 */
export function readTargetName(name: string): { spelling: string; path: TargetPath } | { error: string | undefined } {
  const surrogate = loneSurrogate(name);
  if (surrogate) return { error: surrogate };
  let error: string | undefined;
  for (const spelling of [spelledTargetPath(name), quoteString(name)]) {
    const parsed = parse(`users {\n  ${spelling} <- none\n}\n`);
    const mappings = parsed.file.blocks[0]?.mappings ?? [];
    error ??= parsed.diagnostics.find((d) => d.severity === 'error')?.message;
    if (!parsed.diagnostics.some((d) => d.severity === 'error') && mappings.length === 1 && mappings[0].target.name === name)
      return { spelling, path: mappings[0].target };
  }
  return { error };
}

/**
 * Puts the attribute `name` reads as (`title`, `name.givenName`, `emails[type eq "work" and primary
 * eq "True"].value`: every filter term's attribute and value) into the attribute tree; a name the
 * language cannot read (`path` undefined) as one attribute. A parent whose sub-attribute is declared
 * without a value filter goes into `unfiltered`.
 */
function place(
  list: AttributeOut[],
  path: TargetPath | undefined,
  name: string,
  definition: JsonNode,
  unfiltered: Set<AttributeOut>,
  index: AttributeIndex,
): void {
  const leaf = leafOf(definition);
  const [first, sub] = path?.segments ?? [];
  if (!first || (!first.filter && !sub)) {
    const attributeName = first?.name.text ?? name;
    if (!index.find(list, attributeName)) index.add(list, { name: attributeName, ...leaf });
    return;
  }
  let parent = index.find(list, first.name.text);
  if (!parent) {
    parent = { name: first.name.text, type: 'complex', subAttributes: [] };
    index.add(list, parent);
  }
  if (parent.type !== 'complex') return;
  const subAttributes = parent.subAttributes!;
  if (first.filter) {
    parent.multiValued = true;
    parent.filterKey = first.filter.comparisons[0].attribute.text;
    for (const { attribute, value } of first.filter.comparisons) {
      let key = index.find(subAttributes, attribute.text);
      if (!key) {
        key = { name: attribute.text, ...(isPrimary(attribute.text) ? booleanLeaf : { type: 'string' }) };
        index.add(subAttributes, key);
      }
      index.suggest(key, value.value);
    }
  }
  if (sub && !first.filter) unfiltered.add(parent);
  if (sub && !index.find(subAttributes, sub.name.text))
    index.add(subAttributes, { name: sub.name.text, ...leaf, ...(first.filter && isPrimary(sub.name.text) && booleanLeaf) });
}

/**
 * The attributes of each list by name and the values each filter key suggests, so that placing a
 * definition costs the same however many there are (a schema may declare 20,000 filtered entries).
 */
class AttributeIndex {
  private readonly byName = new Map<AttributeOut[], Map<string, AttributeOut>>();
  private readonly suggested = new Map<AttributeOut, Set<string>>();

  find(list: AttributeOut[], name: string): AttributeOut | undefined {
    return this.byName.get(list)?.get(name);
  }

  /** Adds `attribute` to `list` (the first of a name is the one found). */
  add(list: AttributeOut[], attribute: AttributeOut): void {
    list.push(attribute);
    const names = this.byName.get(list) ?? new Map<string, AttributeOut>();
    this.byName.set(list, names);
    if (!names.has(attribute.name)) names.set(attribute.name, attribute);
  }

  /** Adds `value` to the key's suggested values unless it is there already. */
  suggest(key: AttributeOut, value: string): void {
    const values = this.suggested.get(key) ?? new Set<string>();
    this.suggested.set(key, values);
    if (values.has(value)) return;
    values.add(value);
    (key.suggestedValues ??= []).push(value);
  }
}

/**
 * RFC 7643 §2.4: `primary` of a multi-valued attribute is a boolean. Entra's flat names
 * (`roles[primary eq "True"].value`) carry no type for it, and as a string it would be sent as "True".
 */
function isPrimary(name: string): boolean {
  return name.toLowerCase() === 'primary';
}
const booleanLeaf = { type: 'boolean', entraType: 'Boolean' } as const;

function leafOf(definition: JsonNode): Omit<AttributeOut, 'name'> {
  const entraType = stringMember(definition, 'type') ?? 'String';
  const mutability = MUTABILITY[stringMember(definition, 'mutability') ?? ''];
  return {
    type: SCIM_TYPES[entraType] ?? 'string',
    entraType: SCIM_TYPES[entraType] ? entraType : 'String',
    ...(scalar(member(definition, 'multivalued')) === true && { multiValued: true }),
    ...(scalar(member(definition, 'required')) === true && { required: true }),
    ...(scalar(member(definition, 'caseExact')) === true && { caseExact: true }),
    ...(mutability && mutability !== 'readWrite' && { mutability }),
  };
}
