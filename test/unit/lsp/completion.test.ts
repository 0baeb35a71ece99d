import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InsertTextFormat, type CompletionItem, type TextEdit } from 'vscode-languageserver';
import { completion, functionSnippet } from '../../../server/src/lsp/completion';
import { parseExpression } from '../../../server/src/syntax/parser';
import { acceptsArgumentCount, findFunction, functionCatalogue } from '../../../server/src/schema/functions';
import { analyzedDocument, atCursor, brokenInputs } from './analyzed-document';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GENESYS = 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User';

/** The items at the cursor, in the order the editor shows them when nothing filters them. */
function complete(source: string) {
  const { document, offset } = atCursor(source);
  const items = [...completion(document, offset).items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
  const item = (label: string): CompletionItem => {
    const found = items.find((i) => i.label === label);
    assert.ok(found, `no item ${label} among ${items.map((i) => i.label).join(', ')}`);
    return found;
  };
  /** The document text once the item's edit is applied (snippet syntax left as is). */
  const applied = (label: string): string => {
    const edit = item(label).textEdit as TextEdit;
    const { start, end } = document.lines.spanOf(edit.range);
    return document.text.slice(0, start) + edit.newText + document.text.slice(end);
  };
  return {
    items,
    labels: items.map((i) => i.label),
    item,
    applied,
    documentation: (label: string) => (item(label).documentation as { value: string }).value,
  };
}

describe('completion inside a word replaces the whole word', () => {
  const cases: Array<[source: string, label: string, expected: string]> = [
    ['users {\n  title <- [jobT<|>itle]\n}', 'department', 'users {\n  title <- [department]\n}'],
    ['users {\n  title <- [employeeOrg<|>Data.division]\n}', 'jobTitle', 'users {\n  title <- [jobTitle]\n}'],
    ['users {\n  tit<|>le <- [jobTitle]\n}', 'displayName', 'users {\n  displayName <- [jobTitle]\n}'],
    [`users {\n  ${ENTERPRISE}:dep<|>artment <- [x]\n}`, `${ENTERPRISE}:division`, `users {\n  ${ENTERPRISE}:division <- [x]\n}`],
    ['users {\n  title <- Jo<|>in(" ", [a])\n}', 'Coalesce', 'users {\n  title <- Coalesce(" ", [a])\n}'],
    ['users {\n  emails[type eq "wo<|>rk"].value <- [mail]\n}', '"other"', 'users {\n  emails[type eq "other"].value <- [mail]\n}'],
    [
      'users {\n  active <- Switch([IsSoftDeleted], , "Tr<|>ue", "False")\n}',
      '"False"',
      'users {\n  active <- Switch([IsSoftDeleted], , "False", "False")\n}',
    ],
    ['users {\n  title <- [jobTitle]  alw<|>ays\n}', 'on create', 'users {\n  title <- [jobTitle]  on create\n}'],
  ];
  for (const [source, label, expected] of cases) {
    test(JSON.stringify(source), () => {
      assert.equal(complete(source).applied(label), expected);
    });
  }
});

describe('completion before a word, for an editor with insert and replace ranges', () => {
  /** The document once the item is accepted in the editor's insert mode and in its replace mode. */
  function accepted(source: string, label: string): { insert: string; replace: string } {
    const { document, offset } = atCursor(source);
    const item = completion(document, offset, { insertReplace: true }).items.find((i) => i.label === label);
    assert.ok(item?.textEdit && 'insert' in item.textEdit, `${label}: ${JSON.stringify(item?.textEdit)}`);
    const { newText, insert, replace } = item.textEdit;
    const apply = (range: typeof insert) => {
      const { start, end } = document.lines.spanOf(range);
      return document.text.slice(0, start) + newText + document.text.slice(end);
    };
    return { insert: apply(insert), replace: apply(replace) };
  }

  test('a keyword or value replaces the word after the cursor in replace mode, and goes before it in insert mode', () => {
    assert.deepEqual(accepted('sync <|>all\nusers {\n}', 'assigned'), {
      insert: 'sync assignedall\nusers {\n}',
      replace: 'sync assigned\nusers {\n}',
    });
    assert.deepEqual(
      accepted('users {\n  emails[type eq <|>"work"].value <- [mail]\n}', '"other"').replace,
      'users {\n  emails[type eq "other"].value <- [mail]\n}',
    );
    assert.deepEqual(
      accepted('users {\n  title <- [jobTitle] <|>always\n}', 'on create').replace,
      'users {\n  title <- [jobTitle] on create\n}',
    );
    assert.deepEqual(accepted('users {\n  enabled <|>true\n}', 'false').replace, 'users {\n  enabled false\n}');
  });

  test('functions, targets and attributes go before what follows; a client without insert-replace gets one range', () => {
    const { document, offset } = atCursor('users {\n  title <- <|>Join(" ", [a])\n}');
    const join = completion(document, offset, { insertReplace: true }).items.find((i) => i.label === 'Coalesce');
    assert.ok(join?.textEdit && 'range' in join.textEdit);
    const sync = atCursor('sync <|>all\nusers {\n}');
    const plain = completion(sync.document, sync.offset).items.find((i) => i.label === 'assigned');
    assert.ok(plain?.textEdit && 'range' in plain.textEdit);
    // Typed text before the cursor: the whole word is replaced, in either mode.
    const typed = atCursor('sync a<|>ll\nusers {\n}');
    const edit = completion(typed.document, typed.offset, { insertReplace: true }).items.find((i) => i.label === 'assigned')?.textEdit;
    assert.ok(edit && 'range' in edit);
    assert.equal(typed.document.lines.spanOf(edit.range).end, typed.document.text.indexOf('\n'));
  });
});

describe('completion: target position', () => {
  test('offers Genesys attribute paths with filtered forms and URN-qualified extensions, not read-only ones', () => {
    const { labels } = complete('users {\n  <|>\n}');
    for (const label of [
      'userName',
      'displayName',
      'active',
      'emails[type eq "work"].value',
      'phoneNumbers[type eq "work2"].value',
      'phoneNumbers[type eq "microsoftteams"].value',
      `${ENTERPRISE}:department`,
      `${ENTERPRISE}:manager`,
      `${GENESYS}:externalIds[authority eq "microsoftteams"].value`,
    ]) {
      assert.ok(labels.includes(label), label);
    }
    for (const label of ['id', 'meta', 'groups', 'emails[type eq "other"].value', 'members']) assert.ok(!labels.includes(label), label);
  });

  test('the required targets come first, with type and description', () => {
    const { labels, item, documentation } = complete('users {\n  <|>\n}');
    assert.deepEqual(labels.slice(0, 3), ['userName', 'active', 'displayName']);
    assert.equal(item('userName').detail, 'string · required');
    assert.match(documentation('phoneNumbers[type eq "work2"].value'), /phone_work_2/);
    assert.match(documentation('active'), /Mutability:\*\* read-write/);
  });

  test('inserts the whole path over the partial one, with the arrow', () => {
    const { applied, item } = complete('users {\n  phone<|>\n}');
    assert.equal(applied('phoneNumbers[type eq "mobile"].value'), 'users {\n  phoneNumbers[type eq "mobile"].value <- $0\n}');
    assert.equal(item('phoneNumbers[type eq "mobile"].value').insertTextFormat, InsertTextFormat.Snippet);
  });

  test('replaces a partial URN path and keeps an arrow that is already there', () => {
    const { applied } = complete(`users {\n  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:dep<|> <- [department]\n}`);
    assert.equal(applied(`${ENTERPRISE}:department`), `users {\n  ${ENTERPRISE}:department <- [department]\n}`);
  });

  test('targets already mapped in the block are ranked last with a note', () => {
    const { labels, item } = complete('users {\n  title <- [jobTitle]\n  <|>\n}');
    const title = labels.indexOf('title');
    assert.ok(title > labels.indexOf(`${GENESYS}:externalIds[authority eq "zoomphone"].value`));
    assert.match(item('title').detail ?? '', /Already mapped/);
    assert.doesNotMatch(item('displayName').detail ?? '', /Already mapped/);
  });

  test('the mapping being typed does not count as mapped', () => {
    const { item } = complete('users {\n  tit<|>\n}');
    assert.doesNotMatch(item('title').detail ?? '', /Already mapped/);
  });

  test('every offered target is one the validator accepts as written', () => {
    for (const object of ['users', 'groups']) {
      const { items } = complete(`${object} {\n  <|>\n}`);
      for (const { label } of items.filter((item) => !['enabled', 'actions', 'scope'].includes(item.label))) {
        const text = `${object} {\n  ${label} <- [displayName]\n}`;
        const start = text.indexOf(label);
        const onTarget = analyzedDocument(text).diagnostics.filter((d) => d.span.start >= start && d.span.end <= start + label.length);
        assert.deepEqual(onTarget, [], label);
      }
    }
  });

  test('groups get the Group schema', () => {
    const { labels } = complete('groups {\n  <|>\n}');
    assert.ok(labels.includes('members') && labels.includes('displayName') && labels.includes('externalId'));
    assert.ok(!labels.includes('userName'));
  });

  test('block settings come with the targets, not once the block has them', () => {
    assert.ok(['enabled', 'actions', 'scope'].every((label) => complete('users {\n  <|>\n}').labels.includes(label)));
    const { labels } = complete('users {\n  enabled true\n  actions update\n  <|>\n}');
    assert.ok(!labels.includes('enabled') && !labels.includes('actions') && labels.includes('scope'));
  });

  test('each operator the scope snippet offers takes the value the snippet writes after it (no unary operator)', () => {
    const { applied } = complete('users {\n  <|>\n}');
    const snippet = applied('scope');
    const choices = /\$\{3\|(.*?)\|\}/.exec(snippet)![1].split(',');
    assert.ok(choices.includes('EQUALS'), choices.join(', '));
    for (const operator of choices) {
      const text = snippet.replace(/\$\{3\|.*?\|\}/, operator).replace(/\$\{\d+:([^}]*)\}/g, '$1');
      const clauseProblems = analyzedDocument(text).diagnostics.filter((d) =>
        ['syntax', 'scope-value-extra', 'scope-value-missing'].includes(d.code),
      );
      assert.deepEqual(clauseProblems, [], operator);
    }
  });
});

