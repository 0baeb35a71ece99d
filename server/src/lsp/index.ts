// The one place where server features are wired. Each advertises only what it serves.
import { codeActionsFeature } from './code-actions';
import { completionFeature } from './completion';
import { diagnosticsFeature } from './diagnostics';
import { discoveredTargetFeature } from './discovered-target';
import { documentSymbolsFeature } from './document-symbols';
import { entraSchemaFeature } from './entra-schema';
import { entraTenantFeature } from './entra-tenant';
import type { Feature } from './feature';
import { foldingRangesFeature } from './folding-ranges';
import { formattingFeature } from './formatting';
import { hoverFeature } from './hover';
import { mappingSummaryFeature } from './mapping-summary';
import { mappingTestsFeature } from './mapping-tests';
import { previewFeature } from './preview';
import { provisionFeature } from './provision';
import { selectionRangesFeature } from './selection-ranges';
import { semanticTokensFeature } from './semantic-tokens';
import { signatureHelpFeature } from './signature-help';
import { simulationFeature } from './simulation';

export const features: readonly Feature[] = [
  diagnosticsFeature,
  mappingSummaryFeature,
  completionFeature,
  hoverFeature,
  signatureHelpFeature,
  semanticTokensFeature,
  documentSymbolsFeature,
  foldingRangesFeature,
  selectionRangesFeature,
  formattingFeature,
  codeActionsFeature,
  previewFeature,
  provisionFeature,
  entraSchemaFeature,
  entraTenantFeature,
  discoveredTargetFeature,
  mappingTestsFeature,
  simulationFeature,
];
