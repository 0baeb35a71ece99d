// The one way a feature answers the editor. Every request goes through `onDocumentRequest` (a
// question about one open document) or `onRequest` (anything else), and work the server schedules
// itself (publishing diagnostics) through `guard`. Each:
// - looks the document up once: a document that is not open answers null, the handler never runs;
// - skips a request the editor cancelled while it waited in the queue, and gives long work
//   `checkpoint()`, which lets waiting messages in and stops when the request was cancelled or its
//   document changed (LSP's RequestCancelled and ContentModified errors);
// - catches what a feature throws, logs it with the request's name and stack to the client's
//   output, and answers that request with an error: one faulty feature never takes the server down.
// Model: Langium's createRequestHandler (langium/src/lsp/language-server.ts).
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type RequestType,
} from 'vscode-languageserver';
import type { AnalyzedDocument, DocumentStore } from '../documents';
import { EvaluationThread } from './evaluation-thread';

/** What a request handler may use besides its parameters. */
export interface RequestContext {
  readonly token: CancellationToken;
  /**
   * Lets the messages waiting on the connection in (a `$/cancelRequest`, an edit), then throws when
   * this request was cancelled or, for a document request, the document changed since the handler
   * started (its answer would be stale). Call it between the stages of long work.
   */
  checkpoint(): Promise<void>;
}

/** The parameters of a request about one document: LSP's `textDocument`, or our own messages' `uri`. */
export type DocumentParams = { readonly textDocument: { readonly uri: string } } | { readonly uri: string };

export function documentUri(params: DocumentParams): string {
  return 'textDocument' in params ? params.textDocument.uri : params.uri;
}

/** Thrown by `checkpoint()`; the handler's answer becomes the error it carries. */
class Interrupted extends Error {
  constructor(readonly error: ResponseError<void>) {
    super(error.message);
  }
}

const cancelled = () => new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');

export class Handlers {
  private readonly evaluations = new EvaluationThread();
  /** What the editor said it can do, at initialize (server.ts). */
  clientCapabilities: ClientCapabilities = {};

  constructor(
    /** For what is not an answer to a request (publishing diagnostics); register handlers through the methods below. */
    readonly connection: Connection,
    readonly store: DocumentStore,
  ) {
    store.documents.onDidClose(({ document }) => this.evaluations.forget(document.uri));
  }

  /** Answers `type` for the open document the parameters name; null when that document is not open. */
  onDocumentRequest<P extends DocumentParams, R>(
    type: RequestType<P, R | null, void>,
    handler: (document: AnalyzedDocument, params: P, context: RequestContext) => R | Promise<R>,
  ): void {
    this.answer(type, (params, token) => {
      const document = this.store.get(documentUri(params));
      if (!document) return null;
      const changed = () => this.store.documents.get(document.uri)?.version !== document.version;
      return handler(document, params, requestContext(token, changed));
    });
  }

  /**
   * Answers `type`, a request that evaluates the mapping (evaluation-requests.ts says how), in the
   * evaluation worker: the editor's other requests never wait for it. Skipped when cancelled while
   * it waited in the queue; answered at once when cancelled while the worker computes it.
   */
  onEvaluationRequest<P extends DocumentParams, R>(type: RequestType<P, R | null, void>): void {
    this.onDocumentRequest(type, async (document, params, { token, checkpoint }) => {
      await checkpoint();
      const result = await this.evaluations.run(type.method, document, params, token, this.store.targetGeneration);
      if (token.isCancellationRequested) throw new Interrupted(cancelled());
      return result as R;
    });
  }

  /** Starts the evaluation worker now, so that the first evaluation request does not wait for it. */
  prepareEvaluations(): void {
    this.evaluations.warmUp();
  }

  /** Answers `type`, a request about no one document. */
  onRequest<P, R>(type: RequestType<P, R, void>, handler: (params: P, context: RequestContext) => R | Promise<R>): void {
    this.answer(type, (params, token) => handler(params, requestContext(token)));
  }

  /** Runs work the server starts itself (not an answer to a request), logging what it throws under `name`. */
  guard(name: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.logFailure(name, error);
    }
  }

  private answer<P, R>(type: RequestType<P, R, void>, run: (params: P, token: CancellationToken) => R | Promise<R>): void {
    this.connection.onRequest(type, async (params: P, token: CancellationToken) => {
      // Cancelled while it waited behind other messages: no work at all.
      if (token.isCancellationRequested) return cancelled();
      try {
        return await run(params, token);
      } catch (error) {
        if (error instanceof Interrupted) return error.error;
        this.logFailure(type.method, error);
        return new ResponseError<void>(
          ErrorCodes.InternalError,
          `${type.method} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
  }

  private logFailure(name: string, error: unknown): void {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.connection.console.error(`${name} failed: ${detail}`);
  }
}

function requestContext(token: CancellationToken, stale?: () => boolean): RequestContext {
  return {
    token,
    async checkpoint() {
      // setImmediate runs after pending I/O: the JSON-RPC reader gets to queue what has arrived.
      await new Promise((resolve) => setImmediate(resolve));
      if (token.isCancellationRequested) throw new Interrupted(cancelled());
      if (stale?.()) throw new Interrupted(new ResponseError(LSPErrorCodes.ContentModified, 'The document changed while the request ran.'));
    },
  };
}
