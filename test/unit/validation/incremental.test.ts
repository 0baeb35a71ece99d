// Incremental analysis gives exactly what a whole analysis gives (every span, flag and diagnostic)
// over long random sequences of edits, and typing inside a mapping reparses only the items around it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../../server/src/validation/analyze';
import { IncrementalAnalyzer, type AnalysisKind } from '../../../server/src/validation/incremental';
import { MAX_REPORTED_DIAGNOSTICS } from '../../../server/src/validation/analyze';
import { parse } from '../../../server/src/syntax/parser';
import { validate } from '../../../server/src/validation/validate';
import { Reporter } from '../../../server/src/validation/report';
import { defaultTarget } from '../../../server/src/schema/target-format';
import { random } from '../../support/random';
import { generateMappings } from '../../support/generate';

const characters = [
  'a',
  'e',
  'x',
  'T',
  '_',
  '1',
  ' ',
  ' ',
  '\n',
  '\n',
  '(',
  ')',
  '[',
  ']',
  '"',
  "'",
  ',',
  '.',
  '<',
  '-',
  '=',
  '&',
  '{',
  '}',
  '#',
  ':',
  '\u201c',
  '\t',
  '\r',
];
const snippets = [
  '  title <- [jobTitle]\n',
  '  displayName <- Join(" ", [givenName], [surname])  match 2\n',
  '  enabled false\n',
  '  actions update, delete\n',
  '  scope "x" {\n    [department] EQUALS "Sales"\n  }\n',
  'Switch([IsSoftDeleted], , "False", "True")',
  '  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager <- [manager] on create\n',
  ' default "Agent"',
  'groups {\n  displayName <- [displayName]\n}\n',
  '<- ',
  '}\n',
];

function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const choice = next();
  if (choice < 0.45) return text.slice(0, at) + characters[Math.floor(next() * characters.length)] + text.slice(at);
  if (choice < 0.8) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 4));
  if (choice < 0.95) return text.slice(0, at) + snippets[Math.floor(next() * snippets.length)] + text.slice(at);
  const to = Math.min(text.length, at + Math.floor(next() * 200));
  return text.slice(0, at) + text.slice(to);
}

/** Random edits from `start`, back to `start` every `run` edits (random text drifts into junk); each analysis compared with a whole one. */
function replay(start: string, seed: number, edits: number, run = edits): Map<AnalysisKind, number> {
  const next = random(seed);
  const analyzer = new IncrementalAnalyzer();
  const kinds = new Map<AnalysisKind, number>();
  let text = start;
  analyzer.analyze(text);
  for (let step = 0; step < edits; step++) {
    text = step % run === run - 1 ? start : edit(text, next);
    const incremental = analyzer.analyze(text);
    kinds.set(analyzer.lastKind, (kinds.get(analyzer.lastKind) ?? 0) + 1);
    const whole = analyze(text);
    assert.deepStrictEqual(incremental.file, whole.file, `AST after edit ${step} of seed ${seed}`);
    assert.deepStrictEqual(incremental.diagnostics, whole.diagnostics, `diagnostics after edit ${step} of seed ${seed}`);
  }
  return kinds;
}

/** The paths of objects reachable twice from a parse result (incremental analysis moves spans in place, once each). */
function sharedObjects(root: unknown): string[] {
  const seen = new Map<object, string>();
  const shared: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value !== 'object' || value === null) return;
    const first = seen.get(value);
    if (first !== undefined) {
      shared.push(`${first} is ${path}`);
      return;
    }
    seen.set(value, path);
    for (const [key, item] of Object.entries(value)) walk(item, `${path}.${key}`);
  };
  walk(root, 'result');
  return shared;
}

