import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeMapping, ObjectBlock, ScopeClause, Span } from '../../../server/src/syntax/ast';
import { parse, parseBlock } from '../../../server/src/syntax/parser';
import scopingOperators from '../../../server/src/data/scoping-operators.json';

function parsedClean(text: string) {
  const result = parse(text);
  assert.deepEqual(result.diagnostics, [], 'no diagnostics');
  return result.file;
}

function usersBlock(body: string): ObjectBlock {
  const file = parsedClean(`users {\n${body}\n}\n`);
  assert.equal(file.blocks.length, 1);
  return file.blocks[0];
}

function onlyMapping(line: string): AttributeMapping {
  const block = usersBlock(line);
  assert.equal(block.mappings.length, 1);
  return block.mappings[0];
}

const GENESYS_DEFAULT = `# Genesys Cloud default mapping
users {
  enabled true
  actions create, update, delete

  userName    <- [userPrincipalName]  match 1
  active      <- Switch([IsSoftDeleted], , "False", "True", "True", "False")
  displayName <- [displayName]
  emails[type eq "work"].value <- [mail]
  title       <- [jobTitle]  default "Agent"
  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber <- [employeeId]  on create

  scope "Sales only" {
    [department] EQUALS "Sales"
    [accountEnabled] IS TRUE
  }
}

groups {
  enabled false
  actions update
  displayName <- [displayName]  match 1
  externalId  <- [objectId]
  members     <- [members]
}
`;

describe('blocks and settings', () => {
  test('the Genesys default mapping parses without diagnostics', () => {
    const file = parsedClean(GENESYS_DEFAULT);
    assert.deepEqual(
      file.blocks.map((b) => b.object),
      ['users', 'groups'],
    );
    const [users, groups] = file.blocks;
    assert.equal(users.enabled?.value, true);
    assert.deepEqual(
      users.actions?.actions.map((a) => a.action),
      ['create', 'update', 'delete'],
    );
    assert.deepEqual(
      users.mappings.map((m) => m.target.text),
      [
        'userName',
        'active',
        'displayName',
        'emails[type eq "work"].value',
        'title',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
      ],
    );
    assert.equal(users.scopes.length, 1);
    assert.equal(groups.enabled?.value, false);
    assert.deepEqual(
      groups.actions?.actions.map((a) => a.action),
      ['update'],
    );
    assert.deepEqual(
      groups.mappings.map((m) => m.target.text),
      ['displayName', 'externalId', 'members'],
    );
    assert.deepEqual(
      file.comments.map((c) => c.text),
      ['# Genesys Cloud default mapping'],
    );
  });

  test('absent settings stay absent (Entra defaults apply)', () => {
    const block = usersBlock('userName <- [userPrincipalName]');
    assert.equal(block.enabled, undefined);
    assert.equal(block.actions, undefined);
  });

  test('an unknown action is kept with action undefined, for validation to report', () => {
    const block = usersBlock('actions create, upsert');
    assert.deepEqual(
      block.actions?.actions.map((a) => [a.text, a.action]),
      [
        ['create', 'create'],
        ['upsert', undefined],
      ],
    );
  });

  test('an empty file and an empty block parse', () => {
    assert.deepEqual(parsedClean('').blocks, []);
    assert.deepEqual(parsedClean('# only a comment\n').blocks, []);
    assert.deepEqual(parsedClean('groups {}').blocks[0].mappings, []);
  });
});

describe('mappings', () => {
  const sources: Array<[string, string, string]> = [
    ['userName <- [userPrincipalName]', 'direct', 'attribute'],
    ['title <- "Agent"', 'constant', 'string'],
    ['active <- Not([IsSoftDeleted])', 'expression', 'call'],
    ['title <- 42', 'expression', 'number'],
  ];
  for (const [line, mappingType, kind] of sources) {
    test(`${line} is ${mappingType}`, () => {
      const mapping = onlyMapping(line);
      assert.equal(mapping.source.kind, 'expression');
      if (mapping.source.kind !== 'expression') return;
      assert.equal(mapping.source.mappingType, mappingType);
      assert.equal(mapping.source.expression.kind, kind);
    });
  }

  test('none with a default', () => {
    const mapping = onlyMapping('preferredLanguage <- none default "en-US"');
    assert.equal(mapping.source.kind, 'none');
    assert.deepEqual(
      mapping.properties.map((p) => p.kind === 'default' && p.value?.value),
      ['en-US'],
    );
  });

  test('properties in any order', () => {
    const mapping = onlyMapping('userName <- [mail] on create default "x" match 2');
    assert.deepEqual(
      mapping.properties.map((p) =>
        p.kind === 'match' ? p.precedence : p.kind === 'default' ? p.value?.value : p.kind === 'apply' ? p.apply : p.kind,
      ),
      ['onCreate', 'x', 2],
    );
    assert.equal(onlyMapping('userName <- [mail] always').properties[0].kind, 'apply');
  });

  test('an expression over several lines ends where the next target starts', () => {
    const block = usersBlock('active <- Switch([IsSoftDeleted], ,\n    "False", "True",\n    "True", "False")\ntitle <- [jobTitle]');
    assert.deepEqual(
      block.mappings.map((m) => m.target.text),
      ['active', 'title'],
    );
  });

  test('keywords inside longer names stay names', () => {
    const block = usersBlock('createdBy <- [createdBy]\ndefaultValue <- [onPremisesSamAccountName]\nscopeX <- [matchKey]');
    assert.deepEqual(
      block.mappings.map((m) => m.target.text),
      ['createdBy', 'defaultValue', 'scopeX'],
    );
  });
});

