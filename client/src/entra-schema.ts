// "SCIM: Import Entra Schema...", "SCIM: Export Entra Schema..." and "SCIM: Compare with Entra
// Schema...": the files and dialogs. The server does the work (server/src/lsp/entra-schema.ts).
// Export shows a diff editor of the base against the new JSON and writes only when the user says
// so; every file is written to a temporary sibling first and renamed, so it is whole or absent.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { activeMapping } from './active-mapping';
import { importedFrom } from '../../shared/src/entra-origin';
import { CompareSchemaRequest, ExportSchemaRequest, ImportSchemaRequest } from '../../shared/src/protocol';

const SCHEME = 'scimmap-entra';
const JSON_FILTER = { 'Entra synchronization schema': ['json'] };

/** The texts the diff and compare editors show (read-only documents), by path under the scheme. */
export class Proposals implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(readonly scheme = SCHEME) {}

  show(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${name}` });
    this.texts.set(uri.path, text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : decoder.decode(await vscode.workspace.fs.readFile(uri));
}

/** Writes a temporary sibling, then renames it over `uri`: never half a file. */
export async function writeAtomically(uri: vscode.Uri, text: string): Promise<void> {
  const temporary = uri.with({ path: `${path.posix.dirname(uri.path)}/.${path.posix.basename(uri.path)}.${Date.now()}.tmp` });
  await vscode.workspace.fs.writeFile(temporary, encoder.encode(text));
  try {
    await vscode.workspace.fs.rename(temporary, uri, { overwrite: true });
  } catch (error) {
    await vscode.workspace.fs.delete(temporary).then(undefined, () => undefined);
    throw error;
  }
}

export function sibling(uri: vscode.Uri, name: string): vscode.Uri {
  return uri.with({ path: path.posix.join(path.posix.dirname(uri.path), name) });
}

function relativeTo(from: vscode.Uri, to: vscode.Uri): string {
  const relative = path.posix.relative(path.posix.dirname(from.path), to.path);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

async function pickSchema(title: string, near?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    filters: JSON_FILTER,
    canSelectMany: false,
    ...(near && { defaultUri: near }),
  });
  return picked?.[0];
}

export function showProblems(what: string, problems: readonly string[]): void {
  const shown = problems.slice(0, 5).join('\n');
  void vscode.window.showErrorMessage(`${what}:\n${shown}${problems.length > 5 ? `\n(and ${problems.length - 5} more)` : ''}`, {
    modal: true,
  });
}

export function activateEntraSchema(context: vscode.ExtensionContext, client: LanguageClient): void {
  const proposals = new Proposals();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, proposals),

    // Returns the .scimmap written, for tests and keybindings.
    vscode.commands.registerCommand('scimmap.importEntraSchema', async (schema?: vscode.Uri, output?: vscode.Uri) => {
      schema ??= await pickSchema('Import Entra Schema: the JSON from "Review your schema here" or Graph');
      if (!schema) return undefined;
      const base = path.posix.basename(schema.path).replace(/\.json$/i, '');
      output ??= await vscode.window.showSaveDialog({
        title: 'Save the imported mapping as',
        defaultUri: sibling(schema, `${base}.scimmap`),
        filters: { 'scimmap mapping': ['scimmap'] },
      });
      if (!output) return undefined;
      const targetFile = sibling(output, `${path.posix.basename(output.path).replace(/\.scimmap$/i, '')}.target.json`);
      const result = await client.sendRequest(ImportSchemaRequest, {
        schemaText: await readText(schema),
        origin: relativeTo(output, schema).replace(/^\.\//, ''),
        targetFile: relativeTo(output, targetFile),
      });
      if (result.text === undefined) {
        showProblems(`${path.posix.basename(schema.path)} cannot be imported`, result.errors);
        return undefined;
      }
      if (result.targetSchemaText !== undefined) await writeAtomically(targetFile, result.targetSchemaText);
      await writeAtomically(output, result.text);
      await vscode.window.showTextDocument(output);
      if (result.warnings.length > 0)
        void vscode.window.showWarningMessage(
          `Imported with ${result.warnings.length} warning(s): ${result.warnings.slice(0, 3).join('; ')}`,
        );
      return output;
    }),

    // `base`: the schema to merge into (null: a new schema); `output`: where to write once accepted. Returns the file written.
    vscode.commands.registerCommand(
      'scimmap.exportEntraSchema',
      async (resource?: vscode.Uri, base?: vscode.Uri | null, output?: vscode.Uri) => {
        const mapping = resource ?? activeMapping();
        if (!mapping) {
          void vscode.window.showErrorMessage('Open a .scimmap file to export it as an Entra synchronization schema.');
          return undefined;
        }
        const document = await vscode.workspace.openTextDocument(mapping);
        if (base === undefined) {
          const recorded = importedFrom(document.getText());
          const candidate = recorded === undefined ? undefined : sibling(mapping, recorded);
          const exists =
            candidate &&
            (await vscode.workspace.fs.stat(candidate).then(
              () => true,
              () => false,
            ));
          if (exists) base = candidate;
          else {
            const choice = await vscode.window.showQuickPick(
              [
                {
                  label: 'Choose the schema to merge into...',
                  description: 'the JSON you downloaded from "Review your schema here"',
                  base: true,
                },
                { label: 'New schema', description: 'a complete schema for a new non-gallery app', base: false },
              ],
              { title: 'Export Entra Schema: onto which schema?' },
            );
            if (!choice) return undefined;
            base = choice.base ? await pickSchema('The schema to merge into', mapping) : null;
            if (base === undefined) return undefined;
          }
        }
        const baseText = base ? await readText(base) : undefined;
        const result = await client.sendRequest(ExportSchemaRequest, {
          uri: mapping.toString(),
          ...(baseText !== undefined && { baseText }),
        });
        if (!result) return undefined;
        if (result.text === undefined) {
          showProblems(`${path.posix.basename(mapping.path)} cannot be exported`, result.errors);
          return undefined;
        }
        const name = path.posix.basename(mapping.path).replace(/\.scimmap$/i, '');
        const proposed = proposals.show(`${name}.export.json`, result.text);
        const left = base ?? proposals.show('empty.json', '');
        await vscode.commands.executeCommand(
          'vscode.diff',
          left,
          proposed,
          `${base ? path.posix.basename(base.path) : 'new schema'} ↔ export of ${path.posix.basename(mapping.path)}`,
        );
        if (result.text === baseText) {
          void vscode.window.showInformationMessage(
            `${path.posix.basename(mapping.path)} says what ${path.posix.basename(base!.path)} already has: the export is the same file.`,
          );
        }
        const notes = result.notes.length > 0 ? ` ${result.notes.length} note(s): ${result.notes.slice(0, 2).join(' ')}` : '';
        if (!output) {
          const answer = await vscode.window.showInformationMessage(`Write the exported schema?${notes}`, 'Write...', 'Cancel');
          if (answer !== 'Write...') return undefined;
          output = await vscode.window.showSaveDialog({
            title: 'Write the exported schema to',
            defaultUri: sibling(base ?? mapping, `${name}.export.json`),
            filters: JSON_FILTER,
          });
          if (!output) return undefined;
        }
        await writeAtomically(output, result.text);
        return output;
      },
    ),

    // Returns the difference lines, for tests.
    vscode.commands.registerCommand('scimmap.compareEntraSchema', async (resource?: vscode.Uri, schema?: vscode.Uri) => {
      const mapping = resource ?? activeMapping();
      if (!mapping) {
        void vscode.window.showErrorMessage('Open a .scimmap file to compare it with an Entra synchronization schema.');
        return undefined;
      }
      const document = await vscode.workspace.openTextDocument(mapping);
      const recorded = importedFrom(document.getText());
      schema ??= await pickSchema(
        'Compare with Entra Schema: the schema downloaded now',
        recorded === undefined ? undefined : sibling(mapping, recorded),
      );
      if (!schema) return undefined;
      const result = await client.sendRequest(CompareSchemaRequest, { uri: mapping.toString(), schemaText: await readText(schema) });
      if (!result) return undefined;
      if (result.errors.length > 0) {
        showProblems(`${path.posix.basename(schema.path)} cannot be compared`, result.errors);
        return undefined;
      }
      const title = `${path.posix.basename(mapping.path)} compared with ${path.posix.basename(schema.path)}`;
      const body = result.differences.length === 0 ? 'They say the same.' : result.differences.join('\n');
      const legend = '+ only in the schema   - only in the .scimmap   ~ changed (.scimmap; schema)';
      const shown = proposals.show(`${path.posix.basename(mapping.path)}.compare.txt`, `${title}\n${legend}\n\n${body}\n`);
      await vscode.window.showTextDocument(shown, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      return result.differences;
    }),
  );
}
