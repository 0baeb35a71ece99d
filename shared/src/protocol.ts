// The custom LSP messages between the scimmap client and server. The one module both import:
// a method name or payload shape changes here and nowhere else.
import { RequestType } from 'vscode-languageserver-protocol';
import type { DiscoveryDocuments } from './scim/discovery';
import type { VerifyCase } from './graph/parse-expression';
import type { PushPlanOf } from './graph/push';
import type { CatalogueDifference, TenantFunction, TenantOperator } from './graph/catalogue';
import type { ActionPlan, Difference, LiveResource, LiveState, MatchPlan } from './provisioning/plan';
import { simulationStatuses, type KeptValue, type SimulationActionName } from './simulation-actions';

export { simulationActions, simulationStatuses, type SimulationActionName } from './simulation-actions';
import type { SimulationRows } from './simulation-rows';
export type { SimulationRows } from './simulation-rows';

export interface MappingSummaryParams {
  readonly uri: string;
}

/** What the client's connection features need to know about an open mapping. */
export interface MappingSummary {
  /** Target attribute of the lowest matching precedence in the users block (Entra's Test Connection probe). */
  readonly userMatchingAttribute: string | undefined;
  /** Every target path mapped in the users block, as written. */
  readonly userTargets: string[];
  /** Every target path mapped in the groups block, as written. */
  readonly groupTargets: string[];
  /** Whether the document has errors (the summary may then be partial). */
  readonly hasErrors: boolean;
}

export const MappingSummaryRequest = new RequestType<MappingSummaryParams, MappingSummary | null, void>('scimmap/mappingSummary');

// ---- Preview panel (server/src/lsp/preview.ts, client/src/preview/) ----

/** A range as LSP speaks it (zero-based lines, UTF-16 characters). */
export interface WireRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

/** A samples file as the client has it (the open editor's text when open, unsaved edits included). */
export interface SampleFileText {
  readonly uri: string;
  readonly text: string;
}

export interface SampleListParams {
  readonly files: readonly SampleFileText[];
}

export interface SampleEntry {
  readonly uri: string;
  readonly kind: 'user' | 'group';
  readonly id: string;
  /** displayName, else userPrincipalName, else the id. */
  readonly label: string;
  readonly description?: string;
  /** The sample carries the target's current state ($target): an update preview exists. */
  readonly hasTarget: boolean;
}

export interface SampleListResult {
  readonly samples: SampleEntry[];
  /** Files that are not valid sample files, with why (files that merely look unrelated are left out). */
  readonly problems: ReadonlyArray<{ readonly uri: string; readonly errors: string[] }>;
}

export const SampleListRequest = new RequestType<SampleListParams, SampleListResult, void>('scimmap/sampleList');

export interface PreviewParams {
  /** The .scimmap document (open in the editor). */
  readonly uri: string;
  readonly samples: SampleFileText;
  readonly kind: 'user' | 'group';
  readonly id: string;
  readonly compat: 'default' | 'aadOptscim062020';
}

export interface NoteView {
  readonly severity: 'error' | 'warning' | 'information';
  readonly message: string;
  readonly pointer?: string;
  readonly range?: WireRange;
}

export interface RequestView {
  readonly title: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly notes: NoteView[];
  /** JSON pointer (or `path`) -> the mapping that produced the value. */
  readonly sources: Record<string, WireRange>;
  readonly placeholders: Record<string, ReadonlyArray<{ readonly kind: string; readonly note: string }>>;
}

export interface ScopeView {
  readonly inScope: boolean;
  readonly summary: string;
  readonly filters: ReadonlyArray<{
    readonly title: string;
    readonly result: boolean;
    readonly range: WireRange;
    readonly clauses: ReadonlyArray<{
      readonly text: string;
      readonly result: boolean;
      readonly reason: string;
      readonly range: WireRange;
      /** No verdict (`result` is none): scimmap cannot run the clause's pattern, or the pattern is invalid. */
      readonly unknown?: true;
    }>;
  }>;
}

export interface ObjectPreviewView {
  readonly action: 'create' | 'update' | 'disable' | 'delete' | 'none' | 'skip' | 'error';
  readonly summary: string;
  readonly scope?: ScopeView;
  readonly matching: ReadonlyArray<{
    readonly precedence: number;
    readonly attribute: string;
    readonly value: string | null;
    readonly found?: boolean;
    readonly range: WireRange;
  }>;
  readonly requests: RequestView[];
  readonly notes: NoteView[];
}

export type PreviewResult =
  | {
      readonly ok: true;
      readonly sample: SampleEntry;
      /** Diagnostics with severity error in the mapping: the preview may not be what Entra would do. */
      readonly mappingErrors: number;
      /** As if the object did not exist in the target. */
      readonly create: ObjectPreviewView;
      /** Given the sample's `$target` (absent without one). */
      readonly update?: ObjectPreviewView;
    }
  | { readonly ok: false; readonly message: string };

