// The one place where server features are wired. Each advertises only what it serves.
import { diagnosticsFeature } from './diagnostics';
import type { Feature } from './feature';
import { mappingSummaryFeature } from './mapping-summary';

export const features: readonly Feature[] = [diagnosticsFeature, mappingSummaryFeature];
