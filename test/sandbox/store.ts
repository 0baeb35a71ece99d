// The sandbox's users and groups with Genesys Cloud's documented rules (the Genesys Cloud developer center's Platform API reference, SCIM (developer.genesys.cloud), and its SDKs' SCIM models):
// userName unique among non-deleted users (409), emails[type eq "other"] = userName and read-only,
// User.groups read-only (membership changes through Groups), canonical phone/email types, routing
// skills/languages at most 50 with proficiency 0-5, the immutable x-pc:scimv2:v1 externalIds entry,
// meta.version as the ETag, soft deletion. The attribute rules come from the same
// genesys-schema.json the validator uses: its formats (userName is an email address), the filter key
// every entry of a filtered multi-valued attribute must carry (Genesys Resource Center, "SCIM and
// Genesys Cloud field mappings", Filter multi-valued attributes: "This filter field becomes a
// mandatory subattribute for that element"), canonical values, ranges, and which attributes a list
// filter may name (filterable, filterAlias).
import { randomUUID } from 'node:crypto';
import {
  findSubAttribute,
  findTargetAttribute,
  findTargetResource,
  type TargetAttribute,
  type TargetResource,
  type TargetSchema,
} from '../../server/src/schema/target';
import { bundledTarget } from '../../server/src/schema/target-format';

/** The sandbox stands in for Genesys Cloud: it enforces the bundled Genesys target schema. */
const genesys = bundledTarget('genesys-cloud')!;

// SCIM resources are open JSON documents here: the rules below check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export const urns = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  genesys: 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
};

const scimAuthority = 'x-pc:scimv2:v1';

/** A SCIM error the server answers with (ScimError body). */
export class ScimFault extends Error {
  constructor(
    readonly status: number,
    readonly scimType: string | undefined,
    detail: string,
  ) {
    super(detail);
  }
}

const invalid = (detail: string, scimType = 'invalidValue') => new ScimFault(400, scimType, detail);

export interface Stored {
  doc: Json;
  version: number;
  lastModified: string;
  deleted: boolean;
}

export interface ListQuery {
  filter?: string;
  startIndex?: number;
  count?: number;
}

// ---- Paths: `attr`, `attr.sub`, `attr[key eq "v"].sub`, with an optional schema URN prefix ----

interface ParsedPath {
  schema: TargetSchema;
  attribute: TargetAttribute;
  /** key/value pairs of a value filter (`[type eq "work"]`, `[authority eq "a" and value eq "b"]`). */
  filter?: Array<[string, string]>;
  sub?: TargetAttribute;
}

function schemaOf(resource: TargetResource, path: string): { schema: TargetSchema; rest: string } {
  const lower = path.toLowerCase();
  const qualified = [...resource.schemas]
    .sort((a, b) => b.id.length - a.id.length)
    .find((schema) => lower.startsWith(`${schema.id.toLowerCase()}:`));
  if (qualified) return { schema: qualified, rest: path.slice(qualified.id.length + 1) };
  return { schema: resource.schemas.find((schema) => schema.id === resource.coreSchema) ?? resource.schemas[0], rest: path };
}

