import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../../server/src/syntax/ast';
import { parse, parseExpression } from '../../../server/src/syntax/parser';
import { LineIndex } from '../../../server/src/syntax/positions';

/** Each diagnostic as `line:character text-under-it | message` (1-based line and column, as an editor shows). */
function located(text: string, diagnostics: Diagnostic[]): string[] {
  const lines = new LineIndex(text);
  return diagnostics.map((d) => {
    const at = lines.positionAt(d.span.start);
    return `${at.line + 1}:${at.character + 1} ${JSON.stringify(text.slice(d.span.start, d.span.end))} | ${d.message}`;
  });
}

describe('several errors in one file', () => {
  const text = [
    'users {', //                                          1
    '  enabled yes', //                                    2
    '  actions create, update delete', //                  3
    '  userName [userPrincipalName] match 1', //           4
    '  active <- Switch([IsSoftDeleted], , "False", "True"', // 5
    '  displayName <- mail', //                            6
    '  emails[type eq "work".value <- [mail]', //          7
    '  title <- Join(" ", [givenName], [surname]) matc 2', // 8
    '  nickName <- [mailNickname] default "x', //          9
    '  phoneNumbers[type eq "mobile"].value <- [mobile] on', // 10
    '  scope "s" {', //                                    11
    '    [x] EQUALS sales', //                             12
    '  }', //                                              13
    '  locale <-', //                                      14
    '  externalId <- [objectId]', //                       15
  ].join('\n');
  const result = parse(text);

  test('each mistake gets its own diagnostic, where it is', () => {
    assert.deepEqual(located(text, result.diagnostics), [
      '2:11 "yes" | Expected `true` or `false` after `enabled`, found `yes`',
      '3:25 "" | Expected `,` between actions',
      '4:11 "" | Expected `<-` after the target attribute `userName`',
      '5:54 "" | Expected `)` to close `Switch(`',
      '6:18 "mail" | Source attributes go in brackets: write [mail]',
      '7:24 "" | Expected `]` to close the value filter',
      '8:46 "matc 2" | Unexpected `matc` after the mapping of `title`: write `match`, not `matc`',
      '9:38 "\\"x" | Unterminated string: add the closing `"` (a string ends on its own line)',
      '10:54 "" | Expected `create` after `on` (`on create` applies the mapping only during object creation)',
      '12:16 "sales" | Put the value in double quotes: "sales"',
      '14:12 "" | Expected a source after `<-`: an attribute such as [mail], a "string", a function call, or `none`',
      '15:27 "" | Expected `}` to close the `users` block',
    ]);
    assert.ok(result.diagnostics.every((d) => d.code === 'syntax' && d.severity === 'error'));
  });

  test('every mapping is still in the AST, the broken ones flagged recovered', () => {
    const block = result.file.blocks[0];
    assert.deepEqual(
      block.mappings.map((m) => `${m.target.text}${m.recovered ? ' (recovered)' : ''}`),
      [
        'userName (recovered)',
        'active (recovered)',
        'displayName (recovered)',
        'emails[type eq "work".value (recovered)',
        'title (recovered)',
        'nickName (recovered)',
        'phoneNumbers[type eq "mobile"].value (recovered)',
        'locale (recovered)',
        'externalId',
      ],
    );
    assert.equal(block.recovered, true);
    assert.equal(block.closeBrace, undefined);
    assert.equal(block.scopes[0].clauses[0].value?.recovered, true);
    const userName = block.mappings[0];
    assert.equal(userName.arrow, undefined);
    assert.equal(userName.source.kind === 'expression' && userName.source.mappingType, 'direct');
    assert.equal(userName.properties[0].kind === 'match' && userName.properties[0].precedence, 1);
    const active = block.mappings[1].source;
    assert.equal(active.kind === 'expression' && active.expression.kind === 'call' && active.expression.args.length, 4);
  });
});

