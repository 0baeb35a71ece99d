import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../../server/src/lsp/hover';
import { analyzedDocument, atCursor, brokenInputs } from './analyzed-document';

function hoverAt(source: string): { markdown: string; range: string } | undefined {
  const { document, offset } = atCursor(source);
  const result = hover(document, offset);
  if (!result) return undefined;
  const { start, end } = document.lines.spanOf(result.range!);
  return { markdown: (result.contents as { value: string }).value, range: document.text.slice(start, end) };
}

const MAPPING = [
  'users {',
  '  enabled true',
  '  actions create, update',
  '  userName <- [userPrincipalName]  match 1',
  '  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
  '  emails[type eq "work"].value <- [mail]',
  '  emails[type eq "other"].value <- [mail]',
  '  phoneNumbers[type eq "work2"].value <- [telephoneNumber]',
  '  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager <- [manager]',
  '  title <- [jobTitle]  default "Agent"  on create',
  '  externalId <- [extension_0123456789abcdef0123456789abcdef_costCenter]  flow ValueAddOnly  behavior FlowAlways',
  '  displayName <- switch([displayName], , "a", "b")',
  '  scope "Sales" {',
  '    [department] REGEX MATCH "^Sales"',
  '  }',
  '}',
].join('\n');

/** MAPPING with the cursor placed after the first occurrence of `before`. */
function at(before: string): string {
  const index = MAPPING.indexOf(before);
  assert.ok(index >= 0, before);
  return `${MAPPING.slice(0, index + before.length)}<|>${MAPPING.slice(index + before.length)}`;
}