export function parseFilterValue(raw: string): string {
  const trimmed = raw.trim();
  const quoted = /^"(.*)"$/.exec(trimmed) ?? /^'(.*)'$/.exec(trimmed);
  return quoted ? quoted[1].replace(/\\"/g, '"') : trimmed;
}

function parseValueFilter(text: string): Array<[string, string]> {
  return text.split(/\s+and\s+/i).map((term) => {
    const match = /^\s*([\w$]+)\s+eq\s+(.+?)\s*$/i.exec(term);
    if (!match) throw invalid(`Unsupported value filter "[${text}]": only eq (joined by and) is supported.`, 'invalidFilter');
    return [match[1], parseFilterValue(match[2])];
  });
}

export function parsePath(resource: TargetResource, path: string): ParsedPath {
  const { schema, rest } = schemaOf(resource, path.trim());
  const match = /^([\w$]+)(?:\[(.*)\])?(?:\.([\w$]+))?$/.exec(rest);
  if (!match) throw invalid(`Invalid path "${path}".`, 'invalidPath');
  const attribute = findTargetAttribute(schema, match[1]);
  if (!attribute) throw invalid(`Unknown attribute "${match[1]}" in ${schema.id}.`, 'invalidPath');
  const sub = match[3] !== undefined ? findSubAttribute(attribute, match[3]) : undefined;
  if (match[3] !== undefined && !sub) throw invalid(`Unknown sub-attribute "${match[3]}" of "${attribute.name}".`, 'invalidPath');
  return { schema, attribute, filter: match[2] !== undefined ? parseValueFilter(match[2]) : undefined, sub };
}

// ---- Values ----

function toBoolean(value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return value;
  // Entra's default PATCH sends "True"/"False" strings; Genesys works with it.
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalid(`Attribute '${name}' expects a boolean.`);
}

function normaliseValue(attribute: TargetAttribute, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (attribute.type === 'boolean') return toBoolean(value, attribute.name);
  if (attribute.name === 'manager' && typeof value === 'string') return { value };
  return value;
}

/** A single value against its attribute's format, canonical values and range. */
function checkValue(attribute: TargetAttribute, name: string, value: unknown): void {
  if (attribute.type === 'complex') {
    if (!value || typeof value !== 'object') throw invalid(`${name} must be an object.`);
    for (const sub of attribute.subAttributes ?? []) {
      const inner = (value as Json)[sub.name];
      if (inner !== undefined && inner !== null) checkValue(sub, `${name}.${sub.name}`, inner);
    }
    return;
  }
  if (attribute.format && (typeof value !== 'string' || !new RegExp(attribute.format.pattern).test(value))) {
    throw invalid(`${name} "${String(value)}" is not ${attribute.format.description}.`);
  }
  if (attribute.canonicalValues && !attribute.canonicalValues.includes(String(value))) {
    // The multi-valued parent's name leads the message: `phoneNumbers type "fax" is not one of ...`.
    throw invalid(`${name.replace('.', ' ')} "${String(value)}" is not one of ${attribute.canonicalValues.join(', ')}.`);
  }
  if (attribute.minimum !== undefined || attribute.maximum !== undefined) {
    const number = typeof value === 'number' ? value : NaN;
    if (Number.isNaN(number) || number < (attribute.minimum ?? -Infinity) || number > (attribute.maximum ?? Infinity)) {
      throw invalid(`${name} must be a number from ${attribute.minimum} to ${attribute.maximum}.`);
    }
  }
}

/** One entry of a multi-valued attribute: its required sub-attributes and its filter key present, each value valid. */
function checkEntry(attribute: TargetAttribute, entry: unknown): void {
  if (attribute.type !== 'complex') return checkValue(attribute, attribute.name, entry);
  if (!entry || typeof entry !== 'object') throw invalid(`Every ${attribute.name} entry must be an object.`);
  for (const sub of attribute.subAttributes ?? []) {
    const mandatory = sub.required || sub.name === attribute.filterKey;
    const value = (entry as Json)[sub.name];
    if (mandatory && (value === undefined || value === null || value === '')) {
      throw invalid(
        sub.name === attribute.filterKey
          ? `Every ${attribute.name} entry needs a ${sub.name}${sub.canonicalValues ? ` (one of ${sub.canonicalValues.join(', ')})` : ''}: Genesys Cloud files each entry by its ${sub.name}.`
          : `Every ${attribute.name} entry needs a ${sub.name}.`,
      );
    }
  }
  checkValue(attribute, attribute.name, entry);
}

// ---- The store ----

export class GenesysStore {
  private readonly users = new Map<string, Stored>();
  private readonly groups = new Map<string, Stored>();
  readonly userResource = findTargetResource(genesys, 'users')!;
  readonly groupResource = findTargetResource(genesys, 'groups')!;

  constructor(private readonly baseUrl: () => string) {}

  // -- users --

  createUser(body: Json): Json {
    const doc = this.cleanUser(body, undefined);
    this.assertUniqueUserName(doc.userName, undefined);
    const id = randomUUID();
    doc.id = id;
    this.finishUser(doc, undefined);
    this.users.set(id, { doc, version: 1, lastModified: new Date().toISOString(), deleted: false });
    return this.renderUser(id);
  }

  getUser(id: string): Stored {
    const stored = this.users.get(id);
    if (!stored || stored.deleted) throw new ScimFault(404, undefined, `User ${id} not found.`);
    return stored;
  }

  replaceUser(id: string, body: Json, ifMatch: string | undefined): Json {
    return this.updateUser(id, ifMatch, () => body);
  }

  patchUser(id: string, body: Json, ifMatch: string | undefined): Json {
    return this.updateUser(id, ifMatch, (current) => this.patched(this.userResource, current, body));
  }

  private updateUser(id: string, ifMatch: string | undefined, next: (current: Json) => Json): Json {
    const stored = this.getUser(id);
    this.checkVersion(stored, ifMatch);
    const doc = this.cleanUser(next(stored.doc), stored.doc);
    this.assertUniqueUserName(doc.userName, id);
    doc.id = id;
    this.finishUser(doc, stored.doc);
    this.save(stored, doc);
    return this.renderUser(id);
  }

  deleteUser(id: string, ifMatch: string | undefined): void {
    const stored = this.getUser(id);
    this.checkVersion(stored, ifMatch);
    stored.deleted = true;
    for (const group of this.groups.values()) {
      group.doc.members = (group.doc.members ?? []).filter((member: Json) => member.value !== id);
    }
  }

  listUsers(query: ListQuery): Json {
    const predicate = query.filter === undefined ? (doc: Json) => doc.active !== false : listFilter(this.userResource, query.filter);
    const users = [...this.users.entries()].filter(([, stored]) => !stored.deleted).map(([id]) => this.renderUser(id));
    return this.page(users.filter(predicate), query);
  }

  renderUser(id: string): Json {
    const stored = this.users.get(id)!;
    const groups = [...this.groups.entries()]
      .filter(([, group]) => (group.doc.members ?? []).some((member: Json) => member.value === id))
      .map(([groupId]) => ({
        value: groupId,
        $ref: `${this.baseUrl()}/Groups/${groupId}`,
        type: 'Group', // ScimV2GroupReference is {value, $ref, type}: no display
      }));
    const { password: _password, ...visible } = stored.doc;
    return { ...visible, ...(groups.length > 0 ? { groups } : {}), meta: this.meta('User', id, stored) };
  }

  // -- groups (no create or delete through SCIM: they are seeded, as groups exist in Genesys beforehand) --

  seedGroup(displayName: string, externalId?: string): Json {
    const id = randomUUID();
    this.groups.set(id, {
      doc: { schemas: [urns.group], id, displayName, ...(externalId ? { externalId } : {}), members: [] },
      version: 1,
      lastModified: new Date().toISOString(),
      deleted: false,
    });
    return this.renderGroup(id);
  }

  getGroup(id: string): Stored {
    const stored = this.groups.get(id);
    if (!stored) throw new ScimFault(404, undefined, `Group ${id} not found.`);
    return stored;
  }

  replaceGroup(id: string, body: Json, ifMatch: string | undefined): Json {
    return this.updateGroup(id, ifMatch, () => body);
  }

  patchGroup(id: string, body: Json, ifMatch: string | undefined): Json {
    return this.updateGroup(id, ifMatch, (current) => this.patched(this.groupResource, current, body));
  }

  private updateGroup(id: string, ifMatch: string | undefined, next: (current: Json) => Json): Json {
    const stored = this.getGroup(id);
    this.checkVersion(stored, ifMatch);
    this.save(stored, this.cleanGroup({ ...next(stored.doc), id }));
    return this.renderGroup(id);
  }

  listGroups(query: ListQuery): Json {
    const predicate = query.filter === undefined ? () => true : listFilter(this.groupResource, query.filter);
    return this.page([...this.groups.keys()].map((id) => this.renderGroup(id)).filter(predicate), query);
  }

  renderGroup(id: string): Json {
    const stored = this.groups.get(id)!;
    return { ...stored.doc, meta: this.meta('Group', id, stored) };
  }

  // -- shared --

  etag(stored: Stored): string {
    return `"${stored.version}"`;
  }

  private meta(resourceType: string, id: string, stored: Stored): Json {
    return {
      resourceType,
      lastModified: stored.lastModified,
      location: `${this.baseUrl()}/${resourceType}s/${id}`,
      version: String(stored.version),
    };
  }

  private save(stored: Stored, doc: Json): void {
    stored.doc = doc;
    stored.version++;
    stored.lastModified = new Date().toISOString();
  }

  private checkVersion(stored: Stored, ifMatch: string | undefined): void {
    if (ifMatch === undefined || ifMatch.trim() === '*') return;
    const wanted = ifMatch.replace(/^W\//, '').trim();
    if (wanted !== this.etag(stored)) throw new ScimFault(409, 'invalidVers', 'Version does not match current version.');
  }

  private page(all: Json[], query: ListQuery): Json {
    const startIndex = Math.max(1, query.startIndex ?? 1);
    const count = Math.max(0, query.count ?? 25);
    const resources = all.slice(startIndex - 1, startIndex - 1 + count);
    return { schemas: [urns.list], totalResults: all.length, startIndex, itemsPerPage: resources.length, Resources: resources };
  }

  private assertUniqueUserName(userName: string, except: string | undefined): void {
    const taken = [...this.users.entries()].some(
      ([id, stored]) => id !== except && !stored.deleted && String(stored.doc.userName).toLowerCase() === userName.toLowerCase(),
    );
    if (taken) throw new ScimFault(409, 'uniqueness', 'User name already in use by non-deleted user.');
  }

  /** Checks a user document against the rules and returns the stored form (read-only parts taken from `previous`). */
  private cleanUser(body: Json, previous: Json | undefined): Json {
    if (!body || typeof body !== 'object') throw invalid('The body must be a JSON object.', 'invalidSyntax');
    const userName = body.userName;
    const displayName = body.displayName;
    if (typeof userName !== 'string' || userName.trim() === '') throw invalid("Required attribute 'userName' is missing.");
    if (typeof displayName !== 'string' || displayName.trim() === '') throw invalid("Required attribute 'displayName' is missing.");
    const doc: Json = { schemas: [urns.user] };
    for (const schema of this.userResource.schemas) {
      const source = schema.id === urns.user ? body : (body[schema.id] ?? caseInsensitiveKey(body, schema.id));
      if (!source || typeof source !== 'object') continue;
      const target: Json = schema.id === urns.user ? doc : {};
      for (const [key, value] of Object.entries(source as Json)) {
        if (key === 'schemas' || key.toLowerCase().startsWith('urn:')) continue;
        const attribute = findTargetAttribute(schema, key);
        if (!attribute) throw invalid(`Unknown attribute "${key}" in ${schema.id}.`, 'invalidPath');
        if (attribute.mutability === 'readOnly') continue; // RFC 7643: read-only values sent by a client are ignored
        const normalised = normaliseValue(attribute, value);
        if (normalised !== undefined) target[attribute.name] = normalised;
      }
      if (schema.id !== urns.user && Object.keys(target).length > 0) {
        doc[schema.id] = target;
        doc.schemas.push(schema.id);
      }
    }
    this.checkValues(doc);
    const emails = (doc.emails ?? []) as Json[];
    const main = emails.find((email) => email.type === 'other');
    if (main && main.value !== userName && (!previous || main.value !== previous.userName)) {
      throw new ScimFault(400, 'mutability', 'emails[type eq "other"].value is read-only: it is always the userName.');
    }
    const extension = doc[urns.genesys] as Json | undefined;
    for (const list of ['routingSkills', 'routingLanguages']) {
      const entries = extension?.[list] as Json[] | undefined;
      if (entries !== undefined && entries.length > 50) throw invalid(`${list} takes at most 50 entries.`, 'tooMany');
    }
    const previousIds = ((previous?.[urns.genesys] as Json | undefined)?.externalIds ?? []) as Json[];
    const sentIds = (extension?.externalIds ?? []) as Json[];
    const locked = previousIds.find((entry) => String(entry.authority).startsWith(scimAuthority));
    const changedLocked = sentIds.find(
      (entry) => String(entry.authority).startsWith(scimAuthority) && (!locked || entry.value !== locked.value),
    );
    if (changedLocked && previous)
      throw new ScimFault(400, 'mutability', `The externalIds entry of authority ${scimAuthority} is immutable.`);
    return doc;
  }

  /** Server-set parts: the main email, the SCIM-owned externalIds entry, active by default. */
  private finishUser(doc: Json, previous: Json | undefined): void {
    doc.active ??= previous?.active ?? true;
    const emails = ((doc.emails ?? []) as Json[]).filter((email) => email.type !== 'other');
    doc.emails = [{ value: doc.userName, type: 'other', primary: true }, ...emails];
    const extension = (doc[urns.genesys] ??= {}) as Json;
    if (!doc.schemas.includes(urns.genesys)) doc.schemas.push(urns.genesys);
    const ids = ((extension.externalIds ?? []) as Json[]).filter((entry) => !String(entry.authority).startsWith(scimAuthority));
    extension.externalIds = [{ authority: scimAuthority, value: doc.id }, ...ids];
  }

  /** The schema's value rules for every attribute sent: formats, canonical values, ranges, and per entry of a multi-valued attribute its required sub-attributes and its filter key. */
  private checkValues(doc: Json): void {
    for (const schema of this.userResource.schemas) {
      const container = (schema.id === this.userResource.coreSchema ? doc : doc[schema.id]) as Json | undefined;
      for (const attribute of schema.attributes) {
        const value = container?.[attribute.name];
        if (value === undefined) continue;
        if (!attribute.multiValued) {
          checkValue(attribute, attribute.name, value);
          continue;
        }
        if (!Array.isArray(value)) throw invalid(`${attribute.name} must be an array.`);
        for (const entry of value as unknown[]) checkEntry(attribute, entry);
      }
    }
  }

  private cleanGroup(body: Json): Json {
    if (typeof body.displayName !== 'string' || body.displayName.trim() === '')
      throw invalid("Required attribute 'displayName' is missing.");
    const members = ((body.members ?? []) as Json[]).map((member) => {
      const id = member?.value;
      if (typeof id !== 'string') throw invalid('Every member needs a value (a user id).');
      this.getUser(id);
      return { value: id, $ref: `${this.baseUrl()}/Users/${id}`, type: 'User' };
    });
    const unique = [...new Map(members.map((member) => [member.value, member])).values()];
    return {
      schemas: [urns.group],
      id: body.id,
      displayName: body.displayName,
      ...(body.externalId !== undefined ? { externalId: body.externalId } : {}),
      members: unique,
    };
  }

  /** A copy of `current` with the PATCH body's operations applied. */
  private patched(resource: TargetResource, current: Json, body: Json): Json {
    const doc = structuredClone(current);
    for (const operation of operationsOf(body)) this.applyOperation(resource, doc, operation);
    return doc;
  }

  /** One PATCH operation, in either of Entra's shapes (capitalised ops and string booleans, or RFC style). */
  private applyOperation(resource: TargetResource, doc: Json, operation: Json): void {
    const op = String(operation?.op ?? '').toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw invalid(`Unsupported PATCH op "${operation?.op}".`, 'invalidSyntax');
    const path = operation.path as string | undefined;
    if (path === undefined || path === '') {
      if (op === 'remove') throw invalid('remove needs a path.', 'noTarget');
      if (!operation.value || typeof operation.value !== 'object')
        throw invalid('A PATCH without path needs an object value.', 'invalidValue');
      for (const [key, value] of Object.entries(operation.value as Json)) {
        const schema = resource.schemas.find((candidate) => candidate.id.toLowerCase() === key.toLowerCase());
        if (schema && value && typeof value === 'object') {
          for (const [inner, innerValue] of Object.entries(value as Json))
            this.applyAt(resource, doc, op, `${schema.id}:${inner}`, innerValue);
        } else {
          this.applyAt(resource, doc, op, key, value);
        }
      }
      return;
    }
    this.applyAt(resource, doc, op, path, operation.value);
  }

  private applyAt(resource: TargetResource, doc: Json, op: string, path: string, value: unknown): void {
    const parsed = parsePath(resource, path);
    const { schema, attribute, filter, sub } = parsed;
    if (attribute.mutability === 'readOnly' || sub?.mutability === 'readOnly') {
      throw new ScimFault(
        400,
        'mutability',
        `"${attribute.name}" is read-only${attribute.name === 'groups' ? ': change membership through the Groups endpoint' : ''}.`,
      );
    }
    if (filter?.some(([key, filterValue]) => attribute.name === 'emails' && key.toLowerCase() === 'type' && filterValue === 'other')) {
      throw new ScimFault(400, 'mutability', 'emails[type eq "other"].value is read-only: it is always the userName.');
    }
    const container: Json = schema.id === resource.coreSchema ? doc : (doc[schema.id] ??= {});
    if (schema.id !== resource.coreSchema && !doc.schemas.includes(schema.id)) doc.schemas.push(schema.id);
    const name = attribute.name;

    if (!attribute.multiValued) {
      if (op === 'remove') {
        if (sub) delete container[name]?.[sub.name];
        else delete container[name];
      } else if (sub) {
        container[name] = { ...(container[name] ?? {}), [sub.name]: normaliseValue(sub, value) };
      } else {
        const normalised = normaliseValue(attribute, value);
        if (normalised === undefined) delete container[name];
        else container[name] = normalised;
      }
      return;
    }

    const entries = (Array.isArray(container[name]) ? container[name] : []) as Json[];
    const matches = (entry: Json) =>
      (filter ?? []).every(([key, filterValue]) => String(entry[key] ?? '').toLowerCase() === filterValue.toLowerCase());
    if (filter) {
      if (op === 'remove') {
        container[name] = sub
          ? entries.map((entry) => (matches(entry) ? omit(entry, sub.name) : entry))
          : entries.filter((entry) => !matches(entry));
        return;
      }
      const existing = entries.find(matches);
      const patchValue = sub ? { [sub.name]: value } : (value as Json);
      if (existing) Object.assign(existing, patchValue);
      else entries.push({ ...Object.fromEntries(filter), ...patchValue });
      container[name] = entries;
      return;
    }
    const values = value === undefined ? [] : Array.isArray(value) ? (value as Json[]) : [value as Json];
    if (op === 'remove') {
      // Entra's default member removal: path "members" with a value array of {value}.
      container[name] = values.length === 0 ? [] : entries.filter((entry) => !values.some((removed) => removed?.value === entry.value));
    } else if (op === 'add') {
      container[name] = [...entries, ...values.map((item) => omit(item, '$ref'))];
    } else {
      container[name] = values.map((item) => omit(item, '$ref'));
    }
  }
}

function omit(entry: Json, key: string): Json {
  const { [key]: _removed, ...rest } = entry;
  return rest;
}

function caseInsensitiveKey(body: Json, key: string): unknown {
  const found = Object.keys(body).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : body[found];
}

function operationsOf(body: Json): Json[] {
  const operations = body?.Operations ?? body?.operations;
  if (!Array.isArray(operations) || operations.length === 0) throw invalid('A PATCH body needs an "Operations" array.', 'invalidSyntax');
  return operations as Json[];
}

// ---- List filters: "attribute eq value" joined by "and" (the filter examples of the Genesys Cloud
// developer center's Platform API reference, SCIM: eq only, quoted or unquoted values), on the
// attributes the bundled schema marks filterable or by their documented alias (`email`); an
// extension attribute may be named bare (`manager`, `division`, `employeeNumber`) as the examples do.

type Predicate = (doc: Json) => boolean;

/** Splits at a keyword (`and`, `or`) outside brackets and quotes. */
function splitTopLevel(filter: string, keyword: string): string[] {
  const parts: string[] = [];
  const separator = new RegExp(`^\\s${keyword}\\s`, 'i');
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < filter.length; i++) {
    const char = filter[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"') quote = char;
    else if (char === '[') depth++;
    else if (char === ']') depth--;
    else if (depth === 0 && separator.test(filter.slice(i, i + keyword.length + 2))) {
      parts.push(filter.slice(start, i));
      start = i + keyword.length + 2;
      i += keyword.length;
    }
  }
  parts.push(filter.slice(start));
  return parts.map((part) => part.trim());
}

const unsupportedFilter = (detail: string) =>
  invalid(
    `${detail} Genesys Cloud documents only "attribute eq value" filters (and "and" inside the externalIds value filter).`,
    'invalidFilter',
  );

export function listFilter(resource: TargetResource, filter: string): Predicate {
  if (splitTopLevel(filter, 'or').length > 1)
    throw unsupportedFilter(`The filter "${filter}" uses "or", which Genesys Cloud does not support.`);
  const predicates = splitTopLevel(filter, 'and').map((term) => filterTerm(resource, term));
  return (doc) => predicates.every((predicate) => predicate(doc));
}

interface FilterTarget {
  readonly schema: TargetSchema;
  readonly attribute: TargetAttribute;
  /** The alias names the attribute's entries by their `value` (`email eq x`: any emails entry). */
  readonly sub?: TargetAttribute;
  readonly entryFilter?: Array<[string, string]>;
}

function filterTerm(resource: TargetResource, term: string): Predicate {
  // `externalIds[authority eq "a" and value eq "b"]` stands alone; otherwise `path eq value`, where the
  // path may carry a value filter with spaces: emails[type eq "work"].value eq "x".
  const bracketOnly = /^(\S*\[[^\]]*\])$/.exec(term);
  const match = bracketOnly ? undefined : /^(\S*\[[^\]]*\]\S*|\S+)\s+(\S+)\s+(.+)$/.exec(term);
  if (!bracketOnly && !match) throw unsupportedFilter(`Unsupported filter "${term}".`);
  if (match && match[2].toLowerCase() !== 'eq') throw unsupportedFilter(`The operator "${match[2]}" is not supported.`);
  const path = bracketOnly ? bracketOnly[1] : match![1];
  const target = filterTarget(resource, path);
  const leaf = target.sub ?? target.attribute;
  const container = (doc: Json) => (target.schema.id === resource.coreSchema ? doc : ((doc[target.schema.id] ?? {}) as Json));
  const entryMatches = (entry: Json) =>
    (target.entryFilter ?? []).every(([key, value]) => {
      const sub = findSubAttribute(target.attribute, key)!;
      return sameValue(sub, entry?.[sub.name], value);
    });
  if (bracketOnly) {
    return (doc) => ((container(doc)[target.attribute.name] ?? []) as Json[]).some(entryMatches);
  }
  const wanted = parseFilterValue(match![3]);
  const valueOf = (value: unknown) => (target.sub ? (value as Json | undefined)?.[target.sub.name] : value);
  return (doc) => {
    const value = container(doc)[target.attribute.name];
    if (!target.attribute.multiValued) return sameValue(leaf, valueOf(value), wanted);
    return ((value ?? []) as Json[]).some((entry) => entryMatches(entry) && sameValue(leaf, valueOf(entry), wanted));
  };
}

