import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { diagnosticDoc, meaningOf } from '../../../server/src/documentation/diagnostics';
import { repositoryRoot } from '../../support/repository';
import { capture, tempFiles } from './cli-io';

const file = tempFiles('scimmap-check-');

const broken = file('broken.scimmap', 'users {\n  usrName <- [userPrincipalName]  match 1\n  displayName <- [displayName]\n}\n');

test('check on the Genesys example prints nothing and exits 0', async () => {
  const io = capture();
  assert.equal(await main(['check', 'examples/purecloud.scimmap'], io), 0);
  assert.deepEqual(io.stdout, []);
});

test('check prints file:line:col severity code message and exits 1 on an error', async () => {
  const io = capture();
  assert.equal(await main(['check', broken], io), 1);
  const line = io.stdout.find((entry) => entry.includes('unknown-target'));
  assert.ok(line, io.stdout.join('\n'));
  assert.match(line, new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:3 error unknown-target .*userName`));
});

test('check --format json prints ranges zero-based with the code and severity', async () => {
  const io = capture();
  assert.equal(await main(['check', broken, '--format', 'json'], io), 1);
  const report = JSON.parse(io.stdout.join('\n')) as Array<{
    range: { start: { line: number; character: number } };
    severity: string;
    code: string;
    message: string;
  }>;
  const unknown = report.find((entry) => entry.code === 'unknown-target');
  assert.ok(unknown);
  assert.deepEqual(unknown.range.start, { line: 1, character: 2 });
  assert.equal(unknown.severity, 'error');
});

test('warnings alone do not fail check', async () => {
  const warningsOnly = file(
    'warn.scimmap',
    'users {\n  userName <- [userPrincipalName]  match 1\n  displayName <- [displayName]\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n  title <- [jobTitel]\n}\n',
  );
  const io = capture();
  assert.equal(await main(['check', warningsOnly, '--format', 'json'], io), 0);
  const report = JSON.parse(io.stdout.join('\n')) as Array<{ severity: string; code: string }>;
  assert.ok(
    report.some((entry) => entry.severity === 'warning'),
    JSON.stringify(report),
  );
});

test('a missing file or a bad option is a usage error, exit 2, with a clear message', async () => {
  const missing = capture();
  assert.equal(await main(['check', join(dirname(broken), 'nope.scimmap')], missing), 2);
  assert.match(missing.stderr.join('\n'), /cannot read .*nope\.scimmap: no such file/);
  const badFormat = capture();
  assert.equal(await main(['check', broken, '--format', 'xml'], badFormat), 2);
  assert.match(badFormat.stderr.join('\n'), /--format takes "text" or "json"/);
});

/** `scimmap check ... --format sarif` run in `folder`, as CI runs it in the repository's root. */
async function sarifIn(folder: string, ...files: string[]) {
  const io = capture();
  const before = process.cwd();
  process.chdir(folder);
  try {
    assert.equal(await main(['check', ...files, '--format', 'sarif'], io), 1);
  } finally {
    process.chdir(before);
  }
  return JSON.parse(io.stdout.join('\n'));
}

test('--format sarif: a SARIF 2.1.0 log code scanning reads, one rule per code, paths relative to the working directory', async () => {
  const log = await sarifIn(dirname(dirname(broken)), broken);
  assert.equal(log.version, '2.1.0');
  const [run] = log.runs;
  assert.equal(run.tool.driver.name, 'scimmap');
  assert.ok(run.results.length > 0);
  const json = capture();
  await main(['check', broken, '--format', 'json'], json);
  const report = JSON.parse(json.stdout.join('\n')) as Array<{
    range: { start: { line: number; character: number } };
    severity: string;
    code: string;
    message: string;
  }>;
  assert.equal(run.results.length, report.length);
  run.results.forEach(
    (
      result: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        message: { text: string };
        locations: Array<{
          physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } };
        }>;
      },
      index: number,
    ) => {
      const diagnostic = report[index];
      assert.equal(result.ruleId, diagnostic.code);
      assert.equal(run.tool.driver.rules[result.ruleIndex].id, diagnostic.code);
      assert.equal(result.level, { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[diagnostic.severity]);
      assert.equal(result.message.text, diagnostic.message);
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      assert.deepEqual(artifactLocation, { uri: `${basename(dirname(broken))}/broken.scimmap`, uriBaseId: '%SRCROOT%' });
      assert.deepEqual([region.startLine, region.startColumn], [diagnostic.range.start.line + 1, diagnostic.range.start.character + 1]);
    },
  );
  assert.equal(new Set(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).size, run.tool.driver.rules.length);
});

test('a file named twice is checked once, with a warning (before: check broken.scimmap ./broken.scimmap --format sarif gave every result twice)', async () => {
  const once = await sarifIn(dirname(broken), basename(broken));
  const twice = await sarifIn(dirname(broken), basename(broken), `./${basename(broken)}`);
  assert.deepEqual(twice.runs[0].results, once.runs[0].results);
  const io = capture();
  assert.equal(await main(['check', broken, broken], io), 1);
  assert.equal(io.stdout.filter((line) => line.includes('unknown-target')).length, 1, io.stdout.join('\n'));
  assert.match(io.stderr.join('\n'), /^warning: .*broken\.scimmap: the file is given twice; it is read once$/);
});

test('--format sarif: each rule has the catalogue\'s short and full description, help and the address of its section of docs/diagnostics.md (before: "scimmap diagnostic <code>" and a pointer to a file)', async () => {
  const { rules } = (await sarifIn(dirname(broken), broken)).runs[0].tool.driver;
  const unknownTarget = rules.find((rule: { id: string }) => rule.id === 'unknown-target');
  const doc = diagnosticDoc('unknown-target')!;
  assert.deepEqual(unknownTarget, {
    id: 'unknown-target',
    shortDescription: {
      text: 'The attribute does not exist in Genesys Cloud; or an extension attribute is written bare (`data.suggestion` is then the fully qualified path); or the target is a schema URN with no attribute after it.',
    },
    fullDescription: { text: meaningOf(doc) },
    help: {
      text: 'What to do: Use the suggestion. Example: `userNam <- ...`, `department <- ...`',
      markdown: `**What to do:** Use the suggestion.\n\n**Example:** \`userNam <- ...\`, \`department <- ...\`\n\n[\`unknown-target\` in docs/diagnostics.md](${doc.helpUri})`,
    },
    helpUri: doc.helpUri,
    defaultConfiguration: { level: 'error' },
  });
  for (const rule of rules) assert.ok(rule.shortDescription && rule.fullDescription && rule.help && rule.helpUri, rule.id);
});