describe('incremental analysis', () => {
  const generated = generateMappings(60);

  for (const seed of [1, 2, 3, 4]) {
    test(`equals the whole analysis over 300 random edits of a generated file (seed ${seed})`, () => {
      const kinds = replay(generated, seed, 300, 20);
      // Most edits land in the users block's mappings: those must not need the whole file reparsed.
      assert.ok((kinds.get('items') ?? 0) > 150, `items-only reparses: ${JSON.stringify([...kinds])}`);
    });
  }

  test('equals the whole analysis over long runs of edits that break the file apart', () => {
    for (const seed of [11, 12]) replay(generated, seed, 300);
  });

  test('equals the whole analysis on small and broken files', () => {
    const starts = [
      '',
      'users {\n}\n',
      'users {\n  userName <- [userPrincipalName] match 1\n  title <- Join(", ",\n  active <- [x]\n}\ngroups {\n  # c\n  displayName <- [displayName]\n}\n',
    ];
    starts.forEach((start, index) => replay(start, 100 + index, 300));
  });

  test('a parse result is a tree: no node or span is reachable twice, even on broken input', () => {
    const next = random(7);
    let text = generated;
    for (let step = 0; step < 400; step++) {
      text = step % 20 === 19 ? generated : edit(text, next);
      assert.deepEqual(sharedObjects(parse(text)), [], `after edit ${step}`);
    }
  });

  test('typing a mapping character by character reparses only its items, and the file stays as a whole parse sees it', () => {
    const analyzer = new IncrementalAnalyzer();
    const typed = '  title <- Switch([department], "Agent", "Sales", "Seller")  default "Agent"\n';
    const at = generated.indexOf(
      '  urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "system-20"]',
    );
    analyzer.analyze(generated);
    const kinds: AnalysisKind[] = [];
    let text = generated;
    for (let length = 1; length <= typed.length; length++) {
      text = generated.slice(0, at) + typed.slice(0, length) + generated.slice(at);
      analyzer.analyze(text);
      kinds.push(analyzer.lastKind);
    }
    assert.deepEqual(new Set(kinds), new Set(['items']));
    assert.deepStrictEqual(analyzer.analyze(text), analyze(text));
  });

  // Issue 10 §11: with thousands of syntax errors the same mapping text parses to other recovered
  // nodes depending on what follows it; the check cache keyed on text alone lost diagnostics. The
  // parser keeps only its first errors, so splicing must know when the old ones kept are the right ones.
  test('equals the whole analysis on files with thousands of errors (nested blocks, junk lines)', () => {
    const pieces = [
      'users {',
      '\n',
      '  title <- [jobTitle]\n',
      ')',
      '(',
      ' <- ',
      '"',
      'x',
      '}',
      '[',
      'Join(',
      ',',
      '$',
      'target "generic-scim"\n',
    ];
    const starts = [
      'users {\n'.repeat(1_500),
      `users {\n${'  x <- ) ,\n'.repeat(1_200)}}\n`,
      `users {\n${'  title <- [jobTitle]\n  x <- )\n'.repeat(700)}}\n`,
      `${'users {\n  title <- (\n}\n$ junk\n'.repeat(600)}`,
    ];
    starts.forEach((start, index) => {
      const next = random(200 + index);
      const analyzer = new IncrementalAnalyzer();
      let text = start;
      analyzer.analyze(text);
      const kinds = new Map<AnalysisKind, number>();
      for (let step = 0; step < 60; step++) {
        const at = Math.floor(next() * (text.length + 1));
        text =
          next() < 0.5
            ? text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at)
            : text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 5));
        const incremental = analyzer.analyze(text);
        kinds.set(analyzer.lastKind, (kinds.get(analyzer.lastKind) ?? 0) + 1);
        const whole = analyze(text);
        assert.deepStrictEqual(incremental.file, whole.file, `AST: start ${index}, edit ${step}`);
        assert.deepStrictEqual(incremental.diagnostics, whole.diagnostics, `start ${index}, edit ${step}`);
      }
      // Past the first thousand errors the old ones kept are the ones a whole parse keeps: the nested blocks' edits splice.
      if (index === 0) assert.ok((kinds.get('full') ?? 0) < 10, JSON.stringify([...kinds]));
    });
  });

  test('a block header (title, objects, rule) stays where a whole parse puts it, when the edit is in that block or before it', () => {
    const headed = 'users "Agents" from "User" to "urn:ietf:params:scim:schemas:core:2.0:User" rule "USER_OUTBOUND_USER" {';
    const body = ['userName <- [userPrincipalName] match 1', 'title <- [jobTitle]', 'department <- [department]', 'active <- true'];
    const start = `groups {\n  displayName <- [displayName] match 1\n}\n\n${headed}\n${body.map((line) => `  ${line}\n`).join('')}}\n`;
    const edits: Array<[string, (text: string) => string]> = [
      ['a mapping typed in the block before it', (text) => text.replace('match 1\n}', 'match 1\n  externalId <- [objectId]\n}')],
      ['a character deleted in the block before it', (text) => text.replace('[displayName]', '[displayNam]')],
      [
        'a mapping typed in its own body',
        (text) => text.replace('  title <- [jobTitle]', '  title <- [jobTitle]\n  nickName <- [mailNickname]'),
      ],
    ];
    for (const [what, change] of edits) {
      const analyzer = new IncrementalAnalyzer();
      analyzer.analyze(start);
      const text = change(start);
      const incremental = analyzer.analyze(text);
      assert.notEqual(analyzer.lastKind, 'full', `${what}: spliced, not parsed whole`);
      assert.deepStrictEqual(incremental, analyze(text), what);
    }
  });

  test('an edit between blocks, or one that breaks a block open, reparses only the blocks around it', () => {
    const nested = 'users {\n'.repeat(6_250);
    const cases: Array<[string, (text: string) => string]> = [
      ['a letter typed in the middle of the nested lines', (text) => `${text.slice(0, 25_001)}x${text.slice(25_001)}`],
      ['a line break deleted', (text) => text.slice(0, 30_007) + text.slice(30_008)],
      ['a `}` typed', (text) => `${text.slice(0, 40_000)}}${text.slice(40_000)}`],
    ];
    for (const [what, change] of cases) {
      const analyzer = new IncrementalAnalyzer();
      analyzer.analyze(nested);
      const text = change(nested);
      const incremental = analyzer.analyze(text);
      assert.equal(analyzer.lastKind, 'blocks', what);
      assert.deepStrictEqual(incremental, analyze(text), what);
    }
    const two = `users {\n  userName <- [userPrincipalName] match 1\n}\n\ngroups {\n  displayName <- [displayName] match 1\n}\n`;
    const analyzer = new IncrementalAnalyzer();
    analyzer.analyze(two);
    const text = two.replace('}\n\ngroups', '}\n# a note\ngroups');
    assert.deepStrictEqual(analyzer.analyze(text), analyze(text));
  });
});

