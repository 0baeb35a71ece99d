import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/validation/analyze';
import { quickFixes } from '../../../server/src/validation/quick-fixes';
import { codeActions } from '../../../server/src/lsp/code-actions';
import { toLspDiagnostic } from '../../../server/src/lsp/lsp-convert';
import { ACTIVE, groups, users } from '../validation/cases';
import { applyEdits } from './apply-edits';
import { valueOf } from '../evaluation/run';
import { functionCatalogue } from '../../../server/src/schema/functions';
import { analyzedDocument, atCursor, brokenInputs } from './analyzed-document';

function count(text: string, code: string): number {
  return analyze(text).diagnostics.filter((d) => d.code === code).length;
}

/**
 * Applies the one quick fix for the `code` diagnostic at the `<|>` marker through the LSP code
 * action (WorkspaceEdit included), and checks that it removed that diagnostic.
 */
function fixed(source: string, code: string, title?: RegExp): { text: string; title: string; preferred: boolean } {
  const { document, offset } = atCursor(source);
  const actions = codeActions(document, { start: offset, end: offset }).filter(
    (action) => action.diagnostics?.[0].code === code && (title === undefined || title.test(action.title)),
  );
  assert.equal(actions.length, 1, `one ${code} fix at the marker; diagnostics: ${JSON.stringify(document.diagnostics.map((d) => d.code))}`);
  const [action] = actions;
  assert.equal(action.kind, 'quickfix');
  const edits = action.edit!.changes![document.uri].map((edit) => ({ span: document.lines.spanOf(edit.range), newText: edit.newText }));
  const text = applyEdits(document.text, edits);
  assert.ok(count(text, code) < count(document.text, code), `the ${code} diagnostic is gone:\n${text}`);
  return { text, title: action.title, preferred: action.isPreferred === true };
}

const noDisplayName = ['users {', '  userName <- [userPrincipalName]  match 1', `  active <- ${ACTIVE}`, '}', ''];

