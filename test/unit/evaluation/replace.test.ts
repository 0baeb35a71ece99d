// Replace in its five modes, and .NET regular expressions translated to JavaScript.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileDotNetRegex, regexTest } from '../../../server/src/evaluation/regex';
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
    ['(x', /not closed/],
    ['x)', /unbalanced/],
    ['\\q', /unrecognised escape/],
    ['(?<n>a)(b)\\1', /named and unnamed/],
  ];
  for (const [pattern, message] of rejected) {
    test(`${pattern} is rejected with a clear message`, () => {
      assert.throws(() => compileDotNetRegex(pattern), message);
    });
  }

  test('a rejected pattern in Replace is an error outcome naming the pattern', () => {
    assert.match(errorOf('Replace([x], , "(?>a)", , "", , )', { x: 'a' }), /Replace: regular expression "\(\?>a\)": atomic groups/);
  });

  test('an alternative without ^ makes the pattern unanchored for the backtracking bound', () => {
    assert.equal(compileDotNetRegex('^a*b*|c').anchoredStart, false);
    assert.equal(compileDotNetRegex('^a*b*').anchoredStart, true);
  });

  test('(a|b)* with distinct single characters is allowed', () => {
    assert.equal(regexTest('^(a|b)*$', 'abba', 100), true);
  });

  test('.NET numbers unnamed groups before named ones in substitutions', () => {
    assert.equal(valueOf('Replace([x], , "(?<first>a)(b)", , "$1$2", , )', { x: 'ab' }), 'ba');
  });
});