/** The attribute a filter path names, refused unless the schema says Genesys Cloud can filter on it. */
function filterTarget(resource: TargetResource, path: string): FilterTarget {
  const cannot = () => unsupportedFilter(`Genesys Cloud cannot filter on "${path}".`);
  for (const schema of resource.schemas) {
    const aliased = schema.attributes.find((attribute) => attribute.filterAlias?.toLowerCase() === path.toLowerCase());
    if (aliased) return { schema, attribute: aliased, sub: findSubAttribute(aliased, 'value') };
  }
  const { schema, rest } = schemaOf(resource, path);
  const parsed = /^([\w$]+)(?:\[(.*)\])?(?:\.([\w$]+))?$/.exec(rest);
  if (!parsed) throw cannot();
  // A bare name is looked up in the core schema first, then in the extensions.
  const qualified = rest !== path;
  const owner = qualified
    ? schema
    : [schema, ...resource.schemas.filter((candidate) => candidate !== schema)].find((candidate) =>
        findTargetAttribute(candidate, parsed[1]),
      );
  const attribute = owner && findTargetAttribute(owner, parsed[1]);
  if (!owner || !attribute || attribute.filterable !== true) throw cannot();
  const entryFilter = parsed[2] !== undefined ? parseValueFilter(parsed[2]) : undefined;
  if (entryFilter?.some(([key]) => findSubAttribute(attribute, key)?.filterable !== true)) throw cannot();
  // A complex attribute compares its `value` (manager eq <id>), unless the path names a sub-attribute.
  const sub =
    parsed[3] !== undefined
      ? findSubAttribute(attribute, parsed[3])
      : attribute.type === 'complex'
        ? findSubAttribute(attribute, 'value')
        : undefined;
  if ((parsed[3] !== undefined || attribute.type === 'complex') && sub?.filterable !== true) throw cannot();
  return { schema: owner, attribute, sub, entryFilter };
}

/** A stored value against a filter's text, as the attribute's type and caseExact say. */
function sameValue(attribute: TargetAttribute, stored: unknown, wanted: string): boolean {
  if (attribute.type === 'boolean') return typeof stored === 'boolean' && stored === (wanted.toLowerCase() === 'true');
  if (typeof stored !== 'string') return false;
  return attribute.caseExact ? stored === wanted : stored.toLowerCase() === wanted.toLowerCase();
}
