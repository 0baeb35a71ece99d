// Replace in its five modes, and .NET regular expressions translated to JavaScript.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileDotNetRegex, dotNetRegexProblem, regexTest } from '../../../server/src/evaluation/regex';
import { analyze } from '../../../server/src/validation/analyze';
import { errorOf, valueOf } from './run';

describe('Replace modes', () => {
  test('oldValue + replacementValue replaces every occurrence, case-sensitively', () => {
    assert.equal(valueOf('Replace([x], "a", , , "o", , )', { x: 'banana Apple' }), 'bonono Apple');
  });

  test('oldValue + template puts the source where oldValue stands in the template', () => {
    assert.equal(valueOf('Replace([x], "{u}", , , , , "{u}@contoso.com/{u}")', { x: 'amy' }), 'amy@contoso.com/amy');
  });

  test('regexPattern + replacementValue uses .NET substitutions', () => {
    const source = { x: 'Doe, John' };
    assert.equal(valueOf('Replace([x], , "(\\\\w+), (\\\\w+)", , "$2 $1", , )', source), 'John Doe');
    assert.equal(valueOf('Replace([x], , "(?<last>\\\\w+), (?<first>\\\\w+)", , "${first}.${last}", , )', source), 'John.Doe');
    assert.equal(valueOf('Replace([x], , "o", , "[$&]$$", , )', source), 'D[o]$e, J[o]$hn');
    assert.equal(valueOf('Replace([x], , ",", , "${missing}", , )', source), 'Doe${missing} John');
  });

  test('regexPattern + regexGroupName + replacementValue replaces only the group', () => {
    assert.equal(valueOf('Replace([x], , "user(?<n>\\\\d+)@", "n", "#", , )', { x: 'user12@a user7@b' }), 'user#@a user#@b');
  });

  test('regexPattern + regexGroupName + replacementAttributeName keeps a present source', () => {
    const text = 'Replace([mailNickname], , "(?<alias>[^@]+)@", "alias", , [userPrincipalName], )';
    assert.equal(valueOf(text, { mailNickname: 'jd', userPrincipalName: 'john.doe@contoso.com' }), 'jd');
    assert.equal(valueOf(text, { userPrincipalName: 'john.doe@contoso.com' }), 'john.doe');
    assert.equal(valueOf(text, { userPrincipalName: 'no-at-sign' }), null);
  });

  test('a combination that matches no mode is a clear error', () => {
    assert.match(errorOf('Replace([x], , , , "y", , )', { x: 'a' }), /none of the five modes/);
    assert.match(errorOf('Replace([x], "a", , , , , )', { x: 'a' }), /replacementValue/);
    assert.match(errorOf('Replace([x], , "a", "g", "b", , )', { x: 'a' }), /no group named "g"/);
  });

  test('Replace applies to each value of a multi-valued source', () => {
    assert.deepEqual(valueOf('Replace([proxyAddresses], "smtp:", , , "", , )', { proxyAddresses: ['smtp:a@c', 'SMTP:b@c'] }), [
      'a@c',
      'SMTP:b@c',
    ]);
  });
});