describe('target paths', () => {
  const cases: Array<[string, string | undefined, string[], Array<[string, string, string, string]>]> = [
    ['userName', undefined, ['userName'], []],
    ['name.givenName', undefined, ['name', 'givenName'], []],
    ['emails[type eq "work"].value', undefined, ['emails', 'value'], [['type', 'eq', 'work', '"']]],
    ["phoneNumbers[type eq 'mobile'].value", undefined, ['phoneNumbers', 'value'], [['type', 'eq', 'mobile', "'"]]],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      ['manager'],
      [],
    ],
    [
      'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "microsoftteams"].value',
      'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User',
      ['externalIds', 'value'],
      [['authority', 'eq', 'microsoftteams', '"']],
    ],
    [
      'addresses[type eq "work" and primary eq "true"].locality',
      undefined,
      ['addresses', 'locality'],
      [
        ['type', 'eq', 'work', '"'],
        ['primary', 'eq', 'true', '"'],
      ],
    ],
  ];
  for (const [path, schema, segments, comparisons] of cases) {
    test(path, () => {
      const target = onlyMapping(`${path} <- [mail]`).target;
      assert.equal(target.text, path);
      assert.equal(target.schema?.text, schema);
      assert.deepEqual(
        target.segments.map((s) => s.name.text),
        segments,
      );
      const filter = target.segments.find((s) => s.filter)?.filter;
      assert.deepEqual(
        filter?.comparisons.map((c) => [c.attribute.text, c.operator.text, c.value.value, c.value.quote]) ?? [],
        comparisons,
      );
    });
  }

  test('a filter operator other than eq is kept as written, for validation', () => {
    const target = onlyMapping('emails[type co "work"].value <- [mail]').target;
    assert.equal(target.segments[0].filter?.comparisons[0].operator.text, 'co');
  });
});

describe('scoping filters', () => {
  test('every operator of the portal parses, multi-word ones with any whitespace', () => {
    const names = scopingOperators.operators.map((o) => o.name);
    assert.equal(names.length, 14);
    const lines = scopingOperators.operators.map((o) =>
      o.arity === 'unary' ? `[a] ${o.name.replace(/ /g, '   ')}` : `[a] ${o.name.replace(/ /g, ' \t ')} "v"`,
    );
    const block = usersBlock(`scope "all" {\n${lines.join('\n')}\n}`);
    const clauses = block.scopes[0].clauses;
    assert.deepEqual(
      clauses.map((c) => c.operator.text),
      names,
    );
    assert.deepEqual(
      clauses.map((c) => c.value?.kind === 'string' && c.value.value),
      scopingOperators.operators.map((o) => o.arity === 'binary' && 'v'),
    );
  });

  test('a multi-word operator may wrap onto the next line', () => {
    const clause = usersBlock('scope "s" {\n  [accountEnabled] IS\n    TRUE\n}').scopes[0].clauses[0];
    assert.equal(clause.operator.text, 'IS TRUE');
    assert.equal(clause.value, undefined);
  });

  test('several scopes, title, number values', () => {
    const block = usersBlock(
      'scope "A" {\n [x] Greater_Than 5\n}\nscope "B" {\n [department] EQUALS "Sales"\n [title] REGEX MATCH "^(Agent|Lead)$"\n}',
    );
    assert.deepEqual(
      block.scopes.map((s) => s.title?.value),
      ['A', 'B'],
    );
    const first = block.scopes[0].clauses[0] as ScopeClause;
    assert.deepEqual(first.value?.kind === 'number' && first.value.raw, '5');
    assert.equal(block.scopes[1].clauses.length, 2);
  });

  test('an operator in the wrong case is kept as written, for validation', () => {
    const clause = usersBlock('scope "s" {\n [department] equals "Sales"\n}').scopes[0].clauses[0];
    assert.equal(clause.operator.text, 'equals');
  });
});

