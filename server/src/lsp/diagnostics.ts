// Publishes the analysis diagnostics of every open document, newest version only.
import type { Feature } from './feature';
import { toLspDiagnostic } from './lsp-convert';

export const diagnosticsFeature: Feature = {
  capabilities: {},
  register(handlers) {
    const { connection, store } = handlers;
    const pending = new Set<string>();
    const publish = (uri: string) => {
      pending.delete(uri);
      const analyzed = store.get(uri);
      if (!analyzed) return;
      void connection.sendDiagnostics({
        uri,
        version: analyzed.version,
        diagnostics: analyzed.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, analyzed.lines)),
      });
    };
    // Coalesce bursts of edits: analyse once per turn of the event loop, the latest version only.
    store.documents.onDidChangeContent(({ document }) => {
      if (pending.has(document.uri)) return;
      pending.add(document.uri);
      // Outside any request: an analysis that throws is logged, and the server keeps serving.
      setImmediate(() => handlers.guard('publishing diagnostics', () => publish(document.uri)));
    });
    // A target-schema file changed on disk (the client watches *.target.json): every open document may declare it.
    connection.onDidChangeWatchedFiles(() =>
      handlers.guard('re-checking after a target schema changed', () => {
        for (const uri of store.targetFileChanged()) {
          if (pending.has(uri)) continue;
          pending.add(uri);
          setImmediate(() => handlers.guard('publishing diagnostics', () => publish(uri)));
        }
      }),
    );
    store.documents.onDidClose(({ document }) => {
      pending.delete(document.uri);
      void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    });
  },
};
