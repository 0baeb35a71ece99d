// What a user sees in the editor: the shipped example is clean, and a broken copy of it gets the
// validator's codes at the exact ranges, which clear as the mistakes are fixed.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  resetWorkbench,
  exampleUri,
  expectNoDiagnosticsAfterAnalysis,
  openInEditor,
  replaceText,
  screenshot,
  waitForDiagnostics,
  writeScratchFile,
  type SeenDiagnostic,
} from '../helpers';

/** The 0-based range of `needle` in `text`, found after `after` (when given). */
function rangeOf(text: string, needle: string, after = ''): SeenDiagnostic['range'] {
  const from = after ? text.indexOf(after) : 0;
  assert.ok(from >= 0, `"${after}" is in the text`);
  const start = text.indexOf(needle, from);
  assert.ok(start >= 0, `"${needle}" is in the text`);
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return [before.length - 1, before[before.length - 1].length] as const;
  };
  return [...position(start), ...position(start + needle.length)];
}

/** One mistake in the example: the edit that makes it, and what the editor must then show. */
interface Breakage {
  /** What to change in the example (a regular expression keeps it independent of alignment). */
  readonly find: RegExp;
  readonly replace: string;
  readonly code: string;
  readonly severity: string;
  /** The text the diagnostic underlines, searched from `anchor` (default: from the start). */
  readonly underlined: string;
  readonly anchor?: string;
}

const breakages: readonly Breakage[] = [
  {
    find: /\bSwitch\(\[IsSoftDeleted\]/,
    replace: 'Swtich([IsSoftDeleted]',
    code: 'unknown-function',
    severity: 'Error',
    underlined: 'Swtich',
  },
  { find: /^(\s*)title(\s*<-\s*\[jobTitle\])/m, replace: '$1titel$2', code: 'unknown-target', severity: 'Error', underlined: 'titel' },
  {
    find: /<-\s*\[mobile\]/,
    replace: '<- [mobil]',
    code: 'unknown-source-attribute',
    severity: 'Warning',
    underlined: 'mobil',
    anchor: '[mobil]',
  },
  {
    find: /actions update\n/,
    replace: 'actions update, create\n',
    code: 'group-action-unsupported',
    severity: 'Error',
    underlined: 'create',
    anchor: 'actions update, create',
  },
];

/** Code, severity and range of each diagnostic, in document order. */
function shown(
  diagnostics: readonly Pick<SeenDiagnostic, 'code' | 'severity' | 'range'>[],
): Pick<SeenDiagnostic, 'code' | 'severity' | 'range'>[] {
  return diagnostics
    .map(({ code, severity, range }) => ({ code, severity, range }))
    .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
}

describe('diagnostics', () => {
  after(resetWorkbench);

  it('examples/purecloud.scimmap has none', async () => {
    const editor = await openInEditor(exampleUri('purecloud.scimmap'));
    await expectNoDiagnosticsAfterAnalysis(editor, 'users {');
    assert.deepEqual(vscode.languages.getDiagnostics(editor.document.uri), []);
    assert.equal(editor.document.isDirty, true, 'the restored text is still an unsaved edit, never written to disk');
  });

  it('a broken copy shows each mistake with its code, severity and range, and fixing them clears them', async () => {
    const example = new TextDecoder().decode(await vscode.workspace.fs.readFile(exampleUri('purecloud.scimmap')));
    let broken = example;
    for (const breakage of breakages) {
      assert.match(broken, breakage.find, 'the example still has what this test breaks');
      broken = broken.replace(breakage.find, breakage.replace);
    }
    const editor = await openInEditor(await writeScratchFile('broken-purecloud.scimmap', broken));
    const seen = await waitForDiagnostics(
      editor.document.uri,
      (diagnostics) => diagnostics.length >= breakages.length,
      "the broken copy's diagnostics",
    );
    assert.deepEqual(
      shown(seen),
      shown(breakages.map(({ code, severity, underlined, anchor }) => ({ code, severity, range: rangeOf(broken, underlined, anchor) }))),
    );
    for (const diagnostic of seen) assert.ok(diagnostic.message.length > 0, `${diagnostic.code} explains itself`);

    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('diagnostics');

    // Fixing one mistake removes exactly its diagnostic; fixing all leaves none.
    await replaceText(editor, broken.replace('Swtich(', 'Switch('));
    const afterOneFix = await waitForDiagnostics(
      editor.document.uri,
      (diagnostics) => diagnostics.length === breakages.length - 1,
      'one diagnostic fewer',
    );
    assert.ok(!afterOneFix.some((diagnostic) => diagnostic.code === 'unknown-function'));
    await replaceText(editor, example);
    await waitForDiagnostics(editor.document.uri, (diagnostics) => diagnostics.length === 0, 'no diagnostics once every mistake is fixed');
  });

  it('a syntax error is reported where it is, and the rest of the file is still checked', async () => {
    const source = 'users {\n  userName <- [userPrincipalName] match 1\n  displayName <- \n  titel <- [jobTitle]\n}\n';
    const editor = await openInEditor(await writeScratchFile('syntax.scimmap', source));
    const seen = await waitForDiagnostics(
      editor.document.uri,
      (diagnostics) => diagnostics.length >= 2,
      'a syntax diagnostic and a schema one',
    );
    assert.deepEqual(shown(seen), [
      // At the end of `displayName <- `, where the source is missing.
      { code: 'syntax', severity: 'Error', range: [2, 16, 2, 16] },
      { code: 'unknown-target', severity: 'Error', range: rangeOf(source, 'titel') },
    ]);
  });
});
