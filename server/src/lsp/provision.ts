// Provisioning on demand, the server's part: the pure core's answers to the extension's run (what
// to look up, what to send given the live objects, what the read-back shows) for the open mapping
// and the samples text the extension sends. The HTTP is the extension's.
import { ProvisionCompareRequest, ProvisionMatchRequest, ProvisionPlanRequest, type ProvisionParams } from '../../../shared/src/protocol';
import type { AnalyzedDocument } from '../documents';
import { compareReadBack, planAction, planMatch, type OnDemandInput } from '../provisioning/on-demand';
import { parseSampleFile } from '../schema/sample-data';
import type { Feature } from './feature';

/** The run's input; a samples file that is no longer valid, or lacks the sample, is an error the run reports. */
function inputOf(document: AnalyzedDocument, params: ProvisionParams): OnDemandInput {
  const parsed = parseSampleFile(params.samples.text);
  if (!parsed.ok) throw new Error(`The samples file is not valid: ${parsed.errors.join('; ')}`);
  return {
    file: document.file,
    samples: parsed.value,
    kind: params.kind,
    id: params.id,
    compat: params.compat,
    targetSchema: document.target,
  };
}

export const provisionFeature: Feature = {
  capabilities: {},
  register(handlers) {
    handlers.onDocumentRequest(ProvisionMatchRequest, (document, params) => planMatch(inputOf(document, params)));
    handlers.onDocumentRequest(ProvisionPlanRequest, (document, params) => planAction(inputOf(document, params), params.live));
    handlers.onDocumentRequest(ProvisionCompareRequest, (document, params) =>
      compareReadBack(inputOf(document, params), params.live, params.readBack),
    );
  },
};
