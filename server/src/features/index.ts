// The one place where server features are wired. Each advertises only what it serves.
import { completionFeature } from './completion';
import { diagnosticsFeature } from './diagnostics';
import type { Feature } from './feature';
import { hoverFeature } from './hover';
import { mappingSummaryFeature } from './mapping-summary';
import { previewFeature } from './preview';
import { semanticTokensFeature } from './semantic-tokens';
import { signatureHelpFeature } from './signature-help';

export const features: readonly Feature[] = [
  diagnosticsFeature,
  mappingSummaryFeature,
  completionFeature,
  hoverFeature,
  signatureHelpFeature,
  semanticTokensFeature,
  previewFeature,
];
