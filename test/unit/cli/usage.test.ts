// The CLI's interface as users and CI pipelines read it: README's synopses are exactly what
// `--help` prints, a mistake prints the command's own usage (exit 2) with the right form, and an input
// that cannot be used prints only its reason.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { commands, main } from '../../../server/src/cli/main';
import { repositoryRoot } from '../../support/repository';
import { capture, tempFiles } from './cli-io';

const readme = readFileSync(join(repositoryRoot(__dirname), 'README.md'), 'utf8');

/** The ```text block under README's "### `scimmap NAME`" heading. */
function readmeSynopsis(name: string): string | undefined {
  const section = readme.split(`### \`scimmap ${name}\`\n`)[1];
  return section && /^\s*```text\n([\s\S]*?)\n```/.exec(section)?.[1];
}

for (const command of commands) {
  test(`README's synopsis of ${command.name} is what \`scimmap ${command.name} --help\` prints`, async () => {
    const io = capture();
    assert.equal(await main([command.name, '--help'], io), 0);
    const help = io.stdout.join('\n');
    const usageLines = help.split('\n').filter((line) => /^(Usage: | {7})scimmap /.test(line));
    assert.equal(readmeSynopsis(command.name), usageLines.join('\n'));
  });
}

test('a --help that states exit codes states exit 2 as well (before: simulate, check, preview and eval left it out)', async () => {
  const silent: string[] = [];
  for (const command of commands) {
    const io = capture();
    assert.equal(await main([command.name, '--help'], io), 0);
    const help = io.stdout.join('\n').replace(/\s+/g, ' ');
    if (/\bExit [01]\b/.test(help) && !/\b2 (on|for|when) /.test(help)) silent.push(command.name);
  }
  assert.deepEqual(silent, []);
});

test('a --help that promises to wait for a Retry-After that fits the budget states the 60 s cap too (before: simulate waited "if that fits", and stopped on 61 s of a 600 s budget)', async () => {
  for (const command of commands) {
    const io = capture();
    assert.equal(await main([command.name, '--help'], io), 0);
    const help = io.stdout.join('\n').replace(/\s+/g, ' ');
    if (/Retry-After/.test(help)) assert.match(help, /Retry-After\) longer than is left or longer than 60 s/, command.name);
  }
});

test('every command README documents exists', () => {
  const documented = [...readme.matchAll(/^### `scimmap ([a-z-]+)`$/gm)].map((match) => match[1]);
  assert.deepEqual(documented.sort(), commands.map((command) => command.name).sort());
});

test('scimmap --help lists every form of every command', async () => {
  const io = capture();
  assert.equal(await main(['--help'], io), 0);
  for (const command of commands) for (const line of command.synopsis) assert.ok(io.stdout.join('\n').includes(`scimmap ${line}`), line);
});

test("scimmap --version prints package.json's version, exit 0 (before: unknown command, exit 2)", () => {
  const root = repositoryRoot(__dirname);
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const run = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), '--version'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, `${version}\n`);
});

test("a mistake prints what is wrong and the command's own usage, exit 2", async () => {
  const cases: Array<[string[], RegExp]> = [
    [['check', 'a.scimmap', '--bogus'], /unknown option --bogus/],
    [['check', 'a.scimmap', '--format'], /--format needs a value/],
    [
      ['discover', '--url', 'http://127.0.0.1:9', '--token-env', 'V', '-o'],
      /^scimmap discover: -o needs a value \(a value starting with "-" is written --output=VALUE\)$/m,
    ],
    [['eval', '--expr', '[a]', '--expr', '[b]'], /--expr is given twice/],
    [['preview', 'a.scimmap', '--create=yes', '--samples', 's.json', '--id', 'x'], /--create takes no value/],
    [['test-connection', '--url', 'https://x', '--token', 'secret'], /--token is not accepted.*--token-env VAR/],
  ];
  for (const [argv, message] of cases) {
    const io = capture();
    assert.equal(await main(argv, io), 2, argv.join(' '));
    const stderr = io.stderr.join('\n');
    assert.match(stderr, message);
    assert.match(stderr, new RegExp(`Usage: scimmap ${argv[0]} `), "the command's own usage");
    assert.doesNotMatch(stderr, /Commands:/, 'not the list of every command');
  }
});

test('an input the command line names that cannot be used says so in one line, without the usage, exit 2', async () => {
  delete process.env.SCIMMAP_TEST_UNSET;
  const io = capture();
  assert.equal(await main(['test-connection', '--url', 'https://scim.example', '--token-env', 'SCIMMAP_TEST_UNSET'], io), 2);
  assert.deepEqual(io.stderr, [
    'scimmap test-connection: the environment variable given to --token-env (the access token) is not set or empty',
  ]);
});

test('a secret given where a variable name belongs (--token-env "$TOKEN") is refused without being printed', async () => {
  const jwt = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.SIGNATURE-abc~';
  const cases: string[][] = [
    ['test-connection', '--url', 'https://scim.example', '--token-env', jwt],
    ['discover', '--url', 'https://scim.example', '--region', 'mypurecloud.com', '--client-id', 'c', '--client-secret-env', jwt],
    ['pull', '--app', 'x', '-o', 'x.scimmap', '--token-env', jwt],
    ['pull', '--app', 'x', '-o', 'x.scimmap', '--tenant', 't', '--client-id', 'c', '--client-secret-env', jwt],
  ];
  for (const argv of cases) {
    const io = capture();
    assert.equal(await main(argv, io), 2, argv.join(' '));
    const stderr = io.stderr.join('\n');
    assert.match(
      stderr,
      /the value given to --(token|client-secret)-env is not an environment variable name .*it looks like .* itself, so it is not printed/,
    );
    assert.ok(!stderr.includes('SIGNATURE') && !stderr.includes('eyJ'), `${argv[0]}: the value is not echoed`);
  }
});

test('a secret that is also a valid variable name (a GitHub token, a short API key) is not echoed when no such variable is set', async () => {
  for (const token of ['ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8', 'a1B2c3D4e5F6g7H8i9J0']) {
    const io = capture();
    assert.equal(await main(['test-connection', '--url', 'https://scim.example', '--token-env', token], io), 2);
    const stderr = io.stderr.join('\n');
    assert.match(stderr, /the environment variable given to --token-env \(the access token\) is not set or empty/);
    assert.ok(!stderr.includes('a1B2c3'), 'the value is not echoed');
  }
});

test('preview --user given a samples file names the --samples FILE --id ID form', async () => {
  const file = tempFiles('scimmap-usage-')('samples.json', { users: [{ $id: 'ada', userPrincipalName: 'ada@contoso.com' }] });
  const io = capture();
  assert.equal(await main(['preview', join(repositoryRoot(__dirname), 'examples', 'purecloud.scimmap'), '--user', file], io), 2);
  assert.match(
    io.stderr.join('\n'),
    new RegExp(
      `is a samples file, not one user: write --samples ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} --id ID \\(its ids: ada\\)`,
    ),
  );
});
