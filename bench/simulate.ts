// The simulated provisioning cycle (issue 15): 100,000 generated users through the Genesys example
// mapping (assignment, scoping, matching, the create requests and the provisioning-log record of
// each, as the JSON text the CLI writes) in users per second on one core, target >= 300,000, beside the same records
// written by hand for that one mapping (bench/record-yardstick.ts); and `scimmap simulate` over a
// 1,000,000-user Users CSV (generated to a temp file) as a child process whose peak RSS is printed,
// target < 300 MiB. Run alone: node out/bench/simulate.js [--throughput] (after npm run build and
// compile-tests), from the repository root.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from '../server/src/syntax/parser';
import { previewUser } from '../server/src/provisioning/requests';
import { cycleSettingsOf, Simulation } from '../server/src/simulation/simulate';
import type { DirectoryEntry } from '../server/src/simulation/directory';
import type { SampleUser } from '../server/src/schema/sample-data';
import { generateUser, generateUsers } from './eval';
import { HandWrittenRecords } from './record-yardstick';

const userCount = 100_000;
const csvUsers = 1_000_000;
const mib = 1024 * 1024;

export async function benchSimulation(): Promise<Record<string, number | string>> {
  return { ...throughput(), ...(await csvMemory()) };
}

function throughput(): Record<string, number | string> {
  const { file } = parse(readFileSync('examples/purecloud.scimmap', 'utf8'));
  // Read as every directory input is (a Graph JSON or samples file, a CSV): parsed from text. generateUsers builds its
  // strings by concatenation, which the first code to read each one flattens: inside the timed cycle, not in a real run.
  const users = JSON.parse(JSON.stringify(generateUsers(userCount))) as SampleUser[];
  const entries: DirectoryEntry[] = users.map((sample) => ({ kind: 'user', sample, where: `bench ${sample.id}` }));
  const cycle = () => new Simulation(file, { settings: cycleSettingsOf(file), assignmentKnown: false, now: new Date(0), seed: 1 });
  // Warm up the JIT on a slice, then one cycle over the whole set. Each record is its JSON text, what the CLI writes,
  // counted, not kept: reading its last character makes V8 lay the text out in one piece, as writing it anywhere does.
  const warm = cycle();
  for (const entry of entries.slice(0, 5_000)) laidOut(warm.simulateText(entry).text);
  for (const user of users.slice(0, 5_000)) previewUser(file, user);
  const simulation = cycle();
  let characters = 0;
  const simulated = timed(() => {
    for (const entry of entries) characters += laidOut(simulation.simulateText(entry).text);
  });
  // The preview of the same users in the same process (bench/eval.ts alone): a measure a loaded machine slows alike.
  const previewed = timed(() => {
    for (const user of users) previewUser(file, user);
  });
  const summary = simulation.summary();
  const yardstick = handWrittenRecords(entries, cycle());
  return {
    'simulation: users': userCount,
    'simulation: users per second': Math.round(userCount / (simulated.wall / 1000)),
    'simulation: users per second of CPU time': Math.round(userCount / (simulated.cpu / 1000)),
    'simulation: target users per second': 300_000,
    'simulation: ms total (wall, CPU)': `${Math.round(simulated.wall)}, ${Math.round(simulated.cpu)}`,
    'simulation: preview alone, users per second of CPU time': Math.round(userCount / (previewed.cpu / 1000)),
    'simulation: CPU time / preview alone': Number((simulated.cpu / previewed.cpu).toFixed(2)),
    'simulation: hand-written records for this one mapping (the yardstick), users per second of CPU time': Math.round(
      userCount / (yardstick.cpu / 1000),
    ),
    "simulation: the yardstick, records different from the simulation's": yardstick.different,
    'simulation: creates': summary.byAction.create,
    'simulation: record characters per user': Math.round(characters / userCount),
  };
}

/**
 * The yardstick's records of the same users (bench/record-yardstick.ts), timed as the cycle is, then
 * compared with a fresh cycle's outside the timing: a yardstick that wrote other records would
 * measure nothing.
 */
