// Which mapping test files a save reruns in Test Explorer (client/src/testing/save-runs.ts): the
// setting scimmap.tests.runOnSave is each test file's, read for its own folder.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testFilesToRerun } from '../../../client/src/testing/save-runs';

// Two workspace folders: /ws/a turns run-on-save off, /ws/b leaves it on.
const runOnSave = (testFile: string) => !testFile.startsWith('file:///ws/a/');
const testA = 'file:///ws/a/tests/genesys.scimmap-test.json';
const testB = 'file:///ws/b/tests/genesys.scimmap-test.json';
const inputs = new Map([
  [testA, new Set(['/ws/a/tests/genesys.scimmap', '/ws/b/directory/users.json'])],
  [testB, new Set(['/ws/a/tests/genesys.scimmap', '/ws/b/directory/users.json'])],
]);
const saved = (path: string, isTestFile = false) => ({ id: `file://${path}`, path, isTestFile });

describe('tests rerun on save', () => {
  test("a file shared by test files of two folders reruns each folder's tests by that folder's setting (before: the saved file's folder decided for both)", () => {
    assert.deepEqual(testFilesToRerun(saved('/ws/b/directory/users.json'), inputs, runOnSave), [testB]);
    assert.deepEqual(testFilesToRerun(saved('/ws/a/tests/genesys.scimmap'), inputs, runOnSave), [testB]);
  });

  test('a saved test file reruns itself when its setting is on, once even when it reads itself', () => {
    const own = new Map([[testB, new Set(['/ws/b/tests/genesys.scimmap-test.json'])]]);
    assert.deepEqual(testFilesToRerun(saved('/ws/b/tests/genesys.scimmap-test.json', true), own, runOnSave), [testB]);
    assert.deepEqual(testFilesToRerun(saved('/ws/a/tests/genesys.scimmap-test.json', true), inputs, runOnSave), []);
  });

  test('a file no test file reads reruns nothing', () => {
    assert.deepEqual(
      testFilesToRerun(saved('/ws/b/other.json'), inputs, () => true),
      [],
    );
  });
});
