// The function catalogue's examples (shown in hover and completion docs) are what the evaluator
// computes: documentation and preview cannot disagree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import catalogue from '../../../server/src/data/functions.json';
import { lookupFunction } from '../../../server/src/evaluation/functions';
import { run } from './run';

interface Example {
  readonly expression: string;
  readonly input?: Record<string, unknown>;
  readonly output?: string | string[] | null;
  readonly now?: string;
}

const functions = (catalogue as { functions: Array<{ name: string; examples?: Example[] }> }).functions;

test('every catalogued function is evaluated, under its own name', () => {
  for (const { name } of functions) assert.equal(lookupFunction(name), name);
});

for (const { name, examples = [] } of functions) {
  for (const example of examples.filter((candidate) => candidate.output !== undefined)) {
    test(`${name}: ${example.expression} -> ${JSON.stringify(example.output)}`, () => {
      const outcome = run(example.expression, example.input ?? {}, { now: example.now ? new Date(example.now) : undefined });
      assert.equal(outcome.kind, 'value', JSON.stringify(outcome));
      assert.deepEqual(outcome.kind === 'value' && outcome.value, example.output);
    });
  }
}
