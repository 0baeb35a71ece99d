// Seeded fuzzing of the language server as an editor drives it (issue 10 "Robustness"): the built
// server over stdio, random edits (line breaks of every kind among them) and random requests at
// random positions, and after every step the checks an editor relies on:
// - no error answer but the documented ones (RequestCancelled, ContentModified: issue 9 §3), and
//   nothing logged as an error (work the server does outside a request, such as publishing
//   diagnostics, fails silently otherwise);
// - every range, folding range and semantic token inside the document as the client has it;
//   document symbols' selection ranges inside their ranges and children inside their parents,
//   every selection range inside its parent;
// - the server's copy of the text equal to the client's: the incrementally updated document
//   answers diagnostics, semantic tokens, symbols, folding ranges, and hover and completion at a
//   random position exactly as the same text opened fresh (which also proves incremental
//   analysis = whole analysis over the wire);
// - formatting (whole and range) meaning-preserving: the same tokens (string contents included),
//   comments, symbols and problems, only whitespace between tokens changed; and whole-document
//   formatting idempotent (the formatted text formats to itself);
// - the time of every request and of each edit's diagnostics, the slowest kept; a preview (which
//   evaluates in the server's worker within its 2 s budget) is allowed that budget on top.
// Used by the short run in npm test (test/unit/lsp/fuzz.test.ts) and the long one (`npm run fuzz`).
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  SelectionRangeRequest,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  SignatureHelpRequest,
  type Diagnostic,
  type DocumentSymbol,
  type Position,
  type Range,
  type SelectionRange,
  type TextDocumentContentChangeEvent,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PreviewRequest } from '../../shared/src/protocol';
import { PREVIEW_MAX_MS } from '../../server/src/evaluation/budget';
import { tokenize } from '../../server/src/syntax/lexer';
import { random } from './random';
import { rangeProblems, tokenProblems } from './ranges';
import { startServer, type ServerSession } from './lsp-client';

export interface FuzzOptions {
  readonly seed: number;
  /** Edits, each followed by requests and checks. */
  readonly steps: number;
  /** The texts a run starts from (and returns to when the text grows past `maxLength`). */
  readonly starts: readonly string[];
  /** Requests after each edit. */
  readonly requestsPerStep: number;
  /** A request or an edit's diagnostics slower than this is a failure (the long run: 100 ms on inputs under 100 KB). */
  readonly slowMs: number;
  readonly maxLength?: number;
}

export interface FuzzReport {
  readonly steps: number;
  readonly requests: number;
  /** The open's first diagnostics, the analysis of a whole file in a server that has not yet run it: not an edit, not timed against the limit. */
  readonly openMs: number;
  /** The slowest request or edit -> diagnostics, and on what. */
  readonly slowest: { readonly what: string; readonly ms: number; readonly length: number };
  /** Every request's time, for percentiles. */
  readonly times: number[];
  /** What went wrong, each with the seed and step that reproduce it. */
  readonly failures: string[];
}

/** Pieces an edit inserts: characters that matter to the grammar, every kind of line break, whole constructs. */
const pieces = [
  'a',
  'x',
  'T',
  '_',
  '1',
  ' ',
  '\t',
  '(',
  ')',
  '[',
  ']',
  '"',
  "'",
  ',',
  '.',
  '<-',
  '=',
  '&',
  '{',
  '}',
  '#',
  ':',
  '\u201c',
  '\n',
  '\n',
  '\r\n',
  '\r',
  '\r',
  '\r\n  ',
  '  title <- [jobTitle]\n',
  'Join(" ", [givenName], [surname])',
  'Switch([IsSoftDeleted], , "False", "True")',
  // A pattern the backtracking guard must refuse (with (?i), a and A are one letter: audit 11 F1).
  'Replace([displayName], , "(?i)(a|A)*$", , "", , )',
  '  scope "x" {\n    [department] EQUALS "Sales"\n  }\n',
  ' match 1',
  ' default "Agent"',
  ' on create',
  'emails[type eq "work"].value',
  'users {\n',
  'groups {\n  displayName <- [displayName]\n}\n',
  'ToLower('.repeat(40),
];

