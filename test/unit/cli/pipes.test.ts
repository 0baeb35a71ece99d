// Input files given as pipes (`--user /dev/stdin`, `<(...)`): a pipe can be read only once, so each
// command reads each input once, and the real CLI is run with its standard input a pipe.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, createWriteStream, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { endOf } from './cli-io';

const cli = join(__dirname, '../../../../dist/cli.js');

/** Runs the CLI with `input` on a shell pipe (a FIFO, as `cat FILE | scimmap ...` gives it; Node's own stdin pipe is a socket). */
function fromPipe(args: string[], input: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('sh', ['-c', 'printf "%s" "$SCIMMAP_INPUT" | "$0" "$@"', process.execPath, cli, ...args], {
    env: { ...process.env, SCIMMAP_INPUT: input },
    encoding: 'utf8',
  });
}

test('preview --user /dev/stdin reads the user from the pipe, as eval does', () => {
  const user = '{"userPrincipalName":"u1@contoso.com","displayName":"U1","givenName":"U"}';
  const preview = fromPipe(['preview', 'examples/purecloud.scimmap', '--user', '/dev/stdin'], user);
  assert.equal(preview.status, 0, preview.stderr);
  assert.match(preview.stdout, /"userName": "u1@contoso\.com"/);
  const evaluated = fromPipe(['eval', '--expr', '[givenName]', '--user', '/dev/stdin'], user);
  assert.equal(evaluated.stdout.trim(), '{"value":"U"}', evaluated.stderr);
});

test('simulate --directory /dev/stdin reads a JSON or CSV directory from the pipe', () => {
  const json = fromPipe(
    ['simulate', 'examples/purecloud.scimmap', '--directory', '/dev/stdin', '--format', 'json'],
    readFileSync('examples/users.json', 'utf8'),
  );
  assert.equal(json.status, 0, json.stderr);
  assert.equal((JSON.parse(json.stdout) as { summary: { objects: number } }).summary.objects, 9);
  const csv = fromPipe(
    ['simulate', 'examples/purecloud.scimmap', '--directory', '/dev/stdin', '--format', 'json'],
    'userPrincipalName,displayName\na@contoso.com,A\nb@contoso.com,B\n',
  );
  assert.equal(csv.status, 0, csv.stderr);
  assert.equal((JSON.parse(csv.stdout) as { summary: { objects: number } }).summary.objects, 2);
});

test('simulate streams a CSV from a pipe: the first records come out before the pipe ends (before: the pipe was read whole first)', async () => {
  // Through cat, so that the CLI's stdin is a FIFO as a shell pipe gives it.
  const command = ['simulate', 'examples/purecloud.scimmap', '--directory', '/dev/stdin'];
  const child = spawn('sh', ['-c', 'cat | "$0" "$@"', process.execPath, cli, ...command]);
  const ended = endOf(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstRecord = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('u0@contoso.com')) resolve();
    }),
  );
  const rows = (from: number, count: number) =>
    Array.from({ length: count }, (_, index) => `u${from + index}@contoso.com,U${from + index}\n`).join('');
  // More than the 4 KiB read to tell the format, then nothing until a record has come out.
  child.stdin.write(`userPrincipalName,displayName\n${rows(0, 200)}`);
  await Promise.race([
    firstRecord,
    ended.then(({ code, signal }) => assert.fail(`simulate ended (${signal ?? code}) before its first record: ${stderr}`)),
  ]);
  child.stdin.end(rows(200, 1));
  const { code } = await ended;
  assert.equal(code, 0, stderr);
  assert.equal(JSON.parse(stdout.trim().split('\n').pop()!).summary.objects, 201);
});

test('a pipe named for two inputs is said, exit 2: it can be read only once', () => {
  const twice = fromPipe(
    ['simulate', 'examples/purecloud.scimmap', '--directory', '/dev/stdin', '--target-state', '/dev/stdin'],
    readFileSync('examples/users.json', 'utf8'),
  );
  assert.equal(twice.status, 2);
  assert.equal(twice.stderr.trim(), 'scimmap simulate: /dev/stdin is a pipe and is named twice: it can be read only once');
});

test('Ctrl+C while an endless pipe is read cancels in bounded memory: exit 1 and the cancelled line (before: the pipe was held whole, then exit 130 and no word)', async () => {
  // A FIFO fed blank lines without end: no row, so no object, ever.
  const fifo = join(mkdtempSync(join(tmpdir(), 'scimmap-fifo-')), 'endless.csv');
  spawnSync('mkfifo', [fifo]);
  const child = spawn(process.execPath, [cli, 'simulate', 'examples/purecloud.scimmap', '--directory', fifo, '--format', 'json']);
  const ended = endOf(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const writer = createWriteStream(fifo);
  writer.on('error', () => undefined); // the reader goes away at Ctrl+C
  const blankLines = '\n'.repeat(1 << 16);
  // simulate reads the pipe's first 4 KiB (to tell the format) before it handles Ctrl+C, and the rest
  // only after. No pipe holds more than pipe-max-size, so once more than both is written, simulate
  // is reading the rest and handles Ctrl+C (sent before, it killed the child: exit 130, no word).
  const handlesCtrlC = 4096 + Number(readFileSync('/proc/sys/fs/pipe-max-size', 'utf8'));
  let feed: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve) => {
        feed = setInterval(() => {
          if (writer.bytesWritten > handlesCtrlC) resolve();
          if (!writer.writableNeedDrain) writer.write(blankLines);
        }, 5);
      }),
      ended.then(({ code, signal }) => assert.fail(`simulate ended (${signal ?? code}) before it read past the pipe's head: ${stderr}`)),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    child.kill('SIGINT');
    const { code, signal } = await ended;
    assert.equal(signal, null, `simulate was killed by ${signal}: ${stderr}`);
    assert.equal(code, 1, stderr);
    assert.equal(stderr.trim(), 'scimmap simulate: cancelled after 0 objects; no summary was written.');
    assert.equal(stdout, '');
    const residentKiB = Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
    assert.ok(residentKiB < 400 * 1024, `${residentKiB} KiB resident after 1.5 s of blank lines`);
  } finally {
    clearInterval(feed);
    child.kill('SIGKILL'); // nothing once it has exited
    // A FIFO's writer waits in its open until a reader comes: a child that never opened the FIFO
    // would leave that open pending, and this process alive, for ever. A reader of our own ends it.
    if (writer.pending) closeSync(openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK));
    writer.destroy();
  }
});

// Before: readFileSync of a device never ends; preview held 10 GB after two minutes, still reading.
// Then: refused past 256 MiB, about 330 MB of memory; now at its first MiB, which cannot start JSON.
test(
  'a JSON input that never ends and starts as no JSON (--user /dev/zero, --target-state /dev/zero) is refused at its start: exit 2 and why',
  { skip: !existsSync('/dev/zero') },
  () => {
    const runs = {
      preview: ['--user', '/dev/zero'],
      simulate: ['--directory', 'examples/users.json', '--target-state', '/dev/zero'],
    };
    const what = {
      preview: 'a user (one JSON object of Entra attribute names to values)',
      simulate: "a target-state file (the target's ListResponse pages)",
    };
    for (const [command, args] of Object.entries(runs)) {
      const run = spawnSync(process.execPath, [cli, command, 'examples/purecloud.scimmap', ...args], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.status, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.equal(
        run.stderr,
        `scimmap ${command}: /dev/zero starts with "\\u0000", where ${what[command as keyof typeof what]} starts with { or [ (a JSON object or array); it is not read further\n`,
      );
    }
  },
);