describe('one mistake in a mapping, one diagnostic', () => {
  test('what follows a mistake on its line is not reported again as unexpected (before: a second "Unexpected `creat` after the mapping of `title`" and the like)', () => {
    for (const [line, expected] of [
      [
        'title <- [jobTitle] on creat',
        '2:25 "" | Expected `create` after `on` (`on create` applies the mapping only during object creation)',
      ],
      ['title <- [jobTitle] match x', '2:28 "" | Expected the matching precedence after `match`: a whole number such as 1'],
      ['title <- [jobTitle] default Agent', '2:30 "" | Expected a quoted value after `default`, such as default "Agent"'],
      ['title <- ((', '2:11 "" | Expected a source after `<-`: an attribute such as [mail], a "string", a function call, or `none`'],
    ]) {
      const text = `users {\n  ${line}\n  displayName <- [displayName] match x\n}`;
      assert.deepEqual(
        located(text, parse(text).diagnostics),
        [expected, '3:37 "" | Expected the matching precedence after `match`: a whole number such as 1'],
        line,
      );
    }
  });

  test('a comparison operator written for the arrow is one error at it, and the source is still read (before: "Expected `<-`" and "Unexpected `=`")', () => {
    for (const operator of ['=', '<=', '<', '>', '>=', '<>']) {
      const text = `users {\n  title ${operator} [jobTitle] match 2\n}`;
      const result = parse(text);
      assert.deepEqual(
        located(text, result.diagnostics),
        [`2:9 ${JSON.stringify(operator)} | Write the mapping arrow \`<-\` between the target and its source, not \`${operator}\``],
        operator,
      );
      const [mapping] = result.file.blocks[0].mappings;
      assert.equal(mapping.recovered, true);
      assert.equal(mapping.source.kind === 'expression' && mapping.source.mappingType, 'direct');
      assert.deepEqual(
        mapping.properties.map((p) => p.kind === 'match' && p.precedence),
        [2],
      );
    }
  });

  test('another language\'s arrow (`->`, `:=`, `=>`) is one error at it, and the source is still read (before: "Unexpected character" and "Write the mapping arrow" for one mistake)', () => {
    for (const arrow of ['->', ':=', '=>']) {
      const text = `users {\n  title ${arrow} [jobTitle] match 2\n  displayName <- [displayName]\n}`;
      const result = parse(text);
      assert.deepEqual(
        located(text, result.diagnostics),
        [`2:9 ${JSON.stringify(arrow)} | Write the mapping arrow \`<-\` between the target and its source, not \`${arrow}\``],
        arrow,
      );
      const [title, displayName] = result.file.blocks[0].mappings;
      assert.equal(title.source.kind === 'expression' && title.source.mappingType, 'direct', arrow);
      assert.equal(displayName.recovered, undefined, arrow);
    }
  });

  test('a stray character where the source belongs is one error, the lexer\'s (before: a second "Expected a source after `<-`")', () => {
    const text = 'users {\n  title <- -\n  nickName <-\n  displayName <- [displayName]\n}';
    assert.deepEqual(located(text, parse(text).diagnostics), [
      '2:12 "-" | Unexpected character `-`: not part of the .scimmap language',
      '3:14 "" | Expected a source after `<-`: an attribute such as [mail], a "string", a function call, or `none`',
    ]);
  });

  test('a misspelt property says which one is meant (before: only "Unexpected `mach` after the mapping")', () => {
    for (const [written, message] of [
      ['mach 1', 'Unexpected `mach` after the mapping of `title`: write `match`, not `mach`'],
      ['Match 1', 'Unexpected `Match` after the mapping of `title`: keywords are lower case, write `match`, not `Match`'],
      ['defualt "x"', 'Unexpected `defualt` after the mapping of `title`: write `default`, not `defualt`'],
      ['On create', 'Unexpected `On` after the mapping of `title`: keywords are lower case, write `on`, not `On`'],
      ['alway', 'Unexpected `alway` after the mapping of `title`: write `always`, not `alway`'],
    ]) {
      const text = `users {\n  title <- [jobTitle] ${written}\n}`;
      assert.deepEqual(
        parse(text).diagnostics.map((d) => d.message),
        [message],
        written,
      );
    }
  });

  test('`None` for the source is the none source in the wrong case (before: "Source attributes go in brackets: write [None]")', () => {
    const text = 'users {\n  title <- None default "Agent"\n}';
    const result = parse(text);
    assert.deepEqual(located(text, result.diagnostics), ['2:12 "None" | Keywords are lower case: write `none`, not `None`']);
    const [mapping] = result.file.blocks[0].mappings;
    assert.equal(mapping.source.kind, 'none');
    assert.equal(mapping.properties[0].kind, 'default');
  });

  test('a junk line after a clean mapping is still reported', () => {
    const text = 'users {\n  title <- [jobTitle] ) x\n}';
    assert.deepEqual(located(text, parse(text).diagnostics), [
      '2:23 ") x" | Unexpected `)` after the mapping of `title`: expected `match`, `default`, `on create`, `always` or a new line',
    ]);
  });
});

