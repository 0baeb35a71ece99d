// The grammar as Chevrotain holds it (issue 11): its definition is checked, its diagrams page is
// current, every rule is reached by some input, and random token and character mutations of the
// examples never throw, keep every range inside the text, and analyse incrementally as wholly.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScimmapParser, serializedGrammar } from '../../../server/src/syntax/parser';
import { tokenize } from '../../../server/src/syntax/lexer';
import { syntaxDiagramsPage } from '../../../server/src/syntax/diagrams';
import { analyze } from '../../../server/src/validation/analyze';
import { IncrementalAnalyzer } from '../../../server/src/validation/incremental';
import { random } from '../../support/random';
import { repositoryRoot } from '../../support/repository';

const root = repositoryRoot(__dirname);
const examples = readdirSync(join(root, 'examples'))
  .filter((name) => name.endsWith('.scimmap'))
  .map((name) => ({ name, text: readFileSync(join(root, 'examples', name), 'utf8') }));

describe('the grammar', () => {
  test('passes Chevrotain’s grammar checks (the server skips them at start; every ambiguity is declared)', () => {
    assert.doesNotThrow(() => new ScimmapParser({ validate: true }));
  });

  test('docs/grammar.html is the diagrams page of the grammar as it is (npm run diagrams regenerates it)', () => {
    assert.equal(readFileSync(join(root, 'docs', 'grammar.html'), 'utf8'), syntaxDiagramsPage());
  });

  test('every rule is reached by the examples and the recovery inputs', () => {
    const inputs = [
      ...examples.map((e) => e.text),
      // Recovery: junk outside and inside blocks, broken closers, too-deep nesting.
      'junk\nuserName <- [x]\nusers {\n  ??? junk\n  emails[type eq "work" x].value <- [mail]\n  title <- [x] matc 2\n}',
      `users {\n  title <- ${'f('.repeat(120)}[x]${')'.repeat(120)}\n}`,
      `users {\n  title <- IIF([a] = "x" & "y", [b], "c")\n  mail <- [a] < -1\n}`,
      // The target declaration, a block header and Entra's flow properties.
      'target "generic-scim"\nusers "Provision Users" from "User" to "User" rule "USER_OUTBOUND_USER" {\n  title <- [jobTitle] flow ValueAddOnly behavior FlowAlways\n}',
      // The provisioning job's settings.
      'sync all\ndeletion threshold 100\nusers {\n}',
      // Scoping filters (the examples have none yet), one clause missing its brackets.
      'users {\n  scope "Sales" {\n    [department] EQUALS "Sales"\n    accountEnabled IS TRUE\n  }\n}',
    ];
    const entered = new Set<string>();
    const tracer = new ScimmapParser();
    // Chevrotain announces every rule entry to this method: count the rules, then let it do its work.
    const traced = tracer as unknown as { ruleInvocationStateUpdate(this: unknown, ...args: unknown[]): void };
    const original = traced.ruleInvocationStateUpdate;
    traced.ruleInvocationStateUpdate = function (...args: unknown[]) {
      entered.add(args[1] as string);
      return original.apply(this, args);
    };
    for (const text of inputs) {
      tracer.begin(text, 0);
      tracer.file();
    }
    tracer.begin('Join(" ", [givenName], vbTextCompare) junk', 0, true);
    tracer.standaloneExpression();
    const rules = serializedGrammar().map((rule) => (rule as unknown as { name: string }).name);
    assert.deepEqual(
      rules.filter((rule) => !entered.has(rule)),
      [],
    );
  });
});

/** Every `{ start, end }` reachable from `value` lies inside a text of `length` characters. */
function assertSpansInside(value: unknown, length: number, path: string): void {
  if (typeof value !== 'object' || value === null) return;
  const span = value as { start?: unknown; end?: unknown };
  if (typeof span.start === 'number' && typeof span.end === 'number') {
    assert.ok(0 <= span.start && span.start <= span.end && span.end <= length, `${path}: ${span.start}-${span.end} outside 0-${length}`);
    return;
  }
  for (const [key, item] of Object.entries(value)) assertSpansInside(item, length, `${path}.${key}`);
}

/** One random mutation: a token or a character inserted (copied from elsewhere), deleted, or swapped with its neighbour. */
function mutate(text: string, next: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const tokens = tokenize(text).tokens.map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length }));
  const byToken = tokens.length > 1 && next() < 0.6;
  const units = byToken ? tokens : Array.from({ length: text.length }, (_, i) => ({ start: i, end: i + 1 }));
  if (units.length < 2) return text + pick(['(', '"', 'x']);
  const at = Math.floor(next() * (units.length - 1));
  const a = units[at];
  const b = units[at + 1];
  const choice = next();
  if (choice < 0.35) {
    const copied = pick(units);
    return text.slice(0, a.start) + text.slice(copied.start, copied.end) + (byToken ? ' ' : '') + text.slice(a.start);
  }
  if (choice < 0.7) return text.slice(0, a.start) + text.slice(a.end);
  return text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) + text.slice(b.end);
}

describe('random mutations of the examples', () => {
  for (const example of examples) {
    test(`${example.name}: 300 mutations in runs of 10 never throw, keep ranges inside, and analyse incrementally as wholly`, () => {
      const next = random(example.text.length);
      const analyzer = new IncrementalAnalyzer();
      analyzer.analyze(example.text);
      let text = example.text;
      for (let step = 0; step < 300; step++) {
        text = step % 10 === 9 ? example.text : mutate(text, next);
        const whole = analyze(text);
        assertSpansInside(whole.file, text.length, `file after mutation ${step}`);
        assertSpansInside(whole.diagnostics, text.length, `diagnostics after mutation ${step}`);
        const incremental = analyzer.analyze(text);
        assert.deepStrictEqual(incremental.file, whole.file, `AST after mutation ${step}`);
        assert.deepStrictEqual(incremental.diagnostics, whole.diagnostics, `diagnostics after mutation ${step}`);
      }
    });
  }
});
