// The remaining functions' edge cases (Microsoft Learn "Reference for writing expressions for attribute mappings in Microsoft Entra Application Provisioning"), names, placeholders and roles.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { appRoleAssignmentsOf } from '../../../server/src/evaluation/evaluate';
import { errorOf, notesOf, run, valueOf } from './run';

describe('text functions', () => {
  test('ToUpper/ToLower use the invariant culture, one character for one', () => {
    assert.equal(valueOf('ToUpper("straße")'), 'STRAßE');
    assert.equal(valueOf('ToUpper("istanbul")'), 'ISTANBUL');
    // .NET's invariant casing keeps İ when lowering and ı when upper-casing (pal_casing.c, as Windows does).
    assert.equal(valueOf('ToLower("İSTANBUL")'), 'İstanbul');
    assert.equal(valueOf('ToLower("İPEK.Yilmaz@contoso.com")'), 'İpek.yilmaz@contoso.com');
    assert.equal(valueOf('ToUpper("Yılmaz")'), 'YıLMAZ');
    assert.equal(valueOf('PCase("İPEK YILMAZ")'), 'İpek Yilmaz');
    // A named culture without rules of its own cases them as Unicode does.
    assert.equal(valueOf('ToLower("İSTANBUL", "en-US")'), 'istanbul');
    assert.equal(valueOf('ToUpper("Yılmaz", "de-DE")'), 'YILMAZ');
  });

  test('ToUpper/ToLower follow Turkish and Azerbaijani casing when the culture says so', () => {
    assert.equal(valueOf('ToUpper("istanbul", "tr-TR")'), 'İSTANBUL');
    assert.equal(valueOf('ToLower("ISPARTA", "tr-TR")'), 'ısparta');
    assert.equal(valueOf('ToLower("ISPARTA", "en-US")'), 'isparta');
    // Only tr and az case on their own: Lithuanian lowers Ì, Í and Ĩ like any culture, one character for one.
    assert.equal(valueOf('ToLower("Ì", "lt-LT")'), 'ì');
    assert.equal(valueOf('ToLower("JÍ ĨI", "lt")'), 'jí ĩi');
    assert.equal(valueOf('ToUpper("i\u0307", "lt")'), 'I\u0307'); // the dot stays, as it does per character
    assert.match(errorOf('ToLower("x", "not a culture")'), /not a culture name/);
  });

  test('PCase without separators treats punctuation and symbols as separators, not apostrophes', () => {
    assert.equal(valueOf('PCase("o\'neil mcdonald-smith")'), "O'neil Mcdonald-Smith");
    assert.equal(valueOf('PCase("jean.luc/picard")'), 'Jean.Luc/Picard');
    assert.equal(valueOf('PCase("ÉMILE ZOLA")'), 'Émile Zola');
  });

  // An empty wordSeparators is no separator given, as a null one is (.NET's string.IsNullOrEmpty), with a note.
  test('PCase with wordSeparators "" title-cases like PCase without them, and says so', () => {
    assert.equal(valueOf('PCase("JEAN-LUC PICARD", "")'), 'Jean-Luc Picard');
    assert.equal(valueOf('PCase("JEAN-LUC PICARD", [seps])', {}), 'Jean-Luc Picard');
    const notes = notesOf('PCase("JEAN-LUC PICARD", "")');
    assert.equal(notes.length, 1);
    assert.match(notes[0], /^PCase: wordSeparators is empty, so/);
    assert.deepEqual(notesOf('PCase("JEAN-LUC PICARD", " ")'), []);
  });

  test("PCase writes a digraph letter's title case, as .NET's ToTitleCase does, not its upper case", () => {
    const cases: Array<[input: string, expected: string]> = [
      ['\u01c6emal \u01c9ubica \u01ccegu\u0161', '\u01c5emal \u01c8ubica \u01cbegu\u0161'],
      ['\u01c4EMAL', '\u01c5emal'],
      ['\u01f3ivo \u01f1IVO', '\u01f2ivo \u01f2ivo'],
      ['ada lovelace', 'Ada Lovelace'],
    ];
    for (const [input, expected] of cases) assert.equal(valueOf('PCase([x])', { x: input }), expected, input);
  });

  test('PCase with separators splits words only there', () => {
    assert.equal(valueOf('PCase("jean-luc picard", "-")'), 'Jean-Luc picard');
  });

  test('NormalizeDiacritics follows the table in either Unicode normal form; other characters pass', () => {
    assert.equal(valueOf('NormalizeDiacritics([x])', { x: 'Ærøskøbing Straße Łódź Ğ' }), 'AEroeskoebing Strasse Lodz G');
    assert.equal(valueOf('NormalizeDiacritics([x])', { x: 'Zoe\u0308' }), 'Zoe');
    assert.equal(valueOf('NormalizeDiacritics([x])', { x: 'œuvre 日本' }), 'œuvre 日本');
  });

  test('NormalizeDiacritics notes a decomposed letter it read like the composed one, and only then', () => {
    const decomposed = (x: string) => notesOf('NormalizeDiacritics([x])', { x }).filter((note) => /decomposed letter/.test(note)).length;
    for (const x of ['Zoe\u0308', 'Ce\u0301line', 'A\u030Angstro\u0308m']) {
      assert.equal(decomposed(x), 1, x);
      assert.equal(valueOf('NormalizeDiacritics([x])', { x }), valueOf('NormalizeDiacritics([x])', { x: x.normalize('NFC') }), x);
    }
    for (const x of ['Zoë', 'Nguyễn', 'Straße', 'plain', 'e\u0360x']) assert.equal(decomposed(x), 0, x);
    // A letter the table lacks stays whole in either form: decomposed ễ is not ê followed by a stray tilde.
    assert.equal(valueOf('NormalizeDiacritics([x])', { x: 'Nguye\u0302\u0303n' }), 'Nguye\u0302\u0303n');
    assert.equal(decomposed('Nguye\u0302\u0303n'), 0);
  });

  test('StripSpaces removes only U+0020', () => {
    assert.equal(valueOf('StripSpaces([x])', { x: ' a b\tc\u00a0d ' }), 'ab\tc\u00a0d');
  });

  test('ConvertToBase64 and ConvertToUTF8Hex encode non-ASCII text', () => {
    assert.equal(valueOf('ConvertToBase64("é")'), '6QA=');
    assert.equal(valueOf('ConvertToUTF8Hex("é€")'), 'C3A9E282AC');
  });

  test("a lone surrogate is U+FFFD in both encodings, as .NET's replacement fallback writes it; a pair is its character", () => {
    const cases: Array<[input: string, base64: string, hex: string]> = [
      ['a\ud800b', 'YQD9/2IA', '61EFBFBD62'],
      ['a\udc00', 'YQD9/w==', '61EFBFBD'],
      ['\ud83d\ude00', 'PdgA3g==', 'F09F9880'],
    ];
    for (const [x, base64, hex] of cases) {
      assert.equal(valueOf('ConvertToBase64([x])', { x }), base64, JSON.stringify(x));
      assert.equal(valueOf('ConvertToUTF8Hex([x])', { x }), hex, JSON.stringify(x));
    }
  });

  test('Left, Mid and Word edge cases', () => {
    assert.equal(valueOf('Left("John", 0)'), '');
    assert.equal(valueOf('Left("John", -1)'), 'John');
    assert.equal(valueOf('Left("John", 10)'), 'John');
    assert.equal(valueOf('Mid("John Doe", 6, 10)'), 'Doe');
    assert.equal(valueOf('Mid("John", 9, 2)'), '');
    assert.match(errorOf('Mid("John", 0, 2)'), /start must be 1 or more/);
    assert.equal(valueOf('Word("a,,b", 2, ",")'), 'b');
    assert.equal(valueOf('Word("a b", 0, " ")'), '');
    assert.equal(valueOf('Word("a b", 3, " ")'), '');
    assert.equal(valueOf('Word(",,,", 1, ",")'), '');
  });

  test('Split and Word with an empty delimiter split on white space, as .NET String.Split given no separator, and say it is inferred', () => {
    assert.deepEqual(valueOf('Split("a b\tc", "")'), ['a', 'b', 'c']);
    assert.deepEqual(valueOf('Split("a  b", "")'), ['a', '', 'b']);
    assert.deepEqual(valueOf('Split("a,b", [d])'), ['a,b']);
    assert.deepEqual(valueOf('Split([x], "")', { x: 'a\u00a0b\u2028c\ufeffd' }), ['a', 'b', 'c\ufeffd']);
    assert.equal(valueOf('Word("a b  c", 3, "")'), 'c');
    assert.equal(valueOf('Word([x], 2, "")', { x: 'a\u0085b' }), 'b');
    assert.equal(valueOf('Word("a,b", 2, "")'), '');
    for (const text of ['Split("a b", "")', 'Word("a b", 1, "")']) {
      assert.match(notesOf(text).join(), /empty delimiter: split on white space.*inferred/, text);
    }
    assert.doesNotMatch(notesOf('Split("a b", " ")').join(), /empty delimiter/);
  });

  test('InStr: start, text compare, not found and empty', () => {
    assert.equal(valueOf('InStr("repEated", "E")'), '4');
    assert.equal(valueOf('InStr("repEated", "e", 3, vbTextCompare)'), '4');
    assert.equal(valueOf('InStr("abc", "z")'), '0');
    assert.equal(valueOf('InStr("abc", "")'), '1');
    // VB: an empty search string gives start unless start - 1 is past the end.
    assert.equal(valueOf('InStr("abc", "", 4)'), '4');
    assert.equal(valueOf('InStr("abc", "", 5)'), '0');
    assert.equal(valueOf('InStr("abc", "c", 4)'), '0');
    assert.equal(valueOf('InStr("", "", 1)'), '0');
    // vbTextCompare ignores case, width and kana type, as VB's InStr does.
    assert.equal(valueOf('InStr("ＡＢＣ", "abc", 1, vbTextCompare)'), '1');
    assert.equal(valueOf('InStr("x　ｙ　ｚ", "Y Z", 1, vbTextCompare)'), '3');
    assert.equal(valueOf('InStr("すずき カタカナ", "かたかな", 1, vbTextCompare)'), '5');
    assert.equal(valueOf('InStr("ｽｽﾞｷ", "すス", 1, vbTextCompare)'), '1');
    assert.equal(valueOf('InStr("ＡＢＣ", "abc", 1, vbBinaryCompare)'), '0');
    assert.equal(valueOf('InStr([x], "a")', {}), '0');
    assert.match(errorOf('InStr("abc", "a", 0)'), /start must be 1 or more/);
  });

  test('Append, CStr and Redact pass the value on', () => {
    assert.equal(valueOf('Append("a", [x])', {}), 'a');
    assert.equal(valueOf('CStr(42)'), '42');
    assert.equal(valueOf('Redact([passwordProfile.password])', { 'passwordProfile.password': 's3cret!' }), 's3cret!');
  });
});

