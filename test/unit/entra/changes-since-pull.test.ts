// What push lists when the schema was saved in the portal since the pull: each change named by its
// side (added, removed or changed in Entra) and what push --force does with it, which depends on what
// the .scimmap says against the schema in Entra now.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { changesSincePull, diffSchema, formatChangeSincePull, type Difference } from '../../../server/src/entra/diff';
import { importSchema } from '../../../server/src/entra/import';
import { fileModel } from '../../../server/src/entra/model';
import { parse } from '../../../server/src/syntax/parser';
import { repositoryRoot } from '../../support/repository';

const object = 'users "Provision Microsoft Entra ID Users"';
const pointer = '/synchronizationRules/0/objectMappings/0/attributeMappings';

test('--force keeps what the .scimmap agrees with, and puts back, removes or sets what it says otherwise', () => {
  // The pulled schema (as a .scimmap) against the one in Entra now.
  const sincePull: Difference[] = [
    { change: 'removed', object, item: 'manager', scimmap: '[manager]', pointer },
    { change: 'added', object, item: 'nickName', schema: '[mailNickname]', pointer: `${pointer}/9` },
    { change: 'changed', object, item: 'title', scimmap: '[jobTitle]', schema: '[department]', pointer: `${pointer}/4` },
    { change: 'added', object, item: 'locale', schema: '[preferredLanguage]', pointer: `${pointer}/10` },
    { change: 'added', object: 'groups "New in the portal"', pointer: '/synchronizationRules/0/objectMappings/2' },
  ];
  // The user's .scimmap against the one in Entra now: it still has manager and its own title, and lacks
  // nickName; it took locale over as Entra has it; it does not mention the new object mapping.
  const changes: Difference[] = [
    { change: 'removed', object, item: 'manager', scimmap: '[manager]', pointer },
    { change: 'added', object, item: 'nickName', schema: '[mailNickname]', pointer: `${pointer}/9` },
    { change: 'changed', object, item: 'title', scimmap: '[jobTitle]', schema: '[department]', pointer: `${pointer}/4` },
    { change: 'added', object: 'groups "New in the portal"', pointer: '/synchronizationRules/0/objectMappings/2' },
  ];
  const listed = changesSincePull(sincePull, changes);
  assert.deepEqual(
    listed.map((c) => [c.change, c.item ?? c.object, c.withForce]),
    [
      ['removed in Entra', 'manager', "puts the .scimmap's back"],
      ['added in Entra', 'nickName', 'removes it (the .scimmap has none)'],
      ['changed in Entra', 'title', "sets the .scimmap's"],
      ['added in Entra', 'locale', "keeps Entra's"],
      ['added in Entra', 'groups "New in the portal"', "keeps Entra's"],
    ],
  );
  assert.deepEqual(listed.map(formatChangeSincePull), [
    `- ${object} manager: [manager]   (removed in Entra since the pull, ${pointer}; --force puts the .scimmap's back)`,
    `+ ${object} nickName: [mailNickname]   (added in Entra since the pull, ${pointer}/9; --force removes it (the .scimmap has none))`,
    `~ ${object} title: pulled [jobTitle]; now [department]   (changed in Entra since the pull, ${pointer}/4; --force sets the .scimmap's)`,
    `+ ${object} locale: [preferredLanguage]   (added in Entra since the pull, ${pointer}/10; --force keeps Entra's)`,
    `+ groups "New in the portal"   (added in Entra since the pull, /synchronizationRules/0/objectMappings/2; --force keeps Entra's)`,
  ]);
});

test('a scoping clause changed in Entra since the pull is matched clause by clause, not as the whole scope', () => {
  const pulled = readFileSync(join(repositoryRoot(__dirname), 'test', 'fixtures', 'entra', 'scoping-filters.json'), 'utf8');
  const current = pulled.replace('(?i)intern', '(?i)trainee');
  const pulledText = importSchema(pulled).text;
  const blocks = (text: string) => fileModel(parse(text).file);
  const sincePull = diffSchema(blocks(pulledText), current);
  const list = (mine: string) => changesSincePull(sincePull, diffSchema(blocks(mine), current)).map((c) => [c.item, c.withForce]);
  const clause = 'scope "Staff" (group 2) clause 2';
  // The .scimmap edits another clause only: it still says "(?i)intern", which --force puts back.
  assert.deepEqual(list(pulledText.replace('[mail] IS NOT NULL', '[mail] IS NULL')), [[clause, "sets the .scimmap's"]]);
  // The .scimmap took Entra's clause over and edited another: Entra's is kept.
  assert.deepEqual(list(pulledText.replace('(?i)intern', '(?i)trainee').replace('[mail] IS NOT NULL', '[mail] IS NULL')), [
    [clause, "keeps Entra's"],
  ]);
});
