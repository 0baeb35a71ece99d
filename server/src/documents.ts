// Open .scimmap documents (the server's copy of the editor's text) and their analysis, computed once
// per version and shared by every feature (document-analyses.ts).
import { TextDocuments } from 'vscode-languageserver';
import { DocumentAnalyses, type AnalyzedDocument } from './document-analyses';
import { TargetFiles } from './schema/target-files';
import { scimmapDocuments } from './text-document';

export type { AnalyzedDocument } from './document-analyses';

export class DocumentStore {
  readonly documents = new TextDocuments(scimmapDocuments);
  readonly targetFiles = new TargetFiles();
  readonly analyses = new DocumentAnalyses(this.targetFiles);
  private targetChanges = 0;

  constructor() {
    this.documents.onDidClose((event) => this.analyses.forget(event.document.uri));
  }

  /** The analysis of the document's current version, or undefined when it is not open. */
  get(uri: string): AnalyzedDocument | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    return this.analyses.analyze(uri, document.version, document.getText(), document.lines);
  }

  /**
   * After a target-schema file changed on disk: forgets the loaded files and the analyses of every
   * open document, so the next request re-reads them; returns the documents to re-check.
   */
  targetFileChanged(): string[] {
    this.targetChanges++;
    this.analyses.targetFileChanged();
    return this.documents.keys();
  }

  /** How many times a target-schema file changed: the evaluation worker forgets its analyses when it sees a new count. */
  get targetGeneration(): number {
    return this.targetChanges;
  }
}