describe('one mistake in a value filter, one diagnostic', () => {
  test('an empty filter, a bare value, a missing `.` after the filter (before: two to four errors each)', () => {
    for (const [target, expected] of [
      ['emails[].value', '2:10 "" | Expected a comparison in the value filter, such as type eq "work"'],
      ['emails[type eq work].value', '2:18 "work" | Put the filter value in double quotes: "work"'],
      ['emails[type eq "work"]value', '2:25 "" | Expected `.` before the sub-attribute `value`'],
    ]) {
      const text = `users {\n  ${target} <- [mail]\n}`;
      assert.deepEqual(located(text, parse(text).diagnostics), [expected], target);
    }
  });

  test('a bare filter value is kept as the value meant', () => {
    const text = 'users {\n  emails[type eq work].value <- [mail]\n}';
    const [mapping] = parse(text).file.blocks[0].mappings;
    assert.deepEqual(
      mapping.target.segments.map((s) => s.filter?.comparisons.map((c) => c.value.value)),
      [['work'], undefined],
    );
  });
});

describe('closers are reported where they are missing', () => {
  test('a scoping filter without `}` is closed before the next mapping', () => {
    const text = 'users {\n  scope "s" {\n    [a] IS TRUE\n  userName <- [upn]\n}';
    const result = parse(text);
    assert.deepEqual(located(text, result.diagnostics), ['3:16 "" | Expected `}` to close the scoping filter']);
    assert.deepEqual(
      result.file.blocks[0].mappings.map((m) => m.target.text),
      ['userName'],
    );
  });

  test('a block without `}` ends at the next block', () => {
    const text = 'users {\n  userName <- [upn]\n\ngroups {\n  displayName <- [displayName]\n}\n';
    const result = parse(text);
    assert.deepEqual(located(text, result.diagnostics), ['2:20 "" | Expected `}` to close the `users` block']);
    assert.deepEqual(
      result.file.blocks.map((b) => b.mappings.length),
      [1, 1],
    );
  });

  test('an attribute reference without `]`', () => {
    const text = 'users {\n  userName <- Join(" ", [givenName\n  title <- [jobTitle]\n}';
    assert.deepEqual(located(text, parse(text).diagnostics), [
      '2:35 "" | Expected `]` to close the attribute reference `[givenName`',
      '2:35 "" | Expected `)` to close `Join(`',
    ]);
  });

  test('a quote inside an attribute reference says why, at the quote (before: "Expected `]` to close the attribute reference `[o\'brien]`" after it)', () => {
    const text = "users {\n  title <- [o'brien]\n}";
    assert.deepEqual(located(text, parse(text).diagnostics), [
      "2:14 \"'\" | An attribute name in brackets cannot contain a quote ('), as in `[o'brien]`: Entra's attribute names are letters, digits and `_` (an extension attribute is extension_<appId>_name), so check the name; a text to compare or send goes in double quotes instead: \"o'brien\"",
    ]);
  });

  test('a quote inside an attribute reference ends it at its `]`: the rest of the line parses (before: a second "Expected `)` to close `Join(`")', () => {
    for (const quote of ['\u2019', "'", '"']) {
      const text = `users {\n  title <- Join(" ", [o${quote}brien], [mail])\n}`;
      const diagnostics = parse(text).diagnostics;
      assert.deepEqual(
        diagnostics.map((d) => `${d.span.start} ${text.slice(d.span.start, d.span.end)}`),
        [`31 ${quote}`],
      );
      assert.match(diagnostics[0].message, /^An attribute name in brackets cannot contain a quote/);
    }
    const twoQuotes = 'users {\n  title <- Join(" ", [a\'b\'c], [mail])\n}';
    assert.deepEqual(located(twoQuotes, parse(twoQuotes).diagnostics), [
      "2:24 \"'\" | An attribute name in brackets cannot contain a quote ('), as in `[a'b'c]`: Entra's attribute names are letters, digits and `_` (an extension attribute is extension_<appId>_name), so check the name; a text to compare or send goes in double quotes instead: \"a'b'c\"",
    ]);
    // Not a name with a quote in it: reported as before.
    const notAName = 'users {\n  title <- Join(" ", [givenName, "]")\n  other <- Join(" ", "abc, [mail])\n}';
    assert.deepEqual(located(notAName, parse(notAName).diagnostics), [
      '2:33 "" | Expected `]` to close the attribute reference `[givenName,`',
      '2:34 "\\"]\\"" | Expected `,` between the arguments of `Join`, or `)` to close it, found `"]"`',
      '3:22 "\\"abc, [mail])" | Unterminated string: add the closing `"` (a string ends on its own line)',
      '3:35 "" | Expected `)` to close `Join(`',
    ]);
  });

  test('a quote inside an attribute reference with no `]` before the next word is one error at the quote (before: a second "Expected `)` to close `Join(`", the quote\'s string having swallowed the line)', () => {
    for (const quote of ['\u2019', '\u2018', '\u201c', "'", '"']) {
      const text = `users {\n  title <- Join(" ", [o${quote}brien, [mail])\n}`;
      assert.deepEqual(located(text, parse(text).diagnostics), [
        `2:24 ${JSON.stringify(quote)} | An attribute name in brackets cannot contain a quote (${quote}), as in \`[o${quote}brien\`, whose \`]\` is missing too: Entra's attribute names are letters, digits and \`_\` (an extension attribute is extension_<appId>_name), so check the name; a text to compare or send goes in double quotes instead: ${JSON.stringify(`o${quote}brien`)}`,
      ]);
    }
    // A `]` later on the line still ends it, past a second quote: one error, for the first.
    const twoWords = 'users {\n  title <- [a\u2019b c\u2019d]\n}';
    assert.deepEqual(
      parse(twoWords).diagnostics.map((d) => [twoWords.slice(d.span.start, d.span.end), d.message.slice(0, 76)]),
      [['\u2019', 'An attribute name in brackets cannot contain a quote (\u2019), as in `[a\u2019b c\u2019d]`:']],
    );
    // At the end of the call: its `)` still closes it.
    const last = 'users {\n  title <- Join(" ", [mail], [o\u2019brien)\n}';
    assert.deepEqual(
      parse(last).diagnostics.map((d) => last.slice(d.span.start, d.span.end)),
      ['\u2019'],
    );
  });

  test('a block keyword in the wrong case or misspelt is one error at the keyword, and its block is still parsed (before: the rest of the file was skipped as one piece of junk, unchecked)', () => {
    for (const [written, object, message] of [
      ['Users', 'users', 'Keywords are lower case: write `users`, not `Users`'],
      ['GROUPS', 'groups', 'Keywords are lower case: write `groups`, not `GROUPS`'],
      ['user', 'users', 'A block starts with `users` or `groups`: write `users`, not `user`'],
      ['grups', 'groups', 'A block starts with `users` or `groups`: write `groups`, not `grups`'],
    ] as const) {
      const text = `${written} {\n  displayName <- [displayName]\n  title <- [jobTitle\n}\ngroups {\n  externalId <- [objectId]\n}\n`;
      const result = parse(text);
      assert.deepEqual(
        located(text, result.diagnostics),
        [`1:1 ${JSON.stringify(written)} | ${message}`, '3:21 "" | Expected `]` to close the attribute reference `[jobTitle`'],
        written,
      );
      assert.deepEqual(
        result.file.blocks.map((b) => `${b.object}: ${b.mappings.map((m) => m.target.text).join(', ')}`),
        [`${object}: displayName, title`, 'groups: externalId'],
      );
      assert.equal(result.file.blocks[0].recovered, true);
    }
  });

  test('in a block whose `}` is missing, a misspelt block keyword starts the next block, as at the top level (before: `Groups {` was read as a mapping of the open block, and the missing `}` never reported)', () => {
    for (const [written, object] of [
      ['Groups', 'groups'],
      ['user "Second"', 'users'],
    ] as const) {
      const text = `users {\n  displayName <- [displayName]\n\n${written} {\n  externalId <- [objectId]\n}\n`;
      const result = parse(text);
      const keyword = written.split(' ')[0];
      assert.deepEqual(
        located(text, result.diagnostics).map((line) => line.split(' | ')[0]),
        ['2:31 ""', `4:1 ${JSON.stringify(keyword)}`],
        written,
      );
      assert.match(result.diagnostics[0].message, /^Expected `}` to close the `users` block$/);
      assert.deepEqual(
        result.file.blocks.map((b) => `${b.object}: ${b.mappings.map((m) => m.target.text).join(', ')}`),
        ['users: displayName', `${object}: externalId`],
        written,
      );
    }
  });

  test('a block setting or `scope` in the wrong case or misspelt is one error at the keyword, and the item is parsed as the one meant (before: an unknown target, a missing `<-` and more, and a `Scope` block closed the users block at its `}`)', () => {
    const text = [
      'users {',
      '  Enabled false',
      '  action create, update',
      '  Scope "Sales" {',
      '    [department] EQUALS "Sales"',
      '  }',
      '  title <- [jobTitle]',
      '}',
    ].join('\n');
    const result = parse(text);
    assert.deepEqual(located(text, result.diagnostics), [
      '2:3 "Enabled" | Keywords are lower case: write `enabled`, not `Enabled`',
      '3:3 "action" | Write `actions`, not `action`',
      '4:3 "Scope" | Keywords are lower case: write `scope`, not `Scope`',
    ]);
    const [block] = result.file.blocks;
    assert.equal(block.enabled?.value, false);
    assert.deepEqual(
      block.actions?.actions.map((a) => a.action),
      ['create', 'update'],
    );
    assert.equal(block.scopes[0].clauses.length, 1);
    assert.deepEqual(
      block.mappings.map((m) => m.target.text),
      ['title'],
    );
    assert.ok(block.closeBrace);
  });

  test('a target near a setting keyword is still a target when `<-` follows, or when what follows cannot be the setting', () => {
    const text = 'users {\n  enable <- [accountEnabled]\n  action [x]\n}';
    const result = parse(text);
    assert.deepEqual(
      result.file.blocks[0].mappings.map((m) => m.target.text),
      ['enable', 'action'],
    );
    assert.deepEqual(located(text, result.diagnostics), ['3:9 "" | Expected `<-` after the target attribute `action`']);
  });

  test('a name that is no block keyword still starts junk, up to the next block', () => {
    const text = 'mappings {\n  title <- [jobTitle]\n}\nusers {\n  displayName <- [displayName]\n}\n';
    const result = parse(text);
    assert.equal(result.diagnostics.length, 1);
    assert.deepEqual(
      result.file.blocks.map((b) => b.object),
      ['users'],
    );
  });

  test('a scoping filter without its `{` is one error, and the clauses below it are still its own (before: a second error at the first clause, read as junk)', () => {
    const text = [
      'users {',
      '  scope "Sales"',
      '    [department] EQUALS "Sales"',
      '    [accountEnabled] IS TRUE',
      '  }',
      '  title <- [jobTitle]',
      '  scope "Agents"',
      '    [jobTitle] EQUALS "Agent"',
      '}',
      'groups {',
      '  displayName <- [displayName]',
      '}',
    ].join('\n');
    const result = parse(text);
    assert.deepEqual(located(text, result.diagnostics), [
      '2:16 "" | Expected `{` to open the scoping filter',
      '7:17 "" | Expected `{` to open the scoping filter',
    ]);
    const [users, groups] = result.file.blocks;
    assert.deepEqual(
      users.scopes.map((scope) => scope.clauses.length),
      [2, 1],
    );
    assert.deepEqual(
      users.mappings.map((m) => m.target.text),
      ['title'],
    );
    // The `}` after the last scope is the block's.
    assert.ok(users.closeBrace);
    assert.equal(groups.mappings.length, 1);
  });

  test("a `.` before a value filter is one error at the dot, and the filter is the attribute's (before: three errors at one place, the source lost)", () => {
    const text = 'users {\n  emails.[type eq "work"].value <- [mail]\n  title <- [jobTitle]\n}';
    const result = parse(text);
    assert.deepEqual(located(text, result.diagnostics), [
      '2:9 "." | A value filter follows its attribute name without a `.`: write `emails[type eq "work"]`',
    ]);
    const [emails] = result.file.blocks[0].mappings;
    assert.deepEqual(
      emails.target.segments.map((segment) => `${segment.name.text}${segment.filter ? '[filter]' : ''}`),
      ['emails[filter]', 'value'],
    );
    assert.equal(emails.source.kind === 'expression' && emails.source.mappingType, 'direct');
  });

  test("a half-typed target is one error where it stops, and the next line is the next mapping (before: up to three errors at one place, and `x.` took the next line's target as its sub-attribute)", () => {
    const text = ['users {', '  phoneNumbers[ty', '  emails[', '  addresses[type eq "work"', '  x.', '  title <- [jobTitle]', '}'].join(
      '\n',
    );
    const result = parse(text);
    assert.deepEqual(located(text, result.diagnostics), [
      '2:18 "" | Expected `eq` after `ty`',
      '3:10 "" | Expected an attribute name in the value filter, such as `type`',
      '4:27 "" | Expected `]` to close the value filter',
      '5:5 "" | Expected a sub-attribute name after `.`, such as `value`',
    ]);
    assert.deepEqual(
      result.file.blocks[0].mappings.map((m) => m.target.text),
      ['phoneNumbers[ty', 'emails[', 'addresses[type eq "work"', 'x.', 'title'],
    );
  });

  test('a scoping filter without its `{` takes only bracketed clauses: a clause on its line is its own, a setting on the next line stays a setting', () => {
    const text =
      'users {\n  scope "a" [department] EQUALS "x"\n  scope "b"\n  enabled false\n  actions create, update\n  title <- [jobTitle]\n}';
    const result = parse(text);
    assert.deepEqual(located(text, result.diagnostics), [
      '2:12 "" | Expected `{` to open the scoping filter',
      '3:12 "" | Expected `{` to open the scoping filter',
    ]);
    const [block] = result.file.blocks;
    assert.deepEqual(
      block.scopes.map((scope) => scope.clauses.length),
      [1, 0],
    );
    assert.equal(block.enabled?.value, false);
    assert.equal(block.actions?.actions.length, 2);
  });

  test('a missing `{` after the block keyword', () => {
    const text = 'groups\n  displayName <- [displayName]\n}';
    const result = parse(text);
    assert.deepEqual(located(text, result.diagnostics), ['1:7 "" | Expected `{` after `groups` to open the block']);
    assert.equal(result.file.blocks[0].mappings.length, 1);
  });
});

