import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/syntax/parser';
import { forEachNode, nodePathAt, type NodeRole } from '../../../server/src/syntax/node-path';
import { cursorContext, type CursorContext } from '../../../server/src/syntax/cursor-context';
import { marked } from '../helpers/markers';

function contextAt(source: string): { context: CursorContext; text: string; replaced: string } {
  const { text, offset } = marked(source);
  const context = cursorContext(parse(text).file, text, offset);
  return { context, text, replaced: text.slice(context.replace.start, context.replace.end) };
}

describe('cursorContext on incomplete text', () => {
  const cases: Array<{ source: string; kind: CursorContext['kind']; replaced?: string; fields?: Record<string, unknown> }> = [
    { source: '<|>', kind: 'topLevel', replaced: '' },
    { source: 'gr<|>', kind: 'topLevel', replaced: 'gr' },
    { source: 'users {\n  userName <- [userPrincipalName]\n}\n<|>', kind: 'topLevel' },
    { source: 'target "gen<|>"', kind: 'targetName', replaced: '"gen"' },
    { source: 'users "Provision <|>" {\n}', kind: 'none' },
    { source: 'users from "Us<|>" {\n}', kind: 'none' },
    { source: 'users {\n  <|>\n}', kind: 'statement', replaced: '', fields: { object: 'users' } },
    { source: 'groups {\n  disp<|>\n}', kind: 'statement', replaced: 'disp', fields: { object: 'groups' } },
    {
      source: 'users {\n  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:dep<|>',
      kind: 'statement',
      replaced: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:dep',
    },
    {
      source: 'users {\n  emails[type eq "<|>',
      kind: 'filterValue',
      replaced: '"',
      fields: { attributePath: 'emails', attribute: 'type' },
    },
    { source: 'users {\n  emails[type eq "<|>"]', kind: 'filterValue', replaced: '""' },
    { source: 'users {\n  phoneNumbers[type eq "wo<|>', kind: 'filterValue', replaced: '"wo' },
    { source: 'users {\n  phoneNumbers[<|>\n}', kind: 'filterAttribute', replaced: '', fields: { attributePath: 'phoneNumbers' } },
    { source: 'users {\n  phoneNumbers[ty<|>\n}', kind: 'filterAttribute', replaced: 'ty' },
    { source: 'users {\n  phoneNumbers[type <|>\n}', kind: 'filterOperator', fields: { attribute: 'type' } },
    { source: 'users {\n  phoneNumbers[type eq "work" <|>\n}', kind: 'filterConnector' },
    { source: 'users {\n  phoneNumbers[type eq "work" and <|>\n}', kind: 'filterAttribute' },
    {
      source: 'users {\n  phoneNumbers[type eq "work"].<|>\n}',
      kind: 'subAttribute',
      replaced: '',
      fields: { attributePath: 'phoneNumbers' },
    },
    {
      source: 'users {\n  urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "<|>',
      kind: 'filterValue',
      fields: { attributePath: 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds', attribute: 'authority' },
    },
    { source: 'users {\n  title <- Jo<|>', kind: 'expression', replaced: 'Jo', fields: { target: 'title' } },
    { source: 'users {\n  title <- <|>\n  displayName <- [displayName]\n}', kind: 'expression', replaced: '' },
    { source: 'users {\n  title <- [job<|>', kind: 'sourceAttribute', replaced: 'job', fields: { target: 'title' } },
    { source: 'users {\n  title <- [<|>]\n}', kind: 'sourceAttribute', replaced: '' },
    { source: 'users {\n  active <- Switch([IsSoftDeleted], , "<|>', kind: 'string', replaced: '"' },
    { source: 'users {\n  active <- Switch([IsSoftDeleted], , "Fa<|>")\n}', kind: 'string', replaced: '"Fa"' },
    {
      source: 'users {\n  userName <- [userPrincipalName] <|>\n}',
      kind: 'property',
      replaced: '',
      fields: { target: 'userName', present: [] },
    },
    { source: 'users {\n  userName <- [userPrincipalName] ma<|>\n}', kind: 'property', replaced: 'ma' },
    { source: 'users {\n  userName <- [userPrincipalName] match 1 <|>\n}', kind: 'property', fields: { present: ['match'] } },
    { source: 'users {\n  userName <- Join("", [a], [b]) default "x" <|>\n}', kind: 'property', fields: { present: ['default'] } },
    { source: 'users {\n  userName <- [userPrincipalName]\n  <|>\n}', kind: 'statement' },
    { source: 'users {\n  userName <- [userPrincipalName] match <|>\n}', kind: 'matchNumber', fields: { target: 'userName' } },
    { source: 'users {\n  userName <- [userPrincipalName] on <|>\n}', kind: 'applyValue' },
    { source: 'users {\n  title <- none default <|>\n}', kind: 'defaultValue', replaced: '', fields: { target: 'title' } },
    { source: 'users {\n  title <- none default "Ag<|>"\n}', kind: 'defaultValue', replaced: '"Ag"' },
    { source: 'users {\n  enabled <|>\n}', kind: 'enabledValue' },
    { source: 'users {\n  enabled fa<|>\n}', kind: 'enabledValue', replaced: 'fa' },
    { source: 'users {\n  actions create, <|>\n}', kind: 'actionsValue', fields: { listed: ['create'] } },
    { source: 'users {\n  scope "Sales" {\n    <|>\n  }\n}', kind: 'scopeClause' },
    { source: 'users {\n  scope "Sales" {\n    [dep<|>\n  }\n}', kind: 'sourceAttribute', replaced: 'dep', fields: { target: undefined } },
    { source: 'users {\n  scope "Sales" {\n    [department] <|>\n  }\n}', kind: 'scopeOperator', fields: { attribute: 'department' } },
    { source: 'users {\n  scope "Sales" {\n    [accountEnabled] IS <|>\n  }\n}', kind: 'scopeOperator', replaced: 'IS ' },
    { source: 'users {\n  scope "Sales" {\n    [mail] IS NOT N<|>\n  }\n}', kind: 'scopeOperator', replaced: 'IS NOT N' },
    {
      source: 'users {\n  scope "Sales" {\n    [department] EQUALS <|>\n  }\n}',
      kind: 'scopeValue',
      fields: { attribute: 'department', operator: 'EQUALS' },
    },
    { source: 'users {\n  scope "Sales" {\n    [accountEnabled] IS TRUE\n    <|>\n  }\n}', kind: 'scopeClause' },
    { source: 'users {\n  userName <- [userPrincipalName]\n  # a com<|>ment\n}', kind: 'none' },
  ];
  for (const { source, kind, replaced, fields } of cases) {
    test(`${JSON.stringify(source)} is ${kind}`, () => {
      const { context, replaced: actual } = contextAt(source);
      assert.equal(context.kind, kind);
      if (replaced !== undefined) assert.equal(actual, replaced);
      for (const [key, value] of Object.entries(fields ?? {}))
        assert.deepEqual((context as unknown as Record<string, unknown>)[key], value, key);
    });
  }
});

describe('cursorContext calls', () => {
  const cases: Array<{ source: string; calls: Array<[string, number]>; firstAttribute?: string }> = [
    { source: 'users {\n  active <- Switch(<|>', calls: [['Switch', 0]] },
    { source: 'users {\n  active <- Switch([IsSoftDeleted], , <|>', calls: [['Switch', 2]], firstAttribute: 'IsSoftDeleted' },
    { source: 'users {\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", <|>)\n}', calls: [['Switch', 5]] },
    { source: 'users {\n  x <- Replace([a], , , , , , <|>)\n}', calls: [['Replace', 6]] },
    {
      source: 'users {\n  x <- Join(" ", [a], IIF([b] = "x", <|>',
      calls: [
        ['Join', 2],
        ['IIF', 1],
      ],
    },
    { source: 'users {\n  x <- Join(" ",\n    [givenName],\n    <|>\n  )\n}', calls: [['Join', 2]] },
    { source: 'users {\n  x <- Join(" ", "a,b", <|>', calls: [['Join', 2]] },
    { source: 'users {\n  x <- Join(" ", [a])<|>\n}', calls: [] },
    { source: 'users {\n  x <- Append([a], "x"<|>)\n}', calls: [['Append', 1]] },
  ];
  for (const { source, calls, firstAttribute } of cases) {
    test(JSON.stringify(source), () => {
      const { context } = contextAt(source);
      assert.deepEqual(
        context.calls.map((call) => [call.name, call.argIndex]),
        calls,
      );
      if (firstAttribute) assert.equal(context.calls.at(-1)?.firstAttribute, firstAttribute);
    });
  }

  test('a comparison as the first argument is not a bare attribute', () => {
    const { context } = contextAt('users {\n  x <- IIF([b] = "x", <|>');
    assert.equal(context.calls[0].firstAttribute, undefined);
  });

  test('the block comes from the AST', () => {
    const { context } = contextAt('users {\n  userName <- [userPrincipalName]\n  <|>\n}');
    assert.equal(context.block?.mappings.length, 1);
  });
});

describe('nodePathAt', () => {
  const text = [
    'users {',
    '  emails[type eq "work"].value <- Switch([IsSoftDeleted], , "False", "True")  match 1',
    '  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department <- [department]',
    '  scope "Sales" {',
    '    [department] EQUALS "Sales"',
    '  }',
    '}',
  ].join('\n');
  const file = parse(text).file;
  const roleAt = (needle: string, delta = 0) => {
    const path = nodePathAt(file, text.indexOf(needle) + delta);
    return { roles: path.map((p) => p.role), leaf: path[path.length - 1] };
  };
  const cases: Array<[string, NodeRole, string]> = [
    ['users', 'blockKeyword', 'users'],
    ['emails', 'segmentName', 'emails'],
    ['type eq', 'filterAttribute', 'type'],
    ['eq "work"', 'filterOperator', 'eq'],
    ['"work"', 'filterValue', '"work"'],
    ['value <-', 'segmentName', 'value'],
    ['<-', 'arrow', '<-'],
    ['Switch', 'functionName', 'Switch'],
    ['IsSoftDeleted', 'expression', '[IsSoftDeleted]'],
    ['"False"', 'expression', '"False"'],
    ['match', 'propertyKeyword', 'match'],
    ['1\n', 'propertyValue', '1'],
    ['urn:', 'schema', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    ['department <-', 'segmentName', 'department'],
    ['scope', 'scopeKeyword', 'scope'],
    ['"Sales" {', 'scopeTitle', '"Sales"'],
    ['EQUALS', 'clauseOperator', 'EQUALS'],
  ];
  for (const [needle, role, leafText] of cases) {
    test(`${JSON.stringify(needle)} is a ${role}`, () => {
      const { leaf } = roleAt(needle);
      assert.equal(leaf.role, role);
      assert.equal(text.slice(leaf.node.span.start, leaf.node.span.end), leafText);
    });
  }

  test('the path runs from the file down through every enclosing node', () => {
    assert.deepEqual(roleAt('"work"').roles, [
      'file',
      'block',
      'mapping',
      'target',
      'segment',
      'valueFilter',
      'filterComparison',
      'filterValue',
    ]);
    assert.deepEqual(roleAt('IsSoftDeleted').roles, ['file', 'block', 'mapping', 'source', 'expression', 'expression']);
  });

  test('a cursor right after a word is on that word', () => {
    assert.equal(roleAt('Switch', 'Switch'.length).leaf.role, 'functionName');
  });

  test('a comment inside a block or an expression is the innermost node', () => {
    const source = 'users {\n  # about titles\n  title <- Join(" ",  # first names\n    [givenName])\n}';
    const file = parse(source).file;
    assert.deepEqual(
      nodePathAt(file, source.indexOf('about')).map((p) => p.role),
      ['file', 'block', 'comment'],
    );
    const inCall = nodePathAt(file, source.indexOf('first'));
    assert.deepEqual(
      inCall.map((p) => p.role),
      ['file', 'block', 'mapping', 'source', 'expression', 'comment'],
    );
    assert.equal(inCall.at(-1)!.node.span.start, source.indexOf('# first'));
  });

  test('whitespace between mappings belongs to the block only', () => {
    const offset = text.indexOf('\n  urn:') + 1;
    assert.deepEqual(
      nodePathAt(file, offset).map((p) => p.role),
      ['file', 'block'],
    );
  });
});

describe('forEachNode', () => {
  test('visits every node once, parents before children, with the parent chain', () => {
    const text = 'users {\n  title <- Join(" ", [givenName], [surname])  # name\n}';
    const seen: string[] = [];
    forEachNode(parse(text).file, (located, parents) => {
      if (located.role === 'expression' && located.node.kind === 'attribute')
        seen.push(`${located.node.name} in ${parents.map((p) => p.role).join('>')}`);
      if (located.role === 'comment') seen.push(`comment ${located.node.text}`);
    });
    assert.deepEqual(seen, [
      'givenName in file>block>mapping>source>expression',
      'surname in file>block>mapping>source>expression',
      'comment # name',
    ]);
  });
});