describe('multi-valued functions', () => {
  const proxies = { proxyAddresses: ['SMTP:a@c.com', 'smtp:b@c.com', 'SMTP:a@c.com'] };

  test('Item counts from 1 and fails outside the range', () => {
    assert.equal(valueOf('Item([proxyAddresses], 2)', proxies), 'smtp:b@c.com');
    assert.match(errorOf('Item([proxyAddresses], 4)', proxies), /index 4 is out of range: the attribute has 3 values/);
    assert.match(errorOf('Item([proxyAddresses], 0)', proxies), /Item counts from 1/);
    assert.equal(valueOf('Item([missing], 1)', {}), null);
  });

  test('Count and RemoveDuplicates', () => {
    assert.equal(valueOf('Count([proxyAddresses])', proxies), '3');
    assert.equal(valueOf('Count([missing])', {}), '0');
    assert.deepEqual(valueOf('RemoveDuplicates([proxyAddresses])', proxies), ['SMTP:a@c.com', 'smtp:b@c.com']);
  });

  test('a text function over a multi-valued attribute applies to each value, with a note', () => {
    assert.deepEqual(valueOf('ToLower([proxyAddresses])', proxies), ['smtp:a@c.com', 'smtp:b@c.com', 'smtp:a@c.com']);
    assert.match(notesOf('ToLower([proxyAddresses])', proxies).join(), /each value/);
    assert.deepEqual(valueOf('ToLower([proxyAddresses])', { proxyAddresses: ['SMTP:A@C.COM'] }), ['smtp:a@c.com']);
  });

  test('a single-valued parameter given several values is an error', () => {
    assert.match(errorOf('Left([proxyAddresses], 2)', proxies), /multi-valued attribute with 3 values/);
  });

  test('a comparison of a multi-valued attribute is an error as Switch gives, not a test of its first value (audit F F6)', () => {
    const source = { p: ['x', 'y'] };
    for (const expression of ['IIF([p] = "x", "T", "F")', 'IIF([p] = "y", "T", "F")', 'IIF("x" <> [p], "T", "F")', 'CBool([p] = "y")']) {
      assert.equal(
        errorOf(expression, source),
        'the comparison: expected a single value but got a multi-valued attribute with 2 values',
        expression,
      );
    }
    assert.match(errorOf('Switch([p], "d", "x", "k")', source), /expected a single value but got a multi-valued attribute with 2 values/);
    // One value is a single value.
    assert.equal(valueOf('IIF([p] = "y", "T", "F")', { p: ['y'] }), 'T');
  });
});