test('--format sarif: a file outside the working directory is named by its absolute file URI, not a path climbing out of the source root', async () => {
  const inside = await sarifIn(dirname(broken), broken);
  assert.deepEqual(inside.runs[0].results[0].locations[0].physicalLocation.artifactLocation, {
    uri: 'broken.scimmap',
    uriBaseId: '%SRCROOT%',
  });
  const outside = await sarifIn(repositoryRoot(__dirname), broken);
  assert.deepEqual(outside.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: pathToFileURL(broken).href });
});

test('--format sarif in a git work tree: paths relative to its root from any folder, %SRCROOT% declared as that root (before: relative to the working directory, so mappings/ ran in gave "bad.scimmap")', async () => {
  const repository = realpathSync(mkdtempSync(join(tmpdir(), 'scimmap-sarif-git-')));
  execFileSync('git', ['init', '-q'], { cwd: repository });
  mkdirSync(join(repository, 'mappings', 'with space'), { recursive: true });
  copyFileSync(broken, join(repository, 'mappings', 'with space', 'bad.scimmap'));
  const link = `${repository}-link`;
  symlinkSync(repository, link);
  const declared = {
    uri: pathToFileURL(repository).href + '/',
    description: { text: 'The root of the git work tree scimmap check ran in.' },
  };
  // From the root, from a subfolder, and from a subfolder reached through a symbolic link to the work tree.
  for (const [folder, file] of [
    [repository, 'mappings/with space/bad.scimmap'],
    [join(repository, 'mappings'), 'with space/bad.scimmap'],
    [join(link, 'mappings', 'with space'), 'bad.scimmap'],
  ]) {
    const [run] = (await sarifIn(folder, file)).runs;
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': declared }, folder);
    assert.deepEqual(
      run.results[0].locations[0].physicalLocation.artifactLocation,
      { uri: 'mappings/with%20space/bad.scimmap', uriBaseId: '%SRCROOT%' },
      folder,
    );
  }
});