describe('strings', () => {
  test('typographic quotes are reported with the span of each wrong quote', () => {
    const text = 'users {\n  title <- “Agent”\n  nickName <- "x”\n}';
    const result = parse(text);
    const typographic = result.diagnostics.filter((d) => d.code === 'typographic-quote');
    assert.equal(typographic.length, 2);
    const quotes = typographic.map((d) => (d.data?.quotes as Array<{ start: number; end: number }>).map((q) => text.slice(q.start, q.end)));
    assert.deepEqual(quotes, [['“', '”'], ['”']]);
    assert.equal(text.slice(typographic[0].span.start, typographic[0].span.end), '“Agent”');
    assert.equal(result.diagnostics.length, 2);
    const title = result.file.blocks[0].mappings[0].source;
    assert.deepEqual(title.kind === 'expression' && title.expression, {
      kind: 'string',
      span: typographic[0].span,
      value: 'Agent',
      quote: 'typographic',
    });
  });

  test('an unterminated string stops at the end of its line', () => {
    const text = 'users {\n  title <- "Agent\n  displayName <- [displayName]\n}';
    const result = parse(text);
    assert.equal(result.diagnostics.length, 1);
    assert.equal(text.slice(result.diagnostics[0].span.start, result.diagnostics[0].span.end), '"Agent');
    assert.deepEqual(
      result.file.blocks[0].mappings.map((m) => m.target.text),
      ['title', 'displayName'],
    );
  });
});

