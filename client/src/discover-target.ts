// SCIM: Discover Target Schema: reads the selected connection's /ServiceProviderConfig,
// /ResourceTypes and /Schemas (with progress and cancellation), has the language server turn them
// into a target schema, saves it beside the .scimmap file and offers to declare it there.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DiscoveredTargetRequest } from '../../shared/src/protocol';
import { fetchDiscovery } from '../../shared/src/scim/discovery';
import { ScimError } from '../../shared/src/scim/errors';
import { activeMapping } from './active-mapping';
import type { ConnectionManager } from './connections/manager';
import { targetFileName } from './file-names';

/** The `target "..."` line for a schema file, relative to the mapping: `target "./acme.target.json"`. */
export function declarationFor(mapping: vscode.Uri, schema: vscode.Uri): string {
  const from = vscode.Uri.joinPath(mapping, '..').path;
  const relative = schema.path.startsWith(`${from}/`) ? schema.path.slice(from.length + 1) : schema.path;
  return `target "./${relative}"`;
}

export function activateTargetDiscovery(context: vscode.ExtensionContext, client: LanguageClient, manager: ConnectionManager): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('scimmap.discoverTargetSchema', () =>
      discoverTarget(client, manager).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        manager.log.error(`Discover Target Schema: ${message}`);
        void vscode.window.showErrorMessage(message);
        return undefined;
      }),
    ),
  );
}

/** Resolves to the written file (undefined when cancelled or nothing was written), so tests can await the command. */
async function discoverTarget(client: LanguageClient, manager: ConnectionManager): Promise<vscode.Uri | undefined> {
  const connection = manager.active();
  if (!connection) {
    void vscode.window.showInformationMessage('No SCIM connection is configured yet: run "SCIM: Add Connection" first.');
    return undefined;
  }
  const scim = await manager.client(connection);
  const mapping = activeMapping();
  const folder = mapping ? vscode.Uri.joinPath(mapping, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('Open a .scimmap file (or a folder) to save the discovered target schema beside it.');
  const documents = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Discovering the schema of "${connection.name}"`, cancellable: true },
    async (progress, cancellation) => {
      const controller = new AbortController();
      const subscription = cancellation.onCancellationRequested(() => controller.abort());
      try {
        return await fetchDiscovery(scim, { signal: controller.signal, progress: (message) => progress.report({ message }) });
      } catch (error) {
        if (error instanceof ScimError && error.kind === 'cancelled') return undefined;
        throw error;
      } finally {
        subscription.dispose();
      }
    },
  );
  if (!documents) {
    manager.log.info('Discover Target Schema cancelled: nothing was written.');
    return undefined;
  }
  const result = await client.sendRequest(DiscoveredTargetRequest, { documents, name: connection.name, at: new Date().toISOString() });
  if (!result.ok) throw new Error(`"${connection.name}": ${result.message} Nothing was written.`);
  for (const warning of result.warnings) manager.log.warn(`Discover Target Schema: ${warning}`);
  const file = vscode.Uri.joinPath(folder, targetFileName(connection.name));
  const exists = await vscode.workspace.fs.stat(file).then(
    () => true,
    () => false,
  );
  if (exists) {
    const replace = 'Replace';
    const answer = await vscode.window.showWarningMessage(
      `${vscode.workspace.asRelativePath(file)} exists. Replace it with the schema just discovered?`,
      { modal: true },
      replace,
    );
    if (answer !== replace) return undefined;
  }
  await vscode.workspace.fs.writeFile(file, Buffer.from(`${JSON.stringify(result.json, null, 2)}\n`, 'utf8'));
  manager.log.info(`Discover Target Schema: wrote ${file.fsPath} from "${connection.name}" (${result.warnings.length} warning(s)).`);
  const warnings =
    result.warnings.length > 0 ? ` ${result.warnings.length} thing(s) could not be read or were assumed (see the connection log).` : '';
  if (!mapping) {
    void vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(file)}.${warnings}`);
    return file;
  }
  const declare = 'Declare It';
  const declaration = declarationFor(mapping, file);
  // Not awaited: the command resolves with the file while the offer stays.
  void vscode.window
    .showInformationMessage(
      `Saved ${vscode.workspace.asRelativePath(file)}.${warnings} Declare it in ${vscode.workspace.asRelativePath(mapping)} (${declaration})?`,
      declare,
    )
    .then(async (answer) => {
      if (answer === declare) await declareTarget(mapping, declaration);
    });
  return file;
}

/** Writes the declaration into the mapping: replaces its `target` line, or adds one at the top. */
export async function declareTarget(mapping: vscode.Uri, declaration: string): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(mapping);
  const edit = new vscode.WorkspaceEdit();
  const existing = /^[ \t]*target[ \t]*["'\u201c\u201d\u2018\u2019][^\r\n]*$/m.exec(document.getText());
  if (existing)
    edit.replace(
      mapping,
      new vscode.Range(document.positionAt(existing.index), document.positionAt(existing.index + existing[0].length)),
      declaration,
    );
  else edit.insert(mapping, new vscode.Position(0, 0), `${declaration}\n\n`);
  return vscode.workspace.applyEdit(edit);
}
