// A JSON Schema (draft-07) check for the keywords our schemas use, enough to run a file through
// server/src/data/sample-data.schema.json as the editor does. A schema with any other keyword is
// refused, so a new keyword gets support here before a test can pass with it unchecked.
const annotations = new Set(['$schema', '$id', 'title', 'description', 'definitions', 'default', 'markdownDescription']);
const understood = new Set([
  'type',
  'properties',
  'additionalProperties',
  'required',
  'items',
  'anyOf',
  '$ref',
  'minLength',
  'minItems',
  'pattern',
  'propertyNames',
]);

type Schema = Readonly<Record<string, unknown>>;

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The problems of `value` against `schema` (empty when valid), each with the JSON pointer where it is. */
export function validateJson(root: Schema, value: unknown): string[] {
  return check(root, root, value, '');
}

function check(root: Schema, schema: Schema, at: unknown, pointer: string): string[] {
  const problems: string[] = [];
  const nested = (sub: Schema, item: unknown, where: string) => problems.push(...check(root, sub, item, where));
  for (const keyword of Object.keys(schema)) {
    if (!understood.has(keyword) && !annotations.has(keyword))
      throw new Error(`json-schema.ts does not support the keyword "${keyword}" (at ${pointer || '/'})`);
  }
  if (typeof schema.$ref === 'string') {
    const name = /^#\/definitions\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name === undefined ? undefined : (root.definitions as Record<string, Schema> | undefined)?.[name];
    if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
    nested(target, at, pointer);
  }
  if (schema.type !== undefined) {
    const allowed = typeof schema.type === 'string' ? [schema.type] : (schema.type as string[]);
    const type = jsonType(at);
    if (!allowed.includes(type) && !(type === 'integer' && allowed.includes('number'))) {
      problems.push(`${pointer || '/'}: ${type}, not ${allowed.join(' or ')}`);
      return problems;
    }
  }
  if (Array.isArray(schema.anyOf)) {
    const fits = (schema.anyOf as Schema[]).some((option) => check(root, option, at, pointer).length === 0);
    if (!fits) problems.push(`${pointer || '/'}: matches none of anyOf`);
  }
  if (typeof at === 'string') {
    if (typeof schema.minLength === 'number' && at.length < schema.minLength) problems.push(`${pointer}: shorter than ${schema.minLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(at))
      problems.push(`${pointer}: does not match ${schema.pattern}`);
  }
  if (Array.isArray(at)) {
    if (typeof schema.minItems === 'number' && at.length < schema.minItems)
      problems.push(`${pointer}: fewer than ${schema.minItems} items`);
    if (isObject(schema.items)) at.forEach((item, index) => nested(schema.items as Schema, item, `${pointer}/${index}`));
  }
  if (isObject(at)) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[])
      if (!Object.hasOwn(at, name)) problems.push(`${pointer || '/'}: "${name}" is required`);
    for (const [name, item] of Object.entries(at)) {
      const where = `${pointer}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (isObject(schema.propertyNames)) nested(schema.propertyNames, name, `${where} (name)`);
      if (Object.hasOwn(properties, name)) nested(properties[name], item, where);
      else if (schema.additionalProperties === false) problems.push(`${where}: not allowed`);
      else if (isObject(schema.additionalProperties)) nested(schema.additionalProperties, item, where);
    }
  }
  return problems;
}
