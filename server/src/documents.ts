// Open .scimmap documents and their analysis, computed once per version and shared by every feature.
// Each document keeps an incremental analyzer: an edit reparses and rechecks only what it touched.
// Each is checked against the target schema it declares, files read relative to the document.
import { TextDocuments } from 'vscode-languageserver';
import type { Diagnostic, MappingFile } from './syntax/ast';
import { IncrementalAnalyzer } from './validation/incremental';
import type { LineIndex } from './syntax/positions';
import { scimmapDocuments } from './text-document';
import type { Target } from './schema/target';
import { TargetFiles } from './schema/target-files';

export interface AnalyzedDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly lines: LineIndex;
  readonly file: MappingFile;
  readonly diagnostics: Diagnostic[];
  /** The target schema the document declares (Genesys Cloud when none). */
  readonly target: Target;
}

export class DocumentStore {
  readonly documents = new TextDocuments(scimmapDocuments);
  private readonly analyses = new Map<string, AnalyzedDocument>();
  private readonly analyzers = new Map<string, IncrementalAnalyzer>();
  readonly targetFiles = new TargetFiles();

  constructor() {
    this.documents.onDidClose((event) => {
      this.analyses.delete(event.document.uri);
      this.analyzers.delete(event.document.uri);
    });
  }

  /** The analysis of the document's current version, or undefined when it is not open. */
  get(uri: string): AnalyzedDocument | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.analyses.get(uri);
    if (cached && cached.version === document.version) return cached;
    const text = document.getText();
    let analyzer = this.analyzers.get(uri);
    if (!analyzer) {
      analyzer = new IncrementalAnalyzer({ resolve: this.targetFiles.resolverForUri(uri) });
      this.analyzers.set(uri, analyzer);
    }
    const { file, diagnostics, target } = analyzer.analyze(text);
    const analyzed: AnalyzedDocument = { uri, version: document.version, text, lines: document.lines, file, diagnostics, target };
    this.analyses.set(uri, analyzed);
    return analyzed;
  }

  /**
   * After a target-schema file changed on disk: forgets the loaded files and the analyses of every
   * open document, so the next request re-reads them; returns the documents to re-check.
   */
  targetFileChanged(): string[] {
    this.targetFiles.forget();
    this.analyses.clear();
    return this.documents.keys();
  }
}
