import assert from 'node:assert/strict';
import { test } from 'node:test';
import { marked } from './markers';

test('a cursor marker is removed and its offset kept', () => {
  const source = marked('userName <- [<|>');
  assert.equal(source.text, 'userName <- [');
  assert.equal(source.offset, 13);
});

test('several markers give offsets in the clean text', () => {
  const source = marked('<|>a<|>bc<|>');
  assert.equal(source.text, 'abc');
  assert.deepEqual(source.offsets, [0, 1, 3]);
  assert.throws(() => source.offset, /exactly one/);
});
