// The lexer on text that is no .scimmap at all (a file of NUL bytes, a binary file): one error run,
// found without trying every token pattern at each character.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Lexer } from 'chevrotain';
import { allTokens, startsNoToken, tokenize, Unlexable } from '../../../server/src/syntax/lexer';
import { parse } from '../../../server/src/syntax/parser';

/** How many times a regular expression is run while `run` runs. */
function regExpRuns(run: () => void): number {
  const { exec, test: matches } = RegExp.prototype;
  let runs = 0;
  RegExp.prototype.exec = function (this: RegExp, text: string) {
    runs++;
    return exec.call(this, text);
  };
  RegExp.prototype.test = function (this: RegExp, text: string) {
    runs++;
    return matches.call(this, text);
  };
  try {
    run();
  } finally {
    RegExp.prototype.exec = exec;
    RegExp.prototype.test = matches;
  }
  return runs;
}

describe('characters no token starts with', () => {
  test('100 KB of NUL bytes are one error, found without running the token patterns at each byte (before: every pattern at each, 168 ms per 100 KB)', () => {
    const text = '\u0000'.repeat(100 * 1024);
    let lexed: ReturnType<typeof tokenize> | undefined;
    assert.ok(regExpRuns(() => (lexed = tokenize(text))) < 100);
    assert.deepEqual(lexed, { tokens: [], comments: [], errors: [{ offset: 0, length: text.length }] });
    const { diagnostics } = parse(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.span.start, d.span.end]),
      [[0, text.length]],
    );
    assert.match(diagnostics[0].message, /^Unexpected characters `\\u0000(\\u0000){19}…`: not part of the \.scimmap language$/);
  });

  test('a run of them next to a character that starts no token here (`!` not before `&`) is one error with it, as before', () => {
    assert.deepEqual(tokenize('users {\u0000\u0000!\u0000\u0000 x <- [a]\u0001 }').errors, [
      { offset: 7, length: 5 },
      { offset: 21, length: 1 },
    ]);
    // Inside a string or a comment they are text, as before.
    assert.deepEqual(tokenize('a "\u0000x" # \u0000\u0000\n é€ b').errors, [{ offset: 13, length: 2 }]);
  });

  test('no other token starts with a character said to start none', () => {
    const others = new Lexer(
      allTokens.filter((token) => token !== Unlexable),
      { positionTracking: 'onlyOffset', skipValidations: true },
    );
    for (let c = 0; c < 0x10000; c++) {
      if (!startsNoToken(c)) continue;
      for (const after of ['', 'a', '0']) {
        const { errors } = others.tokenize(String.fromCharCode(c) + after);
        assert.equal(errors[0]?.offset, 0, `U+${c.toString(16).padStart(4, '0')} followed by "${after}" starts a token`);
      }
    }
  });
});
