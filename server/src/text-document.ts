// The server's copy of an open document. vscode-languageserver-textdocument 1.0.12 updates its
// line table in place on each incremental change and keeps a stale one when an edit joins a `\r`
// and a `\n` into one line break (or splits one): from then on its positions, and so the text of
// later edits, drift from the editor's. This document applies each change to the text and makes a
// new line index from the old one (LineIndex.edited), which finds the line breaks of the lines the
// edit touched again, whatever it did to a `\r\n` pair.
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, type Position, type Range } from './syntax/positions';

export class ScimmapDocument implements TextDocument {
  private content: string;
  private index: LineIndex;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    content: string,
  ) {
    this.content = content;
    this.index = new LineIndex(content);
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.index.lineCount;
  }

  /** The line index of the current text. */
  get lines(): LineIndex {
    return this.index;
  }

  getText(range?: Range): string {
    if (!range) return this.content;
    const span = this.index.spanOf(ordered(range));
    return this.content.slice(span.start, span.end);
  }

  positionAt(offset: number): Position {
    return this.index.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.index.offsetAt(position);
  }

  /** Applies the changes of one didChange notification, each to the text the ones before it left. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && change.range) {
        const span = this.index.spanOf(ordered(change.range));
        this.content = this.content.slice(0, span.start) + change.text + this.content.slice(span.end);
        this.index = this.index.edited(this.content, span.start, span.end, change.text.length);
      } else {
        this.content = change.text;
        this.index = new LineIndex(this.content);
      }
    }
    this.currentVersion = version;
  }
}

/** The range with its start before its end (a client may send them the other way round). */
function ordered(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

/** How TextDocuments creates and updates the server's documents. */
export const scimmapDocuments: TextDocumentsConfiguration<ScimmapDocument> = {
  create: (uri, languageId, version, content) => new ScimmapDocument(uri, languageId, version, content),
  update: (document, changes, version) => {
    document.update(changes, version);
    return document;
  },
};