describe('numbers and conditions', () => {
  test('BitAnd takes decimal, VB hex literals and quoted hex', () => {
    assert.equal(valueOf('BitAnd([userAccountControl], 2)', { userAccountControl: 514 }), '2');
    assert.equal(valueOf('BitAnd("&H1F", 12)'), '12');
    // VB reads &h as &H: the lexer takes both, and so must the evaluation.
    assert.equal(valueOf('BitAnd(&hf, &hF7)'), '7');
    assert.equal(valueOf('BitAnd("&h1f", 12)'), '12');
    assert.match(errorOf('BitAnd("x", 1)'), /whole number/);
  });

  test('comparisons are numeric when both sides are numbers, else ordinal', () => {
    assert.equal(valueOf('IIF([n] > 9, "big", "small")', { n: '10' }), 'big');
    assert.equal(valueOf('IIF([s] > "9", "after", "before")', { s: '10' }), 'after');
    assert.equal(valueOf('IIF([s] < "b", "before", "after")', { s: 'B' }), 'before');
    assert.equal(valueOf('IIF([s] > "9", "after", "before")', { s: '10a' }), 'before');
    assert.equal(valueOf('IIF([s] = "abc", "same", "different")', { s: 'ABC' }), 'different');
    assert.equal(valueOf('IIF([StatusRehire]=1, "rehire", "new")', { StatusRehire: '1' }), 'rehire');
    assert.equal(valueOf('IIF(DateDiff("d", CDate([d]), CDate("2021-01-10")) > 5, "old", "recent")', { d: '2021-01-01' }), 'old');
  });

  // VB, whose comparisons Entra's expressions follow, converts the text side to a date; ordinal text put 1/1/2021 before 2020-01-01.
  test('a DateTime compared with a text compares by time, the text read as CDate reads it, with a note', () => {
    const text = 'IIF(CDate([d]) > "2020-01-01", "after", "before")';
    assert.equal(valueOf(text, { d: '2021-01-01' }), 'after');
    assert.equal(valueOf(text, { d: '2019-12-31' }), 'before');
    assert.equal(valueOf('IIF("2020-01-01" < CDate([d]), "after", "before")', { d: '2021-01-01' }), 'after');
    assert.equal(valueOf('IIF(CDate([d]) = "1/1/2021", "same", "other")', { d: '2021-01-01' }), 'same');
    const notes = notesOf(text, { d: '2021-01-01' });
    assert.equal(notes.length, 1);
    assert.match(notes[0], /^the comparison read "2020-01-01" as a date, as CDate reads it/);
    assert.match(errorOf(text.replace('2020-01-01', 'soon'), { d: '2021-01-01' }), /the comparison: "soon" is not a date/);
    // An empty attribute still fails the condition check first, as any comparison with one does.
    assert.equal(valueOf('IIF(CDate([d]) > [e], "after", "before")', { d: '2021-01-01', e: '' }), null);
  });

  test('IIF evaluates both branches, as Entra does: an error in the other branch fails the mapping', () => {
    assert.match(errorOf('IIF([x] = "a", "ok", CDate("not a date"))', { x: 'a' }), /CDate/);
  });
});