test('--format sarif outside git: %SRCROOT% is declared as the working directory, which the paths are relative to', async () => {
  const folder = realpathSync(dirname(broken));
  const [run] = (await sarifIn(folder, broken)).runs;
  assert.deepEqual(run.originalUriBaseIds, {
    '%SRCROOT%': {
      uri: pathToFileURL(folder).href + '/',
      description: { text: 'The working directory scimmap check ran in (not in a git work tree).' },
    },
  });
});

test('--format sarif in a work tree git refuses (safe.directory, "dubious ownership"): one warning line with git\'s advice, the log still written, relative to the working directory and saying why; exit code unchanged (before: silent, "not in a git work tree")', async () => {
  const repository = realpathSync(mkdtempSync(join(tmpdir(), 'scimmap-sarif-refused-')));
  execFileSync('git', ['init', '-q'], { cwd: repository });
  const folder = join(repository, 'mappings');
  mkdirSync(folder);
  copyFileSync(broken, join(folder, 'bad.scimmap'));
  // git's own test switch for a repository another user owns, as in a container job or on a self-hosted agent.
  process.env.GIT_TEST_ASSUME_DIFFERENT_OWNER = '1';
  const io = capture();
  const before = process.cwd();
  process.chdir(folder);
  try {
    assert.equal(await main(['check', 'bad.scimmap', '--format', 'sarif'], io), 1);
  } finally {
    process.chdir(before);
    delete process.env.GIT_TEST_ASSUME_DIFFERENT_OWNER;
  }
  const refusal = `fatal: detected dubious ownership in repository at '${repository}' To add an exception for this directory, call: git config --global --add safe.directory ${repository}`;
  assert.deepEqual(io.stderr, [
    `warning: git refuses the repository here (${refusal}), so the SARIF paths are relative to the working directory, ${folder}, not to the repository's root: code scanning places them only when check runs in that root`,
  ]);
  const [run] = JSON.parse(io.stdout.join('\n')).runs;
  assert.deepEqual(run.originalUriBaseIds, {
    '%SRCROOT%': {
      uri: pathToFileURL(folder).href + '/',
      description: { text: `The working directory scimmap check ran in (git refused its repository: ${refusal}).` },
    },
  });
  assert.deepEqual(run.results[0].locations[0].physicalLocation.artifactLocation, { uri: 'bad.scimmap', uriBaseId: '%SRCROOT%' });
});

test('a file that cannot be read: exit 2, one line on stderr, nothing on stdout in any format (before: the reports of the files before it)', async () => {
  const missing = join(dirname(broken), 'nosuch.scimmap');
  for (const format of ['text', 'json', 'sarif']) {
    const io = capture();
    assert.equal(await main(['check', broken, missing, '--format', format], io), 2, format);
    assert.deepEqual(io.stdout, [], format);
    assert.deepEqual(io.stderr, [`scimmap check: cannot read ${missing}: no such file`], format);
  }
});

test('check on a folder names the folder, as does any command given a folder for a file (issue 10 §17)', async () => {
  const folder = dirname(tempFiles('scimmap-folder-')('x.txt', 'x'));
  const io = capture();
  assert.equal(await main(['check', folder], io), 2);
  assert.deepEqual(io.stderr, [`scimmap check: cannot read ${folder}: it is a folder`]);
  const preview = capture();
  assert.equal(await main(['preview', 'examples/purecloud.scimmap', '--samples', folder, '--id', 'amelia'], preview), 2);
  assert.match(preview.stderr.join('\n'), new RegExp(`cannot read ${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: it is a folder`));
});