describe('quick fixes', () => {
  const cases: Array<{ name: string; source: string; code: string; expected: string; preferred?: boolean; title?: RegExp }> = [
    {
      name: 'did you mean: target',
      source: users('  tit<|>el <- [jobTitle]'),
      code: 'unknown-target',
      expected: users('  title <- [jobTitle]'),
    },
    {
      name: 'did you mean: source attribute',
      source: users('  title <- [jobTit<|>el]'),
      code: 'unknown-source-attribute',
      expected: users('  title <- [jobTitle]'),
    },
    {
      name: 'did you mean: function',
      source: users('  title <- Jio<|>n(" ", [givenName], [surname])'),
      code: 'unknown-function',
      expected: users('  title <- Join(" ", [givenName], [surname])'),
    },
    {
      name: 'function name case',
      source: users('  title <- jo<|>in(" ", [givenName], [surname])'),
      code: 'function-case',
      expected: users('  title <- Join(" ", [givenName], [surname])'),
      preferred: true,
    },
    {
      name: 'did you mean: sub-attribute',
      source: users('  emails[type eq "work"].val<|>eu <- [mail]'),
      code: 'unknown-sub-attribute',
      expected: users('  emails[type eq "work"].value <- [mail]'),
    },
    {
      name: 'target case',
      source: users('  emails[type eq "work"].Val<|>ue <- [mail]'),
      code: 'target-case',
      expected: users('  emails[type eq "work"].value <- [mail]'),
      preferred: true,
    },
    {
      name: 'missing value filter',
      source: users('  phone<|>Numbers.value <- [mobile]'),
      code: 'missing-value-filter',
      expected: users('  phoneNumbers[type eq "work"].value <- [mobile]'),
    },
    {
      name: 'typographic quotes',
      source: users('  title <- \u201cAge<|>nt\u201d'),
      code: 'typographic-quote',
      expected: users('  title <- "Agent"'),
      preferred: true,
    },
    {
      name: 'typographic quotes in a value filter',
      source: users(
        '  urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq \u2018microsoft<|>teams\u2019].value <- [objectId]',
      ),
      code: 'typographic-quote',
      expected: users(
        '  urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "microsoftteams"].value <- [objectId]',
      ),
      preferred: true,
    },
    {
      name: 'single-quoted filter value',
      source: users("  phoneNumbers[type eq 'mo<|>bile'].value <- [mobile]"),
      code: 'single-quoted-filter-value',
      expected: users('  phoneNumbers[type eq "mobile"].value <- [mobile]'),
      preferred: true,
    },
    {
      name: 'filter value case',
      source: users('  phoneNumbers[type eq "Mo<|>bile"].value <- [mobile]'),
      code: 'filter-value-case',
      expected: users('  phoneNumbers[type eq "mobile"].value <- [mobile]'),
      preferred: true,
    },
    {
      name: 'a Boolean Switch key in the case Entra writes',
      source: users('  title <- Switch([accountEnabled], , "tr<|>ue", "Enabled", "False", "Disabled")'),
      code: 'switch-boolean-key-case',
      expected: users('  title <- Switch([accountEnabled], , "True", "Enabled", "False", "Disabled")'),
      preferred: true,
    },
    {
      name: 'IIF on an empty attribute becomes the Switch workaround, wrapped as a Switch with a default must be',
      source: users('  title <- IIF([coun<|>try]="","Other",[country])'),
      code: 'iif-null-condition',
      expected: users('  title <- IgnoreFlowIfNullOrEmpty(Switch([country], [country], "", "Other"))'),
    },
    {
      name: 'IIF with <> becomes a Switch',
      source: users('  title <- IIF([coun<|>try] <> "US", "Abroad", "Home")'),
      code: 'iif-null-condition',
      expected: users('  title <- IgnoreFlowIfNullOrEmpty(Switch([country], "Abroad", "US", "Home"))'),
    },
    {
      name: 'IIF(IsPresent(...)) becomes a Switch on ""',
      source: users('  title <- IIF(IsPre<|>sent([jobTitle]), [jobTitle], "Agent")'),
      code: 'iif-null-condition',
      expected: users('  title <- IgnoreFlowIfNullOrEmpty(Switch([jobTitle], [jobTitle], "", "Agent"))'),
    },
    {
      name: 'IIF(IsNull(...)) becomes a Switch on "" (an Entra attribute is never empty, only absent)',
      source: users('  title <- IIF(IsNu<|>ll([jobTitle]), "Agent", [jobTitle])'),
      code: 'iif-null-condition',
      expected: users('  title <- IgnoreFlowIfNullOrEmpty(Switch([jobTitle], [jobTitle], "", "Agent"))'),
    },
    {
      name: 'nested IIF: only the IIF whose condition is reported, a bare Switch where it cannot be wrapped',
      source: users('  title <- Join(" ", IIF([coun<|>try] = "US", "a", "b"), [jobTitle])'),
      code: 'iif-null-condition',
      expected: users('  title <- Join(" ", Switch([country], "b", "US", "a"), [jobTitle])'),
    },
    {
      name: 'Switch with a default: wrap it in IgnoreFlowIfNullOrEmpty',
      source: users('  title <- Switch([country], "Ot<|>her", "US", "United States")'),
      code: 'switch-default-null',
      title: /IgnoreFlowIfNullOrEmpty/,
      expected: users('  title <- IgnoreFlowIfNullOrEmpty(Switch([country], "Other", "US", "United States"))'),
    },
    {
      name: "Switch with a default: or Microsoft's nested IIF",
      source: users('  title <- Switch([mailNickname], "Ot<|>her", "admin", "Administrator")'),
      code: 'switch-default-null',
      title: /nested IIF/,
      expected: users('  title <- IIF([mailNickname] = "admin", "Administrator", "Other")'),
    },
    {
      name: 'nested IIF: one IIF per key, in the Switch order, the default last',
      source: users('  title <- Switch(ToLower([mailNickname]), [<|>jobTitle], "ceo", "Chief", "cto", "Tech", "cfo", "Money")'),
      code: 'switch-default-null',
      title: /nested IIF/,
      expected: users(
        '  title <- IIF(ToLower([mailNickname]) = "ceo", "Chief", IIF(ToLower([mailNickname]) = "cto", "Tech", IIF(ToLower([mailNickname]) = "cfo", "Money", [jobTitle])))',
      ),
    },
    {
      name: 'nested IIF also where the Switch is inside another expression (IgnoreFlowIfNullOrEmpty cannot be)',
      source: users('  title <- Join(" ", Switch([mailNickname], "Ot<|>her", "admin", "Home"), [jobTitle])'),
      code: 'switch-default-null',
      expected: users('  title <- Join(" ", IIF([mailNickname] = "admin", "Home", "Other"), [jobTitle])'),
    },
    {
      name: 'remove a duplicate mapping with its comment',
      source: users('  title <- [jobTitle]\n  ti<|>tle <- [department] # again'),
      code: 'duplicate-target',
      expected: users('  title <- [jobTitle]'),
    },
    {
      name: 'Switch without its default slot gets it empty',
      source: users('  title <- Switch([country], "US", "United States"<|>)'),
      code: 'argument-count',
      expected: users('  title <- Switch([country], , "US", "United States")'),
    },
    {
      name: 'add a missing required mapping',
      source: noDisplayName.join('\n').replace('users', 'us<|>ers'),
      code: 'missing-required-target',
      expected: [...noDisplayName.slice(0, 3), '  displayName <- [displayName]', ...noDisplayName.slice(3)].join('\n'),
    },
    {
      name: 'add the missing active mapping after a trailing comment',
      source: 'us<|>ers {\n  userName <- [userPrincipalName]  match 1\n  displayName <- [displayName] # shown\n}\n',
      code: 'missing-required-target',
      expected: `users {\n  userName <- [userPrincipalName]  match 1\n  displayName <- [displayName] # shown\n  active <- ${ACTIVE}\n}\n`,
    },
    {
      name: 'add a missing mapping to a one-line block',
      source: 'gro<|>ups { actions update }\n',
      code: 'missing-required-target',
      expected: 'groups { actions update\n  displayName <- [displayName]\n}\n',
    },
    {
      name: 'add a missing mapping to a one-line block: no space left at the end of the line',
      source: 'us<|>ers { userName <- [userPrincipalName]  match 1 }\n',
      code: 'missing-required-target',
      title: /displayName/,
      expected: 'users { userName <- [userPrincipalName]  match 1\n  displayName <- [displayName]\n}\n',
    },
    {
      name: 'add a missing mapping to an empty one-line block',
      source: 'gro<|>ups {  }\n',
      code: 'missing-required-target',
      expected: 'groups {\n  displayName <- [displayName]\n}\n',
    },
    {
      name: 'add a matching attribute',
      source: 'us<|>ers {\n  userName <- [userPrincipalName]\n  displayName <- [displayName]\n  active <- [IsSoftDeleted]\n}\n',
      code: 'no-matching-attribute',
      expected: 'users {\n  userName <- [userPrincipalName]  match 1\n  displayName <- [displayName]\n  active <- [IsSoftDeleted]\n}\n',
    },
    {
      name: 'active from IsSoftDeleted',
      source: 'users {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  active <- [IsSoft<|>Deleted]\n}\n',
      code: 'active-from-is-soft-deleted',
      expected: `users {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  active <- ${ACTIVE}\n}\n`,
    },
    {
      name: 'concatenation becomes Join',
      source: users('  title <- "t-" <|>& [mailNickname]'),
      code: 'concatenation',
      expected: users('  title <- Join("", "t-", [mailNickname])'),
    },
    {
      name: 'scoping operator',
      source: users('  scope "Sales" {\n    [department] EQU<|>AL "Sales"\n  }'),
      code: 'unknown-scope-operator',
      expected: users('  scope "Sales" {\n    [department] EQUALS "Sales"\n  }'),
    },
    {
      name: 'duplicate matching precedence',
      source: users('  externalId <- [objectId]  match <|>1'),
      code: 'duplicate-match-precedence',
      expected: users('  externalId <- [objectId]  match 2'),
    },
    {
      name: 'an extension attribute written bare becomes fully qualified',
      source: users('  depart<|>ment <- [department]'),
      code: 'unknown-target',
      expected: users('  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department <- [department]'),
    },
    {
      name: 'a bare word becomes an attribute',
      source: users('  title <- Join(" ", given<|>Name, [surname])'),
      code: 'unexpected-identifier',
      expected: users('  title <- Join(" ", [givenName], [surname])'),
    },
    {
      name: 'a misspelled enum argument',
      source: users('  title <- Mid([mail], InStr([mail], "@", 1, vbTextCom<|>par), 3)'),
      code: 'argument-kind',
      expected: users('  title <- Mid([mail], InStr([mail], "@", 1, vbTextCompare), 3)'),
    },
    {
      name: 'remove a read-only target',
      source: users('  i<|>d <- [objectId]'),
      code: 'read-only-target',
      expected: users('  id <- [objectId]').replace('  id <- [objectId]\n', ''),
    },
    {
      name: 'remove members from users',
      source: users('  mem<|>bers <- [members]'),
      code: 'members-only-on-groups',
      expected: users('  members <- [members]').replace('  members <- [members]\n', ''),
    },
    {
      name: 'groups: add `actions update` where none is written',
      source: 'gro<|>ups {\n  displayName <- [displayName]  match 1\n}\n',
      code: 'group-action-unsupported',
      expected: 'groups {\n  actions update\n  displayName <- [displayName]  match 1\n}\n',
    },
    {
      name: 'groups: remove a first action',
      source: groups('', '  actions cre<|>ate, update'),
      code: 'group-action-unsupported',
      expected: groups('', '  actions update'),
    },
    {
      name: 'groups: remove a later action',
      source: groups('', '  actions update, del<|>ete'),
      code: 'group-action-unsupported',
      expected: groups('', '  actions update'),
    },
    {
      name: 'groups: the only action becomes update',
      source: groups('', '  actions cre<|>ate'),
      code: 'group-action-unsupported',
      expected: groups('', '  actions update'),
    },
    {
      name: 'groups: a misspelled target',
      source: groups('  member<|>s2 <- [members]'),
      code: 'unknown-target',
      expected: groups('  members <- [members]'),
    },
  ];
  for (const { name, source, code, expected, preferred = false, title } of cases) {
    test(name, () => {
      const result = fixed(source, code, title);
      assert.equal(result.text, expected);
      assert.equal(result.preferred, preferred);
      assert.ok(result.title.length > 0);
    });
  }

  test('a target written with a sub-attribute is only offered attributes that have sub-attributes', () => {
    // Genesys Cloud has no `name`; `userName` is the nearest name, but `userName.givenName` would be another error.
    const { document, offset } = atCursor(users('  na<|>me.givenName <- [givenName]'));
    const actions = codeActions(document, { start: offset, end: offset }).filter((a) => a.diagnostics?.[0].code === 'unknown-target');
    assert.deepEqual(
      actions.map((a) => a.title),
      [],
    );
    assert.equal(
      fixed(users('  emai<|>s[type eq "work"].value <- [mail]'), 'unknown-target').text,
      users('  emails[type eq "work"].value <- [mail]'),
    );
  });

  test('no fix renames a target to one the block already maps: that would be a duplicate-target error', () => {
    for (const [source, code] of [
      [users('  title <- [jobTitle]\n  tit<|>el <- [department]'), 'unknown-target'],
      [users('  TITLE <- [jobTitle]\n  tit<|>el <- [department]'), 'unknown-target'],
      [users('  emails[type eq "work"].value <- [mail]\n  emails[type eq "wor<|>"].value <- [department]'), 'unknown-filter-value'],
      // Compared as duplicate-target compares them: the filter's value however it is quoted, names in any case.
      [users("  emails[type eq 'work'].value <- [mail]\n  emai<|>ls.value <- [department]"), 'missing-value-filter'],
      [users('  EMAILS[ TYPE eq "work" ].Value <- [mail]\n  emai<|>ls.value <- [department]'), 'missing-value-filter'],
      // A core attribute qualified by its core schema's URN is the same target as the bare name.
      [
        users('  urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"].value <- [mail]\n  emai<|>ls.value <- [department]'),
        'missing-value-filter',
      ],
    ]) {
      const { document, offset } = atCursor(source);
      assert.ok(
        document.diagnostics.some((d) => d.code === code),
        source,
      );
      const titles = codeActions(document, { start: offset, end: offset })
        .filter((a) => a.diagnostics?.[0].code === code)
        .map((a) => a.title);
      assert.deepEqual(titles, [], source);
    }
    // A target that already collides keeps its fix: the fix adds no error.
    assert.equal(
      fixed(users('  title <- [jobTitle]\n  Ti<|>tle <- [department]'), 'target-case').text,
      users('  title <- [jobTitle]\n  title <- [department]'),
    );
  });

  test('IIF conditions Switch cannot express the same way get no fix', () => {
    for (const source of [
      users('  title <- IIF([coun<|>try] = "1", "a", "b")'),
      users('  title <- IIF([coun<|>try] > "a", "a", "b")'),
      users('  title <- IIF(Len([coun<|>try]) = "2", "a", "b")'),
    ]) {
      const { document, offset } = atCursor(source);
      assert.ok(
        document.diagnostics.some((d) => d.code === 'iif-null-condition'),
        source,
      );
      assert.deepEqual(
        codeActions(document, { start: offset, end: offset }).filter((a) => a.diagnostics?.[0].code === 'iif-null-condition'),
        [],
        source,
      );
    }
  });

  test('a Switch inside another expression is not wrapped (IgnoreFlowIfNullOrEmpty must be the whole expression)', () => {
    const { document, offset } = atCursor(users('  title <- Join(" ", Switch([country], "Ot<|>her", "US", "United States"), [jobTitle])'));
    assert.deepEqual(
      codeActions(document, { start: offset, end: offset }).filter(
        (a) => a.diagnostics?.[0].code === 'switch-default-null' && /IgnoreFlowIfNullOrEmpty/.test(a.title),
      ),
      [],
    );
  });

  test('every catalogued function with an optional slot before a required one gets the empty slot inserted (the rule, from the catalogue)', () => {
    const calls: Record<string, string[]> = {
      // Three arguments are its own form (source, inputFormat, outputFormat): no slot is missing.
      FormatDateTime: [],
      Switch: ['Switch([country], "US", "United States")', 'Switch([country], "US", "United States", "FR", "France", "DE", "Germany")'],
    };
    const shaped = functionCatalogue.functions
      .filter((fn) =>
        fn.signatures.some((signature) =>
          signature.parameters.some(
            (parameter, index) => index > 0 && !parameter.required && signature.parameters.slice(index + 1).some((later) => later.required),
          ),
        ),
      )
      .map((fn) => fn.name);
    assert.deepEqual(shaped.sort(), Object.keys(calls).sort(), 'a catalogue function of this shape needs cases here');
    for (const call of Object.values(calls).flat()) {
      const text = users(`  title <- ${call}`);
      const file = analyze(text);
      const diagnostic = file.diagnostics.find((d) => d.code === 'argument-count');
      assert.ok(diagnostic, call);
      const [fix] = quickFixes(text, file.file, diagnostic);
      assert.ok(fix, call);
      const after = applyEdits(text, fix.edits);
      assert.equal(count(after, 'argument-count'), 0, after);
      assert.match(after, /\(\[[a-zA-Z0-9]+\], , /, after);
    }
  });

  test('keys IIF cannot compare as Switch does get no nested IIF: empty (the condition fails), numbers (compared as numbers), not text', () => {
    for (const source of [
      users('  title <- Switch([mailNickname], "Ot<|>her", "", "Unknown", "admin", "Home")'),
      users('  title <- Switch([mailNickname], "Ot<|>her", "01", "One")'),
      users('  title <- Switch([mailNickname], "Ot<|>her", [department], "Same")'),
    ]) {
      const { document, offset } = atCursor(source);
      const titles = codeActions(document, { start: offset, end: offset })
        .filter((a) => a.diagnostics?.[0].code === 'switch-default-null')
        .map((a) => a.title);
      assert.ok(titles.length === 1 && /IgnoreFlowIfNullOrEmpty/.test(titles[0]), `${source}: ${JSON.stringify(titles)}`);
    }
  });

  test('a Switch on an attribute Entra may leave empty gets no nested IIF (its condition would fail, and iif-null-condition would turn it back)', () => {
    for (const source of [
      users('  title <- Switch([country], "Ot<|>her", "US", "Home")'),
      users('  title <- Switch(ToLower([country]), "Ot<|>her", "us", "Home")'),
      users('  title <- Join(" ", Switch([country], "Ot<|>her", "US", "Home"), [jobTitle])'),
    ]) {
      const { document, offset } = atCursor(source);
      const titles = codeActions(document, { start: offset, end: offset })
        .filter((a) => a.diagnostics?.[0].code === 'switch-default-null')
        .map((a) => a.title);
      assert.ok(!titles.some((title) => /nested IIF/.test(title)), `${source}: ${JSON.stringify(titles)}`);
    }
  });

  test('the fixes that add IgnoreFlowIfNullOrEmpty say that an empty result then leaves the target unchanged', () => {
    for (const [source, code] of [
      [users('  title <- Switch([country], "Ot<|>her", "US", "Home")'), 'switch-default-null'],
      [users('  title <- IIF([coun<|>try] = "US", "Home", "Abroad")'), 'iif-null-condition'],
    ]) {
      const { document, offset } = atCursor(source);
      const titles = codeActions(document, { start: offset, end: offset })
        .filter((a) => a.diagnostics?.[0].code === code)
        .map((a) => a.title);
      assert.equal(titles.length, 1, source);
      assert.match(titles[0], /IgnoreFlowIfNullOrEmpty.*an empty result then leaves the target unchanged/, source);
    }
  });

  test('the nested IIF evaluates as the Switch does for every key and for an unmatched value', () => {
    const expression = 'Switch([mailNickname], "Other", "US", "United States", "FR", "France")';
    const { document, offset } = atCursor(users(`  title <- ${expression.replace('"Other"', '"Ot<|>her"')}`));
    const action = codeActions(document, { start: offset, end: offset }).find((a) => /nested IIF/.test(a.title))!;
    const nested = action.edit!.changes![document.uri][0].newText;
    for (const mailNickname of ['US', 'FR', 'DE', 'us'])
      assert.equal(valueOf(nested, { mailNickname }), valueOf(expression, { mailNickname }), mailNickname);
  });

  test('applying fixes one after another always ends: no fix undoes another (IIF -> Switch -> nested IIF -> ...)', () => {
    const sources = [
      [
        'users {',
        '  userName <- [userPrincipalName]  match 1',
        `  active <- ${ACTIVE}`,
        '  displayName <- IIF([country] = "US", [displayName], "x")',
        '  title <- IIF(IsNullOrEmpty([jobTitle]), "Agent", [jobTitle])',
        '}',
        '',
      ].join('\n'),
      users('  title <- Join(" ", IIF([country] <> "US", "a", "b"), [jobTitle])'),
      users('  title <- IIF(IsPresent([jobTitle]), [jobTitle], "Agent")'),
      users('  title <- Switch([country], "Other", "US", "Home", "FR", "France")'),
      users('  title <- Join(" ", Switch(ToLower([country]), [country], "us", "Home"), [jobTitle])'),
      users('  title <- Switch([mailNickname], "Other", "a", "b")'),
    ];
    for (const source of sources) {
      // Every order of applying every offered fix, depth first; a text met again on the same path is a loop.
      const visit = (text: string, path: string[]): void => {
        assert.ok(!path.includes(text), `a fix turns the text back:\n${[...path, text].join('\n---\n')}`);
        assert.ok(path.length < 8, `still fixing after ${path.length} fixes:\n${text}`);
        const { file, diagnostics } = analyze(text);
        for (const diagnostic of diagnostics)
          for (const fix of quickFixes(text, file, diagnostic)) visit(applyEdits(text, fix.edits), [...path, text]);
      };
      visit(source, []);
    }
  });

  test('a request gets the fixes of the diagnostics in its context, not of others on the same range', () => {
    const { document, offset } = atCursor('us<|>ers {\n  userName <- [userPrincipalName]  match 1\n}\n');
    const missing = document.diagnostics.filter((d) => d.code === 'missing-required-target');
    assert.equal(missing.length, 2, 'active and displayName are both missing, both reported on `users`');
    const range = { start: offset, end: offset };
    for (const diagnostic of missing) {
      const asked = toLspDiagnostic(diagnostic, document.lines);
      const actions = codeActions(document, range, { diagnostics: [asked] });
      assert.equal(actions.length, 1, JSON.stringify(actions.map((action) => action.title)));
      assert.match(actions[0].edit!.changes![document.uri][0].newText, new RegExp(`^\\s+${String(diagnostic.data?.attribute)} <- `));
      assert.deepEqual(actions[0].diagnostics, [asked]);
    }
    assert.equal(codeActions(document, range, { diagnostics: [] }).length, 2, 'no diagnostics in the context: every fix in the range');
  });

  test('only quick fixes are offered, and only when asked for', () => {
    const { document, offset } = atCursor(users('  title <- jo<|>in(" ", [givenName], [surname])'));
    const range = { start: offset, end: offset };
    assert.ok(codeActions(document, range, { only: ['quickfix'] }).length > 0);
    assert.ok(codeActions(document, range, { only: [''] }).length > 0);
    assert.deepEqual(codeActions(document, range, { only: ['refactor'] }), []);
    assert.deepEqual(codeActions(document, range, { only: ['source.organizeImports'] }), []);
  });

  test('no fix away from any diagnostic, and none on broken input that fails', () => {
    const clean = analyzedDocument(users(''));
    assert.deepEqual(codeActions(clean, { start: 0, end: clean.text.length }), []);
    for (const text of brokenInputs) {
      const document = analyzedDocument(text);
      for (const diagnostic of document.diagnostics) {
        for (const fix of quickFixes(text, document.file, diagnostic)) {
          for (const edit of fix.edits) assert.ok(edit.span.start >= 0 && edit.span.end <= text.length && edit.span.start <= edit.span.end);
        }
      }
      assert.doesNotThrow(() => codeActions(document, { start: 0, end: text.length }));
    }
  });
});