describe('completion: source attributes inside [', () => {
  test('Entra user attributes with their types; the closing bracket is not doubled', () => {
    const { item, applied } = complete('users {\n  title <- [<|>]\n}');
    assert.equal(item('IsSoftDeleted').detail, 'Boolean');
    assert.equal(applied('jobTitle'), 'users {\n  title <- [jobTitle]\n}');
  });

  test('adds the closing bracket when it is missing', () => {
    const { applied } = complete('users {\n  title <- [job<|>');
    assert.equal(applied('jobTitle'), 'users {\n  title <- [jobTitle]');
  });

  test('group attributes in a groups block', () => {
    const { labels } = complete('groups {\n  displayName <- [<|>]\n}');
    assert.ok(labels.includes('members') && !labels.includes('givenName'));
  });
});

describe('completion: expression position', () => {
  test('functions as snippets with catalogue placeholders, and attributes', () => {
    const { item, applied } = complete('users {\n  title <- Jo<|>');
    assert.equal(item('Switch').insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(applied('Join'), 'users {\n  title <- Join("${1:separator}", [${2:source}], [${3:source}])');
    assert.equal(applied('[jobTitle]'), 'users {\n  title <- [jobTitle]');
    assert.match(item('Join').detail ?? '', /^Join\(separator, source, …\)$/);
  });

  test('snippets leave Entra-style empty slots', () => {
    const snippet = (name: string) => functionSnippet(findFunction(name)!);
    assert.equal(snippet('Switch'), 'Switch([${1:source}], ${2}, "${3:key}", "${4:value}")');
    assert.equal(snippet('Replace'), 'Replace([${1:source}], "${2:oldValue}", , , "${3:replacementValue}", , )');
    assert.equal(snippet('FormatDateTime'), 'FormatDateTime([${1:source}], , "${2:inputFormat}", "${3:outputFormat}")');
    assert.equal(snippet('DateAdd'), 'DateAdd("${1|yyyy,m,d,ww,h,n,s|}", ${2:value}, ${3:dateTime})');
    assert.equal(snippet('Now'), 'Now()');
  });

  test('every function snippet, placeholders filled with their defaults, is a call the catalogue accepts', () => {
    for (const fn of functionCatalogue.functions) {
      const text = functionSnippet(fn)
        .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
        .replace(/\$\{\d+(?::([^}]*))?\}/g, (_, name: string | undefined) => name ?? '');
      const { expression, diagnostics } = parseExpression(text);
      assert.deepEqual(diagnostics, [], text);
      assert.ok(expression?.kind === 'call' && expression.name.text === fn.name, text);
      assert.ok(
        fn.signatures.some((signature) => acceptsArgumentCount(signature, expression.args.length)),
        text,
      );
    }
  });

  test('a function name before an existing ( is inserted without a snippet', () => {
    const { applied } = complete('users {\n  title <- Jo<|>(" ", [a], [b])\n}');
    assert.equal(applied('Join'), 'users {\n  title <- Join(" ", [a], [b])\n}');
  });

  test('"True"/"False" first for the keys of a Switch on a boolean source', () => {
    for (const source of ['IsSoftDeleted', 'accountEnabled']) {
      const { labels } = complete(`users {\n  active <- Switch([${source}], , <|>`);
      assert.deepEqual(labels.slice(0, 2), ['"True"', '"False"'], source);
    }
    assert.ok(!complete('users {\n  title <- Switch([department], , <|>').labels.includes('"True"'));
  });

  test('"True"/"False" first for what a boolean attribute is compared with', () => {
    assert.deepEqual(complete('users {\n  title <- IIF([accountEnabled] = <|>').labels.slice(0, 2), ['"True"', '"False"']);
    const { labels, applied } = complete('users {\n  title <- IIF([IsSoftDeleted] <> "<|>", "a", "b")\n}');
    assert.deepEqual(labels, ['"True"', '"False"']);
    assert.equal(applied('"False"'), 'users {\n  title <- IIF([IsSoftDeleted] <> "False", "a", "b")\n}');
    assert.deepEqual(complete('users {\n  title <- IIF([department] = "<|>').labels, []);
    assert.deepEqual(complete('users {\n  title <- IIF(ToLower([accountEnabled]) = "<|>').labels, []);
  });

  test('inside a string only the literal hints, replacing the string', () => {
    const { labels, applied } = complete('users {\n  active <- Switch([IsSoftDeleted], , "<|>")\n}');
    assert.deepEqual(labels, ['"True"', '"False"']);
    assert.equal(applied('"False"'), 'users {\n  active <- Switch([IsSoftDeleted], , "False")\n}');
  });

  test('boolean strings where the value reaches a boolean target', () => {
    assert.ok(complete('users {\n  active <- <|>\n}').labels.includes('"True"'));
    assert.ok(complete('users {\n  active <- Switch([department], , "Sales", <|>').labels.includes('"False"'));
    assert.ok(complete('users {\n  x <- Not(<|>').labels.includes('"True"'));
    assert.ok(!complete('users {\n  title <- <|>\n}').labels.includes('"True"'));
  });

  test('documented values and enum identifiers of the parameter', () => {
    assert.ok(complete('users {\n  x <- DateAdd(<|>').labels.includes('"ww"'));
    assert.deepEqual(complete('users {\n  x <- InStr([a], "b", 1, <|>').labels.slice(0, 2), ['vbTextCompare', 'vbBinaryCompare']);
  });

  test('functions are offered only where they can go', () => {
    const top = complete('users {\n  title <- <|>\n}').labels;
    assert.ok(top.includes('IgnoreFlowIfNullOrEmpty') && top.includes('IsPresent'));
    assert.ok(!complete('users {\n  title <- Join(" ", <|>').labels.includes('IgnoreFlowIfNullOrEmpty'));
    const switchSource = complete('users {\n  title <- Switch(<|>').labels;
    assert.ok(!switchSource.includes('IsPresent') && !switchSource.includes('IsNullOrEmpty') && switchSource.includes('ToLower'));
  });

  test('a function Entra supports only for HR-driven provisioning to AD comes last, with a note', () => {
    const { labels, item } = complete('users {\n  userName <- <|>\n}');
    assert.ok(labels.indexOf('SelectUniqueValue') > labels.indexOf('Word'));
    assert.match(item('SelectUniqueValue').detail ?? '', /HR-driven/);
  });

  test('none is offered as a whole source only', () => {
    assert.ok(complete('users {\n  title <- <|>\n}').labels.includes('none'));
    assert.ok(!complete('users {\n  title <- Join(<|>').labels.includes('none'));
  });
});

