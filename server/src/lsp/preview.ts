// The preview panel's server side: lists the samples of the workspace's sample files and computes,
// for one sample, what Entra would send (as a create, and as an update when the sample has a target
// state), with every span turned into a range the panel can jump to.
import { EvaluationBudget } from '../evaluation/budget';
import type { Span } from '../syntax/ast';
import type { LineIndex } from '../syntax/positions';
import { previewGroup, previewUser } from '../provisioning/requests';
import type { ObjectPreview, RequestNote, ScimRequest } from '../provisioning/types';
import { parseSampleFile, sampleLabel, type SampleGroup, type SampleSet, type SampleUser } from '../schema/sample-data';
import { clauseText } from '../provisioning/scoping';
import {
  PreviewRequest,
  SampleListRequest,
  type NoteView,
  type ObjectPreviewView,
  type PreviewParams,
  type PreviewResult,
  type RequestView,
  type SampleEntry,
  type SampleFileText,
  type SampleListResult,
} from '../../../shared/src/protocol';
import type { AnalyzedDocument } from '../documents';
import type { Feature } from './feature';

export function listSamples(files: readonly SampleFileText[]): SampleListResult {
  const samples: SampleEntry[] = [];
  const problems: Array<{ uri: string; errors: string[] }> = [];
  for (const file of files) {
    const result = parseSampleFile(file.text);
    if (!result.ok) {
      // A JSON file that only matched the file pattern (someone else's users.json) is left out quietly.
      if (/"(users|groups)"\s*:/.test(file.text)) problems.push({ uri: file.uri, errors: result.errors });
      continue;
    }
    for (const user of result.value.users) samples.push(entryOf(file.uri, 'user', user));
    for (const group of result.value.groups) samples.push(entryOf(file.uri, 'group', group));
  }
  return { samples, problems };
}

function entryOf(uri: string, kind: SampleEntry['kind'], sample: SampleUser | SampleGroup): SampleEntry {
  return { uri, kind, id: sample.id, label: sampleLabel(sample), description: sample.description, hasTarget: sample.target !== undefined };
}

/** The preview of one sample; `budget` bounds its evaluations (and stops them when the request is cancelled). */
export function computePreview(document: AnalyzedDocument, params: PreviewParams, budget = new EvaluationBudget()): PreviewResult {
  const parsed = parseSampleFile(params.samples.text);
  if (!parsed.ok) return { ok: false, message: `The samples file is not valid: ${parsed.errors.join('; ')}` };
  const samples: SampleSet = parsed.value;
  const list = params.kind === 'user' ? samples.users : samples.groups;
  const sample = list.find((candidate) => candidate.id === params.id);
  if (!sample) return { ok: false, message: `The samples file no longer has a ${params.kind} "${params.id}". Pick another sample.` };
  // The create and the update preview share one evaluation budget: one request, one bound on its work.
  const run = (target: typeof sample.target) =>
    params.kind === 'user'
      ? previewUser(document.file, sample as SampleUser, { samples, target, compat: params.compat, targetSchema: document.target, budget })
      : previewGroup(document.file, sample as SampleGroup, {
          samples,
          target,
          compat: params.compat,
          targetSchema: document.target,
          budget,
        });
  return {
    ok: true,
    sample: entryOf(params.samples.uri, params.kind, sample),
    mappingErrors: document.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length,
    create: toView(run(undefined), document.lines),
    update: sample.target ? toView(run(sample.target), document.lines) : undefined,
  };
}

/** The preview with offsets turned into line/character ranges and AST nodes into plain text. */
export function toView(preview: ObjectPreview, lines: LineIndex): ObjectPreviewView {
  const range = (span: Span) => lines.rangeOf(span);
  const note = (item: RequestNote) => noteView(item, lines);
  return {
    action: preview.action,
    summary: preview.summary,
    scope: preview.scope && {
      inScope: preview.scope.inScope,
      summary: preview.scope.summary,
      filters: preview.scope.filters.map((filter) => ({
        title: filter.title,
        result: filter.result,
        range: range(filter.filter.span),
        clauses: filter.clauses.map((clause) => ({
          text: clauseText(clause.clause),
          result: clause.result,
          reason: clause.reason,
          range: range(clause.clause.span),
          ...(clause.unevaluable && { unknown: true as const }),
        })),
      })),
    },
    matching: preview.matching.map((step) => ({
      precedence: step.precedence,
      attribute: step.attribute,
      value: step.value,
      found: step.found,
      range: range(step.span),
    })),
    requests: preview.requests.map((request) => requestView(request, lines)),
    notes: preview.notes.map(note),
  };
}

/** A request with its mapping spans as ranges (the preview's, and the simulation report's). */
export function requestView(request: ScimRequest, lines: LineIndex): RequestView {
  return {
    title: request.title,
    method: request.method,
    path: request.path,
    body: request.body,
    notes: request.notes.map((item) => noteView(item, lines)),
    sources: Object.fromEntries(Object.entries(request.sources).map(([pointer, span]) => [pointer, lines.rangeOf(span)])),
    placeholders: Object.fromEntries(
      Object.entries(request.placeholders).map(([pointer, items]) => [
        pointer,
        items.map((item) => ({ kind: item.kind, note: item.note })),
      ]),
    ),
  };
}

/** A request's note with its mapping span as a range. */
export function noteView(item: RequestNote, lines: LineIndex): NoteView {
  return { severity: item.severity, message: item.message, pointer: item.pointer, range: item.span ? lines.rangeOf(item.span) : undefined };
}

export const previewFeature: Feature = {
  capabilities: {},
  register(handlers) {
    handlers.onRequest(SampleListRequest, (params) => {
      // The panel lists samples before the user picks one to preview: time enough to start the worker.
      handlers.prepareEvaluations();
      return listSamples(params.files);
    });
    // Evaluated in the evaluation worker (evaluation-requests.ts); a bug in the preview answers with
    // an error, which the panel shows; the server keeps running. The panel asks again on every edit
    // of the mapping or the samples and cancels the superseded request, which stops its evaluation.
    handlers.onEvaluationRequest(PreviewRequest);
  },
};
