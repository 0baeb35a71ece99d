// The server's side of the evaluation worker (issue 10 §12): a preview may evaluate for its whole
// 2 s budget, and on the server's one thread every hover, completion and diagnostic waited behind
// it. Requests that evaluate (evaluation-requests.ts) go to a worker_threads worker instead, one
// at a time in arrival order. The worker starts on the first such request, so a server that never
// previews starts and stays as small as before. A request cancelled while it waits is dropped; one
// cancelled while it runs is answered at once and its evaluation stopped through a shared flag the
// worker's evaluation budget reads. A worker that dies fails its request and is started afresh.
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { CancellationToken } from 'vscode-languageserver';
import type { AnalyzedDocument } from '../document-analyses';

/** What the worker is asked: a job, or to forget a closed document. */
export type WorkerMessage =
  | {
      readonly kind: 'job';
      readonly id: number;
      readonly method: string;
      readonly uri: string;
      readonly version: number;
      readonly text: string;
      /** DocumentStore.targetGeneration: a new value makes the worker forget the target files it read. */
      readonly targetGeneration: number;
      readonly params: unknown;
    }
  | { readonly kind: 'close'; readonly uri: string };

/** The worker's answer to a job: its result, or what the evaluation threw (message and stack). */
export type WorkerAnswer = { readonly id: number; readonly result: unknown } | { readonly id: number; readonly error: string };

/** What the worker is started with: the flag (an Int32Array over this buffer) set to 1 while the running job is cancelled. */
export interface WorkerData {
  readonly cancelled: SharedArrayBuffer;
}

interface Job {
  readonly message: Extract<WorkerMessage, { kind: 'job' }>;
  readonly settle: (answer: { result: unknown } | { error: Error }) => void;
}

/** The worker script beside this module: dist/evaluation-worker.js in the bundles, out/server/src/lsp/ when compiled by tsc. */
const script = join(__dirname, 'evaluation-worker.js');

export class EvaluationThread {
  private worker: Worker | undefined;
  private starting: Promise<Worker> | undefined;
  private readonly queue: Job[] = [];
  private running: Job | undefined;
  private nextId = 1;
  private readonly cancelled = new Int32Array(new SharedArrayBuffer(4));

  /**
   * Computes `method` for `document` in the worker. Resolves with its result, or with undefined
   * as soon as `token` is cancelled; rejects with what the evaluation threw.
   */
  run(method: string, document: AnalyzedDocument, params: unknown, token: CancellationToken, targetGeneration: number): Promise<unknown> {
    const { uri, version, text } = document;
    return new Promise((resolve, reject) => {
      let settled = false;
      const job: Job = {
        message: { kind: 'job', id: this.nextId++, method, uri, version, text, targetGeneration, params },
        settle: (answer) => {
          if (settled) return;
          settled = true;
          subscription.dispose();
          if ('error' in answer) reject(answer.error);
          else resolve(answer.result);
        },
      };
      const subscription = token.onCancellationRequested(() => {
        if (this.running === job) Atomics.store(this.cancelled, 0, 1);
        else this.queue.splice(this.queue.indexOf(job), 1);
        job.settle({ result: undefined });
      });
      this.queue.push(job);
      void this.next();
    });
  }

  /** Starts the worker ahead of the first job (the preview panel lists samples before the user picks one). */
  warmUp(): void {
    // A worker that cannot start fails the first job instead, with the reason.
    this.ready().catch(() => undefined);
  }

  /** A document was closed: the worker drops its analysis (when there is a worker). */
  forget(uri: string): void {
    this.worker?.postMessage({ kind: 'close', uri } satisfies WorkerMessage);
  }

  private async next(): Promise<void> {
    if (this.running || this.queue.length === 0) return;
    const job = (this.running = this.queue.shift()!);
    Atomics.store(this.cancelled, 0, 0);
    try {
      (await this.ready()).postMessage(job.message);
    } catch (error) {
      this.finished(job.message.id, { error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  /** Settles the running job `id` (a cancelled one was settled already: settling again does nothing) and starts the next. */
  private finished(id: number, answer: { result: unknown } | { error: Error }): void {
    const job = this.running;
    if (job?.message.id !== id) return;
    this.running = undefined;
    job.settle(answer);
    void this.next();
  }

  /** The running worker, started when there is none. */
  private ready(): Promise<Worker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= this.start().then(
      (worker) => {
        this.starting = undefined;
        return (this.worker = worker);
      },
      (error: unknown) => {
        this.starting = undefined;
        throw error;
      },
    );
    return this.starting;
  }

  private async start(): Promise<Worker> {
    // Loaded here, not at the top: the module costs start-up time a server that never previews should not pay.
    // A require, not import(): dist/server.js compiles the bundle through vm.Script with V8's code cache
    // (code-cache.ts), and there import() has no loader.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
    const worker = new Worker(script, { workerData: { cancelled: this.cancelled.buffer as SharedArrayBuffer } satisfies WorkerData });
    // The worker never keeps the server's process alive.
    worker.unref();
    worker.on('message', (answer: WorkerAnswer) =>
      this.finished(answer.id, 'error' in answer ? { error: new Error(answer.error) } : { result: answer.result }),
    );
    worker.on('error', (error) => this.died(worker, error));
    worker.on('exit', (code) => this.died(worker, new Error(`the evaluation worker exited with code ${code}`)));
    return worker;
  }

  /** The worker is gone: its running job fails, and the next job starts a new worker. */
  private died(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (this.running) this.finished(this.running.message.id, { error });
  }
}
