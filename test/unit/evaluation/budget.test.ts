// Issue 10 §12: one budget (steps and time) for everything a preview evaluates, with a clear
// message when it runs out; and messages about a regular expression never echo a huge pattern.
// The clock is injected: no test here depends on how fast the machine is.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EvaluationBudget } from '../../../server/src/evaluation/budget';
import { compileDotNetRegex, shownPattern } from '../../../server/src/evaluation/regex';
import { previewUser } from '../../../server/src/provisioning/requests';
import { parse } from '../../../server/src/syntax/parser';

/** A users block of `count` mappings, each evaluating `expression`. */
function mappingOf(expression: string, count: number) {
  const lines = ['users {', '  userName <- [userPrincipalName]  match 1'];
  for (let i = 0; i < count; i++)
    lines.push(
      `  urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "s${i}"].value <- ${expression}`,
    );
  return parse([...lines, '}'].join('\n')).file;
}

const user = { id: 'u', attributes: { userPrincipalName: 'u@contoso.com', x: 'abc' } };

describe('the evaluation budget of a preview', () => {
  test('time: once the clock passes the deadline, the mapping being evaluated and all after it fail with one message', () => {
    let now = 0;
    const budget = new EvaluationBudget(undefined, 2_000, () => now);
    const file = mappingOf('Replace([x], , "b", , "c", , )', 40);
    // Each function call reads the clock; make the fourth mapping's call the one past the deadline.
    let calls = 0;
    const clocked = new EvaluationBudget(undefined, 2_000, () => (++calls > 4 ? 5_000 : 0));
    const preview = previewUser(file, user, { budget: clocked });
    assert.equal(preview.action, 'error');
    assert.match(preview.summary, /the preview stopped: its evaluations took longer than 2 s in all \(the budget of one preview\)/);
    assert.equal(budget.checkTime(), undefined);
    now = 2_001;
    assert.match(budget.checkTime() ?? '', /longer than 2 s/);
  });

  test('steps: the steps of every mapping count against one budget', () => {
    const file = mappingOf('Join(" ", [x], [x], [x], [x])', 40);
    assert.equal(previewUser(file, user, { budget: new EvaluationBudget(10_000) }).action, 'create');
    const starved = previewUser(file, user, { budget: new EvaluationBudget(100) });
    assert.equal(starved.action, 'error');
    assert.match(starved.summary, /took more than 100 steps in all \(the budget of one preview\)/);
  });

  test('the create and the update preview of one request share the budget it was given', () => {
    const file = mappingOf('Join(" ", [x], [x])', 10);
    const budget = new EvaluationBudget(60);
    assert.equal(previewUser(file, user, { budget }).action, 'create');
    assert.equal(previewUser(file, user, { budget, target: { id: 't', userName: 'u@contoso.com' } }).action, 'error');
  });

  test('a preview without a budget of its own gets one', () => {
    assert.equal(previewUser(mappingOf('[x]', 3), user).action, 'create');
  });
});

describe('messages about regular expressions', () => {
  test('quote a long pattern by its start and length, never whole', () => {
    assert.equal(shownPattern('a+b'), '"a+b"');
    assert.equal(shownPattern('x'.repeat(60_000)), `"${'x'.repeat(60)}…" (60000 characters)`);
    for (const pattern of [
      `${'a'.repeat(60_000)}(`,
      '(?<x>'.repeat(12_000),
      `[${'b'.repeat(60_000)}`,
      `${'(a)'.repeat(20_000)}\\k<nope>`,
    ]) {
      assert.throws(
        () => compileDotNetRegex(pattern),
        (error: Error) => error.message.length < 300,
      );
    }
  });

  test('in a preview, a pattern that fails to compile is reported briefly', () => {
    const file = mappingOf(`Replace([x], , "${'a'.repeat(60_000)}(", , "", , )`, 1);
    const preview = previewUser(file, user);
    assert.equal(preview.action, 'error');
    assert.ok(preview.summary.length < 500, preview.summary.slice(0, 200));
  });
});