describe('misplaced text', () => {
  test('a mapping outside any block', () => {
    const text = 'userName <- [upn]\nusers {\n  title <- [jobTitle]\n}';
    const result = parse(text);
    assert.deepEqual(located(text, result.diagnostics), [
      '1:1 "userName <- [upn]" | Mappings belong inside a `users { ... }` or `groups { ... }` block',
    ]);
    assert.equal(result.file.blocks[0].mappings.length, 1);
  });

  test('a setting twice', () => {
    const text = 'groups {\n  enabled true\n  enabled false\n}';
    const result = parse(text);
    assert.deepEqual(located(text, result.diagnostics), [
      '3:3 "enabled false" | `enabled` is already set in this `groups` block: keep one',
    ]);
    assert.equal(result.file.blocks[0].enabled?.value, true);
  });

  test('a stray character', () => {
    const text = 'users {\n  userName <- [upn] @\n  title <- [jobTitle]\n}';
    const result = parse(text);
    assert.deepEqual(located(text, result.diagnostics), ['2:21 "@" | Unexpected character `@`: not part of the .scimmap language']);
    assert.equal(result.file.blocks[0].mappings.length, 2);
  });
});

describe('pathological input returns a result and never throws', () => {
  const inputs: Array<[string, string]> = [
    ['empty', ''],
    ['only whitespace', ' \n\t\r\n '],
    ['binary junk', Array.from({ length: 20000 }, (_, i) => String.fromCharCode((i * 7919 + 13) % 65536)).join('')],
    ['1 MB of (', '('.repeat(1 << 20)],
    ['1 MB of ( in a mapping', `users {\n  a <- ${'('.repeat(1 << 20)}\n}`],
    ['deeply nested calls', `users {\n  a <- ${'Foo('.repeat(100000)}\n}`],
    ['a long comparison chain', `users {\n  a <- ${'[a] = '.repeat(50000)}[a]\n}`],
    ['unclosed everything', 'users { scope "x { [a EQUALS "'],
    ['only closers', '}}}])]'],
    ['many blocks', 'users {\n'.repeat(10000)],
    ['a NUL byte', 'users {\u0000}'],
    ['lone surrogates', 'users { a <- "\ud800" \udc00 }'],
  ];
  for (const [name, text] of inputs) {
    test(name, () => {
      const result = parse(text);
      assert.equal(result.file.kind, 'file');
      assert.ok(result.diagnostics.length <= 1001, 'diagnostics are capped');
      for (const d of result.diagnostics) {
        assert.ok(d.span.start >= 0 && d.span.end <= text.length && d.span.start <= d.span.end, 'spans inside the text');
      }
      const expression = parseExpression(text);
      assert.ok(Array.isArray(expression.diagnostics));
    });
  }

  for (const [what, expression] of [
    ['calls', 'Foo('.repeat(500)],
    ['comparisons', `${'[a] = '.repeat(500)}[a]`],
    ['concatenations', `${'[a] & '.repeat(500)}[a]`],
  ]) {
    test(`deeply nested ${what} are reported once, not once per level, and the AST stays shallow`, () => {
      const text = `users {\n  a <- ${expression}\n  b <- [x]\n}`;
      const result = parse(text);
      assert.deepEqual(
        result.diagnostics.map((d) => d.message),
        ['Expression nested too deeply (more than 100 calls or operators inside each other)'],
      );
      assert.deepEqual(
        result.file.blocks[0].mappings.map((m) => m.target.text),
        ['a', 'b'],
      );
      assert.ok(JSON.stringify(result.file).length < 100000);
    });
  }
});