test('every command given a folder or a missing file for a file names it (issue 10 §17)', async () => {
  const folder = dirname(tempFiles('scimmap-folder-')('x.txt', 'x'));
  const missing = join(folder, 'missing.json');
  const map = 'examples/purecloud.scimmap';
  const cases: Array<[string[], string, string]> = [];
  for (const [path, reason] of [
    [folder, 'it is a folder'],
    [missing, 'no such file'],
    [join(dirname(folder), basename(folder), 'x.txt', 'under-a-file.json'), 'its path goes through a file, not a folder'],
  ]) {
    cases.push(
      [['preview', path, '--samples', 'examples/users.json', '--id', 'amelia'], path, reason],
      [['eval', '--expr', '[mail]', '--user', path], path, reason],
      [['simulate', map, '--directory', path], path, reason],
      [['simulate', map, '--directory', 'examples/users.json', '--target-state', path], path, reason],
      [['import', path], path, reason],
      [['export', path], path, reason],
      [['diff', map, path], path, reason],
      [['test', path], path, reason],
    );
  }
  for (const [argv, path, reason] of cases) {
    const io = capture();
    assert.equal(await main(argv, io), 2, argv.join(' '));
    assert.ok(
      io.stderr.some((line) => line === `scimmap ${argv[0]}: cannot read ${path}: ${reason}`),
      `${argv.join(' ')}: ${io.stderr.join('\n')}`,
    );
  }
});

test('-o that cannot be written names the -o path and why, not the temporary file beside it, exit 2', async () => {
  const folder = dirname(tempFiles('scimmap-out-')('x.txt', 'x'));
  const map = 'examples/purecloud.scimmap';
  const schema = join(folder, 'schema.json');
  assert.equal(await main(['export', map, '-o', schema], capture()), 0);
  const cases: Array<[string[], string]> = [
    [['export', map, '-o', folder], `cannot write ${folder}: it is a folder`],
    [
      ['export', map, '-o', join(folder, 'no', 'x.json')],
      `cannot write ${join(folder, 'no', 'x.json')}: its folder ${join(folder, 'no')} does not exist`,
    ],
    [
      ['import', schema, '-o', join(folder, 'no', 'x.scimmap')],
      `cannot write ${join(folder, 'no', 'x.scimmap')}: its folder ${join(folder, 'no')} does not exist`,
    ],
    [
      ['export', map, '-o', join(schema, 'x.json')],
      `cannot write ${join(schema, 'x.json')}: its path ${schema} goes through a file, not a folder`,
    ],
  ];
  for (const [argv, message] of cases) {
    const io = capture();
    assert.equal(await main(argv, io), 2, argv.join(' '));
    assert.equal(io.stderr.at(-1), `scimmap ${argv[0]}: ${message}`);
  }
});

// Audit 10 F9: the temporary names were the final name plus about 27 bytes, so a name near 255 bytes failed with a raw ENAMETOOLONG.
test('-o with a name near the 255-byte limit is written (import writes both files); one over it is refused in a sentence', async () => {
  const folder = dirname(tempFiles('scimmap-long-')('x.txt', 'x'));
  const schema = join(folder, 'schema.json');
  assert.equal(await main(['export', 'examples/purecloud.scimmap', '-o', schema], capture()), 0);
  // import writes NAME.scimmap and NAME.target.json: the longer is 248 bytes.
  const long = join(folder, `${'a'.repeat(236)}.scimmap`);
  const io = capture();
  assert.equal(await main(['import', schema, '-o', long], io), 0, io.stderr.join('\n'));
  assert.ok(existsSync(long) && existsSync(join(folder, `${'a'.repeat(236)}.target.json`)));
  assert.deepEqual(
    readdirSync(folder).filter((name) => name.endsWith('.tmp')),
    [],
  );
  const tooLong = join(folder, `${'b'.repeat(256)}.json`);
  const refused = capture();
  assert.equal(await main(['export', 'examples/purecloud.scimmap', '-o', tooLong], refused), 2);
  assert.equal(refused.stderr.at(-1), `scimmap export: cannot write ${tooLong}: its name or path is longer than the file system allows`);
});

test('every message quotes long source text by its first 60 characters, never whole (a 100,000-character name)', async () => {
  const long = (letter: string) => letter.repeat(100_000);
  const text = [
    'users {',
    `  ${long('a')} <- [mail]`,
    `  title <- ${long('F')}([mail])`,
    `  title <- [${long('b')}]`,
    `  displayName <- ${long('c')}`,
    '  scope "s" {',
    `    [mail] ${long('X')} "v"`,
    '  }',
    '}',
  ].join('\n');
  const io = capture();
  assert.equal(await main(['check', file('long-names.scimmap', text)], io), 1);
  const output = io.stdout.join('\n');
  assert.ok(output.length < 3000, `${output.length} characters`);
  for (const letter of ['a', 'F', 'b', 'c', 'X']) assert.match(output, new RegExp(`${letter}{60}…`), letter);
});
