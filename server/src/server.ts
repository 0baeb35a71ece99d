// The scimmap language server: one process per editor, any transport (IPC from VS Code, stdio from `scimmap lsp --stdio`).
import { TextDocumentSyncKind, type Connection, type ServerCapabilities } from 'vscode-languageserver/node';
import { DocumentStore } from './documents';
import { features } from './lsp';

export function startLanguageServer(connection: Connection): void {
  const store = new DocumentStore();
  connection.onInitialize(() => {
    const capabilities: ServerCapabilities = { textDocumentSync: TextDocumentSyncKind.Incremental };
    for (const feature of features) Object.assign(capabilities, feature.capabilities);
    return { capabilities, serverInfo: { name: 'scimmap', version: '0.1.0' } };
  });
  for (const feature of features) feature.register(connection, store);
  store.documents.listen(connection);
  connection.listen();
}