describe('every one-character edit of a real file parses, with spans inside the text', () => {
  const original = [
    '# defaults',
    'users {',
    '  enabled true',
    '  actions create, update',
    '  userName <- [userPrincipalName] match 1',
    '  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
    '  emails[type eq "work"].value <- Replace([mail], , "[()\\\\s-]+", , "", , ) default "x"',
    '  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager <- [manager] on create',
    '  title <- IIF([country] = "USA", "t-" & [alias], "x")',
    '  scope "s" {',
    '    [department] NOT EQUALS "Sales"',
    '    [accountEnabled] IS TRUE',
    '  }',
    '}',
    'groups { displayName <- [displayName] match 1 }',
  ].join('\n');

  function checkSpans(node: unknown, length: number, path: string): void {
    if (Array.isArray(node)) {
      node.forEach((item, i) => checkSpans(item, length, `${path}[${i}]`));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const span = value as { start?: unknown; end?: unknown };
      if (span && typeof span.start === 'number' && typeof span.end === 'number') {
        assert.ok(0 <= span.start && span.start <= span.end && span.end <= length, `${path}.${key} ${span.start}-${span.end}`);
      } else {
        checkSpans(value, length, `${path}.${key}`);
      }
    }
  }

  test('deleting or inserting a character anywhere', () => {
    assert.deepEqual(parse(original).diagnostics, []);
    const inserts = ['(', ')', '[', ']', '{', '}', '"', ',', '<-', '“', '&', '\n', 'x'];
    for (let at = 0; at <= original.length; at++) {
      const edits = [original.slice(0, at) + original.slice(at + 1), ...inserts.map((c) => original.slice(0, at) + c + original.slice(at))];
      for (const text of edits) {
        const result = parse(text);
        checkSpans(result.file, text.length, 'file');
        checkSpans(result.diagnostics, text.length, 'diagnostics');
      }
    }
  });
});

describe('messages quote long source text by its start', () => {
  test('an unclosed `[`, a long target, function or written value is quoted by its first 60 characters, then "…"', () => {
    const long = 'a'.repeat(100_000);
    const texts = [
      `users {\n  title <- [${long}\n}\n`,
      `users {\n  ${long}\n}\n`,
      `users {\n  title <- ${long}([mail]\n}\n`,
      `users {\n  enabled ${long}\n}\n`,
      `users {\n  title <- [mail] match ${long}\n}\n`,
    ];
    for (const text of texts) {
      const { diagnostics } = parse(text);
      assert.ok(diagnostics.length > 0, text.slice(0, 40));
      for (const diagnostic of diagnostics) {
        assert.ok(diagnostic.message.length < 300, diagnostic.message.slice(0, 300));
        if (diagnostic.message.includes('aaa')) assert.match(diagnostic.message, /`\[?a{20,60}…`/);
      }
    }
    const unclosed = parseExpression(`[${long}`).diagnostics.map((d) => d.message);
    assert.deepEqual(unclosed, [`Expected \`]\` to close the attribute reference \`[${'a'.repeat(59)}…\``]);
  });
});