type RequestKind =
  | 'completion'
  | 'hover'
  | 'signatureHelp'
  | 'symbols'
  | 'folding'
  | 'selection'
  | 'tokens'
  | 'tokensRange'
  | 'formatting'
  | 'rangeFormatting'
  | 'codeAction'
  | 'preview';
const requestKinds: RequestKind[] = [
  'completion',
  'hover',
  'signatureHelp',
  'symbols',
  'folding',
  'selection',
  'tokens',
  'tokensRange',
  'formatting',
  'rangeFormatting',
  'codeAction',
  'preview',
];

/** The error codes a request may answer with (issue 9 §3): anything else is a defect. */
const documentedErrors = new Set<number>([LSPErrorCodes.RequestCancelled, LSPErrorCodes.ContentModified]);

export async function fuzzServer(root: string, options: FuzzOptions): Promise<FuzzReport> {
  const server = await startServer(root);
  // The example's samples: previews of each of its users and groups, against whatever the edits made of the mapping.
  const samplesPath = join(root, 'examples', 'users.json');
  const samples = { uri: `file://${samplesPath}`, text: readFileSync(samplesPath, 'utf8') };
  let report: FuzzReport;
  try {
    report = await new FuzzRun(server, options, samples).run();
  } catch (error) {
    await server.close();
    throw error;
  }
  const code = await server.close();
  if (code !== 0) throw new Error(`the server exited with ${code}: ${server.stderr()}`);
  return report;
}

class FuzzRun {
  private readonly next: () => number;
  private readonly uri = 'file:///fuzz/edited.scimmap';
  private document!: TextDocument;
  private step = 0;
  private freshCount = 0;
  private requests = 0;
  private readonly times: number[] = [];
  private slowest = { what: '', ms: 0, length: 0 };
  private readonly failures: string[] = [];

  private loggedSeen = 0;
  private readonly sampleIds: Array<{ kind: 'user' | 'group'; id: string }>;

  constructor(
    private readonly server: ServerSession,
    private readonly options: FuzzOptions,
    private readonly samples: { readonly uri: string; readonly text: string },
  ) {
    this.next = random(options.seed);
    const parsed = JSON.parse(samples.text) as { users?: Array<{ $id: string }>; groups?: Array<{ $id: string }> };
    this.sampleIds = [
      ...(parsed.users ?? []).map((user) => ({ kind: 'user' as const, id: user.$id })),
      ...(parsed.groups ?? []).map((group) => ({ kind: 'group' as const, id: group.$id })),
    ];
  }

