// The packaged extension registers the scimmap language with its grammar and snippets, and its
// language server starts when a .scimmap file opens.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, exampleUri, extensionId, languageId, openInEditor } from '../helpers';

interface Contribution {
  readonly language: string;
  readonly path: string;
}

function contributions(extension: vscode.Extension<unknown>, point: 'grammars' | 'snippets'): Contribution[] {
  const manifest = extension.packageJSON as { contributes?: Record<string, Contribution[] | undefined> };
  return manifest.contributes?.[point] ?? [];
}

/** Reads a contributed file from the installed extension as JSON (fails when the .vsix lacks it). */
function contributedJson(extension: vscode.Extension<unknown>, path: string): unknown {
  const file = join(extension.extensionPath, path);
  assert.ok(existsSync(file), `${path} is missing from the packaged extension`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

describe('the scimmap language', () => {
  after(closeAllEditors);

  it('is registered by the installed extension', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    assert.ok((await vscode.languages.getLanguages()).includes(languageId));
  });

  it('is the language of an opened .scimmap file, and activates the extension', async () => {
    const editor = await openInEditor(exampleUri('purecloud.scimmap'));
    assert.equal(editor.document.languageId, languageId);
    assert.ok(vscode.extensions.getExtension(extensionId)?.isActive);
  });

  it('ships its TextMate grammar for source.scimmap', async () => {
    const extension = await activateExtension();
    const grammars = contributions(extension, 'grammars').filter((grammar) => grammar.language === languageId);
    assert.equal(grammars.length, 1);
    const grammar = contributedJson(extension, grammars[0].path) as { scopeName?: string; patterns?: unknown[] };
    assert.equal(grammar.scopeName, 'source.scimmap');
    assert.ok(Array.isArray(grammar.patterns) && grammar.patterns.length > 0, 'the grammar has patterns');
  });

  it('ships its snippets', async () => {
    const extension = await activateExtension();
    const snippetFiles = contributions(extension, 'snippets').filter((snippets) => snippets.language === languageId);
    assert.equal(snippetFiles.length, 1);
    const snippets = contributedJson(extension, snippetFiles[0].path) as Record<string, { prefix?: unknown; body?: unknown }>;
    const entries = Object.entries(snippets);
    assert.ok(entries.length > 0, 'at least one snippet');
    for (const [name, snippet] of entries) {
      assert.ok(snippet.prefix && snippet.body, `snippet "${name}" has a prefix and a body`);
    }
  });
});
