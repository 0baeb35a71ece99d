// The file-level `target "..."` declaration: which target schema a .scimmap file maps to.
// The Chevrotain port of the parser must pass these unchanged.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/syntax/parser';
import { IncrementalAnalyzer } from '../../../server/src/validation/incremental';
import { analyze } from '../../../server/src/validation/analyze';

function syntaxErrors(text: string): string[] {
  return parse(text).diagnostics.map((d) => `${text.slice(d.span.start, d.span.end)} | ${d.message}`);
}

describe('the target declaration', () => {
  test('a bundled target by name, before the blocks', () => {
    const text = 'target "generic-scim"\n\nusers {\n  userName <- [userPrincipalName] match 1\n}\n';
    const { file, diagnostics } = parse(text);
    assert.deepEqual(diagnostics, []);
    assert.equal(file.target?.kind, 'targetDeclaration');
    assert.equal(file.target?.value?.value, 'generic-scim');
    assert.equal(text.slice(file.target!.span.start, file.target!.span.end), 'target "generic-scim"');
    assert.equal(text.slice(file.target!.keyword.span.start, file.target!.keyword.span.end), 'target');
    assert.equal(file.blocks.length, 1);
  });

  test('a schema file by relative path, after comments', () => {
    const { file, diagnostics } = parse('# Acme HR\ntarget "./schemas/acme.target.json"  # discovered\ngroups {\n}\n');
    assert.deepEqual(diagnostics, []);
    assert.equal(file.target?.value?.value, './schemas/acme.target.json');
    assert.equal(file.comments.length, 2);
  });

  test('absent: no declaration (the file maps to Genesys Cloud)', () => {
    const { file } = parse('users {\n}\n');
    assert.equal(file.target, undefined);
    assert.equal('target' in file, false);
  });

  test('`target` stays an ordinary name elsewhere: an attribute, a mapping target, a source', () => {
    const { file, diagnostics } = parse('users {\n  target <- [target]\n  title <- Coalesce([target], "x")\n}\n');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      file.blocks[0].mappings.map((m) => m.target.text),
      ['target', 'title'],
    );
    assert.equal(file.target, undefined);
  });

  test('a missing value is reported after the keyword, and the blocks still parse', () => {
    const text = 'target\nusers {\n  userName <- [userPrincipalName]\n}\n';
    const { file, diagnostics } = parse(text);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].span.start, 'target'.length);
    assert.match(diagnostics[0].message, /Expected the target schema in quotes after `target`/);
    assert.equal(file.target?.recovered, true);
    assert.equal(file.target?.value, undefined);
    assert.equal(file.blocks[0].mappings.length, 1);
  });

  test('a second declaration is reported; the first one counts', () => {
    const text = 'target "generic-scim"\ntarget "genesys-cloud"\nusers {\n}\n';
    const { file } = parse(text);
    assert.deepEqual(syntaxErrors(text), [
      'target "genesys-cloud" | The target is already declared above: a file maps to one target, keep one `target` line',
    ]);
    assert.equal(file.target?.value?.value, 'generic-scim');
  });

  test('a declaration after a block is reported but still read', () => {
    const text = 'users {\n}\ntarget "generic-scim"\n';
    const { file } = parse(text);
    assert.deepEqual(syntaxErrors(text), [
      'target "generic-scim" | Declare the target at the top of the file, before the `users` and `groups` blocks',
    ]);
    assert.equal(file.target?.value?.value, 'generic-scim');
  });

  test('inside a block it is reported as misplaced and the next mapping still parses', () => {
    const text = 'users {\n  target "generic-scim"\n  userName <- [userPrincipalName]\n}\n';
    const { file } = parse(text);
    assert.deepEqual(syntaxErrors(text), [
      'target "generic-scim" | The target is declared once for the whole file, at its top, outside the `users` block',
    ]);
    assert.equal(file.target, undefined);
    assert.deepEqual(
      file.blocks[0].mappings.map((m) => m.target.text),
      ['userName'],
    );
  });

  // Before: "Expected `<-` after the target attribute `Target`" and an unknown-target error.
  test('inside a block in another letter case (`Target "x"`) it is the same one error', () => {
    const text = 'users {\n  Target "generic-scim"\n  userName <- [userPrincipalName]\n}\n';
    const { file, diagnostics } = parse(text);
    assert.deepEqual(syntaxErrors(text), [
      'Target "generic-scim" | The target is declared once for the whole file, at its top, outside the `users` block',
    ]);
    assert.equal(diagnostics.length, 1);
    assert.deepEqual(
      file.blocks[0].mappings.map((m) => m.target.text),
      ['userName'],
    );
  });

  test('top-level junk stops at the declaration', () => {
    const text = 'junk here\ntarget "generic-scim"\nusers {\n}\n';
    const { file, diagnostics } = parse(text);
    assert.equal(diagnostics.length, 1);
    assert.equal(text.slice(diagnostics[0].span.start, diagnostics[0].span.end), 'junk here');
    assert.equal(file.target?.value?.value, 'generic-scim');
  });

  test('typographic quotes around the value are reported, the value kept', () => {
    const { file, diagnostics } = parse('target \u201cgeneric-scim\u201d\n');
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['typographic-quote'],
    );
    assert.equal(file.target?.value?.value, 'generic-scim');
  });

  test('incremental analysis keeps the declaration when an edit inside a block is spliced', () => {
    const before =
      'target "generic-scim"\nusers {\n  userName <- [userPrincipalName] match 1\n  title <- [jobTitle]\n  displayName <- [displayName]\n}\n';
    const after = before.replace('[jobTitle]', '[department]');
    const analyzer = new IncrementalAnalyzer();
    analyzer.analyze(before);
    const result = analyzer.analyze(after);
    assert.equal(analyzer.lastKind, 'items');
    assert.deepEqual(result.file.target, analyze(after).file.target);
  });
});