  async run(): Promise<FuzzReport> {
    const start = this.pick(this.options.starts);
    this.document = TextDocument.create(this.uri, 'scimmap', 1, start);
    const opened = performance.now();
    await this.server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: this.uri, languageId: 'scimmap', version: 1, text: start },
    });
    // As an editor's user does, the first edit comes after the file is shown (with its diagnostics).
    this.checkRanges('diagnostics', (await this.server.diagnostics(this.uri, 1)).diagnostics);
    const openMs = performance.now() - opened;
    for (this.step = 0; this.step < this.options.steps && this.failures.length < 10; this.step++) {
      await this.edit();
      for (let i = 0; i < this.options.requestsPerStep; i++) await this.request(this.pick(requestKinds));
      await this.compareWithFreshOpen();
      this.checkLog();
    }
    return { steps: this.step, requests: this.requests, openMs, slowest: this.slowest, times: this.times, failures: this.failures };
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }

  private fail(message: string): void {
    this.failures.push(`seed ${this.options.seed}, step ${this.step}: ${message}`);
  }

  private time(what: string, ms: number): void {
    const length = this.document.getText().length;
    // A preview may evaluate for its whole budget (issue 10 §12); it runs off the thread that answers the rest.
    const allowed = what === 'preview' ? PREVIEW_MAX_MS + this.options.slowMs : this.options.slowMs;
    if (ms > allowed && length < 100_000) this.fail(`${what} took ${ms.toFixed(0)} ms on ${length} characters`);
    if (what === 'preview') return;
    this.times.push(ms);
    if (ms > this.slowest.ms) this.slowest = { what, ms, length };
  }

  /** Anything the server logged as an error since the last look is a failure (a request's failure is also its error answer). */
  private checkLog(): void {
    const logged = this.server.logged();
    for (const message of logged.slice(this.loggedSeen))
      if (message.type === MessageType.Error) this.fail(`the server logged an error: ${message.message.slice(0, 300)}`);
    this.loggedSeen = logged.length;
  }

  /** One didChange of one to three changes, each made against the text the ones before it left (as LSP applies them). */
  private async edit(): Promise<void> {
    const contentChanges: TextDocumentContentChangeEvent[] = [];
    let text = this.document.getText();
    if (text.length > (this.options.maxLength ?? 60_000)) {
      text = this.pick(this.options.starts);
      contentChanges.push({ text });
    } else {
      const count = 1 + Math.floor(this.next() * this.next() * 3);
      for (let i = 0; i < count; i++) {
        const current = TextDocument.create(this.uri, 'scimmap', 0, text);
        const at = Math.floor(this.next() * (text.length + 1));
        const choice = this.next();
        const removed = choice < 0.5 ? 0 : choice < 0.9 ? 1 + Math.floor(this.next() * 4) : Math.floor(this.next() * 300);
        const inserted = choice < 0.5 || choice >= 0.75 ? this.pick(pieces) : '';
        const range = { start: current.positionAt(at), end: current.positionAt(Math.min(text.length, at + removed)) };
        text = TextDocument.applyEdits(current, [{ range, newText: inserted }]);
        contentChanges.push({ range, text: inserted });
      }
    }
    const version = this.document.version + 1;
    this.document = TextDocument.create(this.uri, 'scimmap', version, text);
    const started = performance.now();
    await this.server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: this.uri, version },
      contentChanges,
    });
    const published = await this.server.diagnostics(this.uri, version);
    this.time('edit -> diagnostics', performance.now() - started);
    this.checkRanges('diagnostics', published.diagnostics);
  }

  /** A position anywhere, past line ends and past the last line included (LSP clamps those). */
  private randomPosition(): Position {
    const roll = this.next();
    if (roll < 0.05) return { line: this.document.lineCount + Math.floor(this.next() * 3), character: Math.floor(this.next() * 10) };
    const position = this.document.positionAt(Math.floor(this.next() * (this.document.getText().length + 1)));
    return roll < 0.15 ? { line: position.line, character: position.character + 1 + Math.floor(this.next() * 20) } : position;
  }

  private randomRange(): Range {
    const a = this.randomPosition();
    const b = this.randomPosition();
    return a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a };
  }

  private async send<R>(what: string, request: () => Promise<R>): Promise<R | undefined> {
    this.requests++;
    const started = performance.now();
    try {
      const result = await request();
      this.time(what, performance.now() - started);
      return result;
    } catch (error) {
      if (error instanceof ResponseError && documentedErrors.has(error.code)) return undefined;
      this.fail(`${what} answered an error: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private async request(kind: RequestKind): Promise<void> {
    const { connection } = this.server;
    const textDocument = { uri: this.uri };
    const position = this.randomPosition();
    switch (kind) {
      case 'completion':
        return this.checkRanges(
          kind,
          await this.send(kind, () => connection.sendRequest(CompletionRequest.type, { textDocument, position })),
        );
      case 'hover':
        return this.checkRanges(kind, await this.send(kind, () => connection.sendRequest(HoverRequest.type, { textDocument, position })));
      case 'signatureHelp':
        return void (await this.send(kind, () => connection.sendRequest(SignatureHelpRequest.type, { textDocument, position })));
      case 'symbols': {
        const symbols = await this.send(kind, () => connection.sendRequest(DocumentSymbolRequest.type, { textDocument }));
        this.checkRanges(kind, symbols);
        return this.checkSymbolNesting((symbols ?? []) as DocumentSymbol[]);
      }
      case 'folding': {
        const ranges = await this.send(kind, () => connection.sendRequest(FoldingRangeRequest.type, { textDocument }));
        for (const range of ranges ?? []) {
          if (range.startLine < 0 || range.endLine >= this.document.lineCount || range.startLine > range.endLine)
            this.fail(`folding range ${range.startLine}-${range.endLine} outside ${this.document.lineCount} lines`);
        }
        return;
      }
      case 'selection': {
        const selections = await this.send(kind, () =>
          connection.sendRequest(SelectionRangeRequest.type, { textDocument, positions: [position, this.randomPosition()] }),
        );
        this.checkRanges(kind, selections);
        for (const first of selections ?? [])
          for (let selection: SelectionRange | undefined = first; selection?.parent; selection = selection.parent)
            if (!this.contains(selection.parent.range, selection.range))
              this.fail(
                `selection range ${JSON.stringify(selection.range)} is not inside its parent ${JSON.stringify(selection.parent.range)}`,
              );
        return;
      }
      case 'tokens':
        return this.checkTokens(
          kind,
          (await this.send(kind, () => connection.sendRequest(SemanticTokensRequest.type, { textDocument })))?.data,
        );
      case 'tokensRange':
        return this.checkTokens(
          kind,
          (
            await this.send(kind, () =>
              connection.sendRequest(SemanticTokensRangeRequest.type, { textDocument, range: this.randomRange() }),
            )
          )?.data,
        );
      case 'formatting':
        return this.checkFormatting(
          await this.send(kind, () =>
            connection.sendRequest(DocumentFormattingRequest.type, { textDocument, options: { tabSize: 2, insertSpaces: true } }),
          ),
        );
      case 'rangeFormatting': {
        const edits = await this.send(kind, () =>
          connection.sendRequest(DocumentRangeFormattingRequest.type, {
            textDocument,
            range: this.randomRange(),
            options: { tabSize: 2, insertSpaces: true },
          }),
        );
        this.checkRanges(kind, edits);
        if (!edits || edits.length === 0) return;
        const fresh = await this.checkMeaningKept(kind, TextDocument.applyEdits(this.document, edits));
        if (fresh) await this.close(fresh);
        return;
      }
      case 'preview': {
        const sample = this.pick(this.sampleIds);
        const compat = this.next() < 0.5 ? 'default' : 'aadOptscim062020';
        return this.checkRanges(
          kind,
          await this.send(kind, () => connection.sendRequest(PreviewRequest, { uri: this.uri, samples: this.samples, ...sample, compat })),
        );
      }
      case 'codeAction': {
        const published = await this.server.diagnostics(this.uri, this.document.version);
        const range = published.diagnostics.length > 0 && this.next() < 0.7 ? this.pick(published.diagnostics).range : this.randomRange();
        const diagnostics = published.diagnostics.filter(
          (d) => !(d.range.end.line < range.start.line || d.range.start.line > range.end.line),
        );
        return this.checkRanges(
          kind,
          await this.send(kind, () => connection.sendRequest(CodeActionRequest.type, { textDocument, range, context: { diagnostics } })),
        );
      }
    }
  }

  /** Every `{start, end}` range anywhere in an answer lies inside the document, start before end. */
  private checkRanges(what: string, answer: unknown): void {
    for (const problem of rangeProblems(this.document, answer)) this.fail(`${what}: ${problem}`);
  }

  /** Semantic tokens (relative encoding) each within one line of the document. */
  private checkTokens(what: string, data: number[] | undefined): void {
    for (const problem of tokenProblems(this.document, data ?? [])) this.fail(`${what}: ${problem}`);
  }

  /** Formatting the whole document keeps its meaning and formats to itself. */
  private async checkFormatting(edits: TextEdit[] | null | undefined): Promise<void> {
    if (!edits) return;
    this.checkRanges('formatting', edits);
    if (edits.length === 0) return;
    const fresh = await this.checkMeaningKept('formatting', TextDocument.applyEdits(this.document, edits));
    if (!fresh) return;
    const again = await this.send('formatting the formatted text', () =>
      this.server.connection.sendRequest(DocumentFormattingRequest.type, {
        textDocument: { uri: fresh },
        options: { tabSize: 2, insertSpaces: true },
      }),
    );
    if (again && again.length > 0) this.fail(`formatting is not idempotent: ${JSON.stringify(again.slice(0, 3))}`);
    await this.close(fresh);
  }

  /**
   * The formatted text means what the document means: the same tokens (a string's contents
   * included), the same comments but for trailing spaces, the same symbols and the same problems.
   * Opens the formatted text and gives its URI (closed by the caller), or undefined after a failure.
   */
  private async checkMeaningKept(what: string, formatted: string): Promise<string | undefined> {
    const before = this.document.getText();
    const lexed = (text: string) => {
      const { tokens, comments } = tokenize(text);
      return [...tokens.map((token) => token.image), '#', ...comments.map((comment) => comment.image.trimEnd())].join('\u0000');
    };
    if (lexed(formatted) !== lexed(before)) {
      this.fail(`${what} changed more than whitespace between tokens`);
      return undefined;
    }
    const fresh = await this.openFresh(formatted);
    const original = await this.server.diagnostics(this.uri, this.document.version);
    const codes = (diagnostics: Diagnostic[]) =>
      diagnostics
        .map((d) => `${d.code}`)
        .sort()
        .join(' ');
    if (codes(fresh.diagnostics) !== codes(original.diagnostics))
      this.fail(`${what} changed the problems: ${codes(original.diagnostics)} -> ${codes(fresh.diagnostics)}`);
    const outline = async (uri: string) => {
      const symbols = await this.send('symbols', () =>
        this.server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }),
      );
      return JSON.stringify(symbols, (key, value: unknown) => (key === 'range' || key === 'selectionRange' ? undefined : value));
    };
    if ((await outline(this.uri)) !== (await outline(fresh.uri))) this.fail(`${what} changed the document's symbols`);
    return fresh.uri;
  }

  /** Every symbol's selection range inside its range, every child inside its parent (VS Code rejects the outline otherwise). */
  private checkSymbolNesting(symbols: readonly DocumentSymbol[], parent?: DocumentSymbol): void {
    for (const symbol of symbols) {
      if (!this.contains(symbol.range, symbol.selectionRange)) this.fail(`symbol ${symbol.name}: selection range outside its range`);
      if (parent && !this.contains(parent.range, symbol.range)) this.fail(`symbol ${symbol.name}: outside its parent ${parent.name}`);
      this.checkSymbolNesting(symbol.children ?? [], symbol);
    }
  }

  private contains(outer: Range, inner: Range): boolean {
    const at = (position: Position) => this.document.offsetAt(position);
    return at(outer.start) <= at(inner.start) && at(inner.end) <= at(outer.end);
  }

  private async openFresh(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = `file:///fuzz/fresh-${this.freshCount++}.scimmap`;
    await this.server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'scimmap', version: 1, text },
    });
    return { uri, diagnostics: (await this.server.diagnostics(uri, 1)).diagnostics };
  }

  private async close(uri: string): Promise<void> {
    await this.server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The edited document and the same text opened fresh: same diagnostics, semantic tokens and symbols. */
  private async compareWithFreshOpen(): Promise<void> {
    const { connection } = this.server;
    const fresh = await this.openFresh(this.document.getText());
    const edited = await this.server.diagnostics(this.uri, this.document.version);
    if (JSON.stringify(edited.diagnostics) !== JSON.stringify(fresh.diagnostics)) {
      const index = edited.diagnostics.findIndex((d, i) => JSON.stringify(d) !== JSON.stringify(fresh.diagnostics[i]));
      this.fail(
        `incremental diagnostics differ from a fresh open at #${index}: ${JSON.stringify(edited.diagnostics[index])} vs ${JSON.stringify(fresh.diagnostics[index])}`,
      );
    }
    // Hover and completion read the text at the cursor: a position anywhere, the same for both documents.
    const position = this.randomPosition();
    const questions: Array<[string, (uri: string) => Promise<unknown>]> = [
      ['semantic tokens', async (uri) => (await connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } }))?.data],
      ['document symbols', (uri) => connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })],
      ['folding ranges', (uri) => connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } })],
      ['hover', (uri) => connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position })],
      [
        'completion',
        async (uri) =>
          JSON.stringify(await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }))
            .split(uri)
            .join(''),
      ],
    ];
    for (const [what, ask] of questions) {
      const [a, b] = [await this.send(what, () => ask(this.uri)), await this.send(what, () => ask(fresh.uri))];
      if (JSON.stringify(a) !== JSON.stringify(b))
        this.fail(`${what} of the edited document differ from the same text opened fresh: the server's text drifted from the client's`);
    }
    await this.close(fresh.uri);
  }
}
