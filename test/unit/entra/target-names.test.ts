// Targets the plain path syntax cannot spell (issue 12, audit 9 F3): import writes them quoted where
// needed, export writes Entra's name back byte for byte, an edit or a new mapping keeps the name as it is.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/syntax/parser';
import { importSchema } from '../../../server/src/entra/import';
import { exportSchema } from '../../../server/src/entra/export';
import { EntraSchemaError } from '../../../server/src/entra/model';
import { previewUser } from '../../../server/src/provisioning/requests';
import { ACME, FIELDWORK, SOCIETE, unusualNamesSchema as json, unusualNamesTarget } from '../helpers/unusual-target-names';

const imported = importSchema(json).text;

/** The POST body the preview sends for a user in the fixture's scope. */
function createBody(): Record<string, unknown> {
  const attributes = {
    userPrincipalName: 'a@contoso.com',
    mail: 'a@contoso.com',
    department: 'Field Ops',
    companyName: 'C',
    accountEnabled: true,
  };
  const preview = previewUser(parse(imported).file, { id: 'u', attributes }, { targetSchema: unusualNamesTarget });
  return preview.requests.find((r) => r.method === 'POST')?.body as Record<string, unknown>;
}

function exported(text: string): string {
  const result = parse(text);
  assert.deepEqual(result.diagnostics, []);
  return exportSchema(result.file, json).text;
}

describe('targets with hyphens, non-ASCII letters, `$` and spaces', () => {
  test('import writes each target bare when it can, quoted where it must', () => {
    for (const line of [
      '  cost-center <- [department]',
      '  "Département" <- [department]',
      '  "u_région" <- [department]',
      '  "x_y$z" <- [department]',
      '  "first name" <- [department]',
      `  ${FIELDWORK}:"Région" <- [department]`,
      '  emails[type eq "work"].cost-center <- [department]',
      `  ${FIELDWORK}:depot."site.code" <- [department]`,
      '  locker."door.number" <- [department]',
      `  ${ACME}:badge <- [department]`,
      `  ${SOCIETE}:site <- [department]`,
    ])
      assert.ok(imported.includes(`${line}  on create\n`), line);
  });

  test('export(import(J), --base J) is J byte for byte, `\\u00e9` escape included', () => {
    assert.ok(json.includes('"targetAttributeName": "u_r\\u00e9gion"'));
    assert.equal(exported(imported), json);
  });

  test('a target in an extension whose URN holds `~`, `é`, `+`, `(`, `%`… is sent in that extension, which `schemas` lists', () => {
    const body = createBody();
    assert.deepEqual(body[ACME], { badge: 'Field Ops' });
    assert.deepEqual(body[SOCIETE], { site: 'Field Ops' });
    assert.ok(!(`${ACME}:badge` in body));
    assert.deepEqual(
      (body.schemas as string[]).filter((id) => id === ACME || id === SOCIETE),
      [ACME, SOCIETE],
    );
  });

  // That the import checks clean is roundtrip.test's; here, what is sent.
  test('a name of three dotted parts is its attribute and one sub-attribute, and is sent so', () => {
    const body = createBody();
    assert.deepEqual(body.locker, { 'door.number': 'Field Ops' });
    assert.deepEqual((body[FIELDWORK] as Record<string, unknown>).depot, { 'site.code': 'Field Ops' });
  });

  test('an edited mapping keeps its target name as Entra wrote it', () => {
    const text = exported(imported.replace('"u_région" <- [department]', '"u_région" <- [city]'));
    assert.ok(text.includes('"targetAttributeName": "u_r\\u00e9gion"'));
    const mappings = JSON.parse(text).synchronizationRules[0].objectMappings[0].attributeMappings;
    assert.equal(mappings.find((m: { targetAttributeName: string }) => m.targetAttributeName === 'u_région').source.expression, '[city]');
  });

  test('a new mapping to a quoted target gets Entra’s name and an attribute definition', () => {
    const text = exported(imported.replace('  "x_y$z" <- [department]', '  "x_y$z" <- [department]\n  "Bâtiment n°" <- [officeLocation]'));
    const value = JSON.parse(text);
    const mappings = value.synchronizationRules[0].objectMappings[0].attributeMappings;
    const added = mappings.find((m: { targetAttributeName: string }) => m.targetAttributeName === 'Bâtiment n°');
    assert.equal(added?.source.expression, '[officeLocation]');
    const directory = value.directories.find((d: { name: string }) => d.name === 'customappsso');
    assert.ok(directory.objects[0].attributes.some((a: { name: string }) => a.name === 'Bâtiment n°'));
  });

  // Before, a lone surrogate was written as U+FFFD with exit 0, and check then reported an unknown target.
  for (const { why, name, message } of [
    { why: 'a line break', name: 'x\\ny', message: /cannot be written as a \.scimmap target path/ },
    { why: 'a lone surrogate', name: '\\ud800lone', message: /lone surrogate \\ud800/ },
  ])
    test(`a name no .scimmap string can hold (${why}) is refused with its pointer, nothing else`, () => {
      const broken = json.replace('"targetAttributeName": "x_y$z"', `"targetAttributeName": "${name}"`);
      assert.throws(
        () => importSchema(broken),
        (e: unknown) =>
          e instanceof EntraSchemaError &&
          e.problems.length === 1 &&
          /attributeMappings\/\d+\/targetAttributeName$/.test(e.problems[0].pointer) &&
          message.test(e.problems[0].message),
      );
    });
});
