// The Import/Export/Compare Entra Schema commands' problems say where in the schema they are, as
// the CLI's do: the JSON pointer and the line and column an editor shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSchema } from '../../../server/src/entra/import';
import { problemsOf } from '../../../server/src/lsp/entra-schema';
import { repositoryRoot } from '../../support/repository';

const gallery = readFileSync(join(repositoryRoot(__dirname), 'test', 'fixtures', 'entra', 'genesys-gallery.json'), 'utf8');

test('a refused schema names the line and column of each problem (before: the JSON pointer only)', () => {
  const schema = gallery.replace('"flowType": "Always"', '"flowType": "Sometimes"');
  let problems: string[] = [];
  try {
    importSchema(schema);
  } catch (error) {
    problems = problemsOf(error, schema);
  }
  assert.deepEqual(problems, [
    '/synchronizationRules/0/objectMappings/0/attributeMappings/0/flowType: unknown flowType "Sometimes" (line 41, column 27)',
  ]);
});
