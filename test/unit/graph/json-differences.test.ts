// jsonDifferences pairs the elements of an array by an identity member where one is given (push's
// read-back: mappings by targetAttributeName, definitions by name), by position otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeJsonDifference, jsonDifferences } from '../../../shared/src/json-differences';

const byTarget = new Map([['attributeMappings', 'targetAttributeName']]);
const mapping = (targetAttributeName: string, expression: string) => ({ targetAttributeName, source: { expression } });

test('an element removed, one added and one changed behind them: three differences, each at its own pointer', () => {
  const sent = { attributeMappings: [mapping('userName', '[a]'), mapping('title', '[b]'), mapping('active', '[c]')] };
  const kept = { attributeMappings: [mapping('nickName', '[n]'), mapping('title', '[b]'), mapping('active', '[C]')] };
  assert.deepEqual(jsonDifferences(sent, kept, byTarget), [
    { pointer: '/attributeMappings/0', sent: mapping('userName', '[a]') },
    { pointer: '/attributeMappings/2/source/expression', sent: '[c]', kept: '[C]' },
    { pointer: '/attributeMappings/0', kept: mapping('nickName', '[n]') },
  ]);
});

test('paired elements in another order: one difference naming both orders', () => {
  const sent = { attributeMappings: [mapping('userName', '[a]'), mapping('title', '[b]')] };
  const kept = { attributeMappings: [mapping('title', '[b]'), mapping('userName', '[a]')] };
  const differences = jsonDifferences(sent, kept, byTarget);
  assert.deepEqual(differences, [
    { pointer: '/attributeMappings', sent: ['userName', 'title'], kept: ['title', 'userName'], reordered: true },
  ]);
  assert.equal(describeJsonDifference(differences[0]), '/attributeMappings: reordered ["userName","title"] -> ["title","userName"]');
});

test('without an identity, or with one two elements share, elements are paired by position', () => {
  const sent = { attributeMappings: [mapping('title', '[a]'), mapping('title', '[b]')] };
  const kept = { attributeMappings: [mapping('title', '[b]')] };
  const positional = [
    { pointer: '/attributeMappings/0/source/expression', sent: '[a]', kept: '[b]' },
    { pointer: '/attributeMappings/1', sent: mapping('title', '[b]') },
  ];
  assert.deepEqual(jsonDifferences(sent, kept, byTarget), positional);
  assert.deepEqual(jsonDifferences(sent, kept), positional);
});
