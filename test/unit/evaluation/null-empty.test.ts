// Entra's null (absent) versus empty semantics (Microsoft Learn "Reference for writing expressions for attribute mappings in Microsoft Entra Application Provisioning") and the choices docs/semantics.md records.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorOf, notesOf, run, valueOf } from './run';

describe('null and empty', () => {
  test('an absent attribute and a JSON null are both null', () => {
    assert.equal(valueOf('[mail]', {}), null);
    assert.equal(valueOf('[mail]', { mail: null }), null);
    assert.equal(valueOf('[mail]', { mail: '' }), '');
  });

  test('booleans read as "True"/"False", numbers as their text', () => {
    assert.equal(valueOf('[accountEnabled]', { accountEnabled: true }), 'True');
    assert.equal(valueOf('[IsSoftDeleted]', { IsSoftDeleted: false }), 'False');
    assert.equal(valueOf('[employeeId]', { employeeId: 42 }), '42');
  });

  test('multi-valued attributes stay arrays; an empty list is null', () => {
    assert.deepEqual(valueOf('[proxyAddresses]', { proxyAddresses: ['a', 'b'] }), ['a', 'b']);
    assert.equal(valueOf('[proxyAddresses]', { proxyAddresses: [] }), null);
    assert.equal(valueOf('IsNull([proxyAddresses])', { proxyAddresses: [] }), 'True');
    assert.equal(valueOf('IsNull([proxyAddresses])', { proxyAddresses: [null] }), 'True');
  });

  test('dotted attribute names read nested sample objects', () => {
    assert.equal(valueOf('[passwordProfile.password]', { passwordProfile: { password: 'x' } }), 'x');
    assert.equal(valueOf('[passwordProfile.password]', { 'passwordProfile.password': 'y' }), 'y');
  });

  test('a sample value that is an object without value or ref is an error, not a crash', () => {
    assert.match(errorOf('[weird]', { weird: { a: 1 } }), /\[weird\]/);
  });

  test('IsNull, IsNullOrEmpty, IsPresent and IsString distinguish absent from empty', () => {
    const cases: Array<[Record<string, unknown>, string, string, string, string]> = [
      [{}, 'True', 'True', 'False', 'False'],
      [{ x: '' }, 'False', 'True', 'False', 'True'],
      [{ x: 'a' }, 'False', 'False', 'True', 'True'],
    ];
    for (const [source, isNull, isNullOrEmpty, isPresent, isString] of cases) {
      assert.equal(valueOf('IsNull([x])', source), isNull);
      assert.equal(valueOf('IsNullOrEmpty([x])', source), isNullOrEmpty);
      assert.equal(valueOf('IsPresent([x])', source), isPresent);
      assert.equal(valueOf('IsString([x])', source), isString);
    }
  });

  test('Switch\'s "" key matches an empty or absent source; without it the default applies', () => {
    const text = 'Switch([statusFlag], "Default Value", "true", "1", "", "0")';
    assert.equal(valueOf(text, {}), '0');
    assert.equal(valueOf(text, { statusFlag: '' }), '0');
    assert.equal(valueOf(text, { statusFlag: 'other' }), 'Default Value');
    assert.equal(valueOf('Switch([x], "d", "a", "1")', {}), 'd');
    assert.equal(valueOf('Switch([x], , "a", "1")', { x: 'b' }), null);
  });

  test('Switch compares case-sensitively', () => {
    assert.equal(valueOf('Switch([x], "none", "true", "1")', { x: 'True' }), 'none');
  });

  test('Coalesce skips nulls only and notes an empty string it chose', () => {
    assert.equal(valueOf('Coalesce([a], [b], "fallback")', {}), 'fallback');
    assert.equal(valueOf('Coalesce([a], [b])', {}), null);
    assert.equal(valueOf('Coalesce([a], [b])', { a: '', b: 'x' }), '');
    assert.match(notesOf('Coalesce([a], [b])', { a: '', b: 'x' }).join(), /empty string/);
  });

  test("Coalesce's optional defaultValue may be an empty last slot, as any omitted optional argument; other slots may not", () => {
    assert.equal(valueOf('Coalesce([a], [b], )', { b: 'x' }), 'x');
    assert.equal(valueOf('Coalesce([a], [b], )', {}), null);
    assert.match(errorOf('Coalesce([a], , [b])', { b: 'x' }), /argument 2 is required/);
  });

  test('Join skips null sources and flattens multi-valued ones', () => {
    assert.equal(valueOf('Join(" ", [givenName], [middle], [surname])', { givenName: 'Ann', surname: 'Lee' }), 'Ann Lee');
    assert.equal(valueOf('Join(";", [proxyAddresses], "x")', { proxyAddresses: ['a', 'b'] }), 'a;b;x');
    assert.equal(valueOf('Join(" ", [a], [b])', {}), '');
    assert.match(notesOf('Join(" ", [a], [b])', {}).join(), /Join had no value to join/);
  });

  test('Left, Word, Len and Mid give "" or 0 for a null string', () => {
    assert.equal(valueOf('Left([x], 3)', {}), '');
    assert.equal(valueOf('Word([x], 1, " ")', {}), '');
    assert.equal(valueOf('Len([x])', {}), '0');
    assert.equal(valueOf('Len([x])', { x: '' }), '0');
    assert.equal(valueOf('Mid([x], 1, 2)', {}), '');
  });

  // Left's "" for a null string is documented; Mid's is our reading (VB.NET's Strings.Mid), and it sends "" where null sends nothing.
  test('Mid of a null source gives "" with a note that Entra documents this for Left only; Left gets none', () => {
    const notes = notesOf('Mid([x], 1, 2)', {});
    assert.equal(notes.length, 1);
    assert.match(notes[0], /^Mid: source is null, so Mid gives "" \(sent as an empty string\)/);
    assert.deepEqual(notesOf('Mid([x], 1, 2)', { x: 'abc' }), []);
    assert.deepEqual(notesOf('Left([x], 3)', {}), []);
  });

  test('string functions pass null through', () => {
    for (const text of [
      'ToLower([x])',
      'ToUpper([x])',
      'PCase([x])',
      'StripSpaces([x])',
      'NormalizeDiacritics([x])',
      'Append([x], "s")',
      'Replace([x], "a", , , "b", , )',
      'Split([x], ",")',
      'CDate([x])',
    ]) {
      assert.equal(valueOf(text, {}), null, text);
    }
  });

  test('an IIF condition on a null or empty attribute fails: no value flows, with a note', () => {
    const text = 'IIF([country]="USA",[country],[department])';
    for (const source of [{ department: 'Sales' }, { country: '', department: 'Sales' }]) {
      const outcome = run(text, source);
      assert.equal(outcome.kind, 'value');
      if (outcome.kind !== 'value') continue;
      assert.equal(outcome.value, null);
      assert.match(outcome.notes[0].message, /condition check fails/);
    }
    assert.equal(valueOf(text, { country: 'FR', department: 'Sales' }), 'Sales');
  });

  // Entra documents nothing here; CDate, FormatDateTime, NumFromDate and DateFromNum pass null on (audit F F7).
  test('DateAdd and DateDiff of a null date pass null on, with a note that Entra may fail the user instead', () => {
    for (const [text, what] of [
      ['DateAdd("d", 7, CDate([StatusHireDate]))', 'DateAdd: dateTime'],
      ['DateAdd("d", 7, [StatusHireDate])', 'DateAdd: dateTime'],
      ['DateDiff("d", CDate([x]), CDate("2021-01-01"))', 'DateDiff: date1'],
      ['DateDiff("d", CDate("2021-01-01"), [x])', 'DateDiff: date2'],
    ]) {
      assert.equal(valueOf(text, {}), null, text);
      const notes = notesOf(text, {});
      assert.equal(notes.length, 1, text);
      assert.match(notes[0], new RegExp(`^${what} is null, so no value flows`), text);
      assert.match(notes[0], /may fail the user instead/, text);
    }
    // The other arguments are still checked.
    assert.match(errorOf('DateAdd("fortnight", 7, [x])', {}), /not a date interval/);
  });

  test('IIF on a function result evaluates normally (IsPresent, Len)', () => {
    assert.equal(valueOf('IIF(IsPresent([mail]), [mail], [userPrincipalName])', { userPrincipalName: 'u@c.com' }), 'u@c.com');
    assert.equal(valueOf('IIF(Len([x]) <= 3, "short", "long")', { x: 'abcd' }), 'long');
  });

  // Entra: "If a source attribute used in the condition is null/empty, the condition check fails";
  // scimmap evaluates a function's result anyway (docs/semantics.md), which the preview must say.
  test('a condition reading a null or empty attribute through a function evaluates, with a note that Entra may fail it', () => {
    for (const [text, source, value] of [
      ['IIF(IsPresent([mail]), [mail], [userPrincipalName])', { userPrincipalName: 'u@c.com' }, 'u@c.com'],
      ['IIF(Len([x]) <= 3, "short", "long")', { x: '' }, 'short'],
      ['CBool(Len([x]))', {}, 'False'],
    ] as const) {
      assert.equal(valueOf(text, source), value, text);
      const notes = notesOf(text, source);
      assert.equal(notes.length, 1, text);
      assert.match(notes[0], /^(IIF|CBool): the condition reads \[(mail|x)\], which is null or empty/, text);
      assert.match(notes[0], /"the condition check fails"/, text);
    }
    // A condition that is itself null or empty fails with its own note, not this one beside it.
    assert.deepEqual(notesOf('CBool(Coalesce([a], [b]))', {}).length, 1);
    // An attribute with a value, or one compared directly (its own note), gets no such note.
    assert.deepEqual(notesOf('IIF(IsPresent([mail]), [mail], "x")', { mail: 'm@c.com' }), []);
    assert.equal(notesOf('IIF([x] = "a", "y", "n")', {}).length, 1);
  });

  test('CBool: a comparison, "True"/"False", or non-zero; a failed condition gives null', () => {
    assert.equal(valueOf('CBool([a] = [b])', { a: '1', b: '2' }), 'False');
    assert.equal(valueOf('CBool("5")', {}), 'True');
    assert.equal(valueOf('CBool("0")', {}), 'False');
    assert.equal(valueOf('CBool([a] = "x")', {}), null);
    assert.match(errorOf('CBool("maybe")', {}), /neither True\/False nor a number/);
  });

  test('IgnoreFlowIfNullOrEmpty drops null and empty values and passes others', () => {
    assert.equal(run('IgnoreFlowIfNullOrEmpty([x])', {}).kind, 'ignored');
    assert.equal(run('IgnoreFlowIfNullOrEmpty([x])', { x: '' }).kind, 'ignored');
    assert.equal(valueOf('IgnoreFlowIfNullOrEmpty([x])', { x: 'v' }), 'v');
  });

  test('a multi-valued value whose every value is empty is "empty" to IgnoreFlowIfNullOrEmpty, IsNullOrEmpty and IsPresent, with a note', () => {
    for (const [text, source] of [
      ['IgnoreFlowIfNullOrEmpty([x])', { x: ['', ''] }],
      ['IgnoreFlowIfNullOrEmpty(Split([y], ","))', { y: ',' }],
      ['IgnoreFlowIfNullOrEmpty(Split([y], ","))', { y: '' }],
    ] as const) {
      const outcome = run(text, source);
      assert.equal(outcome.kind, 'ignored', text);
      assert.match(
        outcome.kind === 'ignored' ? outcome.notes.map((note) => note.message).join() : '',
        /every value is empty.*inferred/,
        text,
      );
    }
    assert.equal(valueOf('IsNullOrEmpty([x])', { x: ['', ''] }), 'True');
    assert.equal(valueOf('IsPresent([x])', { x: [''] }), 'False');
    assert.match(notesOf('IsPresent([x])', { x: [''] }).join(), /every value is empty/);
    // One value that is not empty keeps the whole list.
    assert.deepEqual(valueOf('IgnoreFlowIfNullOrEmpty([x])', { x: ['', 'a'] }), ['', 'a']);
    assert.equal(valueOf('IsNullOrEmpty([x])', { x: ['', 'a'] }), 'False');
  });

  test('Not: "True" gives "False", anything else "True"', () => {
    assert.equal(valueOf('Not([x])', { x: 'True' }), 'False');
    assert.equal(valueOf('Not([x])', { x: true }), 'False');
    assert.equal(valueOf('Not([x])', { x: 'False' }), 'True');
    assert.equal(valueOf('Not([x])', { x: 'banana' }), 'True');
    assert.equal(valueOf('Not([x])', {}), 'True');
    assert.match(notesOf('Not([x])', { x: 'true' }).join(), /ignoring case/);
  });

  // .NET's bool.Parse, whose case rule Not follows, also ignores surrounding white space, as IIF's condition does here.
  test('Not reads " True " as True, as IIF(" True ", ...) does, with a note', () => {
    assert.equal(valueOf('Not([x])', { x: ' True ' }), 'False');
    assert.equal(valueOf('IIF([x], "y", "n")', { x: ' True ' }), 'y');
    assert.match(notesOf('Not([x])', { x: ' True ' }).join(), /^Not read " True " as a boolean ignoring case and surrounding white space/);
  });
});