describe('names and arguments', () => {
  test('a wrong-case function name evaluates like the right one', () => {
    assert.equal(valueOf('switch([x], "d", "a", "1")', { x: 'a' }), '1');
    assert.equal(valueOf('TOLOWER("ABC")'), 'abc');
  });

  test('an unknown function is an error at its name', () => {
    const outcome = run('Trim([x])', { x: 'a' });
    assert.equal(outcome.kind, 'error');
    if (outcome.kind === 'error') {
      assert.match(outcome.message, /unknown function Trim/);
      assert.deepEqual(outcome.span, { start: 0, end: 4 });
    }
  });

  test('wrong argument counts are errors', () => {
    assert.match(errorOf('Left("a")'), /Left takes 2 arguments, not 1/);
    assert.match(errorOf('Switch([x], "d", "a")', { x: 'a' }), /Switch takes at least 4/);
    assert.match(errorOf('Switch([x], "d", "a", "1", "b")', { x: 'a' }), /key\/value pairs/);
  });

  test('the & operator of cloud sync is refused', () => {
    assert.match(errorOf('"t-" & [alias]', { alias: 'a' }), /cloud sync/);
  });
});

describe('run-time values', () => {
  test('Guid() is a placeholder without a seed and a deterministic GUID with one', () => {
    const outcome = run('Join("-", "id", Guid())');
    assert.equal(outcome.kind, 'value');
    if (outcome.kind === 'value') {
      assert.equal(outcome.value, 'id-\u00abGuid()\u00bb');
      assert.equal(outcome.placeholders[0].kind, 'guid');
    }
    const first = valueOf('Guid()', {}, { seed: 42 });
    assert.match(first as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(valueOf('Guid()', {}, { seed: 42 }), first);
    assert.notEqual(valueOf('Guid()', {}, { seed: 43 }), first);
  });

  test('RandomString without a seed is a placeholder; impossible requests are errors', () => {
    const outcome = run('RandomString(8, 2, 2, 2, 2)');
    assert.equal(outcome.kind === 'value' && outcome.placeholders[0].kind, 'randomString');
    assert.match(errorOf('RandomString(300, 1, 1, 1, 1)'), /between 1 and 256/);
    assert.match(errorOf('RandomString(3, 2, 2, 0, 0)'), /smaller than the sum/);
  });

  // Entra documents Length >= MinimumNumbers + MinimumSpecialCharacters + MinimumCapital, without MinimumLowerCase.
  test("RandomString's Length rule leaves MinimumLowerCase out; a lower-case minimum that does not fit is a note", () => {
    const value = valueOf('RandomString(3,1,1,1,1)', {}, { seed: 1 }) as string;
    assert.equal(value.length, 3);
    assert.match(value, /\d/);
    assert.match(value, /[A-Z]/);
    assert.match(value, /[^A-Za-z0-9]/);
    assert.deepEqual(notesOf('RandomString(3,1,1,1,1)', {}, { seed: 1 }), [
      "RandomString: MinimumLowerCase 1 does not fit beside the other minimums in Length 3. Entra's rule for Length leaves MinimumLowerCase out and it documents nothing for this case; scimmap gives the 0 lower-case characters that fit (docs/semantics.md)",
    ]);
    assert.match(valueOf('RandomString(4,1,1,1,3)', {}, { seed: 1 }) as string, /^(?=.*[a-z])(?=.*\d)(?=.*[A-Z]).{4}$/);
    assert.deepEqual(notesOf('RandomString(4,1,1,1,1)', {}, { seed: 1 }), []);
    assert.match(
      errorOf('RandomString(3, 1, 1, 2, 0)'),
      /Length 3 is smaller than the sum of the minimums MinimumNumbers, MinimumSpecialCharacters and MinimumCapital \(4\)/,
    );
  });

  test('a computation on a placeholder yields a placeholder, not a made-up value', () => {
    assert.equal(valueOf('ToUpper(Guid())'), '\u00abToUpper(\u2026)\u00bb');
  });

  test('DefaultDomain() uses options.defaultDomain or is a placeholder', () => {
    assert.equal(
      valueOf('Join("@", [mailNickname], DefaultDomain())', { mailNickname: 'jd' }, { defaultDomain: 'contoso.com' }),
      'jd@contoso.com',
    );
    const outcome = run('Join("@", [mailNickname], DefaultDomain())', { mailNickname: 'jd' });
    assert.equal(outcome.kind === 'value' && outcome.placeholders[0].kind, 'defaultDomain');
  });
});

describe('app role assignments', () => {
  const roles = { appRoleAssignments: [{ value: 'Admin', displayName: 'Administrator', id: 'r1' }, 'User'] };

  test('SingleAppRoleAssignment gives one role and marks the choice when there are several', () => {
    const outcome = run('SingleAppRoleAssignment([appRoleAssignments])', roles);
    assert.equal(outcome.kind, 'value');
    if (outcome.kind === 'value') {
      assert.equal(outcome.value, 'Admin');
      assert.equal(outcome.placeholders[0].kind, 'appRoleAssignments');
    }
    assert.equal(valueOf('SingleAppRoleAssignment([appRoleAssignments])', {}), null);
  });

  test('AppRoleAssignmentsComplex and the assertive form give every role value', () => {
    assert.deepEqual(valueOf('AppRoleAssignmentsComplex([appRoleAssignments])', roles), ['Admin', 'User']);
    assert.deepEqual(valueOf('AssertiveAppRoleAssignmentsComplex([appRoleAssignments])', roles), ['Admin', 'User']);
  });

  test('appRoleAssignmentsOf normalises strings and objects for request building', () => {
    assert.deepEqual(appRoleAssignmentsOf(roles), [{ value: 'Admin', displayName: 'Administrator', id: 'r1' }, { value: 'User' }]);
    assert.deepEqual(appRoleAssignmentsOf({}), []);
  });
});
