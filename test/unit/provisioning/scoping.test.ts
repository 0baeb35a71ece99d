import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/syntax/parser';
import { evaluateScope } from '../../../server/src/provisioning/scoping';
import { previewGroup, previewUser } from '../../../server/src/provisioning/requests';
import { defaultCycleSettings, Simulation } from '../../../server/src/simulation/simulate';

function usersBlock(scopes: string) {
  const { file, diagnostics } = parse(`users {\n  userName <- [userPrincipalName] match 1\n${scopes}\n}`);
  assert.deepEqual(diagnostics, []);
  return file.blocks[0];
}

describe('scoping filters', () => {
  test('a block without filters takes every assigned user', () => {
    const verdict = evaluateScope(usersBlock(''), {});
    assert.equal(verdict.inScope, true);
    assert.match(verdict.summary, /no scoping filter/);
  });

  test('clauses inside a filter are ANDed; the failing clause is named', () => {
    const block = usersBlock('scope "Sales only" {\n [department] EQUALS "Sales"\n [accountEnabled] IS TRUE\n}');
    assert.equal(evaluateScope(block, { department: 'Sales', accountEnabled: true }).inScope, true);
    const out = evaluateScope(block, { department: 'Sales', accountEnabled: false });
    assert.equal(out.inScope, false);
    assert.equal(out.decidedBy?.clause?.clause.attribute.name, 'accountEnabled');
    assert.match(out.summary, /Out of scope: filter "Sales only" did not match: \[accountEnabled\] IS TRUE is false/);
  });

  test('several filters are ORed and the matching filter decides', () => {
    const block = usersBlock('scope "Sales" { [department] EQUALS "Sales" }\nscope "Support" { [department] EQUALS "Support" }');
    const verdict = evaluateScope(block, { department: 'Support' });
    assert.equal(verdict.inScope, true);
    assert.equal(verdict.decidedBy?.filter.title, 'Support');
    assert.equal(evaluateScope(block, { department: 'Legal' }).inScope, false);
  });

  test('EQUALS is case-sensitive', () => {
    const block = usersBlock('scope "s" { [department] EQUALS "Sales" }');
    assert.equal(evaluateScope(block, { department: 'sales' }).inScope, false);
  });

  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['[department] NOT EQUALS "Sales"', {}, false],
    ['[department] NOT EQUALS "Sales"', { department: '' }, false],
    ['[department] NOT EQUALS "Sales"', { department: 'HR' }, true],
    ['[mail] IS NULL', {}, true],
    ['[mail] IS NULL', { mail: '' }, true],
    ['[mail] IS NULL', { mail: 'a@b.c' }, false],
    ['[mail] IS NOT NULL', { mail: 'a@b.c' }, true],
    ['[mail] IS NOT NULL', { mail: '' }, false],
    ['[accountEnabled] IS FALSE', { accountEnabled: false }, true],
    ['[accountEnabled] IS FALSE', {}, false],
    ['[accountEnabled] IS TRUE', { accountEnabled: 'True' }, true],
    ['[userPrincipalName] ENDS_WITH "@contoso.com"', { userPrincipalName: 'a@contoso.com' }, true],
    ['[jobTitle] Includes "Agent"', { jobTitle: 'Senior Agent' }, true],
    ['[jobTitle] Includes "Agent"', { jobTitle: 'senior agent' }, false],
    ['[extensionAttribute1] Greater_Than "100"', { extensionAttribute1: '101' }, true],
    ['[extensionAttribute1] Greater_Than "100"', { extensionAttribute1: 100 }, false],
    ['[extensionAttribute1] Greater_Than_OR_EQUALS "100"', { extensionAttribute1: 100 }, true],
    ['[extensionAttribute1] Greater_Than "100"', { extensionAttribute1: 'abc' }, false],
    ['[userPrincipalName] REGEX MATCH ".*@contoso\\\\.com"', { userPrincipalName: 'x@contoso.com' }, true],
    ['[userPrincipalName] REGEX MATCH ".*@contoso\\\\.com"', { userPrincipalName: 'x@contosoXcom' }, false],
    ['[employeeId] REGEX MATCH "(1[0-9][0-9])"', { employeeId: 'E150' }, true],
    ['[userPrincipalName] NOT REGEX MATCH "^admin"', { userPrincipalName: 'admin@x' }, false],
    ['[userPrincipalName] NOT REGEX MATCH "^admin"', { userPrincipalName: 'bob@x' }, true],
    ['[userPrincipalName] NOT REGEX MATCH "^admin"', {}, false],
    ['[extensionAttribute1] & "4"', { extensionAttribute1: '6' }, true],
    ['[extensionAttribute1] & "4"', { extensionAttribute1: '3' }, false],
    ['[extensionAttribute1] !& "4"', { extensionAttribute1: '3' }, true],
    ['[proxyAddresses] EQUALS "smtp:a@b.c"', { proxyAddresses: ['smtp:a@b.c'] }, false],
  ];
  for (const [clause, source, expected] of cases) {
    test(`${clause} with ${JSON.stringify(source)} is ${expected}`, () => {
      assert.equal(evaluateScope(usersBlock(`scope "t" { ${clause} }`), source).inScope, expected);
    });
  }

  // Microsoft documents letter case for EQUALS and Includes, not for ENDS_WITH: a verdict that case alone decides says so.
  test('ENDS_WITH compares letter case, and a verdict only letter case decides says it is our reading', () => {
    const block = usersBlock('scope "t" { [department] ENDS_WITH "LES" }');
    const verdict = evaluateScope(block, { department: 'Sales' });
    assert.equal(verdict.inScope, false);
    assert.match(
      verdict.summary,
      /\[department\] is "Sales"; ENDS_WITH compares letter case here, as EQUALS and Includes do: Microsoft does not say/,
    );
    assert.equal(evaluateScope(block, { department: 'SALES' }).filters[0].clauses[0].reason, '[department] is "SALES"');
    assert.equal(evaluateScope(block, { department: 'Legal' }).filters[0].clauses[0].reason, '[department] is "Legal"');
  });

  test('a multi-valued attribute says why it cannot be filtered', () => {
    const verdict = evaluateScope(usersBlock('scope "t" { [proxyAddresses] EQUALS "x" }'), { proxyAddresses: ['x'] });
    assert.match(verdict.filters[0].clauses[0].reason, /multi-valued/);
  });

  // A valid .NET pattern scimmap cannot run is no verdict (check's unevaluable-regex promises previews stop there):
  // false would make the preview disable a user Entra keeps.
  test('an untranslatable regular expression leaves the scope undecided, with the reason', () => {
    const verdict = evaluateScope(usersBlock('scope "Staff" { [employeeId] REGEX MATCH "^(?>7)\\d+$" }'), { employeeId: '7001' });
    assert.equal(verdict.inScope, false);
    assert.equal(verdict.undecided?.filter.title, 'Staff');
    assert.equal(verdict.filters[0].clauses[0].unevaluable, true);
    assert.match(verdict.summary, /^Scope unknown: scimmap cannot tell whether the user is in scope\. Filter "Staff", /);
    assert.match(verdict.summary, /scimmap cannot evaluate the regular expression "\^\(\?>7\)\\d\+\$": atomic groups/);
  });

  test('the backtracking guard leaves the scope undecided too; NOT REGEX MATCH as well', () => {
    const long = `${'a'.repeat(3000)}b`;
    const verdict = evaluateScope(usersBlock('scope "t" { [jobTitle] NOT REGEX MATCH "a.*a.*a.*c" }'), { jobTitle: long });
    assert.ok(verdict.undecided, verdict.summary);
    assert.match(verdict.summary, /scimmap cannot evaluate the regular expression "a\.\*a\.\*a\.\*c" on this input/);
  });

  test('a case-insensitive alternation that backtracks catastrophically leaves the scope undecided, not hanging', () => {
    const verdict = evaluateScope(usersBlock('scope "t" { [jobTitle] REGEX MATCH "(?i)(a|A)*$" }'), { jobTitle: `${'a'.repeat(40)}!` });
    assert.ok(verdict.undecided, verdict.summary);
    assert.match(verdict.summary, /backtrack catastrophically/);
  });

  // Each case with a pattern scimmap cannot run and with one that is not valid .NET (check's invalid-regex): neither is a verdict.
  const threeValued: Array<[string, string, Record<string, unknown>, 'in' | 'out' | 'unknown']> = [
    // A false clause beside it decides its filter: out of scope, whatever the pattern would say.
    [
      'another clause of the filter is false',
      'scope "A" { [employeeId] REGEX MATCH "PATTERN"\n [department] EQUALS "Sales" }',
      { employeeId: '7', department: 'HR' },
      'out',
    ],
    [
      'the other clauses are true',
      'scope "A" { [employeeId] REGEX MATCH "PATTERN"\n [department] EQUALS "Sales" }',
      { employeeId: '7', department: 'Sales' },
      'unknown',
    ],
    // Filters are ORed: another filter that matches decides.
    [
      'another filter matches',
      'scope "A" { [employeeId] REGEX MATCH "PATTERN" }\nscope "B" { [department] EQUALS "Sales" }',
      { employeeId: '7', department: 'Sales' },
      'in',
    ],
    [
      'no other filter matches',
      'scope "A" { [department] EQUALS "HR" }\nscope "B" { [employeeId] REGEX MATCH "PATTERN" }',
      { employeeId: '7', department: 'Sales' },
      'unknown',
    ],
    // A null value makes the clause false before the pattern is read, as Entra does.
    ['the value is null', 'scope "A" { [employeeId] REGEX MATCH "PATTERN" }', {}, 'out'],
    ['NOT REGEX MATCH', 'scope "A" { [employeeId] NOT REGEX MATCH "PATTERN" }', { employeeId: '7' }, 'unknown'],
  ];
  for (const [kind, pattern] of [
    ['an unevaluable clause', '(?>7)'],
    ['an invalid pattern', 'a{2,1}'],
  ])
    for (const [name, scopes, source, expected] of threeValued) {
      test(`${kind}: ${name} -> ${expected}`, () => {
        const verdict = evaluateScope(usersBlock(scopes.replace('PATTERN', pattern)), source);
        assert.equal(verdict.undecided ? 'unknown' : verdict.inScope ? 'in' : 'out', expected, verdict.summary);
      });
    }
});

