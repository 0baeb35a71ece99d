// Reading target schemas: the bundled ones (Genesys Cloud, the generic RFC 7643 profile) and any
// target-schema file (`*.target.json`, written by hand, by `scimmap discover` or from an Entra schema
// export) load through readTargetSchema, which checks the shape, fills in RFC 7643's defaults and
// says clearly what is wrong. A .scimmap file picks one with `target "NAME"` or
// `target "./file.target.json"`; no declaration means Genesys Cloud.
import genesysSchemaJson from '../data/genesys-schema.json';
import { javaScriptBacktrackingProblem, shownPattern } from '../evaluation/regex';
import genericSchemaJson from '../data/generic-scim-schema.json';
import type { TargetAction } from '../syntax/ast';
import { parseJson } from '../entra/json-tree';
import type {
  BlockObject,
  EntraAttributeType,
  Mutability,
  Returned,
  ScimType,
  ServiceProviderFeatures,
  Target,
  TargetAttribute,
  TargetResource,
  TargetSchema,
  TargetSchemaData,
  Uniqueness,
} from './target';
import { isRecord } from '../../../shared/src/json-object';

// ---- Reading the format ----

const SCIM_TYPES: readonly ScimType[] = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary'];
const ENTRA_TYPES: readonly EntraAttributeType[] = ['String', 'Boolean', 'Integer', 'DateTime', 'Reference', 'Binary'];
const MUTABILITIES: readonly Mutability[] = ['readWrite', 'readOnly', 'immutable', 'writeOnly'];
const RETURNED: readonly Returned[] = ['always', 'never', 'default', 'request'];
const UNIQUENESS: readonly Uniqueness[] = ['none', 'server', 'global'];
const ACTIONS: readonly TargetAction[] = ['create', 'update', 'delete'];
const BLOCKS: readonly BlockObject[] = ['users', 'groups'];
const SERVICE_PROVIDER_FLAGS = ['patch', 'bulk', 'filter', 'etag', 'sort', 'changePassword'] as const;

export class TargetSchemaError extends Error {}

type Json = Record<string, unknown>;

/** Reads one JSON value of the format, collecting every problem with its JSON path. */
class Reader {
  readonly problems: string[] = [];

  problem(at: string, message: string): void {
    if (this.problems.length < 50) this.problems.push(`${at}: ${message}`);
  }

  string(object: Json, key: string, at: string, required: boolean): string | undefined {
    const value = object[key];
    if (value === undefined) {
      if (required) this.problem(at, `"${key}" is missing`);
      return undefined;
    }
    if (typeof value !== 'string' || (required && value === '')) {
      this.problem(`${at}.${key}`, required ? 'must be a non-empty string' : 'must be a string');
      return undefined;
    }
    return value;
  }

  boolean(object: Json, key: string, at: string): boolean | undefined {
    const value = object[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.problem(`${at}.${key}`, 'must be true or false');
      return undefined;
    }
    return value;
  }

