// Provisioning on demand, the server's part: the pure core's answers to the extension's run (what
// to look up, what to send given the live objects, what the read-back shows) for the open mapping
// and the samples text the extension sends. The HTTP is the extension's.
import { ProvisionCompareRequest, ProvisionMatchRequest, ProvisionPlanRequest, type ProvisionParams } from '../../../shared/src/protocol';
import type { AnalyzedDocument } from '../documents';
import type { OnDemandInput } from '../provisioning/on-demand';
import { parseSampleFile } from '../schema/sample-data';
import type { Feature } from './feature';

/** The run's input; a samples file that is no longer valid, or lacks the sample, is an error the run reports. */
export function inputOf(document: AnalyzedDocument, params: ProvisionParams): OnDemandInput {
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

/** Each plan evaluates the mapping: computed in the evaluation worker (evaluation-requests.ts), so editing never waits for it. */
export const provisionFeature: Feature = {
  capabilities: {},
  register(handlers) {
    handlers.onEvaluationRequest(ProvisionMatchRequest);
    handlers.onEvaluationRequest(ProvisionPlanRequest);
    handlers.onEvaluationRequest(ProvisionCompareRequest);
  },
};