// check's invalid-regex: Entra cannot run such a pattern either, so calling the clause false showed a skip or a disable nobody sends.
describe('a scoping pattern that is not valid .NET leaves the scope unknown, and says the pattern is invalid', () => {
  const invalidScope =
    /^Scope unknown: filter "Staff numbers" has an invalid regular expression, which Entra cannot evaluate either \(\[employeeId\] REGEX MATCH "\(unclosed": invalid regular expression "\(unclosed": a group is not closed: missing "\)"\)\. Fix the pattern/;
  const mapping =
    'users {\n  userName <- [userPrincipalName] match 1\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager <- [manager]\n  scope "Sales" { [department] EQUALS "Sales" }\n  scope "Staff numbers" { [employeeId] REGEX MATCH "(unclosed" }\n}';
  const user = { id: 'u', attributes: { userPrincipalName: 'p@contoso.com', employeeId: '7001', department: 'HR' } };
  const current = { id: 't9', userName: 'p@contoso.com', active: true };

  test('the verdict: no verdict for the clause, scope unknown, the summary naming the invalid pattern (not a limit of scimmap)', () => {
    const verdict = evaluateScope(parse(mapping).file.blocks[0], user.attributes);
    assert.equal(verdict.inScope, false);
    assert.equal(verdict.undecided?.filter.title, 'Staff numbers');
    assert.equal(verdict.filters[1].clauses[0].invalid, true);
    assert.match(verdict.summary, invalidScope);
    assert.doesNotMatch(verdict.summary, /scimmap cannot/);
  });

  test('beside a pattern scimmap cannot run, the invalid one is named: it is the one to fix', () => {
    const verdict = evaluateScope(usersBlock('scope "A" { [employeeId] REGEX MATCH "(?>7)"\n [department] REGEX MATCH "a{2,1}" }'), {
      employeeId: '7',
      department: 'a',
    });
    assert.equal(verdict.undecided?.clause.clause.attribute.name, 'department');
    assert.match(
      verdict.summary,
      /^Scope unknown: filter "A" has an invalid regular expression.*the quantifier \{2,1\} has its range backwards/,
    );
    const across = evaluateScope(
      usersBlock('scope "A" { [employeeId] REGEX MATCH "(?>7)" }\nscope "B" { [department] REGEX MATCH "a{2,1}" }'),
      {
        employeeId: '7',
        department: 'a',
      },
    );
    assert.equal(across.undecided?.filter.title, 'B');
  });

  test('a provisioned user: no disable PATCH; a new one: no skip; both an error saying the pattern is invalid', () => {
    for (const target of [current, undefined]) {
      const preview = previewUser(parse(mapping).file, user, { target });
      assert.equal(preview.action, 'error', preview.summary);
      assert.deepEqual(preview.requests, []);
      assert.match(preview.summary, invalidScope);
    }
  });

  test('a group block stops the same way', () => {
    const file = parse('groups {\n  displayName <- [displayName] match 1\n  scope "G" { [description] REGEX MATCH "a{2,1}" }\n}').file;
    const preview = previewGroup(file, { id: 'g', attributes: { displayName: 'Sales', description: 'x' }, members: [] });
    assert.equal(preview.action, 'error');
    assert.deepEqual(preview.requests, []);
    assert.match(preview.summary, /^Scope unknown: filter "G" has an invalid regular expression, which Entra cannot evaluate either/);
  });

  test('a manager or a member whose scope is unknown is left out with a note naming the invalid pattern', () => {
    const boss = { id: 'boss', attributes: { userPrincipalName: 'b@contoso.com', employeeId: '1', department: 'HR' } };
    const emp = { id: 'emp', attributes: { userPrincipalName: 'e@contoso.com', department: 'Sales', manager: { ref: 'boss' } } };
    const samples = { users: [boss, emp], groups: [] };
    const employee = previewUser(parse(mapping).file, emp, { samples });
    assert.equal(employee.action, 'create');
    assert.equal(JSON.stringify(employee.requests).includes('«id of boss'), false);
    assert.ok(
      employee.notes.some((note) =>
        /^The manager "boss" has no scope verdict: filter "Staff numbers" has an invalid regular expression, which Entra cannot evaluate either .*so the preview leaves the manager reference out; fix the pattern\.$/.test(
          note.message,
        ),
      ),
      JSON.stringify(employee.notes),
    );
    const file = parse(`${mapping}\ngroups {\n  displayName <- [displayName] match 1\n  members <- [members]\n}`).file;
    const group = previewGroup(file, { id: 'g', attributes: { displayName: 'Staff' }, members: ['boss', 'emp'] }, { samples });
    assert.ok(
      group.notes.some((note) =>
        /^Member "boss" has no scope verdict: the users block's filter "Staff numbers" has an invalid regular expression, which Entra cannot evaluate either .*so the preview leaves it out; fix the pattern\.$/.test(
          note.message,
        ),
      ),
      JSON.stringify(group.notes),
    );
  });

  test('simulate records a failure, not a skip: its reason and scoping step say the pattern is invalid', () => {
    const cycle = new Simulation(parse(mapping).file, { settings: defaultCycleSettings, assignmentKnown: false });
    const record = cycle.simulate({ kind: 'user', sample: { ...user, target: current }, where: 'u' });
    assert.equal(record.provisioningStatusInfo.status, 'failure');
    assert.match(record.simulation.summary, invalidScope);
    assert.deepEqual(record.simulation.requests, []);
    const scoping = record.provisioningSteps.find((step) => step.provisioningStepType === 'scoping')!;
    assert.equal(scoping.status, 'failure');
    assert.match(scoping.details.ScopeEvaluationResult, /^Staff numbers: invalid regular expression "\(unclosed"/);
    const fresh = cycle.simulate({
      kind: 'user',
      sample: { ...user, id: 'v', attributes: { ...user.attributes, userPrincipalName: 'v@contoso.com' } },
      where: 'v',
    });
    assert.equal(fresh.provisioningStatusInfo.status, 'failure');
    const summary = cycle.summary();
    assert.deepEqual([summary.byAction.failure, summary.byAction.skip, summary.byAction.disable], [2, 0, 0]);
  });
});