  number(object: Json, key: string, at: string): number | undefined {
    const value = object[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.problem(`${at}.${key}`, 'must be a number');
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(object: Json, key: string, at: string, allowed: readonly T[]): T | undefined {
    const value = object[key];
    if (value === undefined) return undefined;
    if (!allowed.includes(value as T)) {
      this.problem(`${at}.${key}`, `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
      return undefined;
    }
    return value as T;
  }

  strings(object: Json, key: string, at: string): string[] | undefined {
    const value = object[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      this.problem(`${at}.${key}`, 'must be a list of strings');
      return undefined;
    }
    return value as string[];
  }

  list(object: Json, key: string, at: string, required: boolean): Json[] {
    const value = object[key];
    if (value === undefined) {
      if (required) this.problem(at, `"${key}" is missing`);
      return [];
    }
    if (!Array.isArray(value)) {
      this.problem(`${at}.${key}`, 'must be a list');
      return [];
    }
    return value.flatMap((item, index) => {
      if (isRecord(item)) return [item];
      this.problem(`${at}.${key}[${index}]`, 'must be an object');
      return [];
    });
  }
}

function readAttribute(reader: Reader, json: Json, at: string, depth: number): TargetAttribute | undefined {
  const name = reader.string(json, 'name', at, true);
  const type = reader.oneOf(json, 'type', at, SCIM_TYPES);
  if (json.type === undefined) reader.problem(at, '"type" is missing');
  if (name === undefined || type === undefined) return undefined;
  const where = `${at} (${name})`;
  const attribute: { -readonly [K in keyof TargetAttribute]: TargetAttribute[K] } = {
    name,
    type,
    multiValued: reader.boolean(json, 'multiValued', where) ?? false,
    required: reader.boolean(json, 'required', where) ?? false,
    mutability: reader.oneOf(json, 'mutability', where, MUTABILITIES) ?? 'readWrite',
    returned: reader.oneOf(json, 'returned', where, RETURNED) ?? 'default',
    uniqueness: reader.oneOf(json, 'uniqueness', where, UNIQUENESS) ?? 'none',
    caseExact: reader.boolean(json, 'caseExact', where) ?? false,
    description: reader.string(json, 'description', where, false) ?? '',
  };
  const entraType = reader.oneOf(json, 'entraType', where, ENTRA_TYPES);
  if (entraType) attribute.entraType = entraType;
  const filterable = reader.boolean(json, 'filterable', where);
  if (filterable !== undefined) attribute.filterable = filterable;
  if (reader.boolean(json, 'unfilteredEntries', where)) attribute.unfilteredEntries = true;
  for (const key of ['minimum', 'maximum'] as const) {
    const value = reader.number(json, key, where);
    if (value !== undefined) attribute[key] = value;
  }
  for (const key of ['appField', 'source', 'entraDefault', 'filterKey', 'filterAlias'] as const) {
    const value = reader.string(json, key, where, false);
    if (value !== undefined) attribute[key] = value;
  }
  for (const key of ['canonicalValues', 'suggestedValues', 'referenceTypes'] as const) {
    const value = reader.strings(json, key, where);
    if (value !== undefined) attribute[key] = value;
  }
  if (json.format !== undefined) {
    const format = isRecord(json.format) ? json.format : undefined;
    const pattern = format && reader.string(format, 'pattern', `${where}.format`, true);
    const description = format && reader.string(format, 'description', `${where}.format`, true);
    const formatName = format && reader.string(format, 'name', `${where}.format`, false);
    if (!format) reader.problem(`${where}.format`, 'must be an object with "pattern" and "description"');
    else if (pattern !== undefined && description !== undefined) {
      let invalid: string | undefined;
      let backtracking: string | undefined;
      try {
        new RegExp(pattern);
        // matchesFormat runs it on every value, and a JavaScript regex cannot be interrupted.
        backtracking = javaScriptBacktrackingProblem(pattern);
        // V8 refuses a pattern too large to compile only when it first runs it (\1 50,000 times).
        if (backtracking === undefined) new RegExp(pattern).test('');
      } catch (error) {
        // V8's message repeats the pattern (/pattern/: reason): the reason alone.
        const { message } = error as Error;
        invalid = message.slice(message.lastIndexOf('/: ') + 1).replace(/^: /, '');
      }
      if (invalid !== undefined) reader.problem(`${where}.format.pattern`, `is not a regular expression (${invalid})`);
      else if (backtracking !== undefined)
        reader.problem(`${where}.format.pattern`, `${shownPattern(pattern)} could hang validation and the preview: ${backtracking}`);
      else attribute.format = formatName === undefined ? { pattern, description } : { pattern, description, name: formatName };
    }
  }
  if (json.readOnlyEntries !== undefined) {
    const entries = reader.list(json, 'readOnlyEntries', where, false).flatMap((entry, index) => {
      const value = reader.string(entry, 'value', `${where}.readOnlyEntries[${index}]`, true);
      const reason = reader.string(entry, 'reason', `${where}.readOnlyEntries[${index}]`, true);
      const match = reader.oneOf(entry, 'match', `${where}.readOnlyEntries[${index}]`, ['prefix'] as const);
      if (value === undefined || reason === undefined) return [];
      return [match === undefined ? { value, reason } : { value, reason, match }];
    });
    attribute.readOnlyEntries = entries;
  }
  if (json.subAttributes !== undefined) {
    if (type !== 'complex') reader.problem(where, `only a complex attribute has sub-attributes, and this one is a ${type}`);
    // RFC 7643 §2.3.8: a complex attribute has no complex sub-attributes, so one level is all there is.
    else if (depth > 0) reader.problem(where, 'a sub-attribute cannot have sub-attributes of its own (RFC 7643 §2.3.8)');
    else attribute.subAttributes = readAttributes(reader, json, `${where}.subAttributes`, depth + 1);
  }
  if (attribute.filterKey !== undefined && !attribute.subAttributes?.some((sub) => sub.name === attribute.filterKey)) {
    reader.problem(`${where}.filterKey`, `names no sub-attribute ("${attribute.filterKey}")`);
  }
  return attribute;
}

function readAttributes(reader: Reader, json: Json, at: string, depth: number): TargetAttribute[] {
  const attributes: TargetAttribute[] = [];
  const seen = new Set<string>();
  reader.list(json, depth === 0 ? 'attributes' : 'subAttributes', at, false).forEach((item, index) => {
    const attribute = readAttribute(reader, item, `${at}[${index}]`, depth);
    if (!attribute) return;
    const key = attribute.name.toLowerCase();
    if (seen.has(key)) reader.problem(`${at}[${index}]`, `"${attribute.name}" is listed twice (SCIM names are case-insensitive)`);
    else {
      seen.add(key);
      attributes.push(attribute);
    }
  });
  return attributes;
}

function readResource(reader: Reader, json: Json, at: string): TargetResource | undefined {
  const name = reader.string(json, 'name', at, true);
  const block = reader.oneOf(json, 'block', at, BLOCKS);
  if (json.block === undefined) reader.problem(at, '"block" is missing (users or groups)');
  const endpoint = reader.string(json, 'endpoint', at, true);
  const coreSchema = reader.string(json, 'coreSchema', at, true);
  const where = `${at} (${name ?? '?'})`;
  const schemas = reader.list(json, 'schemas', where, true).flatMap((schema, index): TargetSchema[] => {
    const id = reader.string(schema, 'id', `${where}.schemas[${index}]`, true);
    if (id === undefined) return [];
    const extensionRequired = reader.boolean(schema, 'required', `${where}.schemas[${index}]`);
    return [
      {
        id,
        name: reader.string(schema, 'name', `${where}.schemas[${index}]`, false) ?? id.slice(id.lastIndexOf(':') + 1),
        description: reader.string(schema, 'description', `${where}.schemas[${index}]`, false) ?? '',
        ...(extensionRequired !== undefined && { required: extensionRequired }),
        attributes: readAttributes(reader, schema, `${where}.schemas[${index}].attributes`, 0),
      },
    ];
  });
  if (name === undefined || block === undefined || endpoint === undefined || coreSchema === undefined) return undefined;
  if (!schemas.some((schema) => schema.id.toLowerCase() === coreSchema.toLowerCase())) {
    reader.problem(`${where}.coreSchema`, `"${coreSchema}" is not among the resource's schemas`);
    return undefined;
  }
  const supportedActions = reader.strings(json, 'supportedActions', where);
  const unknownAction = supportedActions?.find((action) => !ACTIONS.includes(action as TargetAction));
  if (unknownAction !== undefined) reader.problem(`${where}.supportedActions`, `"${unknownAction}" is not one of create, update, delete`);
  return {
    name,
    block,
    endpoint,
    coreSchema,
    required: reader.strings(json, 'required', where) ?? [],
    ...(supportedActions && unknownAction === undefined && { supportedActions: supportedActions as TargetAction[] }),
    schemas,
  };
}

/**
 * A target schema from parsed JSON, its defaults filled in. Throws a TargetSchemaError that lists
 * every problem (with its JSON path) when the value is not a usable target schema.
 */
export function readTargetSchema(json: unknown, origin: string): Target {
  const reader = new Reader();
  if (!isRecord(json))
    throw new TargetSchemaError(`${origin} is not a target schema: expected a JSON object with "name" and "resources" (docs/targets.md)`);
  const name = reader.string(json, 'name', '$', true);
  const resources = reader
    .list(json, 'resources', '$', true)
    .flatMap((resource, index) => readResource(reader, resource, `$.resources[${index}]`) ?? []);
  const blocks = new Set<BlockObject>();
  for (const resource of resources) {
    if (blocks.has(resource.block)) reader.problem('$.resources', `two resources map to the ${resource.block} block`);
    blocks.add(resource.block);
  }
  if (json.resources !== undefined && resources.length === 0 && reader.problems.length === 0)
    reader.problem('$.resources', 'lists no resource');
  let serviceProvider: ServiceProviderFeatures | undefined;
  if (json.serviceProvider !== undefined) {
    if (!isRecord(json.serviceProvider)) reader.problem('$.serviceProvider', 'must be an object');
    else {
      const features: { -readonly [K in keyof ServiceProviderFeatures]: ServiceProviderFeatures[K] } = {};
      for (const flag of SERVICE_PROVIDER_FLAGS) {
        const value = reader.boolean(json.serviceProvider, flag, '$.serviceProvider');
        if (value !== undefined) features[flag] = value;
      }
      const maxResults = json.serviceProvider.filterMaxResults;
      if (typeof maxResults === 'number' && Number.isInteger(maxResults) && maxResults >= 0) features.filterMaxResults = maxResults;
      else if (maxResults !== undefined) reader.problem('$.serviceProvider.filterMaxResults', 'must be a whole number');
      serviceProvider = features;
    }
  }
  const stringBooleans = reader.boolean(json, 'stringBooleans', '$');
  const description = reader.string(json, 'description', '$', false);
  let discovered: TargetSchemaData['discovered'];
  if (isRecord(json.discovered)) {
    const url = reader.string(json.discovered, 'url', '$.discovered', true);
    const at = reader.string(json.discovered, 'at', '$.discovered', true);
    const warnings = reader.strings(json.discovered, 'warnings', '$.discovered');
    if (url !== undefined && at !== undefined) discovered = { url, at, ...(warnings && { warnings }) };
  }
  if (reader.problems.length > 0 || name === undefined) {
    throw new TargetSchemaError(`${origin} is not a valid target schema:\n${reader.problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return {
    origin,
    name,
    ...(description !== undefined && { description }),
    ...(discovered && { discovered }),
    ...(serviceProvider && { serviceProvider }),
    ...(stringBooleans !== undefined && { stringBooleans }),
    resources,
  };
}

/** A target-schema file's text: JSON, then the format. Throws TargetSchemaError with a clear message. */
export function parseTargetSchema(text: string, origin: string): Target {
  let json: unknown;
  try {
    // parseJson's message says the line and column, and quotes one character: JSON.parse's quoted the
    // file's first characters, a secret's when a mapping declares target "/proc/self/environ".
    json = parseJson(text);
  } catch (error) {
    throw new TargetSchemaError(`${origin} is not JSON: ${(error as Error).message}`);
  }
  return readTargetSchema(json, origin);
}

// ---- Bundled targets ----

export const DEFAULT_TARGET = 'genesys-cloud';

const bundledJson: Readonly<Record<string, unknown>> = {
  'genesys-cloud': genesysSchemaJson,
  'generic-scim': genericSchemaJson,
};

const bundledTargets = new Map<string, Target>();

/** The names of the bundled target schemas. */
export const bundledTargetNames: readonly string[] = Object.keys(bundledJson);

/** A bundled target schema by name, or undefined. Loaded once. */
export function bundledTarget(name: string): Target | undefined {
  let target = bundledTargets.get(name);
  if (!target && Object.prototype.hasOwnProperty.call(bundledJson, name)) {
    target = readTargetSchema(bundledJson[name], name);
    bundledTargets.set(name, target);
  }
  return target;
}

/** Genesys Cloud: the target of every file that declares none. */
export function defaultTarget(): Target {
  return bundledTarget(DEFAULT_TARGET)!;
}

// ---- Declarations ----

/** Whether a declaration names a file (a path) rather than a bundled target. */
export function isTargetFileReference(reference: string): boolean {
  return /[/\\]/.test(reference) || /\.json$/i.test(reference);
}

/** Reads a target-schema file for a declaration: the path as written, resolved by the caller (relative to the .scimmap file). */
export type TargetFileReader = (path: string) => { readonly text: string; readonly origin: string };

export type TargetResolution = { readonly target: Target } | { readonly error: string };

/**
 * The target a declaration names: a bundled name, or a file read with `readFile` (which throws when
 * it cannot). Without `readFile`, files cannot be resolved (a pure analysis).
 */
export function resolveTargetReference(reference: string, readFile?: TargetFileReader): TargetResolution {
  if (!isTargetFileReference(reference)) {
    const target = bundledTarget(reference);
    if (target) return { target };
    const lower = reference.toLowerCase();
    const squeezed = lower.replace(/[-\s_]/g, '');
    const near = bundledTargetNames.find(
      (name) => name.replace(/-/g, '') === squeezed || (squeezed.length >= 4 && name.replace(/-/g, '').startsWith(squeezed)),
    );
    return {
      error: `No bundled target schema is called "${reference}"${near ? `: did you mean "${near}"?` : ''}. Bundled: ${bundledTargetNames.map((n) => `"${n}"`).join(', ')}; or give a file path such as "./app.target.json".`,
    };
  }
  if (!readFile) return { error: `Cannot read "${reference}" here: target-schema files are read relative to a saved .scimmap file.` };
  let file: { text: string; origin: string };
  try {
    file = readFile(reference);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      error:
        code === 'ENOENT'
          ? `Target schema file "${reference}" not found.`
          : `Cannot read target schema file "${reference}": ${(error as Error).message}`,
    };
  }
  try {
    return { target: parseTargetSchema(file.text, file.origin) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
