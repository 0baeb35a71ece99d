// The tenant commands' server side (SCIM: Push Mapping to Entra..., Check Expressions with Entra,
// Compare Functions with Entra): the same core the CLI's push, verify-with-entra and
// compare-functions call (server/src/entra/), for the open .scimmap. The extension makes the Graph calls.
import { compareCatalogues, formatCatalogueDifference } from '../entra/catalogue-compare';
import { formatChangeSincePull, formatDifference, formatPushChange } from '../entra/diff';
import { planPush, PulledBaseError, roundTripDifferences } from '../entra/push-plan';
import { verifyCases } from '../entra/verify';
import { parseSampleFile } from '../schema/sample-data';
import {
  CompareCataloguesRequest,
  PushPlanRequest,
  RoundTripRequest,
  VerifyCasesRequest,
  type PushPlanResult,
  type VerifyCasesResult,
} from '../../../shared/src/protocol';
import { errorLines, problemsOf } from './entra-schema';
import { pulledFiles } from '../../../shared/src/graph/pulled';
import type { Feature } from './feature';

export const entraTenantFeature: Feature = {
  capabilities: {},
  register(handlers) {
    handlers.onDocumentRequest(PushPlanRequest, (document, params): PushPlanResult => {
      const errors = errorLines(document);
      if (errors) return { ok: false, errors };
      try {
        const plan = planPush(document.file, params.pulledText, params.currentText, document.target);
        return {
          ok: true,
          pulledVersion: plan.pulledVersion,
          currentVersion: plan.currentVersion,
          ...(plan.changedSincePull && { changedSincePull: plan.changedSincePull.map(formatChangeSincePull) }),
          exported: plan.exported,
          changes: plan.changes.map(formatPushChange),
          notes: [...plan.notes],
        };
      } catch (error) {
        const errors = problemsOf(error);
        if (!(error instanceof PulledBaseError)) return { ok: false, errors };
        const base = decodeURIComponent(pulledFiles(params.uri).schema.replace(/^.*\//, ''));
        return { ok: false, errors: errors.map((line) => `${base} (the pulled base, not the schema in Entra): ${line}`) };
      }
    });

    handlers.onDocumentRequest(RoundTripRequest, (document, params) => ({
      differences: roundTripDifferences(document.file, params.keptText).map(formatDifference),
    }));

    handlers.onDocumentRequest(VerifyCasesRequest, (document, params): VerifyCasesResult => {
      const errors = errorLines(document);
      if (errors) return { ok: false, errors };
      const samples = parseSampleFile(params.samples.text);
      if (!samples.ok) return { ok: false, errors: samples.errors };
      const user = samples.value.users.find((candidate) => candidate.id === params.id);
      if (!user) return { ok: false, errors: [`The samples file has no user "${params.id}" any more.`] };
      return { ok: true, cases: verifyCases(document.file, params.schemaText, user.attributes) };
    });

    handlers.onRequest(CompareCataloguesRequest, (params) => {
      const differences = compareCatalogues(params.functions, params.operators);
      return { differences, lines: differences.map(formatCatalogueDifference) };
    });
  },
};
