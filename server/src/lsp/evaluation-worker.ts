// The evaluation worker (issue 10 §12), started by evaluation-thread.ts in a worker_threads worker:
// it computes the requests that evaluate mappings (evaluation-requests.ts) off the server's main
// thread. Each job carries the document's text, analysed here exactly as the server analyses it
// (its own incremental analyzer per document), and the request's parameters; the answer is the
// request's result, or what the computation threw. Bundled as dist/evaluation.js, which
// dist/evaluation-worker.js runs (evaluation-worker-launcher.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { DocumentAnalyses } from '../document-analyses';
import { EvaluationBudget } from '../evaluation/budget';
import { evaluations } from './evaluation-requests';
import type { WorkerAnswer, WorkerData, WorkerMessage } from './evaluation-thread';

const port = parentPort;
if (!port) throw new Error('evaluation-worker.js runs only as a worker thread (lsp/evaluation-thread.ts starts it)');
const cancelled = new Int32Array((workerData as WorkerData).cancelled);
const analyses = new DocumentAnalyses();
let targetGeneration = 0;

port.on('message', (message: WorkerMessage) => {
  if (message.kind === 'close') return analyses.forget(message.uri);
  let answer: WorkerAnswer;
  try {
    if (message.targetGeneration !== targetGeneration) {
      targetGeneration = message.targetGeneration;
      analyses.targetFileChanged();
    }
    const evaluation = evaluations.get(message.method);
    if (!evaluation) throw new Error(`no evaluation for ${message.method}`);
    const document = analyses.analyze(message.uri, message.version, message.text);
    const budget = new EvaluationBudget(undefined, undefined, undefined, () => Atomics.load(cancelled, 0) === 1);
    answer = { id: message.id, result: evaluation(document, message.params, budget) };
  } catch (error) {
    answer = { id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(answer);
});
