// Lossless round trips with Entra's synchronization schema: export(import(J), base J) is J byte for
// byte; import(export(M)) says what M says; edits change only what they edit; bad input is refused
// with the JSON pointer of the problem.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../../server/src/syntax/parser';
import { importSchema } from '../../../server/src/entra/import';
import { exportSchema, newObjectMappingName } from '../../../server/src/entra/export';
import { diffSchema, formatDifference } from '../../../server/src/entra/diff';
import { EntraSchemaError, fileModel, type EntraProblem } from '../../../server/src/entra/model';
import { repositoryRoot } from '../../support/repository';
import { generateMappings, nestedCalls } from '../../support/generate';
import { randomMappingFile } from '../../support/random-expressions';
import { filesUnder, fixturesInTestSources } from '../helpers/scimmap-corpus';
import { functionCatalogue } from '../../../server/src/schema/functions';
import { readTargetSchema } from '../../../server/src/schema/target-format';
import { analyze } from '../../../server/src/validation/analyze';

const root = repositoryRoot(__dirname);
const fixture = (name: string) => readFileSync(join(root, 'test', 'fixtures', 'entra', name), 'utf8');
const FIXTURES = ['genesys-gallery.json', 'customappsso.json', 'minified.json', 'scoping-filters.json', 'unusual-target-names.json'];

function parsed(text: string) {
  const result = parse(text);
  assert.deepEqual(result.diagnostics, [], 'the .scimmap parses cleanly');
  return result.file;
}

/** What a file says to Entra: the model with expressions as canonical text and the name export gives an unnamed block filled in. */
function meaning(text: string): unknown {
  return fileModel(parsed(text)).map((block) => ({
    ...block,
    name: block.name ?? newObjectMappingName(block),
    actions: [...block.actions].sort(),
    mappings: block.mappings.map(({ expression: _expression, ...rest }) => rest),
  }));
}

function roundTrip(text: string): string {
  const exported = exportSchema(parsed(text), undefined, { newId: () => '00000000-0000-4000-8000-000000000000' });
  return importSchema(exported.text).text;
}

describe('export(import(J), --base J) is J, byte for byte', () => {
  for (const name of FIXTURES) {
    test(name, () => {
      const json = fixture(name);
      const imported = importSchema(json);
      assert.equal(exportSchema(parsed(imported.text), json).text, json);
    });
  }
});

