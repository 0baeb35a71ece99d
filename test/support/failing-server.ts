// A scimmap language server over stdio (`node out/test/support/failing-server.js --stdio`) with
// every real feature except hover, whose handler throws as a bug would. The forced-failure test
// (test/unit/lsp/request-handling.test.ts) shows that the server answers that request with an
// error, logs it, and keeps serving the rest. Model: Prisma's language server crash test.
import { createConnection, HoverRequest, ProposedFeatures } from 'vscode-languageserver/node';
import { features } from '../../server/src/lsp';
import type { Feature } from '../../server/src/lsp/feature';
import { hoverFeature } from '../../server/src/lsp/hover';
import { startLanguageServer } from '../../server/src/server';

export const forcedFailure = 'a hover that fails on purpose';

const failingHover: Feature = {
  capabilities: hoverFeature.capabilities,
  register(handlers) {
    handlers.onDocumentRequest(HoverRequest.type, function hoverThatThrows() {
      throw new TypeError(forcedFailure);
    });
  },
};

if (require.main === module) {
  startLanguageServer(
    createConnection(ProposedFeatures.all),
    features.map((feature) => (feature === hoverFeature ? failingHover : feature)),
  );
}
