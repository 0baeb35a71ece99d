// `npm run bench`: the editing benchmarks of issue 3 (core throughput against JSON.parse and
// Chevrotain's JSON grammar; edit and completion latency through the real server over stdio; the
// server's memory against its floor, issue 11; edits of issue 10's hostile file of 50 KB of nested
// `users {`) and the evaluation benchmark of issue 4;
// the Entra schema import/export of issue 12; a hostile peer's nested answer (issue 10 §14); the
// simulated provisioning cycle of issue 15 (throughput, and the peak RSS of a 1,000,000-user CSV) and its report view's table
// (in Node, then the real page in headless Chromium when there is one).
// Prints numbers; asserts nothing. docs/performance.md records results and how to read them. Run
// from the repository root after npm run build (npm run bench does both).
import { cpus, loadavg } from 'node:os';
import { benchCore } from './core';
import { benchEntra } from './entra';
import { benchEvaluation } from './eval';
import { benchPeer } from './peer';
import { benchSimulation } from './simulate';
import { benchReport } from './report';
import { benchReportPage } from './report-page';
import { generateBytes, generateMappings } from '../test/support/generate';
import { benchServer, benchStart } from './lsp';
import { benchMemoryFloor } from './memory-floor';
import { benchNestedBlocks } from './nested-blocks';
import { repositoryRoot } from '../test/support/repository';

function print(results: Record<string, number | string>): void {
  for (const [name, value] of Object.entries(results)) console.log(`${name}: ${value}`);
}

async function main(): Promise<void> {
  const root = repositoryRoot(__dirname);
  // Latency percentiles are only as good as the machine is idle: the load average says how idle it was.
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
  print({
    machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
    'load average (1, 5, 15 min) before': load(),
  });
  print(benchCore());
  print(await benchStart(root, '2,000 mappings', generateMappings(2000)));
  print(await benchServer(root, '2,000 mappings', generateMappings(2000)));
  print(await benchServer(root, '1 MB', generateBytes(1_000_000)));
  print(await benchMemoryFloor(root));
  print(await benchNestedBlocks(root));
  print(await benchEvaluation());
  print(benchEntra());
  print(await benchPeer());
  print(await benchSimulation());
  print(benchReport());
  print(await benchReportPage(root));
  print({ 'load average (1, 5, 15 min) after': load() });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