/** Null when the mapping is not open in the editor (the client syncs only open documents). */
export const PreviewRequest = new RequestType<PreviewParams, PreviewResult | null, void>('scimmap/preview');

// ---- Provisioning on demand (server/src/lsp/provision.ts, client/src/preview/provision.ts) ----
// The run's HTTP happens in the extension (shared/src/provisioning/run.ts); it asks the server's
// pure core what to look up, what to send given the live answers, and what the read-back shows.

export interface ProvisionParams {
  /** The .scimmap document (open in the editor). */
  readonly uri: string;
  readonly samples: SampleFileText;
  readonly kind: 'user' | 'group';
  readonly id: string;
  readonly compat: 'default' | 'aadOptscim062020';
}

export const ProvisionMatchRequest = new RequestType<ProvisionParams, MatchPlan | null, void>('scimmap/provisionMatch');
export const ProvisionPlanRequest = new RequestType<ProvisionParams & { readonly live: LiveState }, ActionPlan | null, void>(
  'scimmap/provisionPlan',
);
export const ProvisionCompareRequest = new RequestType<
  ProvisionParams & { readonly live: LiveState; readonly readBack: LiveResource },
  Difference[] | null,
  void
>('scimmap/provisionCompare');

// ---- Entra schema round trip (server/src/lsp/entra-schema.ts, client/src/entra-schema.ts) ----

export interface ImportSchemaParams {
  /** The synchronization schema JSON. */
  readonly schemaText: string;
  /** Its path relative to the .scimmap to be written (recorded in the first line). */
  readonly origin: string;
  /** Where the target-schema file goes, relative to the .scimmap (`./app.target.json`). */
  readonly targetFile: string;
}

export interface ImportSchemaResult {
  /** The .scimmap text; absent when the schema cannot be imported (then `errors` says why). */
  readonly text?: string;
  /** The target-schema file's text, to write at `targetFile`. */
  readonly targetSchemaText?: string;
  readonly warnings: string[];
  readonly errors: string[];
}

export const ImportSchemaRequest = new RequestType<ImportSchemaParams, ImportSchemaResult, void>('scimmap/importSchema');

export interface ExportSchemaParams {
  /** The open .scimmap document. */
  readonly uri: string;
  /** The schema to merge into; absent: a new Genesys Cloud schema. */
  readonly baseText?: string;
}

export interface ExportSchemaResult {
  /** The schema JSON; absent when refused (then `errors` says why). */
  readonly text?: string;
  readonly notes: string[];
  readonly errors: string[];
}

export const ExportSchemaRequest = new RequestType<ExportSchemaParams, ExportSchemaResult | null, void>('scimmap/exportSchema');

export interface CompareSchemaParams {
  readonly uri: string;
  readonly schemaText: string;
}

export interface CompareSchemaResult {
  /** One line per difference (`+` only in the schema, `-` only in the .scimmap, `~` changed). */
  readonly differences: string[];
  readonly errors: string[];
}

export const CompareSchemaRequest = new RequestType<CompareSchemaParams, CompareSchemaResult | null, void>('scimmap/compareSchema');

// ---- Target schema discovery (SCIM: Discover Target Schema) ----

/** What the client read from the endpoint (shared/src/scim/discovery.ts), for the server to turn into a target schema. */
export interface DiscoveredTargetParams {
  readonly documents: DiscoveryDocuments;
  /** The app's name in messages (the connection's name). */
  readonly name: string;
  /** When the documents were read, ISO 8601. */
  readonly at: string;
}

export type DiscoveredTargetResult =
  | { readonly ok: true; readonly json: Record<string, unknown>; readonly warnings: string[] }
  | { readonly ok: false; readonly message: string };

export const DiscoveredTargetRequest = new RequestType<DiscoveredTargetParams, DiscoveredTargetResult, void>('scimmap/discoveredTarget');

// ---- Mapping tests in Test Explorer (server/src/lsp/mapping-tests.ts, client/src/testing/) ----
// The server reads a *.scimmap-test.json (docs/testing.md) and runs it as `scimmap test` does, with
// the editor's unsaved text for the files it holds.

export interface MappingTestItemsParams {
  /** The test file, and its text as the editor has it (or as on disk). */
  readonly uri: string;
  readonly text: string;
}

/** One expectation: a test in Test Explorer. */
export interface MappingTestCaseItem {
  /** Its JSON pointer in the test file (`/expect/chloe/attributes/title`): the test's id within the file. */
  readonly pointer: string;
  /** `action`, `title`, `requests (snapshot)`. */
  readonly label: string;
  /** What it expects, briefly (`create`, `"Sales"`, `null`). */
  readonly description?: string;
  /** From its key to the end of its value. */
  readonly range: WireRange;
}