describe('.NET regex translation', () => {
  const cases: Array<[string, string, boolean]> = [
    ['^\\d{3}$', '123', true],
    ['^\\d{3}$', '١٢٣', true], // .NET \d is any Unicode decimal digit
    ['^\\w+$', 'Zoë_9', true],
    ['.*\\@domain.com', 'a@domain.com', true], // an escaped symbol JavaScript's unicode mode would refuse
    ['^a.c$', 'a\nc', false],
    ['(?s)^a.c$', 'a\nc', true],
    ['(?i)^ABC$', 'abc', true],
    ['^abc$', 'abc\n', true], // .NET $ also matches before a final newline
    ['\\Aabc\\z', 'abc\n', false],
    ['\\Aabc\\Z', 'abc\n', true],
    ['(?<w>o)\\k<w>', 'foo', true],
    ["(?'w'o)\\k'w'", 'foo', true],
    ['a{2}b', 'aab', true],
    ['a{b', 'a{b', true], // a brace that is no quantifier is a literal in .NET
    ['[]a]', ']', true],
    ['x(?#comment)y', 'xy', true],
    ['\\p{Lu}', 'É', true],
    ['(?<=@)contoso', 'a@contoso', true],
    ['^[\\w-.]+$', 'a-b.c', true], // a `-` after a class escape is a literal in .NET
    ['\\bZoë\\b', 'Zoë Smith', true], // word boundaries around non-ASCII letters
    ['\\bZo\\b', 'Zoë', false],
    ['\\Bë', 'Zoë', true],
    // Octal as .NET reads it: a number naming no group, of two digits or more, is an octal escape.
    ['^\\101$', 'A', true],
    ['^[\\101]$', 'A', true],
    ['^\\0$', '\0', true],
    ['^\\777$', '\xff', true], // truncated to 8 bits, as .NET does
    ['^(a)\\10$', 'a\b', true], // one group: \10 is the octal escape of a backspace
    ['^(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10$', 'abcdefghijj', true], // ten groups: \10 is the tenth
    ['^(a)\\1$', 'aa', true],
    ["^(?'first'\\w+) (?'last'\\w+)$", 'John Smith', true],
  ];
  for (const [pattern, input, expected] of cases) {
    test(`${pattern} on ${JSON.stringify(input)} -> ${expected}`, () => {
      assert.equal(regexTest(pattern, input, 1000), expected);
    });
  }

  const rejected: Array<[string, RegExp]> = [
    ['(?<a-b>x)', /balancing group/],
    ['(?>abc)', /atomic groups/],
    ['(?(x)a|b)', /conditional/],
    ['a(?i)b', /inline options/],
    ['(?x)a b', /\(\?x\)/],
    ['\\p{IsGreek}', /named blocks/],
    ['[a-z-[aeiou]]', /subtraction/],
    ['\\G', /\\G/],
    ['(a+)+b', /backtrack catastrophically/],
    ['(.*)*', /backtrack catastrophically/],
    ['(a|aa)*b', /alternatives/],
    // Under (?i) different characters match the same input: each a of "aaa…!" could be either alternative.
    ['(?i)(a|A)*$', /alternatives/],
    ['(?i)(k|\u212A)*$', /alternatives/], // the Kelvin sign
    ['(?i)(S|\u017F)+$', /alternatives/], // long s
    ['(?i)(\u0390|\u1FD3)*$', /alternatives/], // ΐ twice: no case mapping links them, case folding does
    ['(?i)(a|b|\x41)*$', /alternatives/],
    ['(?i:a|A)*$', /inline options/],
    // Alternatives in a group inside the repeated one: each iteration still matches "a" two ways.
    ['((a|a))*$', /alternatives/],
    ['(?:x(?<n>a|a))*$', /alternatives/],
    ['(?i)((a|A)x)+$', /alternatives/],
    ['(x', /not closed/],
    ['x)', /unbalanced/],
    ['\\q', /unrecognised escape/],
    ['(?<n>a)(b)\\1', /named and unnamed/],
    ['\\5', /back-reference to group "5" names no group/], // one digit is always a back-reference
    ['\\81', /unrecognised escape \\8/],
  ];
  for (const [pattern, message] of rejected) {
    test(`${pattern} is rejected with a clear message`, () => {
      assert.throws(() => compileDotNetRegex(pattern), message);
    });
  }

  test('check and evaluation agree: every translated pattern is valid to check, every invalid one is refused by both', () => {
    for (const [pattern] of cases) assert.equal(dotNetRegexProblem(pattern), undefined, pattern);
    // Invalid .NET, and valid .NET that only the translation cannot run: Entra runs the second kind, so
    // check does not call it invalid, but says scimmap cannot evaluate it. Both with evaluation's reason.
    const refused = { invalid: ['(x', 'x)', '\\q', '\\5', '\\81', '[a-'], untranslatable: ['(?>abc)', '(a+)+b', '\\G'] };
    for (const [kind, pattern] of Object.entries(refused).flatMap(([kind, patterns]) => patterns.map((pattern) => [kind, pattern]))) {
      const problem = dotNetRegexProblem(pattern);
      assert.equal(problem?.kind, kind, pattern);
      assert.throws(
        () => compileDotNetRegex(pattern),
        (error: Error) => error.message.endsWith(problem.message),
        pattern,
      );
    }
  });

  test('check accepts the constructs docs/semantics.md lists as translated, and evaluation runs them', () => {
    const text = [
      'users {',
      '  userName <- [userPrincipalName] match 1',
      '  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      `  displayName <- Replace([displayName], , "(?'first'\\w+) (?'last'\\w+)", , "\${last}", , )`,
      '  title <- Replace([jobTitle], , "(?#strip dots)\\.", , "", , )',
      '  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department <- Replace([department], , "\\101", , "a", , )',
      '}',
    ].join('\n');
    assert.deepEqual(
      analyze(text).diagnostics.filter((diagnostic) => diagnostic.severity === 'error'),
      [],
    );
    assert.equal(valueOf(`Replace([x], , "(?'f'\\w+) (?'l'\\w+)", , "\${l}", , )`, { x: 'John Smith' }), 'Smith');
    assert.equal(valueOf('Replace([x], , "(?#comment)\\.", , "", , )', { x: 'a.b' }), 'ab');
    assert.equal(valueOf('Replace([x], , "\\101", , "a", , )', { x: 'AbA' }), 'aba');
  });

  test('a rejected pattern in Replace is an error outcome naming the pattern', () => {
    assert.match(
      errorOf('Replace([x], , "(?>a)", , "", , )', { x: 'a' }),
      /Replace: scimmap cannot evaluate the regular expression "\(\?>a\)": atomic groups/,
    );
  });

  test('an alternative without ^ makes the pattern unanchored for the backtracking bound', () => {
    assert.equal(compileDotNetRegex('^a*b*|c').anchoredStart, false);
    assert.equal(compileDotNetRegex('^a*b*').anchoredStart, true);
  });

  test('inline options at the start are read in order, as .NET reads them: a - turns the following ones off', () => {
    const cases: Array<[pattern: string, input: string, expected: boolean]> = [
      ['(?i)A', 'a', true],
      ['(?i-i)A', 'a', false],
      ['(?-i)A', 'a', false],
      ['(?m-i+i)^A', 'x\na', true],
      ['(?-x)a b', 'a b', true],
      ['(?i-i)(a|A)*$', 'aA', true], // case-sensitive, so a and A are distinct for the backtracking guard
    ];
    for (const [pattern, input, expected] of cases) assert.equal(regexTest(pattern, input, 100), expected, pattern);
  });

  test('(a|b)* with distinct single characters is allowed', () => {
    assert.equal(regexTest('^(a|b)*$', 'abba', 100), true);
    assert.equal(regexTest('(a|A)*$', 'aAa', 100), true); // distinct without (?i)
    assert.equal(regexTest('(?i)^(a|b|1|-)*$', 'AbBa1-', 100), true);
    assert.equal(regexTest('^(x(a|b))*$', 'xaxb', 100), true);
  });

  test("$ takes every digit after it, as .NET reads it: a number that names no group is text (not ECMAScript's $1 then 0)", () => {
    const twelve = '(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)';
    const cases: Array<[pattern: string, input: string, replacement: string, expected: string]> = [
      ['(a)', 'a', '$10', '$10'],
      ['(a)(b)', 'ab', '$12', '$12'],
      ['(a)(b)', 'ab', '$2$1', 'ba'],
      ['(a)', 'a', '$01', 'a'],
      ['(a)', 'a', '$0', 'a'],
      ['(a)', 'a', '${1}0', 'a0'],
      [twelve, 'abcdefghijkl', '$12$10', 'lj'],
      [twelve, 'abcdefghijkl', '$120', '$120'],
    ];
    for (const [pattern, input, replacement, expected] of cases)
      assert.equal(valueOf(`Replace([x], , "${pattern}", , "${replacement}", , )`, { x: input }), expected, replacement);
  });

  test('.NET numbers unnamed groups before named ones in substitutions', () => {
    assert.equal(valueOf('Replace([x], , "(?<first>a)(b)", , "$1$2", , )', { x: 'ab' }), 'ba');
  });
});
