// The requests that evaluate mappings: the preview and provisioning's plans. Each is bounded by an
// evaluation budget of 2 s (evaluation/budget.ts), which is far too long for the editor to wait
// behind: they run in the evaluation worker (evaluation-worker.ts, started by evaluation-thread.ts),
// never on the thread that answers hover, completion and diagnostics (issue 10 §12).
import type { RequestType } from 'vscode-languageserver-protocol';
import { PreviewRequest, ProvisionCompareRequest, ProvisionMatchRequest, ProvisionPlanRequest } from '../../../shared/src/protocol';
import type { EvaluationBudget } from '../evaluation/budget';
import { compareReadBack, planAction, planMatch } from '../provisioning/on-demand';
import type { AnalyzedDocument } from '../document-analyses';
import type { DocumentParams } from './handlers';
import { computePreview } from './preview';
import { inputOf } from './provision';

/** Computes a request's answer for the document's analysis; `budget` stops the evaluations when the request is cancelled. */
export type Evaluation<P, R> = (document: AnalyzedDocument, params: P, budget: EvaluationBudget) => R;

/** A request answered in the evaluation worker. */
export type EvaluationRequestType<P extends DocumentParams, R> = RequestType<P, R | null, void>;

function entry<P extends DocumentParams, R>(type: EvaluationRequestType<P, R>, evaluation: Evaluation<P, R>) {
  return [type.method, evaluation as Evaluation<unknown, unknown>] as const;
}

/** By method name: what the worker computes. */
export const evaluations: ReadonlyMap<string, Evaluation<unknown, unknown>> = new Map([
  entry(PreviewRequest, computePreview),
  entry(ProvisionMatchRequest, (document, params) => planMatch(inputOf(document, params))),
  entry(ProvisionPlanRequest, (document, params) => planAction(inputOf(document, params), params.live)),
  entry(ProvisionCompareRequest, (document, params) => compareReadBack(inputOf(document, params), params.live, params.readBack)),
]);