describe('a file with thousands of problems', () => {
  test('reports at most 1,000 diagnostics, the last saying how many more there are and from where', () => {
    const text = `users {\n${'  titel <- [x]\n'.repeat(3_000)}}\n`;
    const { diagnostics } = analyze(text);
    assert.equal(diagnostics.length, MAX_REPORTED_DIAGNOSTICS);
    const last = diagnostics[diagnostics.length - 1];
    assert.equal(last.code, 'too-many-diagnostics');
    assert.equal(last.severity, 'error');
    assert.match(last.message, /^\d+ more problems from here on are not shown \(\d+ of them errors\)/);
    assert.ok(last.span.start >= diagnostics[diagnostics.length - 2].span.start);
  });

  test('stray `users {` lines are each a duplicate block, judged once for what the mapping lacks', () => {
    const codes = analyze('users {\n'.repeat(50)).diagnostics.map((diagnostic) => diagnostic.code);
    assert.equal(codes.filter((code) => code === 'duplicate-block').length, 49);
    for (const code of ['no-matching-attribute', 'missing-required-target'])
      assert.ok(codes.filter((c) => c === code).length <= 2, `${code}: ${codes.filter((c) => c === code).length}`);
  });
});

describe('one expression of thousands of problems', () => {
  const join = (count: number) => `Join(" ", ${Array(count).fill('[a]').join(', ')})`;
  const file = (count: number) => `users {\n  userName <- [userPrincipalName] match 1\n  title <- ${join(count)}\n  titel <- [x]\n}\n`;

  test('validation keeps only what the cap can show, and the too-many message counts the rest right', () => {
    // The same file with one unknown attribute shows every diagnostic; 5,000 add 4,999 more and expression-too-long.
    const few = analyze(file(1)).diagnostics;
    const text = file(5_000);
    const total = few.length + 4_999 + 1;
    const joinStart = text.indexOf('Join');
    const errorsAfterJoin = few.filter((d) => d.severity === 'error' && d.span.start > joinStart).length;

    const validated = validate(parse(text).file, text, defaultTarget());
    assert.ok(validated.diagnostics.length < 2 * MAX_REPORTED_DIAGNOSTICS, `${validated.diagnostics.length} diagnostics built`);
    assert.equal(validated.diagnostics.length + validated.hidden.count, total);

    const { diagnostics } = analyze(text);
    assert.equal(diagnostics.length, MAX_REPORTED_DIAGNOSTICS);
    assert.match(
      diagnostics[diagnostics.length - 1].message,
      new RegExp(
        `^${total - (MAX_REPORTED_DIAGNOSTICS - 1)} more problems from here on are not shown \\(${errorsAfterJoin} of them errors\\)`,
      ),
    );
  });

  test('a reporter fed out of order keeps the first diagnostics by position, equal spans in report order, and counts the rest', () => {
    const next = random(7);
    const reporter = new Reporter();
    const reported: Array<{ start: number; end: number; message: string; error: boolean }> = [];
    for (let i = 0; i < 7_000; i++) {
      const start = Math.floor(next() * 3_000);
      const span = { start, end: start + Math.floor(next() * 3) };
      const error = next() < 0.3;
      reporter.report(error ? 'unknown-target' : 'unknown-source-attribute', span, String(i));
      reported.push({ ...span, message: String(i), error });
    }
    const sorted = reported.sort((a, b) => a.start - b.start || a.end - b.end);
    const kept = [...reporter.diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    assert.deepEqual(
      kept.map((d) => d.message),
      sorted.slice(0, kept.length).map((d) => d.message),
    );
    assert.ok(kept.length >= MAX_REPORTED_DIAGNOSTICS);
    assert.deepEqual(reporter.hidden, {
      count: sorted.length - kept.length,
      errors: sorted.slice(kept.length).filter((d) => d.error).length,
    });
  });

  test('incremental analysis, with its cached mapping checks, gives what a whole analysis gives', () => {
    const analyzer = new IncrementalAnalyzer();
    analyzer.analyze(file(5_000));
    for (const text of [file(5_000).replace('titel', 'titl'), file(4_000), file(5_000).replace('[userPrincipalName]', '[upn]')])
      assert.deepStrictEqual(analyzer.analyze(text), analyze(text));
  });
});
