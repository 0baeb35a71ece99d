// The analysis of documents, computed once per version: each document keeps an incremental analyzer,
// so an edit reparses and rechecks only what it touched, and is checked against the target schema it
// declares, files read relative to the document. The server's document store keeps one set
// (documents.ts); the evaluation worker (lsp/evaluation-worker.ts), which sees no LSP, keeps its own.
import type { Diagnostic, MappingFile } from './syntax/ast';
import { IncrementalAnalyzer } from './validation/incremental';
import { LineIndex } from './syntax/positions';
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

/**
 * The analysis of successive versions of documents, one incremental analyzer each, computed once per
 * version.
 */
export class DocumentAnalyses {
  private readonly analyses = new Map<string, AnalyzedDocument>();
  private readonly analyzers = new Map<string, IncrementalAnalyzer>();

  /** `targetFiles` reads the target-schema files documents declare (the server's store shares its own). */
  constructor(private readonly targetFiles = new TargetFiles()) {}

  /** The analysis of `text`, version `version` of the document `uri`. */
  analyze(uri: string, version: number, text: string, lines: LineIndex = new LineIndex(text)): AnalyzedDocument {
    const cached = this.analyses.get(uri);
    if (cached && cached.version === version && cached.text === text) return cached;
    let analyzer = this.analyzers.get(uri);
    if (!analyzer) {
      analyzer = new IncrementalAnalyzer({ resolve: this.targetFiles.resolverForUri(uri) });
      this.analyzers.set(uri, analyzer);
    }
    const { file, diagnostics, target } = analyzer.analyze(text);
    const analyzed: AnalyzedDocument = { uri, version, text, lines, file, diagnostics, target };
    this.analyses.set(uri, analyzed);
    return analyzed;
  }

  /** Drops what is kept for a closed document. */
  forget(uri: string): void {
    this.analyses.delete(uri);
    this.analyzers.delete(uri);
  }

  /** After a target-schema file changed on disk: forgets the loaded files and every analysis, so the next ones re-read them. */
  targetFileChanged(): void {
    this.targetFiles.forget();
    this.analyses.clear();
  }
}
