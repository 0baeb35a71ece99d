// Answers the client's questions about an open mapping (Test Connection's probe attribute, the mapped targets).
import type { MappingFile, ObjectBlock } from '../syntax/ast';
import { matchingMappings } from '../provisioning/matching';
import { MappingSummaryRequest, type MappingSummary } from '../../../shared/src/protocol';
import type { Feature } from './feature';

export function summarizeMapping(file: MappingFile, hasErrors: boolean): MappingSummary {
  const block = (object: ObjectBlock['object']) => file.blocks.find((candidate) => candidate.object === object);
  const users = block('users');
  return {
    userMatchingAttribute: users ? matchingMappings(users)[0]?.mapping.target.text : undefined,
    userTargets: (users?.mappings ?? []).map((mapping) => mapping.target.text),
    groupTargets: (block('groups')?.mappings ?? []).map((mapping) => mapping.target.text),
    hasErrors,
  };
}

export const mappingSummaryFeature: Feature = {
  capabilities: {},
  register(handlers) {
    handlers.onDocumentRequest(MappingSummaryRequest, (analyzed) =>
      summarizeMapping(
        analyzed.file,
        analyzed.diagnostics.some((diagnostic) => diagnostic.severity === 'error'),
      ),
    );
  },
};