/** One directory object's expectations. */
export interface MappingTestObjectItem {
  readonly id: string;
  readonly pointer: string;
  readonly range: WireRange;
  readonly cases: readonly MappingTestCaseItem[];
}

export type MappingTestItemsResult =
  | {
      readonly ok: true;
      readonly objects: readonly MappingTestObjectItem[];
      /** Every file a run reads (the mapping, the directory, the target state, the snapshots): saving one reruns the file's tests. */
      readonly inputs: readonly string[];
    }
  | { readonly ok: false; readonly message: string; readonly range: WireRange };

export const MappingTestItemsRequest = new RequestType<MappingTestItemsParams, MappingTestItemsResult, void>('scimmap/mappingTestItems');

export interface RunMappingTestsParams {
  /** The test file. */
  readonly uri: string;
  /** The editor's unsaved texts (test, directory, target-state, snapshot files); the server has the open mappings' own. */
  readonly openFiles: readonly SampleFileText[];
  /** Only these expectations or objects, by JSON pointer; absent: every one. */
  readonly only?: readonly string[];
  /** Rewrite the snapshots of the expectations that run (`scimmap test --update`): the answer carries the file's new text. */
  readonly update: boolean;
}

export interface WireLocation {
  readonly uri: string;
  readonly range: WireRange;
}

export interface MappingTestCaseResult {
  /** The expectation's pointer, an object's when the object is missing, `/mapping` when the mapping has errors. */
  readonly pointer: string;
  /** `chloe: title`, as `scimmap test` names it. */
  readonly name: string;
  readonly passed: boolean;
  readonly message?: string;
  /** Pretty JSON of both values, for the editor's diff view; absent where there is no such value (no expected value for a snapshot not yet written). */
  readonly expected?: string;
  readonly actual?: string;
  /** Where the failure is: the expectation in the test file, or the mapping's first error. */
  readonly location?: WireLocation;
}

export type RunMappingTestsResult =
  | {
      readonly ok: true;
      readonly results: readonly MappingTestCaseResult[];
      /** With `update`, when the snapshot file changes: its new text, for the client to write. */
      readonly snapshotUpdate?: { readonly uri: string; readonly text: string; readonly count: number };
      /** Broken directory rows, skipped (`users.csv:12: ...`). */
      readonly warnings: readonly string[];
    }
  /** The test file (or a file it names) cannot be read: nothing ran. */
  | { readonly ok: false; readonly message: string; readonly location?: WireLocation };

export const RunMappingTestsRequest = new RequestType<RunMappingTestsParams, RunMappingTestsResult, void>('scimmap/runMappingTests');

// ---- Simulation report (SCIM: Simulate Provisioning Cycle, SCIM: Show Impact of Changes; server/src/lsp/simulation.ts, client/src/report/) ----

export interface SimulationParams {
  /** The open mapping: its text in the editor, unsaved edits included. */
  readonly uri: string;
  /** Directory files (Users CSV, Graph JSON, samples JSON) as file-system paths the server reads. */
  readonly directory: readonly string[];
  /** ListResponse dumps of the target's state; absent: the target is empty. */
  readonly targetState?: readonly string[];
  /**
   * Impact mode: the mapping as it was (its last committed text), simulated over the same directory;
   * with the git ref it was read at, its target file is read as committed there too.
   */
  readonly against?: { readonly label: string; readonly text: string; readonly ref?: string };
  readonly compat: 'default' | 'aadOptscim062020';
  /** LSP work-done progress: the server reports the objects simulated so far. */
  readonly workDoneToken?: string | number;
}

export interface SimulationSummaryView {
  readonly objects: number;
  readonly byAction: Readonly<Record<SimulationActionName, number>>;
  readonly byReason: ReadonlyArray<{ readonly reason: string; readonly count: number }>;
  readonly topWarnings: ReadonlyArray<{ readonly warning: string; readonly count: number }>;
  readonly rejections: number;
  readonly settings: { readonly scope: 'assigned' | 'all'; readonly deletionThreshold: number };
  readonly notes: readonly string[];
  readonly stopsCycle: boolean;
}

