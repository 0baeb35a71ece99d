// Reading the directory files: what is read whole, and how many objects a file may hold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDirectoryFiles, type InputFiles } from '../../../server/src/simulation/input';

test('a Graph JSON page of 300,000 users is read (before: spreading its entries into push() overflowed the stack)', () => {
  const users = Array.from({ length: 300_000 }, (_, index) => `{"id":"u${index}"}`).join(',');
  const text = `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users","value":[${users}]}`;
  const files: InputFiles = { text: () => text, head: () => text.slice(0, 4096), chunks: () => [text] };
  const input = readDirectoryFiles(['users.json'], () => assert.fail('no problem expected'), files);
  assert.equal(input.loaded.length, 300_000);
});
