// SCIM: Discover Target Schema, the server's half: the client reads the endpoint (it owns the
// secrets and the HTTP calls) and sends the documents; the server, which owns the target-schema
// format, turns them into the file's content, or says why it cannot.
import { DiscoveredTargetRequest, type DiscoveredTargetResult } from '../../../shared/src/protocol';
import { targetSchemaFromDiscovery } from '../schema/discovery';
import { TargetSchemaError } from '../schema/target-format';
import type { Feature } from './feature';

export const discoveredTargetFeature: Feature = {
  capabilities: {},
  register(handlers) {
    handlers.onRequest(DiscoveredTargetRequest, (params): DiscoveredTargetResult => {
      try {
        const { json, warnings } = targetSchemaFromDiscovery(params.documents, { name: params.name, at: params.at });
        return { ok: true, json, warnings };
      } catch (error) {
        if (error instanceof TargetSchemaError) return { ok: false, message: error.message };
        throw error;
      }
    });
  },
};