describe('hover', () => {
  const cases: Array<{ name: string; cursor: string; range: string; contains: Array<string | RegExp> }> = [
    {
      name: 'a core target',
      cursor: '  userNa',
      range: 'userName',
      contains: ['**Type:** string', '**Required:** yes', 'contactInfo.email_main', '**Filterable:** yes'],
    },
    { name: 'a boolean target', cursor: '  activ', range: 'active', contains: ['boolean', '"True"/"False"', 'state (active / inactive)'] },
    {
      name: 'a multi-valued attribute',
      cursor: '  ema',
      range: 'emails',
      contains: [/complex \(multi-valued\)/, 'Sub-attributes:** `value`, `type`, `primary`', 'emails[type eq "…"]'],
    },
    {
      name: 'a filtered entry',
      cursor: '  phoneNumbers[type eq "work2"].val',
      range: 'value',
      contains: ['phoneNumbers[type eq "work2"].value', 'phone_work_2', 'read-write'],
    },
    {
      name: 'a read-only entry',
      cursor: '  emails[type eq "other"].val',
      range: 'value',
      contains: ['read-only: emails[type eq "other"].value is the user\'s main email'],
    },
    { name: 'a filter attribute', cursor: 'phoneNumbers[ty', range: 'type', contains: ['Canonical values:** `work`, `work2`'] },
    {
      name: 'a canonical filter value',
      cursor: 'phoneNumbers[type eq "wo',
      range: '"work2"',
      contains: ['A canonical type of `phoneNumbers`'],
    },
    { name: 'a read-only filter value', cursor: 'emails[type eq "oth', range: '"other"', contains: ['**Read-only entry:**'] },
    {
      name: 'a schema URN',
      cursor: '  urn:ietf:par',
      range: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      contains: ['**EnterpriseUser**', '`manager`'],
    },
    { name: 'an extension attribute', cursor: 'User:mana', range: 'manager', contains: ['Entra: Reference', "manager's Genesys user id"] },
    {
      name: 'a source attribute',
      cursor: '[IsSoft',
      range: '[IsSoftDeleted]',
      contains: ['Entra ID User attribute', 'Boolean', 'computed by the provisioning service'],
    },
    {
      name: 'a directory extension',
      cursor: '[extension_0123',
      range: '[extension_0123456789abcdef0123456789abcdef_costCenter]',
      contains: ['directory extension attribute'],
    },
    {
      name: 'a function',
      cursor: 'Swi',
      range: 'Switch',
      contains: ['Switch(source, defaultValue?, key, value, …)', 'Known service issue', '**Example**', 'Returns: *string*'],
    },
    { name: 'a function in the wrong case', cursor: 'displayName <- swi', range: 'switch', contains: ['Switch(source', 'case-sensitive'] },
    { name: 'the arrow of a Direct mapping', cursor: 'userName <', range: '<-', contains: ['**Direct**'] },
    { name: 'the arrow of an Expression mapping', cursor: 'active <', range: '<-', contains: ['**Expression**'] },
    { name: 'match', cursor: 'matc', range: 'match', contains: ['Matching precedence'] },
    { name: 'default', cursor: 'defau', range: 'default', contains: ['only when creating'] },
    { name: 'on create', cursor: 'on cre', range: 'on create', contains: ['Only during object creation', 'ObjectAddOnly'] },
    { name: 'a flowType', cursor: 'flow ValueAdd', range: 'flow ValueAddOnly', contains: ['flowType', 'ValueAddOnly'] },
    { name: 'a flowBehavior', cursor: 'beha', range: 'behavior', contains: ['flowBehavior', 'FlowWhenChanged'] },
    { name: 'a block keyword', cursor: 'use', range: 'users', contains: ['Entra ID `User` objects'] },
    { name: 'enabled', cursor: 'enab', range: 'enabled', contains: ['**Enabled**'] },
    { name: 'an action', cursor: 'actions cre', range: 'create', contains: ['Target Object Actions'] },
    { name: 'scope', cursor: '  sco', range: 'scope', contains: ['ANDed', 'ORed'] },
    { name: 'a scoping operator', cursor: 'REGEX MA', range: 'REGEX MATCH', contains: ['takes a regex value', 'case-sensitive'] },
  ];
  for (const { name, cursor, range, contains } of cases) {
    test(name, () => {
      const result = hoverAt(at(cursor));
      assert.ok(result, 'no hover');
      assert.equal(result.range, range);
      for (const expected of contains) {
        if (typeof expected === 'string') assert.ok(result.markdown.includes(expected), `${expected} not in:\n${result.markdown}`);
        else assert.match(result.markdown, expected);
      }
    });
  }

  test('nothing on whitespace or a plain string', () => {
    assert.equal(hoverAt(at('  userName <- [userPrincipalName] ')), undefined);
    assert.equal(hoverAt(at('"Fal')), undefined);
  });

  test('an extension attribute written without its URN says how to write it', () => {
    const result = hoverAt('users {\n  depart<|>ment <- [department]\n}');
    assert.match(
      result!.markdown,
      /Write it fully qualified:\*\* `urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User:department`/,
    );
  });

  test('identifiers named like Object members are not keywords', () => {
    assert.equal(hoverAt('users {\n  actions constr<|>uctor\n}'), undefined);
    assert.equal(hoverAt('users {\n  title <- InStr([a], "b", 1, toStr<|>ing)\n}'), undefined);
  });

  test('a filter value as written shows as itself: its Markdown and HTML are escaped', () => {
    const { markdown } = hoverAt('users {\n  emails[type eq "wo**r<|>k_<img src=x>"].value <- [mail]\n}')!;
    assert.ok(markdown.includes('**wo\\*\\*rk\\_\\<img src=x\\>**'), markdown);
    assert.doesNotMatch(markdown, /(?<!\\)<img/);
  });

  test('the `and` of a value filter is explained like `eq`', () => {
    const result = hoverAt('users {\n  emails[type eq "work" a<|>nd primary eq "True"].value <- [mail]\n}');
    assert.equal(result?.range, 'and');
    assert.match(result.markdown, /both comparisons must hold/);
    assert.equal(hoverAt('users {\n  emails[type eq "work" <|> and primary eq "True"].value <- [mail]\n}'), undefined);
  });

  test('a block keyword does not forbid a second block of another object mapping (a different rule)', () => {
    const two = 'users rule "A" {\n}\nus<|>ers rule "B" {\n}';
    assert.match(hoverAt(two)!.markdown, /At most one per file, unless their headers name different Entra object mappings/);
    assert.match(hoverAt('groups rule "A" {\n}\ngro<|>ups rule "B" {\n}')!.markdown, /unless their headers/);
  });

  test('comparison and concatenation operators say where Entra takes them', () => {
    const comparison = hoverAt('users {\n  title <- IIF([country] <|><> "US", "a", "b")\n}');
    assert.equal(comparison?.range, '<>');
    assert.match(comparison.markdown, /IIF condition or the argument of CBool/);
    assert.match(hoverAt('users {\n  title <- "t-" <|>& [mail]\n}')!.markdown, /cloud sync/);
  });

  test('a value explains what holds it: match and default values, scope titles, clause values', () => {
    const same = (onValue: string, onKeyword: string) => assert.equal(hoverAt(onValue)?.markdown, hoverAt(onKeyword)!.markdown, onValue);
    same('users {\n  userName <- [userPrincipalName]  match <|>1\n}', 'users {\n  userName <- [userPrincipalName]  ma<|>tch 1\n}');
    same('users {\n  title <- [jobTitle]  default "Ag<|>ent"\n}', 'users {\n  title <- [jobTitle]  def<|>ault "Agent"\n}');
    same(
      'users {\n  scope "Sal<|>es" {\n    [department] EQUALS "Sales"\n  }\n}',
      'users {\n  sco<|>pe "Sales" {\n    [department] EQUALS "Sales"\n  }\n}',
    );
    const value = hoverAt('users {\n  scope "Sales" {\n    [department] EQUALS "Sa<|>les"\n  }\n}');
    assert.equal(value?.range, '"Sales"');
    assert.match(value.markdown, /\*\*EQUALS\*\*/);
  });

  test('a block header: its name, its objects and its rule', () => {
    const header = 'users "Provision" from "User" to "urn:ietf:params:scim:schemas:core:2.0:User" rule "R" {\n}';
    const at = (word: string, shift = 1) => hoverAt(header.replace(word, word.slice(0, shift) + '<|>' + word.slice(shift)));
    assert.match(at('"Provision"')!.markdown, /object mapping's name/);
    assert.match(at('from')!.markdown, /sourceObjectName/);
    assert.equal(at('from')!.range, 'from');
    assert.match(at(' to ', 2)!.markdown, /targetObjectName/);
    assert.match(at('"User"')!.markdown, /sourceObjectName/);
    assert.match(at('rule')!.markdown, /synchronization rule/);
    assert.match(at('"R"')!.markdown, /synchronization rule/);
  });

  test('an unknown source attribute says so', () => {
    assert.match(hoverAt('users {\n  title <- [jobTitel<|>]\n}')!.markdown, /Not a known Entra ID User attribute/);
  });
});

test('hover answers at every offset of broken input', () => {
  for (const text of brokenInputs) {
    const document = analyzedDocument(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const result = hover(document, offset);
      assert.ok(result === null || typeof (result.contents as { value: string }).value === 'string');
    }
  }
});
