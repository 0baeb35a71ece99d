// The custom LSP messages between the scimmap client and server. The one module both import:
// a method name or payload shape changes here and nowhere else.
import { RequestType } from 'vscode-languageserver-protocol';
import type { DiscoveryDocuments } from './scim/discovery';
import type { ActionPlan, Difference, LiveResource, LiveState, MatchPlan } from './provisioning/plan';

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
