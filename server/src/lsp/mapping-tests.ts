// Mapping tests for Test Explorer, the server's part: a test file's objects and expectations with
// their ranges (the editor's test items), and a run of the file, or of some of its expectations, by
// the same runner as `scimmap test`, with the editor's unsaved text for every file it holds (open
// mappings from the document store, other files as the client sends them).
import { unreadableReason } from '../../../shared/src/reading-file';
import { readUtf8File } from '../../../shared/src/utf8';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  MappingTestItemsRequest,
  RunMappingTestsRequest,
  type MappingTestItemsResult,
  type RunMappingTestsParams,
  type RunMappingTestsResult,
  type WireLocation,
} from '../../../shared/src/protocol';
import type { DocumentStore } from '../documents';
import { JsonSyntaxError, parseJsonTree } from '../entra/json-tree';
import { LineIndex } from '../syntax/positions';
import { analyze } from '../validation/analyze';
import { inputFiles } from '../simulation/input';
import { InputError } from '../simulation/input-error';
import { layoutMappingTestFile, spanAt, TestFileError, type MappingTestLayout } from '../simulation/mapping-tests';
import { runMappingTestFile, snapshotUpdates } from '../simulation/test-run';
import type { Feature } from './feature';

/** The test items of a test file's text, or why it has none (with where). */
export function mappingTestItems(uri: string, text: string): MappingTestItemsResult {
  const lines = new LineIndex(text);
  let layout: MappingTestLayout;
  try {
    layout = layoutMappingTestFile(pathOf(uri), text);
  } catch (error) {
    if (!(error instanceof TestFileError)) throw error;
    return { ok: false, message: error.message, range: lines.rangeOf(problemSpan(text, error.pointer)) };
  }
  const { file } = layout;
  return {
    ok: true,
    objects: layout.objects.map((object) => ({
      id: object.id,
      pointer: object.pointer,
      range: lines.rangeOf(object.span),
      cases: object.cases.map((item) => ({
        pointer: item.pointer,
        label: item.name.slice(item.id.length + 2),
        description:
          item.check.kind === 'action' ? item.check.expected : item.check.kind === 'attribute' ? brief(item.check.expected) : undefined,
        range: lines.rangeOf(item.span),
      })),
    })),
    inputs: [file.mapping, ...file.directory, ...(file.targetState ?? []), file.snapshots].map(uriOf),
  };
}

/** Where a test file's mistake is: the member its pointer names, or where the JSON breaks. */
function problemSpan(text: string, pointer: string | undefined): { start: number; end: number } {
  try {
    const tree = parseJsonTree(text);
    return pointer === undefined ? { start: 0, end: 0 } : spanAt(tree, pointer);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { start: error.offset, end: error.offset };
    throw error;
  }
}

/** Runs the test file's expectations (or `only` those) with the editor's texts. */
export async function runMappingTests(
  store: DocumentStore,
  params: RunMappingTestsParams,
  checkpoint: () => Promise<void> = async () => undefined,
): Promise<RunMappingTestsResult> {
  const unsaved = new Map(params.openFiles.filter((file) => file.uri.startsWith('file:')).map((file) => [pathOf(file.uri), file.text]));
  // The files as on disk (the editor's unsaved texts aside), and UTF-8: one that is not is answered, as an input error.
  const files = inputFiles((path) => readUtf8File(path, (message) => new InputError(message)), unsaved);
  const path = pathOf(params.uri);
  let text: string;
  let layout: MappingTestLayout;
  try {
    text = files.text(path);
    layout = layoutMappingTestFile(path, text);
  } catch (error) {
    if (error instanceof TestFileError) return { ok: false, message: error.message };
    return { ok: false, message: `${path} cannot be read: ${(error as Error).message}` };
  }
  const lines = new LineIndex(text);
  const spans = new Map<string, { start: number; end: number }>();
  for (const object of layout.objects) {
    spans.set(object.pointer, object.span);
    for (const item of object.cases) spans.set(item.pointer, item.span);
  }
  const warnings: string[] = [];
  try {
    const run = await runMappingTestFile(layout.file, {
      files,
      analyzeMapping: (mappingPath) => {
        const open = openDocument(store, mappingPath);
        if (open) return open;
        const mappingText = files.text(mappingPath);
        return { ...analyze(mappingText, { resolve: store.targetFiles.resolverForUri(uriOf(mappingPath)) }), text: mappingText };
      },
      update: params.update,
      only: params.only,
      problem: (found) => warnings.push(`${found.where}: ${found.message}`),
      checkpoint,
      // Test Explorer shows expected against actual in the editor's diff view: no text diff to build.
      textDiffs: false,
    });
    const update = run.snapshots && snapshotUpdates([{ file: layout.file, taken: run.snapshots }], files).updates[0];
    const firstError = run.mappingErrors?.diagnostics[0];
    const mappingLocation: WireLocation | undefined = firstError && {
      uri: uriOf(layout.file.mapping),
      range: new LineIndex(run.mappingErrors!.text).rangeOf(firstError.span),
    };
    return {
      ok: true,
      results: run.cases.map((outcome) => {
        const span = spans.get(outcome.pointer) ?? spanAt(parseJsonTree(text), outcome.pointer);
        // A mapping with errors fails every expectation at its first error.
        const location = mappingLocation ?? { uri: params.uri, range: lines.rangeOf(span) };
        if (!outcome.failure) return { pointer: outcome.pointer, name: outcome.name, passed: true };
        const { message, expected, actual } = outcome.failure;
        const firstErrorText = firstError ? `: ${firstError.message}` : '';
        return {
          pointer: outcome.pointer,
          name: outcome.name,
          passed: false,
          message: message + firstErrorText,
          expected,
          actual,
          location,
        };
      }),
      snapshotUpdate: update && { uri: uriOf(update.path), text: update.text, count: update.count },
      warnings,
    };
  } catch (error) {
    if (error instanceof TestFileError || error instanceof InputError) return { ok: false, message: error.message };
    if (unreadableReason(error) !== undefined)
      return { ok: false, message: `${layout.file.path} names a file that cannot be read: ${(error as Error).message}` };
    throw error;
  }
}

/** The analysis of a mapping the editor has open (its unsaved text), if it has it. */
function openDocument(store: DocumentStore, path: string) {
  for (const uri of store.documents.keys()) if (uri.startsWith('file:') && pathOf(uri) === path) return store.get(uri);
  return undefined;
}

function pathOf(uri: string): string {
  return fileURLToPath(uri);
}

function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

function brief(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export const mappingTestsFeature: Feature = {
  capabilities: {},
  register(handlers) {
    handlers.onRequest(MappingTestItemsRequest, (params) => mappingTestItems(params.uri, params.text));
    handlers.onRequest(RunMappingTestsRequest, (params, { checkpoint }) => runMappingTests(handlers.store, params, checkpoint));
  },
};
