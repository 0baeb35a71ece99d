// The custom LSP messages between the scimmap client and server. The one module both import:
// a method name or payload shape changes here and nowhere else.
import { RequestType } from 'vscode-languageserver-protocol';

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
