// The packaged extension registers the scimmap language with its grammar and snippets, and its
// language server starts when a .scimmap file opens.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import {
  activateExtension,
  resetWorkbench,
  completionsAt,
  exampleUri,
  extensionId,
  labelOf,
  languageId,
  openInEditor,
  writeScratchFile,
} from '../helpers';

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

/** Every file of the installed extension, relative to its folder. */
function packagedFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

describe('the scimmap language', () => {
  after(resetWorkbench);

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

  it('is packaged with what runs and nothing else: bundles and every file the manifest names; no code sources, maps, tests or node_modules', async () => {
    const extension = await activateExtension();
    const files = packagedFiles(extension.extensionPath);
    const manifest = extension.packageJSON as { main: string; contributes: Record<string, Array<Record<string, unknown>> | undefined> };
    // Files the manifest points at: the client, grammars, snippets, language configurations, JSON schemas.
    const named = [
      manifest.main,
      join('dist', 'server.js'),
      join('dist', 'language-server.js'),
      join('dist', 'evaluation-worker.js'),
      join('dist', 'evaluation.js'),
    ];
    for (const entries of Object.values(manifest.contributes)) {
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        for (const key of ['path', 'configuration', 'url']) {
          const value = entry[key];
          if (typeof value === 'string' && value.startsWith('./')) named.push(value);
        }
      }
    }
    for (const needed of named) assert.ok(files.includes(join(needed)), `${needed} is packaged`);
    const unwanted = files.filter((file) => /(^|\/)(node_modules|test)\/|\.(ts|map)$/.test(file));
    assert.deepEqual(unwanted, []);
  });

  it('ships its TextMate grammar for source.scimmap', async () => {
    const extension = await activateExtension();
    const grammars = contributions(extension, 'grammars').filter((grammar) => grammar.language === languageId);
    assert.equal(grammars.length, 1);
    const grammar = contributedJson(extension, grammars[0].path) as { scopeName?: string; patterns?: unknown[] };
    assert.equal(grammar.scopeName, 'source.scimmap');
    assert.ok(Array.isArray(grammar.patterns) && grammar.patterns.length > 0, 'the grammar has patterns');
  });

  it('ships its snippets, which the editor offers in an empty file', async () => {
    const extension = await activateExtension();
    const snippetFiles = contributions(extension, 'snippets').filter((snippets) => snippets.language === languageId);
    assert.equal(snippetFiles.length, 1);
    const snippets = contributedJson(extension, snippetFiles[0].path) as Record<string, { prefix?: string | string[]; body?: unknown }>;
    const prefixes = Object.values(snippets).flatMap((snippet) => snippet.prefix ?? []);
    assert.ok(prefixes.length > 0, 'at least one snippet prefix');

    const editor = await openInEditor(await writeScratchFile('snippets.scimmap', ''));
    const items = await completionsAt(editor.document.uri, new vscode.Position(0, 0));
    const offered = items.filter((item) => item.kind === vscode.CompletionItemKind.Snippet).map(labelOf);
    for (const prefix of prefixes) assert.ok(offered.includes(prefix), `snippet "${prefix}" is offered; offered: ${offered.join(', ')}`);
  });
});
