// Every name an app's target directory declares (audit 10 F3, F5, F9): import writes a .scimmap that
// check passes and export gives back byte for byte, because the target-schema file beside it reads
// each name as the .scimmap does (one reader: readTargetName).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { capture, tempFiles } from '../cli/cli-io';

const CONTOSO = 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User';

/** A customappsso schema whose directory declares `names` and whose user mapping maps each of them. */
function schemaMapping(names: readonly string[]): string {
  const attribute = (name: string, type = 'String') => ({ name, type, multivalued: false, mutability: 'ReadWrite', required: false });
  const direct = (target: string, source: string) => ({
    defaultValue: null,
    flowType: 'Always',
    matchingPriority: 0,
    source: { expression: `[${source}]`, name: source, parameters: [], type: 'Attribute' },
    targetAttributeName: target,
  });
  const schema = {
    directories: [
      { id: 'AAD', name: 'Azure Active Directory', objects: [{ name: 'User', attributes: [attribute('mail')] }] },
      { id: 'tgt', name: 'customappsso', objects: [{ name: 'User', attributes: ['userName', ...names].map((n) => attribute(n)) }] },
    ],
    synchronizationRules: [
      {
        editable: true,
        id: 'r1',
        name: 'USER_OUTBOUND_USER',
        sourceDirectoryName: 'Azure Active Directory',
        targetDirectoryName: 'customappsso',
        objectMappings: [
          {
            enabled: true,
            flowTypes: 'Add, Update, Delete',
            name: 'Provision users',
            sourceObjectName: 'User',
            targetObjectName: 'User',
            attributeMappings: [{ ...direct('userName', 'mail'), matchingPriority: 1 }, ...names.map((n) => direct(n, 'mail'))],
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

const file = tempFiles('scimmap-directory-names-');

/** import -o, check, export --base: each exit code, the pair import wrote and what export gave back. */
async function roundTrip(names: readonly string[], stem: string) {
  const json = schemaMapping(names);
  const base = file(`${stem}.json`, json);
  const scimmap = join(dirname(base), `${stem}.scimmap`);
  const io = capture();
  const imported = await main(['import', base, '-o', scimmap], io);
  const check = capture();
  const checked = await main(['check', scimmap], check);
  const out = join(dirname(base), `${stem}-out.json`);
  const exported = await main(['export', scimmap, '--base', base, '-o', out], capture());
  return {
    imported,
    checked,
    problems: [...io.stderr, ...check.stdout].join('\n'),
    exported,
    json,
    out: exported === 0 ? readFileSync(out, 'utf8') : '',
    targetSchema: JSON.parse(readFileSync(join(dirname(base), `${stem}.target.json`), 'utf8')),
  };
}

test('names with `and` filters, hyphenated filter keys, odd URNs and a double space pass check and round-trip (before: 4+ errors, export refused)', async () => {
  const result = await roundTrip(
    [
      'emails[type eq "other" and primary eq "True"].value',
      'phones[type eq "work" and primary eq "True"].value',
      'e-mails[sub-type eq "x"].valeur',
      'emails[type eq  "work"].value',
      'urn:ietf:params:scim:schemas:extension:Société:2.0:User:dept',
      'urn:acme~corp:2.0:User:x',
      'urn:acme+corp:2.0:User:y',
      'urn:ietf:params:scim:schemas:extension:Contoso Corp:2.0:User:z',
      `${CONTOSO}:ünï`,
      `${CONTOSO.toUpperCase()}:UP`,
    ],
    'f3',
  );
  assert.equal(result.imported, 0, result.problems);
  assert.equal(result.checked, 0, result.problems);
  assert.doesNotMatch(result.problems, / error /);
  assert.equal(result.exported, 0);
  assert.equal(result.out, result.json);
});

test('the target-schema file reads a filter value as the .scimmap does: `\\"` is a quote, single quotes are a string (before: `wo\\`, `home` dropped)', async () => {
  const result = await roundTrip(['emails[type eq "wo\\"rk"].value', "emails[type eq 'home'].value"], 'f5');
  assert.equal(result.checked, 0, result.problems);
  const emails = result.targetSchema.resources[0].schemas[0].attributes.find((a: { name: string }) => a.name === 'emails');
  const type = emails.subAttributes.find((s: { name: string }) => s.name === 'type');
  assert.deepEqual(type.suggestedValues, ['wo"rk', 'home']);
});

test('a URN ending in `:` or `.` is one attribute of that name, not a bogus `urn:...:Contoso:2` (before: did-you-mean `urn:...:Contoso:"2"`)', async () => {
  const result = await roundTrip([`${CONTOSO}:`, `${CONTOSO}:w.`], 'trailing');
  assert.equal(result.checked, 0, result.problems);
  assert.equal(result.out, result.json);
  const names = result.targetSchema.resources[0].schemas.flatMap((s: { attributes: { name: string }[] }) =>
    s.attributes.map((a) => a.name),
  );
  assert.deepEqual(names, ['userName', `${CONTOSO}:`, `${CONTOSO}:w.`]);
});

test('a sub-attribute the directory declares both filtered and not needs no filter (before: missing-value-filter for `Région.ville`)', async () => {
  const result = await roundTrip([`${CONTOSO}:Région[type eq "x"].valeur`, `${CONTOSO}:Région.ville`], 'unfiltered');
  assert.equal(result.checked, 0, result.problems);
  assert.equal(result.out, result.json);
});
