// The target directory of an Entra schema as a target-schema file (docs/targets.md), so that
// validation, completion and hover use what this app's schema really declares, custom attributes
// an admin added included. Entra lists attributes flat, as mappings name them
// (`emails[type eq "work"].value`, `urn:...:enterprise:2.0:User:department`); SCIM nests them.
import type { ObjectBlock } from '../syntax/ast';
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
    for (const definition of attributes.items) {
      const name = stringMember(definition, 'name');
      if (!name) continue;
      if (scalar(member(definition, 'required')) === true) required.push(name);
      const qualified = /^(urn:.*):([^:]+)$/i.exec(name);
      const urn = qualified ? qualified[1] : core.urn;
      const list = schemas.get(urn) ?? [];
      schemas.set(urn, list);
      place(list, qualified ? qualified[2] : name, definition);
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

/** Puts `path` (`title`, `name.givenName`, `emails[type eq "work"].value`) into the attribute tree. */
function place(list: AttributeOut[], path: string, definition: JsonNode): void {
  const parsed = /^([^.[]+)(?:\[([^\]]*)\])?(?:\.(.+))?$/.exec(path);
  const leaf = leafOf(definition);
  if (!parsed || (!parsed[2] && !parsed[3])) {
    const existing = list.find((a) => a.name === path);
    if (!existing) list.push({ name: path, ...leaf });
    return;
  }
  const [, name, filter, sub] = parsed;
  let parent = list.find((a) => a.name === name);
  if (!parent) {
    parent = { name, type: 'complex', subAttributes: [] };
    list.push(parent);
  }
  if (parent.type !== 'complex') return;
  if (filter) {
    parent.multiValued = true;
    const term = /^\s*(\w+)\s+eq\s+"([^"]*)"/i.exec(filter);
    if (term) {
      parent.filterKey = term[1];
      let key = parent.subAttributes!.find((s) => s.name === term[1]);
      if (!key) {
        key = { name: term[1], type: 'string' };
        parent.subAttributes!.push(key);
      }
      if (!key.suggestedValues?.includes(term[2])) key.suggestedValues = [...(key.suggestedValues ?? []), term[2]];
    }
  }
  if (sub && !parent.subAttributes!.some((s) => s.name === sub)) parent.subAttributes!.push({ name: sub, ...leaf });
}

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