test('an object mapping without flowTypes (all three actions) exports as it was and diffs clean (before: "flowTypes" added, diff "schema ")', () => {
  const json = fixture('genesys-gallery.json').replace('          "flowTypes": "Add,Update,Delete",\n', '');
  const imported = importSchema(json).text;
  assert.equal(exportSchema(parsed(imported), json).text, json);
  assert.deepEqual(diffSchema(fileModel(parsed(imported)), json), []);
  const updateOnly = exportSchema(parsed(imported.replace(/^users .*\{\n/m, (header) => `${header}  actions update\n`)), json).text;
  assert.equal(JSON.parse(updateOnly).synchronizationRules[0].objectMappings[0].flowTypes, 'Update');
});

test('an object mapping whose sourceObjectName is absent or null exports as it was and diffs clean (before: diff "- users ... only in the .scimmap")', () => {
  for (const replacement of ['', '"sourceObjectName": null,\n']) {
    const json = fixture('genesys-gallery.json').replace('"sourceObjectName": "Group",\n', replacement);
    const imported = importSchema(json).text;
    assert.match(imported, /^groups "Provision Microsoft Entra ID Groups" from "" to "urn:ietf:params:scim:schemas:core:2.0:Group" \{$/m);
    assert.equal(exportSchema(parsed(imported), json).text, json);
    assert.deepEqual(diffSchema(fileModel(parsed(imported)), json), []);
  }
});

test('diff names the objects of a block or object mapping that is not the usual one, as the header does (before: "- groups", "+ users" with nothing to tell which)', () => {
  const json = fixture('genesys-gallery.json');
  const hidden =
    '{"enabled": false, "flowTypes": "Add,Update", "name": null, "scope": null, "sourceObjectName": "", "targetObjectName": "InternalThing", "attributeMappings": [], "metadata": []},\n        ';
  const schema = json.replace('"objectMappings": [\n        ', (start) => start + hidden);
  const text = `${importSchema(json).text}\ngroups from "Group" to "urn:example:Team" {\n  displayName <- [displayName]  match 1\n}\n`;
  assert.deepEqual(
    diffSchema(fileModel(parsed(text)), schema).map((d) => formatDifference(d)),
    [
      '- groups from "Group" to "urn:example:Team"   (only in the .scimmap)',
      '+ users from "" to "InternalThing"   (only in the schema, /synchronizationRules/0/objectMappings/0)',
    ],
  );
});

test('export names a new unnamed block after what it maps, unique in its rule (before: the usual "Provision Microsoft Entra ID Groups" or "...Users", a second mapping of that name)', () => {
  const json = fixture('genesys-gallery.json');
  const team = 'groups from "Group" to "urn:example:Team" {\n  displayName <- [displayName]  match 1\n}\n';
  const hidden = 'users from "" to "InternalThing" {\n  externalId <- [objectId]  match 1\n}\n';
  const namesOf = (schema: string) =>
    JSON.parse(schema).synchronizationRules[0].objectMappings.map((om: { name: string | null }) => om.name) as unknown[];
  assert.deepEqual(namesOf(exportSchema(parsed(`${importSchema(json).text}\n${team}\n${team}\n${hidden}`), json).text), [
    'Provision Microsoft Entra ID Users',
    'Provision Microsoft Entra ID Groups',
    'Provision Microsoft Entra ID Group to urn:example:Team',
    'Provision Microsoft Entra ID Group to urn:example:Team (2)',
    'Provision InternalThing',
  ]);
  // Without --base: the usual blocks keep Entra's usual names; a second plain users block is told apart.
  const fresh = exportSchema(
    parsed(`users {\n  userName <- [userPrincipalName]  match 1\n}\n${team}\nusers {\n  title <- [jobTitle]\n}\n`),
  ).text;
  assert.deepEqual(namesOf(fresh), [
    'Provision Microsoft Entra ID Users',
    'Provision Microsoft Entra ID Group to urn:example:Team',
    'Provision Microsoft Entra ID Users (2)',
  ]);
});

test('export and diff over a mapping whose base value import refuses say so at its pointer, with the old value (before: export wrote over "flowType": "Sometimes" without a word, diff a plain change)', () => {
  const json = fixture('genesys-gallery.json');
  const imported = importSchema(json).text;
  const first = '"flowType": "Always"';
  const base = json.replace(first, '"flowType": "Sometimes"').replace(/"matchingPriority": 0/, '"matchingPriority": "2"');
  const pointer = '/synchronizationRules/0/objectMappings/0/attributeMappings/0/flowType';
  const exported = exportSchema(parsed(imported), base);
  assert.equal(exported.text, json, "the .scimmap's values are written over them");
  assert.deepEqual(
    exported.warnings.map((w) => [w.pointer, w.message]),
    [
      [pointer, 'unknown flowType "Sometimes", a value import refuses: export writes the .scimmap\'s mapping of userName over it'],
      [
        '/synchronizationRules/0/objectMappings/0/attributeMappings/1/matchingPriority',
        'matchingPriority must be a whole number, a value import refuses (the schema holds "2"): export writes the .scimmap\'s mapping of active over it',
      ],
    ],
  );
  const warnings: EntraProblem[] = [];
  diffSchema(fileModel(parsed(imported)), base, warnings);
  assert.deepEqual(
    warnings.map((w) => w.pointer),
    [pointer, '/synchronizationRules/0/objectMappings/0/attributeMappings/1/matchingPriority'],
  );
  assert.match(warnings[0].message, /^unknown flowType "Sometimes", a value import refuses: diff compares it as the schema holds it/);
  // An unchanged base: no warning.
  assert.deepEqual(exportSchema(parsed(imported), json).warnings, []);
});

test('diff lists a block whose rule the schema lacks (before: left out, the schema\'s mapping only "+")', () => {
  const json = fixture('genesys-gallery.json');
  const text = importSchema(json).text.replace(/^groups (.*) \{$/m, 'groups $1 rule "Gone" {');
  assert.deepEqual(
    diffSchema(fileModel(parsed(text)), json).map((d) => formatDifference(d)),
    [
      '- groups "Provision Microsoft Entra ID Groups" rule "Gone"   (only in the .scimmap)',
      '+ groups "Provision Microsoft Entra ID Groups"   (only in the schema, /synchronizationRules/0/objectMappings/1)',
    ],
  );
});

describe('diff names the scoping filter group and clause that changed (before: the whole scope on both sides)', () => {
  const json = fixture('scoping-filters.json');
  const imported = importSchema(json).text;
  const object = 'users "Provision Microsoft Entra ID Users"';
  const scope = '/synchronizationRules/0/objectMappings/0/scope/groups';
  const differences = (edit: (text: string) => string) =>
    diffSchema(fileModel(parsed(edit(imported))), json).map((d) => formatDifference(d));

  test('one clause value', () =>
    assert.deepEqual(
      differences((t) => t.replace('"(?i)intern"', '"^98\\\\d"')),
      [
        `~ ${object} scope "Staff" (group 2) clause 2: .scimmap [jobTitle] NOT REGEX MATCH "^98\\\\d"; schema [jobTitle] NOT REGEX MATCH "(?i)intern"   (${scope}/1/clauses/1)`,
      ],
    ));
  test('a clause removed and a group renamed', () =>
    assert.deepEqual(
      differences((t) => t.replace('    [mail] IS NOT NULL\n', '').replace('scope "Staff"', 'scope "Team"')),
      [
        `+ ${object} scope "Paris sales" (group 1) clause 4: [mail] IS NOT NULL   (only in the schema, ${scope}/0/clauses/3)`,
        `~ ${object} scope "Staff" (group 2) name: .scimmap "Team"; schema "Staff"   (${scope}/1/name)`,
      ],
    ));
  test('a whole group removed', () =>
    assert.deepEqual(
      differences((t) => t.replace(/ {2}scope "Paris sales" \{\n( {4}.*\n)* {2}\}\n/, '')),
      [
        `+ ${object} scope "Paris sales" (group 1): [department] EQUALS "Ventes – Île-de-France" AND [companyName] NOT EQUALS "" AND [accountEnabled] IS TRUE AND [mail] IS NOT NULL   (only in the schema, ${scope}/0)`,
      ],
    ));
});

describe('an import passes scimmap check against the target schema it writes', () => {
  for (const name of FIXTURES) {
    test(name, () => {
      const imported = importSchema(fixture(name), name, { targetFile: './app.target.json' });
      assert.match(imported.text, /^# Imported from .*\n\ntarget "\.\/app\.target\.json"\n/);
      const target = readTargetSchema(imported.targetSchema, 'app.target.json');
      const errors = analyze(imported.text, { override: target }).diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(errors, []);
    });
  }

  test('every "defaultValue": "" (as some exports write an empty default), a boolean\'s too (before: constant-type error, export refused)', () => {
    const json = fixture('genesys-gallery.json').replaceAll('"defaultValue": null', '"defaultValue": ""');
    const imported = importSchema(json, 'g.json', { targetFile: './g.target.json' });
    assert.match(imported.text, /active <- .* {2}default ""\n/);
    const target = readTargetSchema(imported.targetSchema, 'g.target.json');
    assert.deepEqual(
      analyze(imported.text, { override: target }).diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.equal(exportSchema(parsed(imported.text), json).text, json);
  });

  test("a target the imported app's target file lacks: the error says to add it there, so export adds its definition", () => {
    const imported = importSchema(fixture('customappsso.json'), 'c.json', { targetFile: './c.target.json' });
    const target = readTargetSchema(imported.targetSchema, './c.target.json');
    const floor = 'urn:ietf:params:scim:schemas:extension:Fieldwork:2.0:User:floor <- [department]\n';
    const text = imported.text.replace(/^users .*\{\n/m, (header) => header + `  ${floor}`);
    const messages = analyze(text, { override: target })
      .diagnostics.filter((d) => d.code === 'unknown-target')
      .map((d) => d.message);
    assert.equal(messages.length, 1);
    assert.match(
      messages[0],
      /If .* has it, add it to \.\/c\.target\.json \(docs\/targets\.md\): then `scimmap export` adds its attribute definition/,
    );
    const bundled = analyze('users {\n  floor <- [department]\n}\n').diagnostics.find((d) => d.code === 'unknown-target');
    assert.doesNotMatch(bundled!.message, /add it to/, 'a bundled target has no file to add it to');
  });

  test("an editable inbound rule listed first (Graph sorts arrays itself) is not the blocks' rule (before: no target schema, checked against Genesys Cloud, export refused the blocks in the inbound rule)", () => {
    const inbound =
      '{"editable": true, "id": "in-1", "name": "USER_INBOUND_USER", "priority": 2, "sourceDirectoryName": "GenesysCloudForAzure", "targetDirectoryName": "Microsoft Entra ID", "metadata": [], "objectMappings": []},\n    ';
    const json = fixture('genesys-gallery.json').replace('"synchronizationRules": [\n    ', (start) => start + inbound);
    const imported = importSchema(json, 'g.json', { targetFile: './g.target.json' });
    assert.doesNotMatch(imported.text, / rule "/, 'the blocks are in the default rule, which reads from Entra');
    assert.match(imported.text, /^target "\.\/g\.target\.json"$/m);
    const target = readTargetSchema(imported.targetSchema, 'g.target.json');
    assert.deepEqual(
      analyze(imported.text, { override: target }).diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.equal(exportSchema(parsed(imported.text), json).text, json);
    assert.doesNotMatch(exportSchema(parsed('users {\n  userName <- [mail]  match 1\n}\n'), json).text, /"in-1"[^\]]*\[mail\]/);
  });

  // Before: "Add,Update" without the space, a second change on a line the edit was not about.
  test('an edit of the actions keeps the spelling of the flowTypes it replaces ("Add, Update")', () => {
    const json = fixture('customappsso.json');
    const imported = importSchema(json, 'c.json', { targetFile: './c.target.json' });
    const edited = imported.text.replace(/^(users .*\{\n)/m, '$1  actions create, update\n');
    assert.notEqual(edited, imported.text);
    const exported = exportSchema(parsed(edited), json).text;
    const changed = exported.split(/\r?\n/).filter((line, index) => line !== json.split(/\r?\n/)[index]);
    assert.deepEqual(changed, ['                    "flowTypes": "Add, Update",']);
  });

  test('custom attributes and filtered paths become SCIM attributes', () => {
    const target = readTargetSchema(
      importSchema(fixture('customappsso.json'), 'c.json', { targetFile: './c.target.json' }).targetSchema,
      'c.target.json',
    );
    const users = target.resources.find((r) => r.block === 'users')!;
    assert.deepEqual(
      users.schemas.map((s) => s.id),
      ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:Fieldwork:2.0:User'],
    );
    const emails = users.schemas[0].attributes.find((a) => a.name === 'emails')!;
    assert.equal(emails.filterKey, 'type');
    assert.deepEqual(
      emails.subAttributes?.map((s) => s.name),
      ['type', 'value'],
    );
  });
});

describe('import(export(M)) says what M says', () => {
  const files: Record<string, string> = {
    'examples/purecloud.scimmap': readFileSync(join(root, 'examples', 'purecloud.scimmap'), 'utf8'),
    'benchmark mapping (200)': generateMappings(200),
    'identity, flows, defaults and scopes': [
      'users "Staff to Genesys" {',
      '  userName <- [userPrincipalName]  match 1',
      '  nickName <- [mailNickname]  flow ValueAddOnly  behavior FlowAlways',
      '  title <- none  default ""',
      '  locale <- [preferredLanguage]  default "en-US"  on create',
      '  scope "" {',
      '    [department] EQUALS "Sales"',
      '    [accountEnabled] IS TRUE',
      '  }',
      '}',
      'groups {',
      '  enabled false',
      '  actions update',
      '  displayName <- [displayName]  match 1',
      '}',
      'users from "" to "Internal" {',
      '  enabled false',
      '  ProfileName <- none  match 1',
      '}',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(files)) {
    test(name, () => assert.deepEqual(meaning(roundTrip(text)), meaning(text)));
  }

  test('FormatDateTime keeps the form it is written in: three arguments stay three, an empty slot stays', () => {
    const three = 'FormatDateTime([employeeHireDate], "yyyy-MM-dd", "yyyyMMdd")';
    const four = 'FormatDateTime([employeeHireDate], , "yyyy-MM-dd", "yyyyMMdd")';
    const text = ['users {', '  userName <- [userPrincipalName]  match 1', `  title <- ${three}`, `  nickName <- ${four}`, '}'].join('\n');
    const back = roundTrip(text);
    assert.ok(back.includes(`title <- ${three}`) && back.includes(`nickName <- ${four}`), back);
    assert.deepEqual(meaning(back), meaning(text));
  });

  test('every error-free .scimmap of examples/ and the test suite', () => {
    const corpus = [
      ...filesUnder(join(root, 'examples'), '.scimmap').map((path) => ({ name: path, text: readFileSync(path, 'utf8') })),
      ...fixturesInTestSources(),
      // A missing required mapping (active became one: Genesys' tutorial marks it Required) says nothing about the round trip.
    ].filter(({ text }) => !analyze(text).diagnostics.some((d) => d.severity === 'error' && d.code !== 'missing-required-target'));
    assert.ok(corpus.length > 20, `a real corpus (${corpus.length} files)`);
    for (const { name, text } of corpus) assert.deepEqual(meaning(roundTrip(text)), meaning(text), name);
  });

  test('the deepest expression the parser takes: 100 nested calls, 309 levels of JSON', () => {
    const text = nestedCalls(100);
    assert.deepEqual(meaning(roundTrip(text)), meaning(text));
  });

  test('1,000 random mappings: every function, nested, with empty slots', () => {
    const text = randomMappingFile(1000, 12);
    const functions = new Set([...text.matchAll(/([A-Za-z0-9]+)\(/g)].map((m) => m[1]));
    assert.deepEqual([...functions].sort(), functionCatalogue.functions.map((f) => f.name).sort(), 'every catalogue function appears');
    assert.deepEqual(meaning(roundTrip(text)), meaning(text));
  });
});

describe('export changes only what the .scimmap changed', () => {
  const json = fixture('genesys-gallery.json');
  const imported = importSchema(json).text;

  function exported(edit: (text: string) => string) {
    const text = exportSchema(parsed(edit(imported)), json).text;
    return { text, value: JSON.parse(text), base: JSON.parse(json) };
  }

  test('a changed expression: its source tree and canonical text, parameter keys from the catalogue', () => {
    const { value, base } = exported((t) =>
      t.replace('displayName <- [displayName]\n', 'displayName <- Replace([displayName], "_", , , ".", , )\n'),
    );
    const mapping = value.synchronizationRules[0].objectMappings[0].attributeMappings[2];
    assert.deepEqual(mapping.source, {
      expression: 'Replace([displayName], "_", , , ".", , )',
      name: 'Replace',
      type: 'Function',
      parameters: [
        { key: 'source', value: { expression: '[displayName]', name: 'displayName', type: 'Attribute', parameters: [] } },
        { key: 'Find', value: { expression: '"_"', name: '_', type: 'Constant', parameters: [] } },
        { key: 'Replacement', value: { expression: '"."', name: '.', type: 'Constant', parameters: [] } },
      ],
    });
    base.synchronizationRules[0].objectMappings[0].attributeMappings[2].source = mapping.source;
    assert.deepEqual(value, base, 'nothing else changed');
  });

  test('a new mapping gets the service key order and its target an attribute definition', () => {
    const { value, base } = exported((t) =>
      t.replace(
        '  members <- [members]\n',
        '  members <- [members]\n  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division <- [department]\n',
      ),
    );
    const added = value.synchronizationRules[0].objectMappings[1].attributeMappings[3];
    assert.deepEqual(Object.keys(added), [
      'defaultValue',
      'exportMissingReferences',
      'flowBehavior',
      'flowType',
      'matchingPriority',
      'targetAttributeName',
      'source',
    ]);
    const groupObject = value.directories[1].objects[1];
    assert.equal(groupObject.attributes.at(-1).name, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division');
    assert.equal(value.directories[1].objects[1].attributes.length, base.directories[1].objects[1].attributes.length + 1);
  });

  test('flow, default and precedence are set in place; null and "" stay apart', () => {
    const { value } = exported((t) =>
      t
        .replace('title <- [jobTitle]  default ""', 'title <- [jobTitle]  match 2  on create')
        .replace('displayName <- [displayName]\n', 'displayName <- [displayName]  default ""\n'),
    );
    const [, , display, , title] = value.synchronizationRules[0].objectMappings[0].attributeMappings;
    assert.equal(title.defaultValue, null);
    assert.equal(title.flowType, 'ObjectAddOnly');
    assert.equal(title.matchingPriority, 2);
    assert.equal(display.defaultValue, '');
  });

  test('actions keep the spelling of an unchanged flowTypes and use the current one for a changed one', () => {
    const { value } = exported((t) => t.replace('  actions update\n', '  actions create, update\n'));
    assert.equal(value.synchronizationRules[0].objectMappings[1].flowTypes, 'Add,Update');
    assert.equal(value.synchronizationRules[0].objectMappings[0].flowTypes, 'Add,Update,Delete');
  });

  test('a scoping filter added where scope was null', () => {
    const { value } = exported((t) =>
      t.replace('  members <- [members]\n', '  members <- [members]\n  scope "Sales" {\n    [department] EQUALS "Sales"\n  }\n'),
    );
    assert.deepEqual(value.synchronizationRules[0].objectMappings[1].scope, {
      groups: [
        { clauses: [{ operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Sales'] } }], name: 'Sales' },
      ],
    });
  });
});

describe('export changes only the scoping filters the .scimmap changed', () => {
  // Users: two filter groups (one with an unknown member, a unary clause with "targetOperand": null),
  // inputFilterGroups and categoryFilterGroups beside them; one clause per line.
  const json = fixture('scoping-filters.json');
  const imported = importSchema(json).text;
  const usersGroups = /"groups": \[\n[\s\S]*?\n {12}\]/;

  test('removing every filter empties scope.groups and keeps the rest of scope, byte for byte', () => {
    const withoutScopes = imported.replace(/ {2}scope "[^"]*" \{\n( {4}.*\n)* {2}\}\n/g, '');
    assert.equal(exportSchema(parsed(withoutScopes), json).text, json.replace(usersGroups, '"groups": []'));
  });

  const exportedAfter = (edit: (text: string) => string) => exportSchema(parsed(edit(imported)), json).text;

  test('a changed value, a removed clause, a renamed group: only that changes, in place', () => {
    assert.equal(
      exportedAfter((t) => t.replace('"(?i)intern"', '"(?i)trainee"')),
      json.replace('"(?i)intern"', '"(?i)trainee"'),
    );
    assert.equal(
      exportedAfter((t) => t.replace('    [companyName] NOT EQUALS ""\n', '')),
      json.replace(/ +\{"operatorName": "NOT EQUALS".*\n/, ''),
    );
    assert.equal(
      exportedAfter((t) => t.replace('scope "Staff"', 'scope "Employees"')),
      json.replace('"name": "Staff"', '"name": "Employees"'),
    );
    assert.equal(
      exportedAfter((t) => t.replace('[jobTitle] NOT REGEX MATCH', '[jobTitle] REGEX MATCH')),
      json.replace('"operatorName": "NOT REGEX MATCH"', '"operatorName": "REGEX MATCH"'),
    );
  });

  test('a removed group: the others keep their text (unknown members, "targetOperand": null)', () => {
    const parisSales = /\n {14}\{\n {16}"clauses"[\s\S]*?"name": "Paris sales"\n {14}\},/;
    assert.equal(
      exportedAfter((t) => t.replace(/ {2}scope "Paris sales" \{\n( {4}.*\n)* {2}\}\n/, '')),
      json.replace(parisSales, ''),
    );
  });

  test('an added clause is the only new text; the clauses around it, and the other group, stay', () => {
    const text = exportedAfter((t) => t.replace('    [mail] IS NOT NULL\n', '    [mail] IS NOT NULL\n    [city] ENDS_WITH "ville"\n'));
    const last = '{"operatorName": "IS NOT NULL", "sourceOperandName": "mail", "targetOperand": {"values": []}}';
    const at = json.indexOf(last) + last.length;
    assert.ok(text.startsWith(json.slice(0, at)), 'everything before the new clause');
    assert.ok(text.endsWith(json.slice(at)), 'everything after it');
    const value = JSON.parse(text).synchronizationRules[0].objectMappings[0].scope.groups[0].clauses.at(-1);
    assert.deepEqual(value, { operatorName: 'ENDS_WITH', sourceOperandName: 'city', targetOperand: { values: ['ville'] } });
  });
});

describe('a source tree that disagrees with its expression is reported, not hidden', () => {
  const gallery = fixture('genesys-gallery.json');
  test('a different attribute', () => {
    const json = gallery.replace(
      '"expression": "[mail]",\n                "name": "mail"',
      '"expression": "[mail]",\n                "name": "otherMails"',
    );
    assert.deepEqual(importSchema(json).warnings, [
      {
        pointer: '/synchronizationRules/0/objectMappings/0/attributeMappings/3/source/name',
        message:
          'the source tree disagrees with its expression (the expression is used): the tree names "otherMails", the expression "mail"',
      },
    ]);
  });
  test('a confirmed parameter key spelt otherwise', () => {
    const json = fixture('customappsso.json').replace('"key": "Find"', '"key": "oldValue"');
    assert.match(
      importSchema(json)
        .warnings.map((w) => `${w.pointer}: ${w.message}`)
        .join('\n'),
      /attributeMappings\/7\/source\/parameters\/1\/key: .*"oldValue", where Entra uses "Find"/,
    );
  });
});

describe('refusals name the JSON pointer', () => {
  function problem(json: string): string {
    try {
      importSchema(json);
    } catch (error) {
      assert.ok(error instanceof EntraSchemaError);
      return error.message;
    }
    assert.fail('expected the import to fail');
  }
  const gallery = fixture('genesys-gallery.json');

  test('not JSON', () =>
    assert.match(
      problem('{"id": "x",\n  "version": }'),
      /not JSON: Unexpected `}`: expected a JSON value \(line 2, column 14, at \/version\)/,
    ));
  test('not JSON: the line and column as an editor shows them (a byte order mark is no column, \r\n one line break)', () => {
    assert.match(problem('\uFEFF{"id" "x"}'), /\(line 1, column 7, at the top\)/);
    assert.match(problem('{"id": "x",\r\n  "version": }'), /\(line 2, column 14, at \/version\)/);
    assert.match(problem('{"id": "x",\r  "version": }'), /\(line 2, column 14, at \/version\)/);
  });
  test('JSON nested 100,000 levels deep, before: a stack overflow', () =>
    assert.match(
      problem(`{"synchronizationRules": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
      /^\/synchronizationRules: not JSON: A value nested deeper than 1000 levels, which no document read here is \(line 1, column 1025, at \/synchronizationRules\)$/,
    ));
  test('a key repeated in one object with different values, before: the first taken silently (JSON.parse takes the last)', () => {
    const json = gallery.replace('"flowTypes": "Add,Update,Delete",', '"flowTypes": "Add,Update,Delete",\n"flowTypes": "Update",');
    assert.match(
      problem(json),
      /^\/synchronizationRules\/0\/objectMappings\/0\/flowTypes: the key "flowTypes" appears 2 times in one object with different values/,
    );
    assert.throws(() => exportSchema(parsed(importSchema(gallery).text), json), EntraSchemaError);
  });
  test('a key repeated with the same value is a warning (Graph may refuse it), before: nothing', () => {
    const json = gallery.replace(
      '"flowTypes": "Add,Update,Delete",',
      '"flowTypes": "Add,Update,Delete",\n"flowTypes": "Add,Update,Delete",',
    );
    assert.deepEqual(
      importSchema(json)
        .warnings.filter((w) => /repeated keys/.test(w.message))
        .map((w) => w.pointer),
      ['/synchronizationRules/0/objectMappings/0/flowTypes'],
    );
  });
  test('JSON that is not a synchronization schema', () => assert.match(problem('{"value": []}'), /^\/: not a synchronization schema/));
  test('a schema whose synchronizationRules or directories is not an array names that member (before: "/", the whole document)', () => {
    assert.match(problem('{"synchronizationRules": {}, "directories": []}'), /^\/synchronizationRules: not a synchronization schema/);
    assert.match(problem('{"synchronizationRules": [], "directories": null}'), /^\/directories: not a synchronization schema/);
    assert.match(problem('{"synchronizationRules": []}'), /^\/: not a synchronization schema/, 'an absent member: the document lacks it');
  });
  test('an unknown function, with its offset', () =>
    assert.equal(
      problem(gallery.replace('"expression": "[displayName]"', '"expression": "Upper([displayName])"')),
      '/synchronizationRules/0/objectMappings/0/attributeMappings/2/source/expression (offset 0 in the expression): unknown function Upper in "Upper([displayName])"',
    ));
  // Before: "unknown function toUpper", though check takes the name (scimmap evaluates it as ToUpper) with a function-case warning.
  test('a function name in another case is imported as written, and check warns of it as in any .scimmap', () => {
    const imported = importSchema(gallery.replace('"expression": "[displayName]"', '"expression": "toUpper([displayName])"'));
    assert.match(imported.text, /displayName <- toUpper\(\[displayName\]\)/);
    assert.deepEqual(
      analyze(imported.text)
        .diagnostics.filter((d) => d.severity !== 'hint' && d.severity !== 'information')
        .map((d) => d.code),
      ['function-case'],
    );
  });
  test('an expression syntax error, with its offset', () =>
    assert.match(
      problem(gallery.replace('"expression": "[displayName]"', '"expression": "Join(\\" \\", [givenName]"')),
      /^\/synchronizationRules\/0\/objectMappings\/0\/attributeMappings\/2\/source\/expression \(offset 21 in the expression\): expression syntax error/,
    ));
  test('a quote in a bracketed attribute name, said as such at its offset (before: "Expected `]` to close ..." at offset 9)', () =>
    assert.match(
      problem(gallery.replace('"expression": "[displayName]"', `"expression": "[o'brien]"`)),
      /^\/synchronizationRules\/0\/objectMappings\/0\/attributeMappings\/2\/source\/expression \(offset 2 in the expression\): expression syntax error in "\[o'brien\]": An attribute name in brackets cannot contain a quote \('\)/,
    ));
  // Before: the whole expression was quoted, 45 KB for 5,000 nested calls, and once more per problem.
  test('a long expression is quoted by its start and its length, the offset saying where', () => {
    const nested = `${'ToLower('.repeat(5_000)}[displayName]${')'.repeat(5_000)}`;
    const message = problem(gallery.replace('"expression": "[displayName]"', `"expression": "${nested}"`));
    assert.match(
      message,
      /^\/synchronizationRules\/0\/objectMappings\/0\/attributeMappings\/2\/source\/expression \(offset \d+ in the expression\): expression syntax error in "(ToLower\(){15}…" \(45013 characters\): Expression nested too deeply/,
    );
    assert.ok(message.length < 400, `${message.length} characters`);
    const unknown = `Upper(${'[givenName], '.repeat(100)}[displayName])`;
    assert.match(
      problem(gallery.replace('"expression": "[displayName]"', `"expression": ${JSON.stringify(unknown)}`)),
      /: unknown function Upper in "Upper\(\[givenName\], [^"]{100,120}…" \(1320 characters\)$/,
    );
  });
  test('a duplicate target', () =>
    assert.match(
      problem(gallery.replace('"targetAttributeName": "title"', '"targetAttributeName": "displayName"')),
      /^\/synchronizationRules\/0\/objectMappings\/0\/attributeMappings\/4\/targetAttributeName: duplicate target "displayName": already mapped at \/synchronizationRules\/0\/objectMappings\/0\/attributeMappings\/2/,
    ));
  test('a clause with several values, at its own pointer (was the whole scope)', () =>
    assert.match(
      problem(fixture('scoping-filters.json').replace('{"values": ["(?i)intern"]}', '{"values": ["(?i)intern", "(?i)trainee"]}')),
      /^\/synchronizationRules\/0\/objectMappings\/0\/scope\/groups\/1\/clauses\/1\/targetOperand\/values: a clause of jobTitle compares with 2 values/m,
    ));
  test('a value of the wrong kind is refused, not read as 0, Always or "null" (before: imported silently)', () => {
    const mapping = '/synchronizationRules/0/objectMappings/0/attributeMappings/0';
    assert.equal(
      problem(gallery.replace('"matchingPriority": 1,', '"matchingPriority": "1",')),
      `${mapping}/matchingPriority: matchingPriority must be a whole number`,
    );
    assert.equal(problem(gallery.replace('"flowType": "Always"', '"flowType": 1')), `${mapping}/flowType: unknown flowType "1"`);
    assert.equal(
      problem(gallery.replace('"flowBehavior": "FlowWhenChanged"', '"flowBehavior": true')),
      `${mapping}/flowBehavior: unknown flowBehavior "true"`,
    );
    assert.match(
      problem(fixture('scoping-filters.json').replace('{"values": ["(?i)intern"]}', '{"values": [null]}')),
      /^\/synchronizationRules\/0\/objectMappings\/0\/scope\/groups\/1\/clauses\/1\/targetOperand\/values\/0: a scoping value must be a string$/,
    );
    const nulls = gallery
      .replace('"matchingPriority": 1,', '"matchingPriority": null,')
      .replace('"flowType": "Always"', '"flowType": null');
    assert.match(importSchema(nulls).text, /userName <- \S+\n/, 'null is the default: 0 and Always');
  });
  test("what the .scimmap could not parse back is refused (before: `title <- x`, `[] IS TRUE`, `[o'brien] EQUALS` written)", () => {
    const mapping = '/synchronizationRules/0/objectMappings/0/attributeMappings/2';
    assert.equal(
      problem(gallery.replace('"expression": "[displayName]"', '"expression": "displayName"')),
      `${mapping}/source/expression (offset 0 in the expression): expression syntax error in "displayName": a bare word is no source: [displayName] is the attribute, "displayName" the constant`,
    );
    for (const name of ["o'brien", 'a]b', 'say \\"x\\"', 'a\\u2019b'])
      assert.match(
        problem(fixture('scoping-filters.json').replace('"sourceOperandName": "jobTitle"', `"sourceOperandName": "${name}"`)),
        /^\/synchronizationRules\/0\/objectMappings\/0\/scope\/groups\/1\/clauses\/1: the scoping attribute .* cannot be written in brackets/,
      );
    for (const operand of ['""', 'null'])
      assert.match(
        problem(fixture('scoping-filters.json').replace('"sourceOperandName": "jobTitle"', `"sourceOperandName": ${operand}`)),
        /^\/synchronizationRules\/0\/objectMappings\/0\/scope\/groups\/1\/clauses\/1\/sourceOperandName: a scoping clause needs a sourceOperandName/,
      );
  });
  test('a member of the wrong JSON kind is refused at its pointer (before: read as absent or empty, and export wrote over it)', () => {
    /** The fixture with the value at `pointer` replaced by `value`. */
    const replaced = (json: string, pointer: string, value: unknown): string => {
      const document = JSON.parse(json) as Record<string, unknown>;
      const keys = pointer.split('/').slice(1);
      let node = document;
      for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
      node[keys[keys.length - 1]] = value;
      return JSON.stringify(document, null, 2);
    };
    const scoping = fixture('scoping-filters.json');
    const om = '/synchronizationRules/0/objectMappings/0';
    const clause = `${om}/scope/groups/0/clauses/0`;
    const cases: Array<[string, string, unknown, string]> = [
      [gallery, '/synchronizationRules/0/objectMappings/1', 5, 'an object mapping must be an object'],
      [gallery, `${om}/name`, 5, 'name must be a string or null'],
      [gallery, `${om}/attributeMappings`, { x: 1 }, 'attributeMappings must be an array or null'],
      // Before: 7 read as all three actions without a word, and export kept it.
      [gallery, `${om}/flowTypes`, 7, 'flowTypes must be a string such as "Add,Update,Delete", or null'],
      [gallery, `${om}/attributeMappings/0/source`, '[mail]', 'source must be an object or null'],
      [gallery, `${om}/attributeMappings/0/source/expression`, 5, 'expression must be a string'],
      [scoping, `${om}/scope`, 'x', 'scope must be an object or null'],
      [scoping, `${om}/scope/groups/0`, 5, 'a filter group must be an object'],
      [scoping, `${om}/scope/groups/0/name`, 5, 'name must be a string or null'],
      [scoping, `${om}/scope/groups/0/clauses`, {}, 'clauses must be an array or null'],
      [scoping, clause, 'x', 'a scoping clause must be an object'],
      [scoping, `${clause}/targetOperand`, 'x', 'targetOperand must be an object or null'],
      [scoping, `${clause}/targetOperand/values`, 'x', 'values must be an array or null'],
    ];
    for (const [json, pointer, value, message] of cases) assert.equal(problem(replaced(json, pointer, value)), `${pointer}: ${message}`);
    // Export onto such a base: refused, where it wrote the block's mappings over `{"x": 1}`.
    const base = replaced(gallery, `${om}/attributeMappings`, { x: 1 });
    assert.throws(() => exportSchema(parsed('users "Provision Microsoft Entra ID Users" {\n  userName <- [mail]  match 1\n}\n'), base), {
      message: `${om}/attributeMappings: attributeMappings must be an array or null`,
    });
  });
  test('enabled that is not a boolean (before: read as true, and export wrote true over it)', () =>
    assert.equal(
      problem(gallery.replace('"enabled": true', '"enabled": "false"')),
      '/synchronizationRules/0/objectMappings/0/enabled: enabled must be true or false',
    ));
  test('an object name that is not a string', () =>
    assert.equal(
      problem(gallery.replace('"sourceObjectName": "Group"', '"sourceObjectName": 1')),
      '/synchronizationRules/0/objectMappings/1/sourceObjectName: sourceObjectName must be a string: the name of an object',
    ));
  test('export refuses a base whose directories do not fit', () => {
    const base = gallery.replace('"sourceDirectoryName": "Microsoft Entra ID"', '"sourceDirectoryName": "Workday"');
    assert.throws(
      () => exportSchema(parsed('users {\n  userName <- [mail] match 1\n}\n'), base),
      /sourceDirectoryName: the rule reads from "Workday"/,
    );
  });
  test('export names a source directory the schema lacks as such (before: "not from an Entra directory ... (Azure Active Directory or Microsoft Entra ID)" for "Microsoft Entra ID")', () => {
    const base = gallery.replace('"name": "Microsoft Entra ID"', '"name": "Entra"');
    assert.throws(
      () => exportSchema(parsed('users {\n  userName <- [mail] match 1\n}\n'), base),
      /\/synchronizationRules\/0\/sourceDirectoryName: the rule reads from "Microsoft Entra ID", which is not one of the schema's directories/,
    );
  });
  test('import warns of a rule whose directory the schema lacks, which export refuses (before: said only at export)', () => {
    const json = gallery.replace('"name": "Microsoft Entra ID"', '"name": "Entra"');
    assert.deepEqual(
      importSchema(json)
        .warnings.filter((w) => /directories/.test(w.message))
        .map((w) => `${w.pointer}: ${w.message}`),
      [
        '/synchronizationRules/0/sourceDirectoryName: the rule reads from "Microsoft Entra ID", which is not one of the schema\'s directories (it has "Entra", "GenesysCloudForAzure"): export refuses this rule until the name or the directories are corrected',
      ],
    );
  });
  test('a rule that is not editable is never changed', () => {
    const json = gallery.replace('"editable": true', '"editable": false');
    const text = importSchema(json).text;
    assert.equal(exportSchema(parsed(text), json).text, json, 'unchanged: exported as it was');
    assert.throws(
      () => exportSchema(parsed(text.replace('[mail]', '[otherMails]')), json),
      /\/synchronizationRules\/0: the rule USERGROUP_OUTBOUND_USERGROUP is not editable/,
    );
  });
});