describe('a scope scimmap cannot decide stops the preview and the simulation (audit 10 F1)', () => {
  const mapping =
    'users {\n  userName <- [userPrincipalName] match 1\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n  scope "Staff numbers" { [employeeId] REGEX MATCH "^(?>7)\\d+$" }\n}';
  const user = { id: 'u', attributes: { userPrincipalName: 'p@contoso.com', employeeId: '7001' } };
  const current = { id: 't9', userName: 'p@contoso.com', active: true };

  test('with the target state: no disable PATCH, an error saying scimmap cannot evaluate the pattern', () => {
    const preview = previewUser(parse(mapping).file, user, { target: current });
    assert.equal(preview.action, 'error');
    assert.deepEqual(preview.requests, []);
    assert.match(preview.summary, /scimmap cannot evaluate the regular expression/);
  });

  test('without it: no skip, the same error', () => {
    const preview = previewUser(parse(mapping).file, user);
    assert.equal(preview.action, 'error');
    assert.deepEqual(preview.requests, []);
  });

  test('a soft-deleted user is disabled whatever its scope', () => {
    const preview = previewUser(
      parse(mapping).file,
      { id: 'u', attributes: { ...user.attributes, IsSoftDeleted: true } },
      { target: current },
    );
    assert.equal(preview.action, 'disable');
  });

  test('a group block stops the same way', () => {
    const file = parse('groups {\n  displayName <- [displayName] match 1\n  scope "G" { [description] REGEX MATCH "(?>x)" }\n}').file;
    const preview = previewGroup(file, { id: 'g', attributes: { displayName: 'Sales', description: 'x' }, members: [] });
    assert.equal(preview.action, 'error');
    assert.match(preview.summary, /^Scope unknown: scimmap cannot tell whether the group is in scope/);
  });

  test('a member whose scope is unknown is left out with a note saying so, not called out of scope', () => {
    const file = parse(`${mapping.slice(0, -1)}}\ngroups {\n  displayName <- [displayName] match 1\n  members <- [members]\n}`).file;
    const samples = { users: [user], groups: [] };
    const preview = previewGroup(file, { id: 'g', attributes: { displayName: 'Sales' }, members: ['u'] }, { samples });
    const note = preview.notes.find((candidate) => /member "u"/.test(candidate.message));
    assert.match(note?.message ?? JSON.stringify(preview.notes), /scimmap cannot tell whether member "u" is in the users block's scope/);
  });

  test('simulate reports the user as not evaluable: a failure whose reason and scoping step say so, no disable', () => {
    const cycle = new Simulation(parse(mapping).file, { settings: defaultCycleSettings, assignmentKnown: false });
    const record = cycle.simulate({ kind: 'user', sample: { ...user, target: current }, where: 'u' });
    assert.notEqual(record.provisioningAction, 'disable');
    assert.equal(record.provisioningStatusInfo.status, 'failure');
    assert.match(record.simulation.summary, /^Scope unknown: scimmap cannot tell/);
    assert.deepEqual(record.simulation.requests, []);
    const scoping = record.provisioningSteps.find((step) => step.provisioningStepType === 'scoping')!;
    assert.equal(scoping.status, 'failure');
    assert.match(scoping.details.ScopeEvaluationResult, /^Staff numbers: scimmap cannot evaluate/);
    const summary = cycle.summary();
    assert.equal(summary.byAction.failure, 1);
    assert.equal(summary.byAction.disable, 0);
    assert.match(summary.byReason[0].reason, /^Scope unknown: scimmap cannot tell/);
  });
});

describe('& and !&: the bitwise reading is an inference, said wherever it decides', () => {
  const inference = /bitwise AND of two integers, an inference: Microsoft documents them only as "the evaluated attribute exists/;
  // Every outcome of both operators: overlapping bits, disjoint bits, a non-integer side, and a value the contains reading would judge otherwise.
  const cases: Array<[string, string, boolean]> = [
    ['&', '6', true],
    ['&', '3', false],
    ['!&', '3', true],
    ['!&', '6', false],
    ['&', 'abc', false],
    ['&', '14', true],
  ];
  for (const [operator, value, expected] of cases) {
    test(`[extensionAttribute1] ${operator} "4" with "${value}": the reason and a preview note say the reading is inferred`, () => {
      const block = usersBlock(`scope "Flags" { [extensionAttribute1] ${operator} "4" }`);
      const verdict = evaluateScope(block, { extensionAttribute1: value });
      assert.equal(verdict.inScope, expected);
      assert.match(verdict.filters[0].clauses[0].reason, inference);
      const file = parse(
        `users {\n  userName <- [userPrincipalName] match 1\n  scope "Flags" { [extensionAttribute1] ${operator} "4" }\n}`,
      ).file;
      const preview = previewUser(file, { id: 'u', attributes: { userPrincipalName: 'a@contoso.com', extensionAttribute1: value } });
      const notes = preview.notes.filter((note) => inference.test(note.message));
      assert.equal(notes.length, 1, JSON.stringify(preview.notes));
      assert.match(notes[0].message, new RegExp(`Scoping filter "Flags": \\[extensionAttribute1\\] ${operator} "4" is ${expected}`));
      assert.match(notes[0].message, /Scoping users or groups to be provisioned with scoping filters/);
    });
  }

  test('a clause that does not decide is noted too, and clauses with other operators are not', () => {
    const file = parse(
      'users {\n  userName <- [userPrincipalName] match 1\n  scope "A" { [department] EQUALS "Sales" }\n  scope "B" { [extensionAttribute1] !& "1"\n [department] EQUALS "HR" }\n}',
    ).file;
    const preview = previewUser(file, {
      id: 'u',
      attributes: { userPrincipalName: 'a@contoso.com', department: 'Sales', extensionAttribute1: '3' },
    });
    const notes = preview.notes.filter((note) => /Scoping filter/.test(note.message));
    assert.deepEqual(
      notes.map((note) => note.message.slice(0, note.message.indexOf(' ('))),
      ['Scoping filter "B": [extensionAttribute1] !& "1" is false'],
    );
    assert.ok(notes[0].span, 'the note points at the clause');
  });

  test('group blocks note it as user blocks do', () => {
    const file = parse('groups {\n  displayName <- [displayName] match 1\n  scope "G" { [extensionAttribute1] & "2" }\n}').file;
    const preview = previewGroup(file, { id: 'g', attributes: { displayName: 'Sales', extensionAttribute1: '2' }, members: [] });
    assert.ok(preview.notes.some((note) => inference.test(note.message)));
  });

  test("simulate's deciding-clause reason carries the inference", () => {
    const file = parse('users {\n  userName <- [userPrincipalName] match 1\n  scope "Flags" { [extensionAttribute1] & "4" }\n}').file;
    const cycle = new Simulation(file, { settings: defaultCycleSettings, assignmentKnown: false });
    const sample = { id: 'u', attributes: { userPrincipalName: 'a@contoso.com', extensionAttribute1: '3' } };
    const record = cycle.simulate({ kind: 'user', sample, where: 'u' });
    const scoping = record.provisioningSteps.find((step) => step.provisioningStepType === 'scoping')!;
    assert.match(scoping.details.ScopeEvaluationResult, inference);
    assert.match(scoping.details.ScopeEvaluationResult, /3 AND 4 is 0/);
  });
});