function handWrittenRecords(entries: readonly DirectoryEntry[], simulation: Simulation): { cpu: number; different: number } {
  const warm = new HandWrittenRecords();
  for (const entry of entries.slice(0, 5_000)) laidOut(warm.record(entry.sample as SampleUser, entry.where));
  const records = new HandWrittenRecords();
  const { cpu } = timed(() => {
    for (const entry of entries) laidOut(records.record(entry.sample as SampleUser, entry.where));
  });
  const compared = new HandWrittenRecords();
  let different = 0;
  for (const entry of entries)
    if (compared.record(entry.sample as SampleUser, entry.where) !== simulation.simulateText(entry).text) different++;
  return { cpu, different };
}

/**
 * The text's length, once V8 has it in one piece: text built by concatenation is a tree of its parts
 * until something reads its characters (as writing it to a stream does), and that copy is part of
 * producing it.
 */
function laidOut(text: string): number {
  return text.charCodeAt(text.length - 1) > 0 ? text.length : 0;
}

/** Wall-clock and CPU milliseconds of `run`: on a shared machine the CPU time says what the code costs. */
function timed(run: () => void): { wall: number; cpu: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  run();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
}

/** A Users CSV as the admin center's "Download users" writes it (BOM, CRLF, quoted names), with `count` generated users. */
export async function writeUsersCsv(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('\uFEFFid,userPrincipalName,displayName,surname,mail,givenName,userType,jobTitle,department,accountEnabled,mobilePhone\r\n');
  const cell = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  for (let i = 0; i < count; i++) {
    const a = generateUser(i).attributes;
    const row = [a.objectId, a.userPrincipalName, `"${cell(a.displayName)}"`, a.surname, cell(a.mail), a.givenName, 'Member']
      .concat([cell(a.jobTitle), cell(a.department), a.accountEnabled ? 'True' : 'False', cell(a.mobile)])
      .join(',');
    if (!out.write(`${row}\r\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** `scimmap simulate` over a generated 1,000,000-user CSV in a child process: its peak RSS and time; stdout is counted, not kept. */
async function csvMemory(): Promise<Record<string, number | string>> {
  const folder = mkdtempSync(join(tmpdir(), 'scimmap-bench-'));
  try {
    const csv = join(folder, 'users.csv');
    await writeUsersCsv(csv, csvUsers);
    const run = (format: string) =>
      new Promise<{ peak: number; ms: number; bytes: number; lines: number }>((resolve, reject) => {
        const started = performance.now();
        const child = spawn(
          process.execPath,
          [
            '--require',
            join(__dirname, 'max-rss.js'),
            'dist/cli.js',
            'simulate',
            'examples/purecloud.scimmap',
            '--directory',
            csv,
            '--format',
            format,
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let bytes = 0;
        let lines = 0;
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
        });
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => {
          const peak = /peak RSS bytes: (\d+)/.exec(stderr);
          if (!peak || (code !== 0 && code !== 1)) reject(new Error(`scimmap simulate exited ${code}: ${stderr.slice(-2000)}`));
          else resolve({ peak: Number(peak[1]), ms: performance.now() - started, bytes, lines });
        });
      });
    const jsonl = await run('jsonl');
    const md = await run('md');
    return {
      'simulate CSV: users': csvUsers,
      'simulate CSV: file MiB': Number((statSync(csv).size / mib).toFixed(1)),
      'simulate CSV, jsonl: peak RSS MiB': Number((jsonl.peak / mib).toFixed(1)),
      'simulate CSV, jsonl: records written': jsonl.lines - 1,
      'simulate CSV, jsonl: users per second (whole command)': Math.round(csvUsers / (jsonl.ms / 1000)),
      'simulate CSV, md: peak RSS MiB': Number((md.peak / mib).toFixed(1)),
      'simulate CSV: target peak RSS MiB': 300,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (require.main === module) {
  // --throughput: only the in-process cycle (seconds, not the minutes the million-user CSV takes).
  (process.argv.includes('--throughput') ? Promise.resolve(throughput()) : benchSimulation()).then((results) => {
    for (const [name, value] of Object.entries(results)) console.log(`${name}: ${value}`);
  });
}
