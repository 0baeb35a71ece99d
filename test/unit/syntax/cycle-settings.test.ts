// The provisioning job's settings a cycle depends on, written at the top of a .scimmap file:
// `sync assigned|all` and `deletion threshold N`. The Chevrotain port of the parser must pass these.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completion } from '../../../server/src/lsp/completion';
import { hover } from '../../../server/src/lsp/hover';
import { semanticTokenList } from '../../../server/src/lsp/semantic-tokens';
import { cycleSettingsOf } from '../../../server/src/simulation/simulate';
import { formatDocument } from '../../../server/src/syntax/format';
import { parse } from '../../../server/src/syntax/parser';
import { analyze } from '../../../server/src/validation/analyze';
import { IncrementalAnalyzer } from '../../../server/src/validation/incremental';
import { analyzedDocument, atCursor } from '../lsp/analyzed-document';

const users =
  'users {\n  userName <- [userPrincipalName] match 1\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n  displayName <- [displayName]\n}\n';

function syntaxErrors(text: string): string[] {
  return parse(text).diagnostics.map((d) => `${text.slice(d.span.start, d.span.end)}@${d.span.start} | ${d.message}`);
}

describe('provisioning settings', () => {
  test('sync and deletion threshold, with the target, before the blocks', () => {
    const text = `target "genesys-cloud"\nsync all  # every user of the directory\ndeletion threshold 250\n\n${users}`;
    const { file, diagnostics } = parse(text);
    assert.deepEqual(diagnostics, []);
    const [sync, threshold] = file.cycle!;
    assert.equal(sync.kind, 'sync');
    assert.equal(sync.kind === 'sync' && sync.value?.text, 'all');
    assert.equal(text.slice(sync.span.start, sync.span.end), 'sync all');
    assert.equal(threshold.kind === 'deletionThreshold' && threshold.value, 250);
    assert.equal(text.slice(threshold.keyword.span.start, threshold.keyword.span.end), 'deletion threshold');
    assert.deepEqual(cycleSettingsOf(file), { scope: 'all', deletionThreshold: 250 });
    assert.deepEqual(analyze(text).diagnostics, []);
  });

  test("absent: Entra's defaults (sync assigned, threshold 500) and no field in the AST", () => {
    const { file } = parse(users);
    assert.equal('cycle' in file, false);
    assert.deepEqual(cycleSettingsOf(file), { scope: 'assigned', deletionThreshold: 500 });
  });

  test('`sync` and `deletion` stay ordinary names inside blocks', () => {
    const { file, diagnostics } = parse('users {\n  sync <- [sync]\n  deletion <- "threshold"\n}\n');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      file.blocks[0].mappings.map((m) => m.target.text),
      ['sync', 'deletion'],
    );
    assert.equal(file.cycle, undefined);
  });

  test('mistakes are said where they are, and the blocks still parse', () => {
    const text = 'sync everything\nsync\ndeletion threshold\ndeletion threshold 1.5\n' + users;
    assert.deepEqual(syntaxErrors(text), [
      "everything@5 | `everything` is not a sync scope: write `sync assigned` (only assigned users and groups, Entra's default) or `sync all`",
      "@20 | Expected `assigned` (only assigned users and groups, Entra's default) or `all` after `sync`",
      '@39 | Expected the number of disables and deletes that stops a cycle after `deletion threshold`, such as 500',
      '1.5@59 | The deletion threshold is a whole number of objects such as 500, not `1.5`',
    ]);
    assert.equal(parse(text).file.blocks[0].mappings.length, 3);
  });

  test('a setting or `target` in the wrong case is one error saying so, and is read as meant (before: one junk error with no hint, and `Target "x"` ignored)', () => {
    const text = `Sync All\ndeletion Threshold 5\nTarget "generic-scim"\n${users}`;
    assert.deepEqual(syntaxErrors(text), [
      'Sync All@0 | Keywords are lower case: write `sync all`, not `Sync All`',
      'deletion Threshold@9 | Keywords are lower case: write `deletion threshold`, not `deletion Threshold`',
      'Target@30 | Keywords are lower case: write `target`, not `Target`',
    ]);
    const { file } = parse(text);
    assert.deepEqual(cycleSettingsOf(file), { scope: 'all', deletionThreshold: 5 });
    assert.equal(file.target?.value?.value, 'generic-scim');
    assert.equal(file.blocks[0].mappings.length, 3);
    assert.deepEqual(syntaxErrors(`SYNC assigned\n${users}`), ['SYNC@0 | Keywords are lower case: write `sync`, not `SYNC`']);
  });

  test('after a block: reported, still read', () => {
    const text = `${users}sync all\n`;
    assert.deepEqual(syntaxErrors(text), [
      `sync all@${users.length} | Put the provisioning settings (\`sync\`, \`deletion threshold\`) at the top of the file, before the \`users\` and \`groups\` blocks`,
    ]);
    assert.equal(cycleSettingsOf(parse(text).file).scope, 'all');
  });

  test('validation: each setting once; a threshold of 0 is a warning', () => {
    const text = `sync all\nsync assigned\ndeletion threshold 0\n${users}`;
    const codes = analyze(text).diagnostics.map((d) => `${d.code} ${text.slice(d.span.start, d.span.end)}`);
    assert.deepEqual(codes, ['duplicate-cycle-setting sync assigned', 'deletion-threshold-zero 0']);
  });

  test('hover, completion and semantic tokens', () => {
    const hovered = (source: string) => {
      const { document, offset } = atCursor(source);
      const result = hover(document, offset);
      return result && typeof result.contents === 'object' && 'value' in result.contents ? result.contents.value : '';
    };
    assert.match(hovered(`sy<|>nc all\n${users}`), /provisioning scope/);
    assert.match(hovered(`sync a<|>ll\n${users}`), /Sync all users and groups/);
    assert.match(hovered(`deletion thr<|>eshold 10\n${users}`), /accidental deletions prevention/);
    assert.match(hovered(`deletion threshold 1<|>0\n${users}`), /accidental deletions prevention/);
    const labels = (source: string) => {
      const { document, offset } = atCursor(source);
      return completion(document, offset).items.map((item) => item.label);
    };
    assert.ok(labels(`sy<|>\n${users}`).includes('sync'));
    assert.ok(labels(`del<|>\n${users}`).includes('deletion threshold'));
    assert.ok(!labels(`sync all\nsy<|>\n${users}`).includes('sync'), 'written once');
    const document = analyzedDocument(`sync all\ndeletion threshold 10\n${users}`);
    const tokens = semanticTokenList(document).map((token) => `${document.text.slice(token.span.start, token.span.end)}:${token.type}`);
    assert.deepEqual(tokens.slice(0, 4), ['sync:keyword', 'all:enumMember', 'deletion threshold:keyword', '10:number']);
  });

  test('formatting puts the settings at the left margin and keeps their meaning', () => {
    const text = `  sync    all\n    deletion   threshold   10\n${users}`;
    const formatted = formatDocument(text);
    assert.equal(formatted.kind, 'formatted');
    assert.ok(formatted.kind === 'formatted' && formatted.text.startsWith('sync all\ndeletion threshold 10\nusers {'));
    assert.equal(formatted.kind === 'formatted' && formatDocument(formatted.text).kind, 'formatted');
  });

  test('incremental analysis keeps the settings when an edit inside a block is spliced, and reparses when one is edited', () => {
    const before = `sync all\ndeletion threshold 10\n${users}`;
    const analyzer = new IncrementalAnalyzer();
    analyzer.analyze(before);
    const inside = before.replace('[displayName]', '[givenName]');
    assert.deepEqual(analyzer.analyze(inside).file.cycle, analyze(inside).file.cycle);
    assert.equal(analyzer.lastKind, 'items');
    const edited = inside.replace('threshold 10', 'threshold 20');
    assert.deepEqual(analyzer.analyze(edited).file.cycle, analyze(edited).file.cycle);
  });
});
