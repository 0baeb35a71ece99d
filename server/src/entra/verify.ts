// Entra as the oracle: for each expression of a .scimmap's users blocks, the body of Graph's
// POST .../schema/parseExpression (the expression as Entra writes it, the sample user as the test
// input object, the target attribute's definition from the pulled schema), and the comparison of
// Entra's answer with scimmap's own evaluation (shared/src/graph/parse-expression.ts). Pure: the HTTP is the caller's.
import type { MappingFile } from '../syntax/ast';
import { evaluateExpression, scalarText } from '../evaluation/evaluate';
import type { EvalOptions, SourceObject } from '../evaluation/types';
import { ENTRA_DIRECTORY_NAMES } from './import';
import { fileModel } from './model';
import type { OwnValues, TestInputProperty, VerifyCase } from '../../../shared/src/graph/parse-expression';

type Json = Record<string, unknown>;

/** The object definition `name` of the first directory whose name is one of `directoryNames` in a schema. */
function objectDefinition(schema: Json, directoryNames: (name: string) => boolean, objectName: string): Json | undefined {
  const directories = Array.isArray(schema.directories) ? (schema.directories as Json[]) : [];
  for (const directory of directories) {
    if (typeof directory.name !== 'string' || !directoryNames(directory.name)) continue;
    const objects = Array.isArray(directory.objects) ? (directory.objects as Json[]) : [];
    const found = objects.find((object) => object.name === objectName);
    if (found) return found;
  }
  return undefined;
}

/**
 * One case per mapping with a source in the file's users blocks, for `user`. Only DefaultDomain() is
 * answered from the options: Now(), Guid() and RandomString() stay placeholders, so not comparable,
 * whatever --now and --seed pin, as Entra evaluates them with its own clock and randomness.
 */
export function verifyCases(
  file: MappingFile,
  schemaText: string,
  user: SourceObject,
  options: Pick<EvalOptions, 'defaultDomain'> = {},
): VerifyCase[] {
  const evalOptions: EvalOptions = { defaultDomain: options.defaultDomain };
  const schema = JSON.parse(schemaText) as Json;
  const rules = Array.isArray(schema.synchronizationRules) ? (schema.synchronizationRules as Json[]) : [];
  const isEntra = (name: string) => ENTRA_DIRECTORY_NAMES.includes(name);
  const properties = Object.entries(user)
    .filter(([key]) => !key.startsWith('$'))
    .map(([key, value]) => testInputProperty(key, value));
  const cases: VerifyCase[] = [];
  for (const block of fileModel(file)) {
    if (block.kind !== 'users') continue;
    const sourceObject = block.sourceObject ?? 'User';
    const definition = objectDefinition(schema, isEntra, sourceObject) ?? { name: sourceObject, attributes: [] };
    const rule = rules.find((candidate) => typeof candidate.sourceDirectoryName === 'string' && isEntra(candidate.sourceDirectoryName));
    const targetDirectory = typeof rule?.targetDirectoryName === 'string' ? rule.targetDirectoryName : undefined;
    const targetObject = block.targetObject ?? 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const targetDefinition =
      targetDirectory === undefined ? undefined : objectDefinition(schema, (name) => name === targetDirectory, targetObject);
    const targetAttributes = Array.isArray(targetDefinition?.attributes) ? (targetDefinition.attributes as Json[]) : [];
    for (const mapping of block.mappings) {
      if (!mapping.expression || mapping.canonical === undefined) continue;
      cases.push({
        object: `users${block.name ? ` "${block.name}"` : ''}`,
        target: mapping.target,
        body: {
          expression: mapping.canonical,
          testInputObject: { definition, properties },
          targetAttributeDefinition: targetAttributes.find((attribute) => attribute.name === mapping.target) ?? null,
        },
        scimmap: ownValues(evaluateExpression(mapping.expression, user, evalOptions)),
      });
    }
  }
  return cases;
}

/**
 * A sample attribute as a test input property. A single value, and each element of a multi-valued
 * one, goes in the string form scimmap's own evaluation reads (a boolean "True"/"False", a number in
 * decimals, a manager reference its id, an app role assignment `{"value", ...}` its role value; a
 * null element is no value, as scimmap reads a list): the documented parseExpression example sends
 * every value as a string (`appRoleAssignments` as `["Default Assignment"]`), and Entra shows
 * booleans as "True"/"False" (docs/tenant.md says what a tenant has not confirmed). An element with
 * no such form, which scimmap fails to read, goes as its JSON text: a collection holds strings.
 */
function testInputProperty(key: string, value: unknown): TestInputProperty {
  if (!Array.isArray(value)) {
    const text = scalarText(value);
    return { key, value: text === undefined ? value : text };
  }
  const strings = value.flatMap((element) => {
    const text = scalarText(element);
    return text === null ? [] : [text ?? JSON.stringify(element)];
  });
  return { key, 'value@odata.type': '#Collection(String)', value: strings };
}

function ownValues(outcome: ReturnType<typeof evaluateExpression>): OwnValues {
  if (outcome.kind === 'error') return { error: outcome.message };
  if (outcome.kind === 'ignored') return { values: [] };
  if (outcome.placeholders.length > 0) return { notComparable: outcome.placeholders.map((placeholder) => placeholder.note).join('; ') };
  const value = outcome.value;
  return { values: value === null ? [] : Array.isArray(value) ? value.map(String) : [String(value)] };
}
