// The scimmap language server: one process per editor, any transport (IPC from VS Code, stdio from `scimmap lsp --stdio`).
import { TextDocumentSyncKind, type Connection, type ServerCapabilities } from 'vscode-languageserver/node';
import { DocumentStore } from './documents';
import { features as allFeatures } from './lsp';
import type { Feature } from './lsp/feature';
import { Handlers } from './lsp/handlers';
import { scimmapVersion } from './version';

/** Serves `features` (all of them; a test may swap one) on `connection` until the client says exit. */
export function startLanguageServer(connection: Connection, features: readonly Feature[] = allFeatures): void {
  const handlers = new Handlers(connection, new DocumentStore());
  connection.onInitialize(({ capabilities: client }) => {
    handlers.clientCapabilities = client;
    const capabilities: ServerCapabilities = { textDocumentSync: TextDocumentSyncKind.Incremental };
    for (const feature of features) Object.assign(capabilities, feature.capabilities);
    return { capabilities, serverInfo: { name: 'scimmap', version: scimmapVersion } };
  });
  for (const feature of features) feature.register(handlers);
  handlers.store.documents.listen(connection);
  connection.listen();
}