export interface SimulationReport {
  readonly ok: true;
  /** The server keeps the records under this id until SimulationDisposeRequest (or a newer simulation). */
  readonly id: number;
  readonly summary: SimulationSummaryView;
  /** Warning kinds (a rejection's reason without the values that differ per object), most frequent first. */
  readonly warningKinds: string[];
  readonly rows: SimulationRows;
  /** Directory entries that could not be read (first 100) and how many there were. */
  readonly problems: ReadonlyArray<{ readonly where: string; readonly message: string }>;
  readonly problemCount: number;
  /** Notes on directory entries simulated all the same (a reference outside the input, a column read as empty; first 100) and how many there were. */
  readonly inputNotes: ReadonlyArray<{ readonly where: string; readonly message: string }>;
  readonly inputNoteCount: number;
  /** Errors in the mapping: the simulation may differ from what Entra does. */
  readonly mappingErrors: number;
  /** Impact mode: what the mapping was compared with, and how many objects' requests stay the same (not listed). */
  readonly against?: string;
  readonly unchanged?: number;
}

export type SimulationResult = SimulationReport | { readonly ok: false; readonly message: string };

export const SimulationRequest = new RequestType<SimulationParams, SimulationResult, void>('scimmap/simulate');

export interface SimulationDetailParams {
  readonly id: number;
  readonly row: number;
}

/** One object of a simulation in full: its provisioning-log record, its requests with each value's mapping line. */
export interface SimulationDetail {
  readonly name: string;
  readonly id: string;
  readonly action: SimulationActionName;
  readonly status: (typeof simulationStatuses)[number];
  readonly summary: string;
  readonly where: string;
  readonly steps: ReadonlyArray<{
    readonly name: string;
    readonly type: string;
    readonly status: string;
    readonly description: string;
    readonly details: Readonly<Record<string, string>>;
  }>;
  readonly requests: RequestView[];
  readonly rejections: ReadonlyArray<{ readonly where: string; readonly reason: string }>;
  readonly notes: readonly string[];
  /** Impact mode: the action before and after, and each attribute's value before and after (with the new value's mapping line). */
  readonly impact?: {
    readonly before: SimulationActionName;
    readonly after: SimulationActionName;
    readonly attributes: ReadonlyArray<{
      readonly attribute: string;
      readonly before: string | null;
      readonly after: string | null;
      /** The old mapping sends none: `before` is what the target keeps, or no target state says (keptNote). */
      readonly kept?: KeptValue;
      /** The new mapping sends none of what the old one updates: `after` is what the target keeps (keptNote). */
      readonly keptAfter?: KeptValue;
      readonly range?: WireRange;
    }>;
  };
}

/** null when the server no longer keeps that simulation (the report was closed or replaced, or the server restarted). */
export const SimulationDetailRequest = new RequestType<SimulationDetailParams, SimulationDetail | null, void>('scimmap/simulationDetail');

/** The report closed: the server forgets the simulation's records. */
export const SimulationDisposeRequest = new RequestType<{ readonly id: number }, null, void>('scimmap/simulationDispose');

// ---- The tenant through Microsoft Graph (server/src/lsp/entra-tenant.ts, client/src/entra/) ----
// The extension makes the Graph calls (shared/src/graph/); the server's core plans the push, builds the
// parseExpression cases and compares catalogues, as it does for the CLI.

export interface PushPlanParams {
  /** The open .scimmap (free of errors). */
  readonly uri: string;
  /** The base schema as pulled (FILE.schema.json). */
  readonly pulledText: string;
  /** The schema Graph has now. */
  readonly currentText: string;
}

/** The core's push plan, differences as `scimmap diff` prints them; or why the .scimmap cannot be pushed. */
export type PushPlanResult = ({ readonly ok: true } & PushPlanOf<string>) | { readonly ok: false; readonly errors: string[] };

export const PushPlanRequest = new RequestType<PushPlanParams, PushPlanResult | null, void>('scimmap/pushPlan');

export interface RoundTripParams {
  readonly uri: string;
  /** The schema Graph kept after the PUT. */
  readonly keptText: string;
}

export const RoundTripRequest = new RequestType<RoundTripParams, { readonly differences: string[] } | null, void>('scimmap/roundTrip');

export interface VerifyCasesParams {
  readonly uri: string;
  /** The pulled schema (the target attribute definitions). */
  readonly schemaText: string;
  /** The samples file and the id of the user in it. */
  readonly samples: SampleFileText;
  readonly id: string;
}

export type VerifyCasesResult = { readonly ok: true; readonly cases: VerifyCase[] } | { readonly ok: false; readonly errors: string[] };

export const VerifyCasesRequest = new RequestType<VerifyCasesParams, VerifyCasesResult | null, void>('scimmap/verifyCases');

export interface CompareCataloguesParams {
  readonly functions: readonly TenantFunction[];
  readonly operators: readonly TenantOperator[];
}

export interface CompareCataloguesResult {
  readonly differences: CatalogueDifference[];
  /** One line per difference, as compare-functions prints them. */
  readonly lines: string[];
}

export const CompareCataloguesRequest = new RequestType<CompareCataloguesParams, CompareCataloguesResult, void>(
  'scimmap/compareCatalogues',
);
