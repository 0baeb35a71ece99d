// Evaluation is bounded: huge inputs, runaway regexes and deep nesting end in an error outcome.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Expression } from '../../../server/src/syntax/ast';
import { evaluateExpression } from '../../../server/src/evaluation/evaluate';
import type { EvalOptions } from '../../../server/src/evaluation/types';
import { errorOf, run, valueOf } from './run';

describe('bounds', () => {
  test('a source value longer than the string limit is an error', () => {
    assert.match(
      errorOf('[x]', { x: 'a'.repeat(50) }, { limits: { maxStringLength: 10 } }),
      /\[x\] is 50 characters long, over the limit of 10/,
    );
  });

  test('Replace refuses a result over the limit before building it', () => {
    const source = { x: 'a'.repeat(1000) };
    assert.match(errorOf('Replace([x], "a", , , [x], , )', source, { limits: { maxStringLength: 5000 } }), /over the limit of 5000/);
    assert.match(errorOf('Replace([x], , "a", , "$&$&$&$&$&$&", , )', source, { limits: { maxStringLength: 5000 } }), /longer than 5000/);
  });

  test('Join and Append stop at the limit', () => {
    const source = { x: 'a'.repeat(600) };
    assert.match(errorOf('Join(",", [x], [x])', source, { limits: { maxStringLength: 1000 } }), /longer than 1000/);
    assert.match(errorOf('Append([x], [x])', source, { limits: { maxStringLength: 1000 } }), /result of Append is 1200 characters/);
  });

  test('the step budget stops a large evaluation', () => {
    const text = `Join(",", ${Array.from({ length: 50 }, () => 'ToLower("A")').join(', ')})`;
    assert.equal(valueOf(text), Array(50).fill('a').join(','));
    assert.match(errorOf(text, {}, { limits: { maxSteps: 40 } }), /budget of 40 steps/);
  });

  test('long strings count against the step budget, so repeated work on them stops', () => {
    const source = { x: 'a'.repeat(64 * 1024) };
    assert.equal((valueOf('ToUpper(ToLower([x]))', source) as string).length, 64 * 1024);
    assert.match(errorOf('ToUpper(ToLower([x]))', source, { limits: { maxSteps: 100 } }), /budget of 100 steps/);
  });

  test('a regex input over maxRegexInputLength is refused', () => {
    assert.match(
      errorOf('Replace([x], , "a", , "b", , )', { x: 'a'.repeat(200) }, { limits: { maxRegexInputLength: 100 } }),
      /scimmap cannot evaluate the regular expression "a" on this input: it is 200 characters, over scimmap's limit of 100/,
    );
  });

  // Entra evaluates what only scimmap's translation or guards refuse: the preview must not call those "Entra fails this user".
  const limits: Array<[string, string, Record<string, unknown>, EvalOptions?]> = [
    ['an atomic group', 'Replace([x], , "(?>a)", , "", , )', { x: 'a' }],
    ['a numbered named group', 'Replace([x], , "(?<2>a)", , "x", , )', { x: 'a' }],
    ['the backtracking guard', 'Replace([x], , "a.*a.*a.*c", , "", , )', { x: 'a'.repeat(3000) }],
    ['the regex input cap', 'Replace([x], , "a", , "b", , )', { x: 'a'.repeat(200) }, { limits: { maxRegexInputLength: 100 } }],
    ['the string cap', '[x]', { x: 'a'.repeat(50) }, { limits: { maxStringLength: 10 } }],
    ['the step budget', 'Join(",", [x], [x], [x])', { x: 'a' }, { limits: { maxSteps: 2 } }],
  ];
  for (const [name, text, source, options] of limits) {
    test(`${name} is scimmap's limit, marked so on the error outcome`, () => {
      const outcome = run(text, source, options);
      assert.equal(outcome.kind === 'error' && outcome.limit, true, JSON.stringify(outcome));
    });
  }

  const entraFailures: Array<[string, string, Record<string, unknown>]> = [
    ['Item out of range', 'Item([x], 5)', { x: ['a'] }],
    ['an invalid .NET pattern', 'Replace([x], , "(a", , "", , )', { x: 'a' }],
  ];
  for (const [name, text, source] of entraFailures) {
    test(`${name} is Entra's failure, not marked as scimmap's limit`, () => {
      const outcome = run(text, source);
      assert.equal(outcome.kind, 'error');
      assert.equal(outcome.kind === 'error' && outcome.limit, undefined);
    });
  }

  test('a pattern whose worst case is too slow for the input length is refused, not run', () => {
    const text = 'Replace([x], , "\\\\d*\\\\d*\\\\d*\\\\d*x", , "", , )';
    assert.equal(valueOf(text, { x: '12x' }), '');
    assert.match(errorOf(text, { x: '1'.repeat(5000) }), /could hang the evaluation/);
  });

  test('a chain of groups whose alternatives match the same text counts in the worst case', () => {
    // Each (a|a) doubles the paths: 2^30 on 30 a's and a "b" ran for minutes.
    const chain = `Replace([x], , "^${'(a|a)'.repeat(30)}$", , "", , )`;
    assert.match(
      errorOf(chain, { x: `${'a'.repeat(30)}b` }),
      /30 groups of alternatives that can match the same text, and on an input of 31 characters/,
    );
    assert.equal(valueOf(`Replace([x], , "^${'(a|a)'.repeat(3)}$", , "", , )`, { x: 'aaa' }), '');
    assert.equal(valueOf('Replace([x], , "^(Mr|Mrs|Ms|Dr)\\.? (\\w+)$", , "$2", , )', { x: `Mrs ${'x'.repeat(200)}` }), 'x'.repeat(200));
  });

  test('catastrophic patterns are refused whatever the input', () => {
    assert.match(errorOf('Replace([x], , "^(\\\\w+\\\\s?)*$", , "", , )', { x: 'short' }), /backtrack catastrophically/);
    // Case-insensitive alternatives that match the same letter: 30 a's and a "!" took over 120 s.
    assert.match(errorOf('Replace([x], , "(?i)(a|A)*$", , "", , )', { x: `${'a'.repeat(30)}!` }), /backtrack catastrophically/);
  });

  test('deep nesting is an error, not a stack overflow', () => {
    let expression: Expression = { kind: 'string', value: 'x', quote: '"', span: { start: 0, end: 3 } };
    for (let i = 0; i < 5000; i++) {
      expression = {
        kind: 'call',
        name: { text: 'ToLower', span: { start: 0, end: 7 } },
        args: [expression],
        argSpans: [{ start: 8, end: 9 }],
        span: { start: 0, end: 10 },
      };
    }
    const outcome = evaluateExpression(expression, {});
    assert.equal(outcome.kind, 'error');
    assert.match(outcome.kind === 'error' ? outcome.message : '', /nested more than/);
  });

  test('a limit that is not a positive number falls back to the default instead of disabling it', () => {
    const text = `Join(",", ${Array.from({ length: 50 }, () => 'ToLower("A")').join(', ')})`;
    assert.match(errorOf(text, {}, { limits: { maxSteps: Number.NaN, maxStringLength: 5 } }), /longer than 5 characters/);
    assert.match(errorOf('[x]', { x: 'a'.repeat(100_001) }, { limits: { maxStringLength: -1 } }), /over the limit of 100000/);
  });

  test('a syntax error node evaluates to an error outcome', () => {
    const outcome = evaluateExpression({ kind: 'error', span: { start: 0, end: 1 } }, {});
    assert.equal(outcome.kind, 'error');
  });
});
