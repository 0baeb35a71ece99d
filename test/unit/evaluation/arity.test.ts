// Argument counts and required arguments have one source, the function catalogue
// (data/functions.json): the evaluator refuses exactly the calls validation reports, so the preview
// never computes a value for a call Entra would reject (Replace with fewer than its seven slots),
// nor refuses one Entra accepts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arityOf, functionCatalogue } from '../../../server/src/schema/functions';
import { analyze } from '../../../server/src/validation/analyze';
import { run } from './run';

/** The argument-count and missing-argument problems validation reports for `expression` as a mapping's value. */
function validationSays(expression: string): string[] {
  const text = `users {\n  userName <- [userPrincipalName] match 1\n  title <- ${expression}\n}\n`;
  return analyze(text)
    .diagnostics.filter((diagnostic) => diagnostic.code === 'argument-count' || diagnostic.code === 'missing-argument')
    .map((diagnostic) => diagnostic.code);
}

/** Whether evaluating `expression` fails on its arguments' count or an empty required one. */
function evaluatorRefuses(expression: string): boolean {
  const outcome = run(expression, { userPrincipalName: 'a@example.com' });
  return outcome.kind === 'error' && /takes .*, not \d+$|argument \d+ is required$/.test(outcome.message);
}

/** Calls of `name` with `count` slots, each filled with "1" except the empty ones. */
function call(name: string, count: number, empty = -1): string {
  return `${name}(${Array.from({ length: count }, (_, index) => (index === empty ? '' : '"1"')).join(', ')})`;
}

for (const fn of functionCatalogue.functions) {
  test(`${fn.name}: the evaluator refuses exactly the argument counts and empty slots validation reports`, () => {
    const most = Math.max(...fn.signatures.map((signature) => arityOf(signature).max ?? arityOf(signature).min + 3));
    for (let count = 0; count <= most + 1; count++) {
      const whole = call(fn.name, count);
      assert.equal(evaluatorRefuses(whole), validationSays(whole).includes('argument-count'), whole);
      for (let empty = 0; empty < count; empty++) {
        const gap = call(fn.name, count, empty);
        assert.equal(evaluatorRefuses(gap), validationSays(gap).length > 0, gap);
      }
    }
  });
}