describe('completion: value filters', () => {
  test('canonical values inside the quotes, the read-only entry last with a note', () => {
    const { labels, applied, item } = complete('users {\n  emails[type eq "<|>');
    assert.deepEqual(labels, ['"work"', '"other"']);
    assert.equal(applied('"work"'), 'users {\n  emails[type eq "work"');
    assert.match(item('"other"').detail ?? '', /Read-only/);
  });

  test('the auto-closed quote is replaced too', () => {
    const { labels, applied } = complete('users {\n  phoneNumbers[type eq "<|>"].value\n}');
    assert.ok(labels.includes('"work2"') && labels.includes('"microsoftteams"'));
    assert.equal(applied('"work2"'), 'users {\n  phoneNumbers[type eq "work2"].value\n}');
  });

  test('"True"/"False" for a boolean sub-attribute, as in roles[primary eq "True"]', () => {
    assert.deepEqual(complete('users {\n  emails[type eq "work" and primary eq <|>\n}').labels, ['"True"', '"False"']);
    const { applied } = complete('users {\n  phoneNumbers[primary eq "T<|>"].value\n}');
    assert.equal(applied('"True"'), 'users {\n  phoneNumbers[primary eq "True"].value\n}');
  });

  test('extension filters: suggested authorities', () => {
    assert.ok(complete(`users {\n  ${GENESYS}:externalIds[authority eq "<|>`).labels.includes('"microsoftteams"'));
  });

  test('sub-attributes to filter on, the filter key first with its values', () => {
    const { labels, item } = complete('users {\n  phoneNumbers[<|>\n}');
    assert.deepEqual(labels, ['type', 'value', 'primary']);
    assert.match((item('type').textEdit as TextEdit).newText, /^type eq "\$\{1\|work,work2,/);
  });

  test('eq after the attribute, and after a comparison', () => {
    assert.deepEqual(complete('users {\n  phoneNumbers[type <|>\n}').labels, ['eq']);
    assert.deepEqual(complete('users {\n  phoneNumbers[type eq "work" <|>\n}').labels, ['and']);
    // Right after the closing quote, `and` comes with the space it needs, as properties do after a source.
    assert.equal(complete('users {\n  emails[type eq "work"<|>\n}').applied('and'), 'users {\n  emails[type eq "work" and\n}');
    assert.equal(complete('users {\n  emails[type eq "work"a<|>\n}').applied('and'), 'users {\n  emails[type eq "work" and\n}');
    assert.equal(complete('users {\n  emails[type eq "work" <|>\n}').applied('and'), 'users {\n  emails[type eq "work" and\n}');
  });

  test('sub-attributes after the filter', () => {
    assert.deepEqual(complete('users {\n  phoneNumbers[type eq "work"].<|>\n}').labels, ['value', 'primary']);
  });
});

describe('completion: after a mapping', () => {
  test('properties with the next free matching precedence', () => {
    const { labels, item } = complete('users {\n  userName <- [userPrincipalName] match 1\n  externalId <- [objectId] <|>\n}');
    assert.deepEqual(labels, ['match', 'default', 'on create', 'always']);
    assert.equal((item('match').textEdit as TextEdit).newText, 'match ${1:2}');
  });

  test('match comes last, with a note, on a target Genesys cannot filter on', () => {
    const { labels, item } = complete('users {\n  title <- [jobTitle] <|>\n}');
    assert.equal(labels[labels.length - 1], 'match');
    assert.match(item('match').detail ?? '', /cannot filter on title/);
  });

  test('the note naming the target shows the target as written, in Markdown and in the detail', () => {
    const { item } = complete('users {\n  phoneNumbers[type eq "w*rk_<b>"].value <- [mobile] <|>\n}');
    const { detail, documentation } = item('match');
    assert.match(detail ?? '', /cannot filter on phoneNumbers\[type eq "w\*rk_<b>"\]\.value/);
    assert.ok((documentation as { value: string }).value.includes('w\\*rk\\_\\<b\\>'), JSON.stringify(documentation));
  });

  test('properties already given are left out', () => {
    assert.deepEqual(complete('users {\n  title <- [jobTitle] default "Agent" on create <|>\n}').labels, ['match']);
  });

  test('a default for a boolean target is a boolean string', () => {
    assert.deepEqual(complete('users {\n  active <- none default <|>\n}').labels, ['"True"', '"False"']);
    const { applied } = complete('users {\n  active <- none default "F<|>"\n}');
    assert.equal(applied('"False"'), 'users {\n  active <- none default "False"\n}');
    assert.deepEqual(complete('users {\n  title <- [jobTitle] default "<|>"\n}').labels, []);
  });

  test("Entra's flow settings after flow and behavior; the mapping's properties go on after them", () => {
    assert.deepEqual(complete('users {\n  nickName <- [mailNickname]  flow <|>\n}').labels, [
      'Always',
      'ObjectAddOnly',
      'MultiValueAddOnly',
      'ValueAddOnly',
      'AttributeAddOnly',
    ]);
    const { applied } = complete('users {\n  nickName <- [mail]  behavior Flow<|>\n}');
    assert.equal(applied('FlowAlways'), 'users {\n  nickName <- [mail]  behavior FlowAlways\n}');
    assert.deepEqual(complete('users {\n  title <- [jobTitle]  flow ValueAddOnly  behavior FlowAlways <|>\n}').labels, [
      'default',
      'match',
    ]);
  });

  test('a property typed right after the source, with no space, gets one', () => {
    for (const [source, label, expected] of [
      ['users {\n  active <- [accountEnabled]<|>\n}', 'on create', 'users {\n  active <- [accountEnabled] on create\n}'],
      ['users {\n  title <- Join(" ", [a])<|>\n}', 'always', 'users {\n  title <- Join(" ", [a]) always\n}'],
      ['users {\n  title <- "Agent"<|>\n}', 'default', 'users {\n  title <- "Agent" default "$1"\n}'],
      ['users {\n  title <- [jobTitle]on<|>\n}', 'on create', 'users {\n  title <- [jobTitle] on create\n}'],
      ['users {\n  title <- [jobTitle] <|>\n}', 'always', 'users {\n  title <- [jobTitle] always\n}'],
    ])
      assert.equal(complete(source).applied(label), expected, source);
  });

  test('the number after match, and create after on', () => {
    assert.deepEqual(complete('users {\n  userName <- [userPrincipalName] match 1\n  externalId <- [objectId] match <|>\n}').labels, ['2']);
    assert.deepEqual(complete('users {\n  title <- [jobTitle] on <|>\n}').labels, ['create']);
  });
});

describe('completion: scopes, settings and blocks', () => {
  test('scoping operators after a clause attribute, IS TRUE first for booleans', () => {
    const { labels, item } = complete('users {\n  scope "Enabled" {\n    [accountEnabled] <|>\n  }\n}');
    assert.deepEqual(labels.slice(0, 4), ['IS TRUE', 'IS FALSE', 'IS NULL', 'IS NOT NULL']);
    assert.equal((item('REGEX MATCH').textEdit as TextEdit).newText, 'REGEX MATCH "$1"');
  });

  test('an operator typed right after the clause attribute, with no space, gets one', () => {
    const { applied } = complete('users {\n  scope "x" {\n    [mail]<|>\n  }\n}');
    assert.equal(applied('IS NOT NULL'), 'users {\n  scope "x" {\n    [mail] IS NOT NULL\n  }\n}');
    assert.equal(
      complete('users {\n  scope "x" {\n    [mail] <|>\n  }\n}').applied('IS NULL'),
      'users {\n  scope "x" {\n    [mail] IS NULL\n  }\n}',
    );
  });

  test('a clause value on a Boolean attribute is "True" or "False", as in an IIF comparison; other values are free text', () => {
    for (const source of [
      'users {\n  scope "x" {\n    [accountEnabled] EQUALS "<|>\n  }\n}',
      'users {\n  scope "x" {\n    [accountEnabled] NOT EQUALS <|>\n  }\n}',
      'users {\n  title <- IIF([accountEnabled] = <|>\n}',
    ])
      assert.deepEqual(complete(source).labels.slice(0, 2), ['"True"', '"False"'], source);
    const { applied } = complete('users {\n  scope "x" {\n    [accountEnabled] EQUALS "F<|>"\n  }\n}');
    assert.equal(applied('"False"'), 'users {\n  scope "x" {\n    [accountEnabled] EQUALS "False"\n  }\n}');
    for (const source of [
      'users {\n  scope "x" {\n    [department] EQUALS "<|>\n  }\n}',
      'users {\n  scope "x" {\n    [accountEnabled] REGEX MATCH "<|>\n  }\n}',
    ])
      assert.deepEqual(complete(source).labels, [], source);
  });

  test('a multi-word operator is replaced whole', () => {
    const { applied } = complete('users {\n  scope "x" {\n    [mail] IS NOT<|>\n  }\n}');
    assert.equal(applied('IS NOT NULL'), 'users {\n  scope "x" {\n    [mail] IS NOT NULL\n  }\n}');
  });

  test('clause attributes exclude what scoping filters cannot use', () => {
    const { labels } = complete('users {\n  scope "x" {\n    <|>\n  }\n}');
    assert.ok(labels.includes('[department]'));
    for (const label of ['[manager]', '[appRoleAssignments]', '[proxyAddresses]']) assert.ok(!labels.includes(label), label);
  });

  test('enabled values and the remaining actions', () => {
    assert.deepEqual(complete('users {\n  enabled <|>\n}').labels, ['true', 'false']);
    assert.deepEqual(complete('users {\n  actions create, <|>\n}').labels, ['update', 'delete']);
    assert.deepEqual(complete('groups {\n  actions <|>\n}').labels, ['update']);
  });

  test('block keywords at top level, without the ones declared', () => {
    assert.deepEqual(complete('<|>').labels, ['users', 'groups']);
    assert.deepEqual(complete('users {\n  userName <- [userPrincipalName]\n}\n<|>').labels, ['groups']);
  });

  test('bundled target names inside target "", no block keyword inside any other top-level string', () => {
    const { labels, applied } = complete('target "gen<|>"\nusers {\n}');
    assert.ok(labels.includes('"genesys-cloud"') && labels.includes('"generic-scim"'), labels.join(', '));
    assert.ok(!labels.includes('users'));
    assert.equal(applied('"generic-scim"'), 'target "generic-scim"\nusers {\n}');
    assert.deepEqual(complete('users "Provision <|>" {\n}').labels, []);
    assert.deepEqual(complete('groups from "Gr<|>" to "Group" {\n}').labels, []);
  });

  test('after a top-level keyword, what completes its line: target names, sync scopes, threshold; never a block', () => {
    assert.deepEqual(complete('target <|>\nusers {\n}').labels, ['"genesys-cloud"', '"generic-scim"']);
    assert.equal(complete('target gen<|>\nusers {\n}').applied('"generic-scim"'), 'target "generic-scim"\nusers {\n}');
    assert.deepEqual(complete('sync <|>\nusers {\n}').labels, ['assigned', 'all']);
    assert.equal(complete('sync a<|>\nusers {\n}').applied('all'), 'sync all\nusers {\n}');
    assert.deepEqual(complete('deletion <|>').labels, ['threshold']);
    assert.deepEqual(complete('deletion threshold <|>').labels, []);
    // The line is complete: the next one may start a block.
    assert.deepEqual(complete('sync all\n<|>').labels, ['users', 'groups']);
    assert.deepEqual(complete('deletion threshold 10\n<|>').labels, ['users', 'groups']);
  });

  test('nothing in a block header being typed, even at the end of the file: its strings and words are not where a block goes', () => {
    for (const source of [
      'users from "Us<|>',
      'users from "User<|>"',
      'users from "User" <|>',
      'users from "User" to "urn:ietf:params:scim:schemas:core:2.0:User"\n<|>',
      'users "Provision <|>',
      'users {\n}\ngroups from "Gr<|>',
      'users from "Us<|>\ngroups {\n}',
    ])
      assert.deepEqual(complete(source).labels, [], source);
  });

  test('nothing inside a comment', () => {
    assert.deepEqual(complete('users {\n  # map the tit<|>\n}').labels, []);
  });
});

test('completion answers at every offset of broken input', () => {
  for (const text of brokenInputs) {
    const document = analyzedDocument(text);
    for (let offset = 0; offset <= text.length; offset++) assert.ok(Array.isArray(completion(document, offset).items));
  }
});
