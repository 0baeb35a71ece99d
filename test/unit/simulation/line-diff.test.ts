// The line diff under a `scimmap test` failure (server/src/simulation/line-diff.ts): minimal (as
// many changed lines as the longest common subsequence leaves), with three lines of context, and
// bounded for any size: past 1,000 changed lines, or too much work, a one-line summary of where the
// values differ (before: a table of the longest common subsequence, expected x actual lines).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diffLines, maxListedChanges } from '../../../server/src/simulation/line-diff';
import { random } from '../../support/random';

/** The fewest changed lines: both lengths less twice the longest common subsequence (small inputs only). */
function fewestChanges(a: readonly string[], b: readonly string[]): number {
  let next = new Array<number>(b.length + 1).fill(0);
  for (let i = a.length - 1; i >= 0; i--) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = b.length - 1; j >= 0; j--) row[j] = a[i] === b[j] ? next[j + 1] + 1 : Math.max(next[j], row[j + 1]);
    next = row;
  }
  return a.length + b.length - 2 * next[0];
}

function isSubsequence(shown: readonly string[], of: readonly string[]): boolean {
  let at = 0;
  for (const line of shown) {
    while (at < of.length && of[at] !== line) at++;
    if (at++ === of.length) return false;
  }
  return true;
}

function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

describe('line diff', () => {
  test('the changes with three lines of context, "..." for the rest', () => {
    assert.equal(diffLines(['null'], ['"Agent"']), '- null\n+ "Agent"');
    assert.equal(
      diffLines('a b c d e f g h i j k'.split(' '), 'a b x d e f g h i j k y'.split(' ')),
      ['  a', '  b', '- c', '+ x', '  d', '  e', '  f', '  ...', '  i', '  j', '  k', '+ y'].join('\n'),
    );
  });

  test('minimal on 5,000 random pairs, each side a subsequence of its value, each change its - lines before its + lines', () => {
    const next = random(7);
    const int = (below: number) => Math.floor(next() * below);
    for (let pair = 0; pair < 5_000; pair++) {
      const side = () => Array.from({ length: int(12) }, () => 'abc'[int(3)]);
      const [a, b] = [side(), side()];
      const lines = diffLines(a, b)
        .split('\n')
        .filter((line) => line !== '' && line !== '  ...');
      const changed = lines.filter((line) => !line.startsWith('  ')).length;
      assert.equal(changed, fewestChanges(a, b), JSON.stringify([a, b, lines]));
      assert.ok(
        isSubsequence(
          lines.filter((line) => !line.startsWith('+')).map((line) => line.slice(2)),
          a,
        ),
      );
      assert.ok(
        isSubsequence(
          lines.filter((line) => !line.startsWith('-')).map((line) => line.slice(2)),
          b,
        ),
      );
      const signs = lines.map((line) => line[0]).join('');
      assert.doesNotMatch(signs, /\+-/, JSON.stringify([a, b, lines]));
    }
  });

  test('a member gone from a 200,000-line list: its line and context, in milliseconds', () => {
    const expected = Array.from({ length: 200_000 }, (_, i) => `      "value": "u${i}"`);
    const actual = expected.filter((_, i) => i !== 7);
    let diff = '';
    const ms = cpuMs(() => (diff = diffLines(expected, actual)));
    assert.equal(
      diff,
      [
        '  ...',
        '        "value": "u4"',
        '        "value": "u5"',
        '        "value": "u6"',
        '-       "value": "u7"',
        '        "value": "u8"',
        '        "value": "u9"',
        '        "value": "u10"',
        '  ...',
      ].join('\n'),
    );
    assert.ok(ms < 1_000, `${ms} ms`);
  });

  test(`more than ${maxListedChanges} changed lines, or too much work: one line that says where, bounded in time`, () => {
    const different = diffLines(
      Array.from({ length: 20_000 }, (_, i) => `${i % 7}`),
      Array.from({ length: 20_000 }, (_, i) => `${(i * 13) % 5}`),
    );
    assert.equal(different, '  ... more than 1000 lines differ, first at line 2 (the last at line 20000 of expected, 20000 of actual)');
    // Pretty JSON repeats its brace lines: long diagonals of equal lines everywhere, 888 changes.
    const braces = Array.from({ length: 200_000 }, (_, i) => (i % 3 ? '}' : '{'));
    const changed = braces.map((line, i) => (i % 450 === 0 ? 'x' : line));
    let summary = '';
    const ms = cpuMs(() => (summary = diffLines(braces, changed)));
    assert.equal(
      summary,
      '  ... too many lines differ to list in time, first at line 1 (the last at line 199801 of expected, 199801 of actual)',
    );
    assert.ok(ms < 2_000, `${ms} ms`);
    assert.match(diffLines([], Array.from({ length: 5_000 }, String)), /^ {2}\.\.\. more than 1000 lines differ, first at line 1 /);
  });

  test('over the cap with lines on one side only, the summary says which side has them (before: "the last at line 0 of expected" for a snapshot not yet written)', () => {
    const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => `line ${from + i}`);
    assert.deepEqual(
      [
        diffLines([], lines(1, 8039)),
        diffLines(lines(1, 8039), []),
        diffLines([...lines(1, 11), ...lines(5000, 3)], [...lines(1, 11), ...lines(20, 2000), ...lines(5000, 3)]),
        diffLines([...lines(1, 11), ...lines(20, 2000), ...lines(5000, 3)], [...lines(1, 11), ...lines(5000, 3)]),
      ],
      [
        '  ... more than 1000 lines differ, first at line 1 (expected is empty; actual has 8039 lines)',
        '  ... more than 1000 lines differ, first at line 1 (actual is empty; expected has 8039 lines)',
        '  ... more than 1000 lines differ, first at line 12 (lines 12 to 2011 of actual, which expected does not have)',
        '  ... more than 1000 lines differ, first at line 12 (lines 12 to 2011 of expected, which actual does not have)',
      ],
    );
  });
});
