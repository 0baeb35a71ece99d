// analyze(): parse + validate as the server and the CLI see it: the shipped example is clean,
// syntax errors pass through, recovered nodes are not judged twice, and every code is documented.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repositoryRoot } from '../../support/repository';
import { analyze } from '../../../server/src/validation/analyze';
import { diagnosticSeverities } from '../../../server/src/validation/report';
import { diagnose, summarize, users } from './cases';

function repoFile(path: string): string {
  return readFileSync(join(repositoryRoot(__dirname), path), 'utf8');
}

test('examples/purecloud.scimmap has no diagnostics at all', () => {
  const text = repoFile('examples/purecloud.scimmap');
  assert.deepEqual(summarize(diagnose(text)), []);
});

test('examples/purecloud.scimmap is the gallery default mapping', () => {
  const { file } = analyze(repoFile('examples/purecloud.scimmap'));
  const targets = (object: string) => file.blocks.find((b) => b.object === object)?.mappings.map((m) => m.target.text);
  assert.deepEqual(targets('users'), [
    'userName',
    'active',
    'displayName',
    'emails[type eq "work"].value',
    'title',
    'phoneNumbers[type eq "mobile"].value',
    'phoneNumbers[type eq "work"].value',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
  ]);
  assert.deepEqual(targets('groups'), ['displayName', 'externalId', 'members']);
  const matching = file.blocks.map((b) => b.mappings.filter((m) => m.properties.some((p) => p.kind === 'match')).map((m) => m.target.text));
  assert.deepEqual(matching, [['userName'], ['displayName']]);
});

test('diagnostics come sorted by position, syntax and semantic together', () => {
  const text = users('  titel <- [jobTitle]\n  displayName <- Join(" ", [givenName]\n  title <- [costCenter]');
  const { diagnostics } = analyze(text);
  const starts = diagnostics.map((d) => d.span.start);
  assert.deepEqual(
    starts,
    [...starts].sort((a, b) => a - b),
  );
  for (const code of ['unknown-target', 'syntax', 'unknown-source-attribute'])
    assert.ok(
      diagnostics.some((d) => d.code === code),
      code,
    );
});

test('a target with typographic quotes gets the quote error only, not a semantic one on top', () => {
  const found = diagnose(
    users('  urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq ‘microsoftteams’].value <- [mail]'),
  );
  assert.deepEqual(
    found.diagnostics.map((d) => d.code),
    ['typographic-quote'],
  );
});

test('a call cut short by a syntax error is not also reported for its argument count', () => {
  const found = diagnose(users('  title <- Mid([jobTitle], 1'));
  assert.deepEqual(
    found.diagnostics.map((d) => d.code),
    ['syntax'],
  );
});

test('a block with a syntax error is not reported for missing targets that may simply not have parsed', () => {
  const found = diagnose('users {\n  userName <- [userPrincipalName] match 1\n  displayName <- Join(" ", [givenName]\n}\n');
  assert.deepEqual(
    found.diagnostics.map((d) => d.code),
    ['syntax'],
  );
});

test('a disabled groups block is not asked for actions, matching or required targets', () => {
  const found = diagnose('groups {\n  enabled false\n  externalId <- [objectId]\n}\n');
  assert.deepEqual(
    found.diagnostics.map((d) => d.code),
    [],
  );
});

test('several mistakes in one file are all reported', () => {
  const found = diagnose(
    users(
      '  titel <- [jobTitle]\n  emails[type eq "other"].value <- [mail]\n  phoneNumbers[type eq "fax"].value <- [mobile]\n  roles <- [appRoleAssignments]',
    ),
  );
  assert.deepEqual(
    found.diagnostics.map((d) => d.code),
    ['unknown-target', 'read-only-target', 'unknown-filter-value', 'app-role-assignments-direct'],
  );
});

test('bad input never throws', () => {
  const inputs = [
    '',
    '\u0000\u0001\u0002',
    '('.repeat(100_000),
    'users {'.repeat(2_000),
    'users { title <- ' + 'Join("", '.repeat(3_000),
    '}}}}',
    'groups { members <- [members] & & & }',
  ];
  for (const input of inputs) {
    const result = analyze(input);
    assert.ok(Array.isArray(result.diagnostics));
  }
});

test('every one-character deletion in the example is analysed without throwing, spans inside the text', () => {
  const text = repoFile('examples/purecloud.scimmap');
  for (let i = 0; i < text.length; i++) {
    const edited = text.slice(0, i) + text.slice(i + 1);
    for (const d of analyze(edited).diagnostics)
      assert.ok(d.span.start >= 0 && d.span.end <= edited.length && d.span.start <= d.span.end, `${d.code} span inside the text`);
  }
});

test('docs/diagnostics.md documents every code with its severity', () => {
  const doc = repoFile('docs/diagnostics.md');
  const documented = new Map<string, string>();
  for (const match of doc.matchAll(/^\| `([a-z-]+)` \| (error|warning|information|hint) \|/gm)) documented.set(match[1], match[2]);
  const expected = new Map<string, string>([
    ['syntax', 'error'],
    ['typographic-quote', 'error'],
    ['too-many-diagnostics', 'error'],
    ...Object.entries(diagnosticSeverities),
  ]);
  assert.deepEqual(new Map([...documented].sort()), new Map([...expected].sort()));
});

test('an empty [] is a syntax error only, not also an unknown source attribute', () => {
  const found = diagnose(users('  title <- []'));
  assert.deepEqual(
    found.diagnostics.map((d) => d.code),
    ['syntax'],
  );
});