describe('spans point at their text', () => {
  const text = GENESYS_DEFAULT;
  const slice = (span: Span | undefined) => (span ? text.slice(span.start, span.end) : undefined);
  const file = parse(text).file;
  const users = file.blocks[0];
  const mapping = (target: string) => users.mappings.find((m) => m.target.text === target)!;

  test('blocks, braces, settings', () => {
    assert.ok(slice(users.span)?.startsWith('users {'));
    assert.ok(slice(users.span)?.endsWith('}'));
    assert.equal(slice(users.keyword.span), 'users');
    assert.equal(slice(users.openBrace), '{');
    assert.equal(slice(users.closeBrace), '}');
    assert.equal(slice(users.enabled?.span), 'enabled true');
    assert.equal(slice(users.enabled?.valueSpan), 'true');
    assert.equal(slice(users.actions?.span), 'actions create, update, delete');
    assert.deepEqual(
      users.actions?.actions.map((a) => slice(a.span)),
      ['create', 'update', 'delete'],
    );
    assert.equal(slice(file.comments[0].span), '# Genesys Cloud default mapping');
  });

  test('mappings, arrows, sources and properties', () => {
    const userName = mapping('userName');
    assert.equal(slice(userName.span), 'userName    <- [userPrincipalName]  match 1');
    assert.equal(slice(userName.arrow), '<-');
    assert.equal(slice(userName.source.span), '[userPrincipalName]');
    const source = userName.source.kind === 'expression' ? userName.source.expression : undefined;
    assert.equal(source?.kind === 'attribute' ? slice(source.nameSpan) : undefined, 'userPrincipalName');
    const match = userName.properties[0];
    assert.equal(slice(match.span), 'match 1');
    assert.equal(slice(match.keyword.span), 'match');
    assert.equal(match.kind === 'match' ? slice(match.valueSpan) : undefined, '1');
    assert.equal(slice(mapping('title').properties[0].span), 'default "Agent"');
    assert.equal(slice(mapping('active').source.span), 'Switch([IsSoftDeleted], , "False", "True", "True", "False")');
  });

  test('target segments, filters and the schema URN', () => {
    const emails = mapping('emails[type eq "work"].value').target;
    assert.equal(slice(emails.span), 'emails[type eq "work"].value');
    assert.deepEqual(
      emails.segments.map((s) => slice(s.span)),
      ['emails[type eq "work"]', 'value'],
    );
    const filter = emails.segments[0].filter!;
    assert.equal(slice(filter.span), '[type eq "work"]');
    const comparison = filter.comparisons[0];
    assert.deepEqual(
      [slice(comparison.attribute.span), slice(comparison.operator.span), slice(comparison.value.span)],
      ['type', 'eq', '"work"'],
    );
    const urn = mapping('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber');
    assert.equal(slice(urn.target.schema?.span), 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');
    assert.equal(slice(urn.target.segments[0].name.span), 'employeeNumber');
    assert.equal(slice(urn.properties[0].span), 'on create');
  });

  test('scopes and clauses', () => {
    const scope = users.scopes[0];
    assert.ok(slice(scope.span)?.startsWith('scope "Sales only" {'));
    assert.equal(slice(scope.title?.span), '"Sales only"');
    assert.deepEqual(
      scope.clauses.map((c) => slice(c.span)),
      ['[department] EQUALS "Sales"', '[accountEnabled] IS TRUE'],
    );
    assert.equal(slice(scope.clauses[1].operator.span), 'IS TRUE');
    const spaced = 'users {\n scope "s" {\n  [a] NOT \t EQUALS "x"\n }\n}';
    const clause = parse(spaced).file.blocks[0].scopes[0].clauses[0];
    assert.equal(spaced.slice(clause.operator.span.start, clause.operator.span.end), 'NOT \t EQUALS');
    assert.equal(clause.operator.text, 'NOT EQUALS');
  });

  test('multi-part URN attributes get a span per segment', () => {
    const line = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value <- [manager]';
    const source = `users {\n${line}\n}`;
    const target = parse(source).file.blocks[0].mappings[0].target;
    assert.deepEqual(
      target.segments.map((s) => source.slice(s.name.span.start, s.name.span.end)),
      ['manager', 'value'],
    );
  });
});

describe('parseBlock reparses one block in place', () => {
  test('the same block, with the same offsets, as a whole-file parse', () => {
    const text = GENESYS_DEFAULT;
    const whole = parse(text).file.blocks[1];
    const alone = parseBlock(text, whole.span.start);
    assert.deepEqual(alone.block, whole);
    assert.deepEqual(alone.diagnostics, []);
    assert.equal(alone.end, whole.span.end);
  });

  test('a range bounded before the next block', () => {
    const text = GENESYS_DEFAULT;
    const [users, groups] = parse(text).file.blocks;
    const alone = parseBlock(text, users.span.start, groups.span.start);
    assert.deepEqual(alone.block, users);
    assert.deepEqual(alone.comments, []);
  });
});
