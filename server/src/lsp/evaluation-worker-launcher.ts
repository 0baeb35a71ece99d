// Entry of dist/evaluation-worker.js, the script evaluation-thread.ts starts as a worker thread: runs
// the worker's bundle, dist/evaluation.js (evaluation-worker.ts), through V8's code cache
// (code-cache.ts), so a server's first preview does not compile it from source. A worker thread sees
// no process exit: its cache is written a second after its first job arrives, by when that job's
// functions have been compiled. The V8 flags are the server's (set once for the whole process).
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { codeCacheDirectory, runWithCodeCache } from '../code-cache';

runWithCodeCache(join(__dirname, 'evaluation.js'), codeCacheDirectory(), (save) =>
  parentPort?.once('message', () => setTimeout(save, 1000).unref()),
);
