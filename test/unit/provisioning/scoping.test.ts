import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/syntax/parser';
import { evaluateScope } from '../../../server/src/provisioning/scoping';

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

  test('a multi-valued attribute says why it cannot be filtered', () => {
    const verdict = evaluateScope(usersBlock('scope "t" { [proxyAddresses] EQUALS "x" }'), { proxyAddresses: ['x'] });
    assert.match(verdict.filters[0].clauses[0].reason, /multi-valued/);
  });

  test('an untranslatable regular expression makes the clause false with the reason', () => {
    const verdict = evaluateScope(usersBlock('scope "t" { [department] REGEX MATCH "(?<a>x)(?<-a>y)" }'), { department: 'xy' });
    assert.equal(verdict.inScope, false);
    assert.match(verdict.filters[0].clauses[0].reason, /cannot be evaluated/);
  });
});
