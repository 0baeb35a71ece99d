// `npm run fuzz [-- --seed N] [--steps N] [--seeds N]`: the long fuzz run of the language server
// (test/support/fuzz.ts) with issue 10's time limit, 100 ms for any request or edit on inputs under
// 100 KB (the open of the start file is printed, not limited: it is not an edit, and the user's first edit
// comes after it); every third seed starts from the hostile files (starts.ts). Prints each seed's numbers and every failure with the seed and step that reproduce it;
// then issue 15's outdated snapshots of a 5,000- and a 50,000-member group, each run held to 1 ms of
// CPU a member and 1 GiB of memory (outdated-snapshot.ts). Exits 1 on any failure.
import { parseArgs } from 'node:util';
import { fuzzServer } from '../support/fuzz';
import { fuzzStarts, hostileStarts } from './starts';
import { outdatedSnapshotRuns } from './outdated-snapshot';
import { repositoryRoot } from '../support/repository';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: '1' }, seeds: { type: 'string', default: '4' }, steps: { type: 'string', default: '1500' } },
  strict: true,
});

async function main(): Promise<number> {
  const root = repositoryRoot(__dirname);
  const first = Number(values.seed);
  let failed = 0;
  for (let seed = first; seed < first + Number(values.seeds); seed++) {
    // Every third seed edits the hostile files, where time is hardest to keep.
    const starts = seed % 3 === 0 ? hostileStarts() : fuzzStarts(root);
    const report = await fuzzServer(root, { seed, steps: Number(values.steps), starts, requestsPerStep: 6, slowMs: 100 });
    const times = [...report.times].sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
    process.stdout.write(
      `seed ${seed}: open -> diagnostics ${report.openMs.toFixed(1)} ms; ${report.steps} edits, ${report.requests} requests; request/edit ms median ${p(0.5)}, p99 ${p(0.99)}, max ${report.slowest.ms.toFixed(1)} (${report.slowest.what}, ${report.slowest.length} characters); ${report.failures.length} failures\n`,
    );
    for (const failure of report.failures) process.stdout.write(`  FAIL ${failure}\n`);
    failed += report.failures.length;
  }
  // Issue 15's hostile mapping tests: no diff may grow with the square of a snapshot's length.
  for (const members of [5_000, 50_000]) {
    const report = await outdatedSnapshotRuns(root, members, { cpuLimitMs: members, rssLimitMiB: 1_024 });
    process.stdout.write(`${report.line}\n`);
    for (const failure of report.failures) process.stdout.write(`  FAIL ${failure}\n`);
    failed += report.failures.length;
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
