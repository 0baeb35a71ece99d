// `scimmap test` as CI runs it: the example tests pass; a changed mapping fails the one expectation it
// breaks, with expected against actual as a diff; --update rewrites snapshots and nothing else; JUnit
// XML is well-formed and escaped; a broken test file stops the run with its file and JSON pointer.
import assert from 'node:assert/strict';
import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { mappingTestItems } from '../../../server/src/lsp/mapping-tests';
import { readMappingTestFile } from '../../../server/src/simulation/mapping-tests';
import { findTestFiles, isDiscoveredTestFile } from '../../../shared/src/test-files';
import { validateJson } from '../../support/json-schema';
import schema from '../../../server/src/data/mapping-test.schema.json';
import { nestedJson } from '../../support/generate';
import { repositoryRoot } from '../../support/repository';
import { capture } from './cli-io';

const examples = join(repositoryRoot(__dirname), 'examples');

/** A copy of the example mapping, samples, test file and snapshots in a fresh folder. */
function exampleCopy(): string {
  const folder = mkdtempSync(join(tmpdir(), 'scimmap-test-'));
  for (const name of ['purecloud.scimmap', 'users.json', 'genesys.scimmap-test.json', 'genesys.scimmap-test.snap.json'])
    copyFileSync(join(examples, name), join(folder, name));
  return folder;
}

async function run(...argv: string[]) {
  const io = capture();
  const code = await main(['test', ...argv], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

function editFile(path: string, edit: (text: string) => string): void {
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  assert.notEqual(after, before, `the edit changes ${path}`);
  writeFileSync(path, after);
}

describe('scimmap test', () => {
  test('the Genesys example passes; its test file is valid against the contributed JSON schema', async () => {
    const { code, out } = await run(join(examples, 'genesys.scimmap-test.json'));
    assert.equal(code, 0, out);
    assert.match(out, /^PASS .*genesys\.scimmap-test\.json \((\d+)\/\1\)/);
    assert.match(out, /17 passed, 0 failed/);
    assert.deepEqual(validateJson(schema, JSON.parse(readFileSync(join(examples, 'genesys.scimmap-test.json'), 'utf8'))), []);
  });

  test('a test file named twice runs once, with a warning (before: test a ./a ran it twice, "34 passed")', async () => {
    const folder = exampleCopy();
    const before = process.cwd();
    process.chdir(folder);
    try {
      const { code, out, err } = await run('genesys.scimmap-test.json', './genesys.scimmap-test.json');
      assert.equal(code, 0, out);
      assert.equal(out.split('\n').filter((line) => line.startsWith('PASS')).length, 1, out);
      assert.match(out, /17 passed, 0 failed/);
      assert.match(err, /^warning: \.\/genesys\.scimmap-test\.json: the file is given twice; it is read once$/);
    } finally {
      process.chdir(before);
    }
  });

  test('a changed mapping fails the expectation it breaks, with a diff, and the snapshot that holds it', async () => {
    const folder = exampleCopy();
    editFile(join(folder, 'purecloud.scimmap'), (text) => text.replace('title <- [jobTitle]', 'title <- Coalesce([jobTitle], "Agent")'));
    const { code, out } = await run(join(folder, 'genesys.scimmap-test.json'));
    assert.equal(code, 1);
    assert.match(out, /^FAIL /);
    assert.match(out, /✗ kenji: title: expected null, got "Agent"\n {4}- expected\n {4}\+ actual\n {4}- null\n {4}\+ "Agent"/);
    assert.doesNotMatch(out, /✗ chloe/, 'chloe has a title: her expectations and snapshot still hold');
    assert.match(out, /16 passed, 1 failed/);
  });

  test('a cycle the deletion threshold stops is said on stderr, text and JUnit: its disables are held, not sent (before: a passing run said nothing of it)', async () => {
    const folder = exampleCopy();
    const file = join(folder, 'genesys.scimmap-test.json');
    const stops =
      'Entra would stop the cycle at the accidental deletions threshold (1 disable or delete, threshold 0): it holds every disable and delete (StagedDelete), sending none of them until an admin allows the deletions; what this file expects of them is not sent in this cycle';
    const under = await run(file);
    assert.deepEqual([under.code, under.err], [0, ''], 'the default threshold, 500: the cycle runs through');
    editFile(join(folder, 'purecloud.scimmap'), (text) => text.replace('users {', 'deletion threshold 0\nusers {'));
    for (const reporter of ['text', 'junit']) {
      const { code, out, err } = await run(file, '--reporter', reporter);
      assert.equal(code, 0, 'the expectations (dmitri: disable) still hold for the records');
      assert.match(out, reporter === 'text' ? /17 passed, 0 failed/ : /failures="0"/);
      assert.equal(err, `warning: ${relative(process.cwd(), file)}: ${stops}`);
    }
  });

  test('a changed request fails its snapshot with a line diff of the requests', async () => {
    const folder = exampleCopy();
    editFile(join(folder, 'purecloud.scimmap'), (text) =>
      text.replace('displayName <- [displayName]', 'displayName <- ToUpper([displayName])'),
    );
    const { code, out } = await run(join(folder, 'genesys.scimmap-test.json'));
    assert.equal(code, 1);
    assert.match(out, /✗ chloe: requests \(snapshot\)/);
    assert.match(
      out,
      /✗ chloe: requests \(snapshot\): the requests differ from the snapshot: run scimmap test --update if the change is intended\n {4}- expected\n {4}\+ actual\n {4} {2}\.\.\.\n/,
    );
    assert.match(
      out,
      /\n {6} {6}"userName": "chloe\.nguyen@contoso\.com",\n {6} {6}"active": true,\n {4}- {7}"displayName": "Chloé Nguyễn",\n {4}\+ {7}"displayName": "CHLOÉ NGUYỄN",\n {6} {6}"title": "Sales Agent",\n/,
      'the change with the lines around it',
    );
    assert.doesNotMatch(out, /"method": "GET"/, 'lines far from the change are left out');
  });

  test('--update rewrites the snapshots, never the test file; hand-written expectations still fail', async () => {
    const folder = exampleCopy();
    const testFile = join(folder, 'genesys.scimmap-test.json');
    const snapshotFile = join(folder, 'genesys.scimmap-test.snap.json');
    const testText = readFileSync(testFile, 'utf8');
    editFile(join(folder, 'purecloud.scimmap'), (text) =>
      text
        .replace('title <- [jobTitle]', 'title <- Coalesce([jobTitle], "Agent")')
        .replace('displayName <- [displayName]', 'displayName <- ToUpper([displayName])'),
    );
    const updated = await run(testFile, '--update');
    assert.equal(updated.code, 1, 'kenji: title is hand-written and still fails');
    assert.match(updated.out, /✗ kenji: title/);
    assert.doesNotMatch(updated.out, /requests \(snapshot\)/);
    assert.match(updated.err, /wrote 3 snapshots to/);
    assert.equal(readFileSync(testFile, 'utf8'), testText);
    const snapshots = JSON.parse(readFileSync(snapshotFile, 'utf8'));
    assert.deepEqual(Object.keys(snapshots).sort(), ['chloe', 'dmitri', 'group:sales']);
    assert.equal(snapshots.chloe[1].body.displayName, 'CHLOÉ NGUYỄN');
    const after = await run(testFile);
    assert.match(after.out, /16 passed, 1 failed/, 'the snapshots now hold; only the hand-written expectation fails');
  });

  test("test files sharing a snapshot file: --update writes it once with the entries of both, keeps those a test file outside the run asks for, drops only what no test file asks for (before: the last file's entries only)", async () => {
    const folder = exampleCopy();
    const shared = join(folder, 'shared.snap.json');
    const testFile = (name: string, id: string) => {
      const path = join(folder, name);
      writeFileSync(
        path,
        JSON.stringify({
          mapping: 'purecloud.scimmap',
          directory: 'users.json',
          snapshots: 'shared.snap.json',
          expect: { [id]: { snapshot: true } },
        }),
      );
      return path;
    };
    const a = testFile('a.scimmap-test.json', 'chloe');
    const b = testFile('b.scimmap-test.json', 'dmitri');
    const entries = () => Object.keys(JSON.parse(readFileSync(shared, 'utf8')));

    const both = await run('--update', a, b);
    assert.equal(both.code, 0, both.err);
    assert.equal(both.err, `scimmap test: wrote 2 snapshots to ${relative(process.cwd(), shared)}`, 'written once');
    assert.deepEqual(entries(), ['chloe', 'dmitri']);
    const after = await run(a, b);
    assert.equal(after.code, 0, after.out);

    // A run of a alone: b, beside it and naming the same file, still asks for dmitri.
    editFile(shared, (text) => text.replace('"chloe": [', '"stale": [], "chloe": ['));
    writeFileSync(
      join(folder, 'purecloud.scimmap'),
      readFileSync(join(folder, 'purecloud.scimmap'), 'utf8').replace(
        'displayName <- [displayName]',
        'displayName <- ToUpper([displayName])',
      ),
    );
    const alone = await run('--update', a);
    assert.equal(alone.code, 0, alone.err);
    assert.deepEqual(entries(), ['chloe', 'dmitri'], 'stale is asked for by no test file: dropped; dmitri kept');
    assert.match(readFileSync(shared, 'utf8'), /"CHLOÉ NGUYỄN"/);
    assert.equal((await run(b)).code, 0, "dmitri's reviewed snapshot is kept");

    // Before: once no expectation asked for a snapshot any more, --update left every stale entry in the file.
    editFile(a, (text) => text.replace('{"snapshot":true}', '{"action":"create"}'));
    editFile(b, (text) => text.replace('{"snapshot":true}', '{"action":"disable"}'));
    const none = await run('--update', a, b);
    assert.equal(none.code, 0, none.out);
    assert.equal(none.err, `scimmap test: wrote 0 snapshots to ${relative(process.cwd(), shared)}`);
    assert.deepEqual(entries(), []);
    editFile(a, (text) => text.replace('{"action":"create"}', '{"snapshot":true}'));
    editFile(b, (text) => text.replace('{"action":"disable"}', '{"snapshot":true}'));
    await run('--update', a, b);
    assert.deepEqual(entries(), ['chloe', 'dmitri']);

    // A test file that cannot be read might ask for anything: nothing is dropped.
    editFile(shared, (text) => text.replace('"chloe": [', '"stale": [], "chloe": ['));
    writeFileSync(join(folder, 'broken.scimmap-test.json'), '{"mapping": ');
    await run('--update', a);
    assert.deepEqual(entries(), ['stale', 'chloe', 'dmitri']);

    // Two files of the run that take other requests for one object: said, the first file's written.
    writeFileSync(join(folder, 'other.json'), readFileSync(join(folder, 'users.json'), 'utf8').replace('"Chloé Nguyễn"', '"Chloé N."'));
    const c = join(folder, 'c.scimmap-test.json');
    writeFileSync(c, readFileSync(a, 'utf8').replace('"users.json"', '"other.json"'));
    const conflict = await run('--update', a, c);
    assert.match(
      conflict.err,
      /warning: .*c\.scimmap-test\.json: "chloe" sends other requests than in another test file sharing .*shared\.snap\.json; the first is written/,
    );
    assert.match(readFileSync(shared, 'utf8'), /"CHLOÉ NGUYỄN"/);
  });

  test("--update keeps the snapshot file's indentation and line ends, so its diff holds only what changed (before: re-indented to 2 spaces, 254 lines)", async () => {
    for (const [indent, newline] of [
      ['    ', '\n'],
      ['\t', '\r\n'],
    ]) {
      const folder = exampleCopy();
      const snapshotFile = join(folder, 'genesys.scimmap-test.snap.json');
      const laidOut = (value: unknown) => `${JSON.stringify(value, null, indent)}\n`.replace(/\n/g, newline);
      const before = laidOut(JSON.parse(readFileSync(snapshotFile, 'utf8')));
      writeFileSync(snapshotFile, before);
      editFile(join(folder, 'purecloud.scimmap'), (text) =>
        text.replace('displayName <- [displayName]', 'displayName <- ToUpper([displayName])'),
      );
      const updated = await run('--update', join(folder, 'genesys.scimmap-test.json'));
      assert.match(updated.err, /wrote 3 snapshots/);
      const after = readFileSync(snapshotFile, 'utf8');
      assert.equal(after, laidOut(JSON.parse(after)), JSON.stringify(indent));
      const [beforeLines, afterLines] = [before, after].map((text) => text.split(newline));
      assert.equal(afterLines.length, beforeLines.length);
      assert.deepEqual(
        afterLines.filter((line, index) => line !== beforeLines[index]).map((line) => line.trim()),
        ['"displayName": "CHLOÉ NGUYỄN",'],
        'one line changed',
      );
    }
  });

  test('a snapshot that was never written fails and tells how to write it', async () => {
    const folder = exampleCopy();
    writeFileSync(join(folder, 'genesys.scimmap-test.snap.json'), '{}');
    const { code, out } = await run(join(folder, 'genesys.scimmap-test.json'));
    assert.equal(code, 1);
    assert.match(
      out,
      /✗ dmitri: requests \(snapshot\): no snapshot of "dmitri" in .*genesys\.scimmap-test\.snap\.json: run scimmap test --update to write it/,
    );
  });

  test('a snapshot nested 10,000 deep stops the run (exit 2) naming the snapshot file and the object, before: a stack overflow', async () => {
    const folder = exampleCopy();
    const snapshots = join(folder, 'genesys.scimmap-test.snap.json');
    editFile(snapshots, (text) => text.replace('"chloe": [', `"chloe": [${nestedJson(10_000)}, `));
    const { code, out, err } = await run(join(folder, 'genesys.scimmap-test.json'));
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(
      err,
      /genesys\.scimmap-test\.snap\.json \/chloe: nests deeper than 64 levels, which no snapshot of requests does: delete it and run scimmap test --update/,
    );
  });

  test('a directory file whose only document is cut off stops the run (exit 2) naming the file (before: exit 1, "no directory object")', async () => {
    const folder = exampleCopy();
    editFile(join(folder, 'users.json'), (text) => text.slice(0, 700));
    const { code, out, err } = await run(join(folder, 'genesys.scimmap-test.json'));
    assert.equal(code, 2, out);
    assert.match(
      err,
      /genesys\.scimmap-test\.json \/directory: .*users\.json \(document at offset 0\): the JSON document is cut off \(the file ends inside it\), so nothing in the file could be read$/,
    );
  });

  test('a directory CSV whose header names no column to know a user by stops the run (exit 2) at /directory (before: exit 1, "no directory object")', async () => {
    const folder = exampleCopy();
    writeFileSync(join(folder, 'users.csv'), 'foo,bar\n1,2\n');
    editFile(join(folder, 'genesys.scimmap-test.json'), (text) => text.replace('"directory": "users.json"', '"directory": "users.csv"'));
    const { code, out, err } = await run(join(folder, 'genesys.scimmap-test.json'));
    assert.equal(code, 2, out);
    assert.match(
      err,
      /genesys\.scimmap-test\.json \/directory: .*users\.csv:1: the header row has no objectId \(id\), userPrincipalName or displayName column to know a user by: this is no Users CSV, so nothing in the file could be read as the directory/,
    );
  });

  test("a test file's now is read as --now is: without an offset UTC on a machine in any time zone (before: the machine's zone), an impossible date refused at /now (before: rolled over)", () => {
    const testFile = (now: string) =>
      JSON.stringify({ mapping: 'm.scimmap', directory: 'users.json', now, expect: { ada: { action: 'create' } } });
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      for (const now of ['2024-06-01T10:00:00', '2024-06-01T10:00:00Z', '2024-06-01T12:00:00+02:00'])
        assert.equal(readMappingTestFile('/t/a.scimmap-test.json', testFile(now)).now?.toISOString(), '2024-06-01T10:00:00.000Z', now);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    assert.throws(
      () => readMappingTestFile('/t/a.scimmap-test.json', testFile('2024-02-30T00:00:00Z')),
      /a\.scimmap-test\.json \/now: expected an ISO 8601 date such as 2026-03-01T09:30:00Z, not "2024-02-30T00:00:00Z" \(2024-2-30 is not a valid calendar date\)/,
    );
  });

  test('a test file or snapshot file that is not JSON is reported at its line and column, where the editor places it (before: a character offset)', async () => {
    const folder = exampleCopy();
    const testFile = join(folder, 'genesys.scimmap-test.json');
    // A byte order mark, CRLF line ends and a trailing comma on line 4.
    const broken =
      '\uFEFF{\r\n  "mapping": "purecloud.scimmap",\r\n  "directory": "users.json",\r\n  "expect": { "chloe": { "action": "create" }, }\r\n}\r\n';
    writeFileSync(testFile, broken);
    const { code, err } = await run(testFile);
    assert.equal(code, 2);
    const editorItem = mappingTestItems(pathToFileURL(testFile).href, broken);
    assert.ok(!editorItem.ok);
    const { line, character } = editorItem.range.start;
    assert.deepEqual([line + 1, character + 1], [4, 48]);
    assert.match(err, /genesys\.scimmap-test\.json: not JSON: Expected a member name in double quotes \(line 4, column 48, at \/expect\)$/);

    writeFileSync(testFile, readFileSync(join(examples, 'genesys.scimmap-test.json')));
    editFile(join(folder, 'genesys.scimmap-test.snap.json'), (text) => text.replace('"chloe": [', '"chloe": [,'));
    const snapshot = await run(testFile);
    assert.equal(snapshot.code, 2);
    assert.match(
      snapshot.err,
      /genesys\.scimmap-test\.snap\.json: not JSON: Unexpected `,`: expected a JSON value \(line 2, column 13, at \/chloe\/0\)$/,
    );
  });

  test('--reporter junit: well-formed JUnit XML, every value escaped', async () => {
    const folder = exampleCopy();
    editFile(join(folder, 'purecloud.scimmap'), (text) =>
      text.replace('title <- [jobTitle]', 'title <- Coalesce([jobTitle], "<b>\'R&D\'</b>")'),
    );
    const { code, out } = await run(join(folder, 'genesys.scimmap-test.json'), '--reporter', 'junit');
    assert.equal(code, 1);
    assert.match(
      out,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="scimmap test" tests="17" failures="1" errors="0" time="[\d.]+">/,
    );
    assert.match(out, /<testsuite name="[^"]*genesys\.scimmap-test\.json" tests="17" failures="1" errors="0" skipped="0" time="[\d.]+">/);
    assert.match(out, /<testcase classname="[^"]*" name="chloe: emails\[type eq &quot;work&quot;\]\.value"\/>/);
    assert.match(
      out,
      /<testcase classname="[^"]*" name="kenji: title">\n {6}<failure message="expected null, got &quot;&lt;b&gt;&apos;R&amp;D&apos;&lt;\/b&gt;&quot;" type="expectation">- null\n\+ &quot;&lt;b&gt;&apos;R&amp;D&apos;&lt;\/b&gt;&quot;<\/failure>\n {4}<\/testcase>/,
    );
    assert.ok(!out.includes("<b>'R&D'"), 'no raw markup');
    assertWellFormed(out);
  });

  test('a test file that cannot run is an error beside the results of the files that ran, text and JUnit, exit 2 (before: no report at all)', async () => {
    const folder = exampleCopy();
    const good = join(folder, 'genesys.scimmap-test.json');
    const broken = join(folder, 'z.scimmap-test.json');
    writeFileSync(
      broken,
      JSON.stringify({ mapping: 'purecloud.scimmap', directory: ['users.json', 'missing.csv'], expect: { chloe: { action: 'create' } } }),
    );
    const junit = await run('--reporter', 'junit', good, broken);
    assert.equal(junit.code, 2);
    assert.match(junit.err, /^scimmap test: .*z\.scimmap-test\.json \/directory: cannot read .*missing\.csv: no such file$/);
    assertWellFormed(junit.out);
    assert.match(junit.out, /<testsuites name="scimmap test" tests="18" failures="0" errors="1" /);
    assert.match(junit.out, /<testsuite name="[^"]*genesys\.scimmap-test\.json" tests="17" failures="0" errors="0" /);
    assert.match(
      junit.out,
      /<testsuite name="[^"]*z\.scimmap-test\.json" tests="1" failures="0" errors="1" skipped="0" time="[\d.]+">\n {4}<testcase classname="[^"]*z\.scimmap-test\.json" name="could not run">\n {6}<error message="[^"]*\/directory: cannot read [^"]*missing\.csv: no such file" type="unusable-input">/,
    );
    const text = await run(good, broken);
    assert.equal(text.code, 2);
    assert.match(
      text.out,
      /^PASS .*genesys\.scimmap-test\.json \(17\/17\)\nERROR .*z\.scimmap-test\.json \(could not run\)\n {2}.*\/directory: cannot read /,
    );
    assert.match(text.out, /\n17 passed, 0 failed, 1 test file could not run$/);

    // --update: the files that ran have their snapshots written, and stderr says the other's are not.
    writeFileSync(join(folder, 'genesys.scimmap-test.snap.json'), '{}\n');
    const updated = await run('--update', broken, good);
    assert.equal(updated.code, 2);
    assert.match(updated.err, /wrote 3 snapshots to .*genesys\.scimmap-test\.snap\.json/);
    assert.match(
      updated.err,
      /scimmap test: 1 test file could not run, so its snapshots are left as they were; the snapshots of the files that ran are updated$/,
    );
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(folder, 'genesys.scimmap-test.snap.json'), 'utf8'))).sort(), [
      'chloe',
      'dmitri',
      'group:sales',
    ]);
  });

  test('--reporter junit: a TAB, LF or CR in a name is written as a character reference, which XML keeps (before: raw, read back as a space)', async () => {
    const folder = exampleCopy();
    const path = join(folder, 'controls.scimmap-test.json');
    writeFileSync(
      path,
      JSON.stringify({ mapping: 'purecloud.scimmap', directory: 'users.json', expect: { 'tab\tnl\nc\rr': { action: 'create' } } }),
    );
    const { code, out } = await run(path, '--reporter', 'junit');
    assert.equal(code, 1);
    assert.match(out, /<testcase classname="[^"]*" name="tab&#9;nl&#10;c&#13;r[^"]*">/);
    assert.match(out, /<failure message="no directory object &quot;tab&#9;nl&#10;c&#13;r&quot;/);
    assert.doesNotMatch(out.replace(/>[^<]*</g, '><'), /[\t\r]|="[^"]*\n/, 'no raw TAB, CR or LF inside an attribute value');
    assertWellFormed(out);
  });

  test('without FILES: every *.scimmap-test.json under the working folder that Test Explorer shows, hidden folders included (before: .github/ left out)', async () => {
    const folder = exampleCopy();
    const github = join(folder, '.github', 'mapping-tests');
    mkdirSync(github, { recursive: true });
    for (const name of readdirSync(folder).filter((name) => name !== '.github')) copyFileSync(join(folder, name), join(github, name));
    // Not the project's tests: found, these would stop the run (exit 2).
    for (const skipped of ['node_modules/pkg', '.git/x', 'sub/.hg', 'sub/.svn']) {
      mkdirSync(join(folder, skipped), { recursive: true });
      writeFileSync(join(folder, skipped, 'dep.scimmap-test.json'), '{');
    }
    const cwd = process.cwd();
    process.chdir(folder);
    try {
      const { code, out } = await run();
      assert.equal(code, 0, out);
      assert.deepEqual(
        out.split('\n').filter((line) => /^(PASS|FAIL)/.test(line)),
        [`PASS ${join('.github', 'mapping-tests', 'genesys.scimmap-test.json')} (17/17)`, 'PASS genesys.scimmap-test.json (17/17)'],
      );
    } finally {
      process.chdir(cwd);
    }
    assert.deepEqual(findTestFiles(folder), [join('.github', 'mapping-tests', 'genesys.scimmap-test.json'), 'genesys.scimmap-test.json']);
    // A linked folder is followed, as VS Code's search follows it; a link back up the tree once.
    symlinkSync(exampleCopy(), join(folder, 'linked'));
    symlinkSync('.', join(folder, 'loop'));
    assert.deepEqual(findTestFiles(folder), [
      join('.github', 'mapping-tests', 'genesys.scimmap-test.json'),
      'genesys.scimmap-test.json',
      join('linked', 'genesys.scimmap-test.json'),
    ]);
    // Only files: reading a named pipe so named waited for a writer forever (before: `scimmap test` hung).
    if (process.platform !== 'win32') {
      execFileSync('mkfifo', [join(folder, 'pipe.scimmap-test.json')]);
      symlinkSync('pipe.scimmap-test.json', join(folder, 'linked-pipe.scimmap-test.json'));
      symlinkSync('genesys.scimmap-test.json', join(folder, 'linked-file.scimmap-test.json'));
      assert.deepEqual(findTestFiles(folder), [
        join('.github', 'mapping-tests', 'genesys.scimmap-test.json'),
        'genesys.scimmap-test.json',
        join('linked', 'genesys.scimmap-test.json'),
        'linked-file.scimmap-test.json',
      ]);
    }
    // The rule the editor's watcher applies to each created file, by its path in the workspace folder.
    for (const [path, found] of [
      ['genesys.scimmap-test.json', true],
      ['.github/mapping-tests/genesys.scimmap-test.json', true],
      ['.config\\genesys.scimmap-test.json', true],
      ['node_modules/pkg/dep.scimmap-test.json', false],
      ['a/node_modules/dep.scimmap-test.json', false],
      ['.git/dep.scimmap-test.json', false],
      ['node_modules.scimmap-test.json', true],
      ['genesys.scimmap-test.json.bak', false],
    ] as const)
      assert.equal(isDiscoveredTestFile(path), found, path);
  });

  test('without FILES and none under the working folder: exit 2 with one line on stderr, no usage (before: the whole usage text after it)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'scimmap-test-none-'));
    // Discovery leaves these out: a test file under node_modules or version control's folder is not found.
    for (const skipped of ['node_modules', '.git']) {
      mkdirSync(join(folder, skipped));
      copyFileSync(join(examples, 'genesys.scimmap-test.json'), join(folder, skipped, 'genesys.scimmap-test.json'));
    }
    const cwd = process.cwd();
    process.chdir(folder);
    try {
      const { code, out, err } = await run('--reporter', 'junit');
      assert.equal(code, 2);
      assert.equal(out, '');
      assert.equal(err.split('\n').length, 1, err);
      assert.match(
        err,
        /^scimmap test: no \*\.scimmap-test\.json under .*scimmap-test-none-.* \(node_modules, \.git, \.hg, \.svn left out\): name the test files/,
      );
    } finally {
      process.chdir(cwd);
    }
  });

  test("a samples entry is named by its $id, its key or its Entra object id, the record's source identity (before: the object id found no directory object)", async () => {
    const folder = exampleCopy();
    const testFile = join(folder, 'ids.scimmap-test.json');
    const expect = {
      amelia: { action: 'update' },
      'user:amelia': { action: 'update' },
      '3f2a9c1e-7b4d-4e8a-9f01-2c5d6e7f8a90': { action: 'update' },
    };
    writeFileSync(testFile, JSON.stringify({ mapping: 'purecloud.scimmap', directory: 'users.json', expect }));
    const { code, out } = await run(testFile);
    assert.equal(code, 0, out);
    assert.match(out, /^PASS .*ids\.scimmap-test\.json \(3\/3\)/);
  });

  test('ids such as "__proto__" and "constructor" are expectations like any other (before: "__proto__" was dropped, 0/0 passed)', async () => {
    const folder = exampleCopy();
    const users = [{ $id: '__proto__', userPrincipalName: 'proto@contoso.com', displayName: 'Proto' }];
    writeFileSync(join(folder, 'odd.json'), JSON.stringify({ users }));
    const testFile = join(folder, 'odd.scimmap-test.json');
    writeFileSync(
      testFile,
      JSON.stringify({ mapping: 'purecloud.scimmap', directory: 'odd.json', expect: { nobody: { action: 'create' } } }),
    );
    // JSON.stringify of an object literal would turn "__proto__" into the prototype: the test file is written as text.
    editFile(testFile, (text) =>
      text.replace(
        '"nobody":{"action":"create"}',
        '"__proto__":{"action":"create","snapshot":true},"constructor":{"snapshot":true},"toString":{"action":"delete"}',
      ),
    );
    const before = await run(testFile);
    assert.equal(before.code, 1);
    assert.match(
      before.out,
      /^FAIL .*odd\.scimmap-test\.json \(1\/4\)/,
      'four expectations: __proto__ action and snapshot, constructor, toString',
    );
    assert.match(before.out, /✗ __proto__: requests \(snapshot\): no snapshot of "__proto__"/);
    assert.match(before.out, /✗ constructor: requests \(snapshot\): no directory object "constructor"/);
    assert.match(before.out, /✗ toString: action: no directory object "toString"/);
    const updated = await run('--update', testFile);
    assert.match(updated.err, /wrote 1 snapshot to /);
    const snapshots = readFileSync(join(folder, 'odd.scimmap-test.snap.json'), 'utf8');
    assert.deepEqual(Object.keys(JSON.parse(snapshots)), ['__proto__']);
    const after = await run(testFile);
    assert.match(after.out, /^FAIL .*\(2\/4\)/, 'the snapshot of "__proto__" now holds');
  });

  test("a snapshot file outside the test file's folder is refused (exit 2) and --update writes nothing (before: written anywhere)", async () => {
    const folder = exampleCopy();
    const outside = join(mkdtempSync(join(tmpdir(), 'scimmap-outside-')), 'evil.txt');
    const base = { mapping: 'purecloud.scimmap', directory: 'users.json', expect: { chloe: { snapshot: true } } };
    for (const snapshots of [outside, '../evil.snap.json', 'sub/../../evil.snap.json']) {
      const testFile = join(folder, 'escape.scimmap-test.json');
      writeFileSync(testFile, JSON.stringify({ ...base, snapshots }));
      const { code, out, err } = await run('--update', testFile);
      assert.equal(code, 2, snapshots);
      assert.equal(out, '');
      assert.match(
        err,
        /escape\.scimmap-test\.json \/snapshots: ".*" is outside this test file's folder: scimmap test --update writes/,
        snapshots,
      );
      assert.throws(() => readFileSync(outside), /ENOENT/);
      assert.throws(() => readFileSync(join(folder, '..', 'evil.snap.json')), /ENOENT/);
    }
    writeFileSync(join(folder, 'self.scimmap-test.json'), JSON.stringify({ ...base, snapshots: 'self.scimmap-test.json' }));
    const self = await run('--update', join(folder, 'self.scimmap-test.json'));
    assert.equal(self.code, 2);
    assert.match(self.err, /self\.scimmap-test\.json \/snapshots: names this test file/);
    mkdirSync(join(folder, 'snaps'));
    writeFileSync(join(folder, 'inside.scimmap-test.json'), JSON.stringify({ ...base, snapshots: 'snaps/./inside.snap.json' }));
    const inside = await run('--update', join(folder, 'inside.scimmap-test.json'));
    assert.equal(inside.code, 0, inside.err);
    assert.match(readFileSync(join(folder, 'snaps', 'inside.snap.json'), 'utf8'), /"chloe"/);
  });

  test("a snapshots path naming the test's mapping, directory or target state, a test file or a file that is not a snapshot file is refused (exit 2), read or --update, and left as it was (before: --update replaced the directory, exit 0)", async () => {
    const folder = exampleCopy();
    copyFileSync(join(folder, 'users.json'), join(folder, 'other-users.json'));
    writeFileSync(join(folder, 'state.json'), '{"Resources": []}\n');
    symlinkSync('users.json', join(folder, 'linked-users.json'));
    const base = { mapping: 'purecloud.scimmap', directory: 'users.json', expect: { chloe: { snapshot: true } } };
    const refusals: Array<[string, RegExp]> = [
      [
        'users.json',
        /\/snapshots: "users\.json" is also this test's directory file: scimmap test --update rewrites the snapshot file, so it must be another file/,
      ],
      ['./purecloud.scimmap', /\/snapshots: "\.\/purecloud\.scimmap" is also this test's mapping file/],
      ['state.json', /\/snapshots: "state\.json" is also this test's targetState file/],
      [
        'genesys.scimmap-test.json',
        /\/snapshots: "genesys\.scimmap-test\.json" is a test file: .* \(such as c\.scimmap-test\.snap\.json\)/,
      ],
      ['other-users.json', /\/snapshots: .*other-users\.json is not a snapshot file \(its \/\$schema is not a list of requests/],
      ['linked-users.json', /\/snapshots: .*linked-users\.json is not a snapshot file/],
    ];
    const before = new Map(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name), 'utf8')]));
    for (const [snapshots, message] of refusals)
      for (const update of ['--update', '--reporter=text']) {
        const testFile = join(folder, 'c.scimmap-test.json');
        writeFileSync(testFile, JSON.stringify({ ...base, targetState: 'state.json', snapshots }));
        const { code, err } = await run(update, testFile);
        assert.equal(code, 2, `${snapshots} ${update}: ${err}`);
        assert.match(err, new RegExp(`c\\.scimmap-test\\.json ${message.source}`), snapshots);
        for (const [name, text] of before)
          assert.equal(readFileSync(join(folder, name), 'utf8'), text, `${snapshots} ${update}: ${name} kept`);
      }
  });

  test('a snapshot path that a symbolic link leads out of the folder is refused, read or --update (a linked folder, a linked or dangling file)', async () => {
    const folder = exampleCopy();
    const outside = mkdtempSync(join(tmpdir(), 'scimmap-outside-'));
    writeFileSync(join(outside, 'kept.txt'), 'kept');
    symlinkSync(outside, join(folder, 'linked'), 'dir');
    symlinkSync(join(outside, 'kept.txt'), join(folder, 'file.snap.json'));
    symlinkSync(join(outside, 'dangling.txt'), join(folder, 'dangling.snap.json'));
    const base = { mapping: 'purecloud.scimmap', directory: 'users.json', expect: { chloe: { snapshot: true } } };
    for (const [snapshots, update] of ['linked/x.snap.json', 'file.snap.json', 'dangling.snap.json'].flatMap((path) => [
      [path, '--update'],
      [path, '--reporter=text'],
    ])) {
      const testFile = join(folder, 'link.scimmap-test.json');
      writeFileSync(testFile, JSON.stringify({ ...base, snapshots }));
      const { code, err } = await run(update, testFile);
      assert.equal(code, 2, snapshots);
      assert.doesNotMatch(err, /kept/, 'nothing of the file outside is read');
      assert.match(err, /link\.scimmap-test\.json \/snapshots: .* leads out of this test file's folder through a symbolic link/, snapshots);
      assert.deepEqual(readdirSync(outside), ['kept.txt'], snapshots);
      assert.equal(readFileSync(join(outside, 'kept.txt'), 'utf8'), 'kept', snapshots);
    }
    const linkedTestFolder = join(outside, 'tests');
    symlinkSync(folder, linkedTestFolder, 'dir');
    const throughLink = await run('--update', join(linkedTestFolder, 'genesys.scimmap-test.json'));
    assert.equal(throughLink.code, 0, 'a test file reached through a link writes beside it: ' + throughLink.err);
  });

  test('--update writes a linked snapshot file through its link, which stays a link (before: replaced by a regular file)', async () => {
    const folder = exampleCopy();
    mkdirSync(join(folder, 'snaps'));
    writeFileSync(join(folder, 'snaps', 'real.snap.json'), '{}\n');
    symlinkSync(join('snaps', 'real.snap.json'), join(folder, 'linked.snap.json'));
    const testFile = join(folder, 'linked.scimmap-test.json');
    const base = { mapping: 'purecloud.scimmap', directory: 'users.json', expect: { chloe: { snapshot: true } } };
    writeFileSync(testFile, JSON.stringify({ ...base, snapshots: 'linked.snap.json' }));
    const updated = await run('--update', testFile);
    assert.equal(updated.code, 0, updated.err);
    assert.equal(lstatSync(join(folder, 'linked.snap.json')).isSymbolicLink(), true);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(folder, 'snaps', 'real.snap.json'), 'utf8'))), ['chloe']);
    assert.equal((await run(testFile)).code, 0);
  });

  test("--update keeps the snapshot file's mode (before: 0600 became 0644) and refuses a read-only one, exit 2, file intact (before: replaced)", async () => {
    const folder = exampleCopy();
    const testFile = join(folder, 'genesys.scimmap-test.json');
    const snapshotFile = join(folder, 'genesys.scimmap-test.snap.json');
    writeFileSync(snapshotFile, '{}\n');
    chmodSync(snapshotFile, 0o600);
    const updated = await run('--update', testFile);
    assert.equal(updated.code, 0, updated.err);
    assert.match(updated.err, /wrote 3 snapshots/);
    assert.equal(statSync(snapshotFile).mode & 0o777, 0o600, 'snapshots hold directory data: a private file stays private');
    writeFileSync(snapshotFile, '{}\n');
    chmodSync(snapshotFile, 0o444);
    const refused = await run('--update', testFile);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /cannot write .*genesys\.scimmap-test\.snap\.json: it is read-only/);
    assert.equal(readFileSync(snapshotFile, 'utf8'), '{}\n');
    assert.equal(statSync(snapshotFile).mode & 0o777, 0o444);
    assert.deepEqual(
      readdirSync(folder).filter((name) => name.endsWith('.tmp')),
      [],
      'no temporary file left',
    );
  });

  test('an expectation of nothing but an empty "attributes" expects nothing: exit 2, as "snapshot": false (before: PASS 0/0, exit 0)', async () => {
    const folder = exampleCopy();
    for (const [name, expectation] of [
      ['empty.scimmap-test.json', { attributes: {} }],
      ['false.scimmap-test.json', { attributes: {}, snapshot: false }],
    ] as const) {
      const path = join(folder, name);
      writeFileSync(path, JSON.stringify({ mapping: 'purecloud.scimmap', directory: 'users.json', expect: { chloe: expectation } }));
      const { code, out, err } = await run(path);
      assert.equal(code, 2, name);
      assert.equal(out, '', name);
      assert.match(
        err,
        /^scimmap test: .*\.scimmap-test\.json \/expect\/chloe: expects nothing: give "action", "attributes" or "snapshot": true$/,
        name,
      );
    }
    const path = join(folder, 'action.scimmap-test.json');
    writeFileSync(
      path,
      JSON.stringify({ mapping: 'purecloud.scimmap', directory: 'users.json', expect: { chloe: { action: 'create', attributes: {} } } }),
    );
    assert.equal((await run(path)).code, 0, 'beside an action, an empty "attributes" is harmless');
  });

  test('an object id, or a target path of its attributes, given twice stops the run (exit 2) at the second (before: the earlier expectation was dropped, PASS)', async () => {
    const folder = exampleCopy();
    const head = '{ "mapping": "purecloud.scimmap", "directory": "users.json", ';
    const cases: Array<[string, string, RegExp]> = [
      [
        'ids.scimmap-test.json',
        `${head}"expect": { "chloe": { "action": "update" }, "kenji": { "action": "create" }, "chloe": { "action": "create" } } }`,
        /ids\.scimmap-test\.json \/expect\/chloe: given twice in this object: JSON keeps only the last/,
      ],
      [
        'paths.scimmap-test.json',
        `${head}"expect": { "chloe": { "attributes": { "title": "Agent", "userName": "chloe.nguyen@contoso.com", "title": "Sales Agent" } } } }`,
        /paths\.scimmap-test\.json \/expect\/chloe\/attributes\/title: given twice in this object/,
      ],
      [
        'case.scimmap-test.json',
        `${head}"expect": { "chloe": { "attributes": { "userName": "x", "USERNAME": "chloe.nguyen@contoso.com" } } } }`,
        /case\.scimmap-test\.json \/expect\/chloe\/attributes\/USERNAME: the same target path as "userName" before it/,
      ],
      [
        'keys.scimmap-test.json',
        `${head}"directory": "elsewhere.json", "expect": { "chloe": { "action": "create" } } }`,
        /keys\.scimmap-test\.json \/directory: given twice/,
      ],
    ];
    // JSON.parse drops the first value, which is too deep to walk: refused where it is, not a crash.
    cases.push([
      'deep.scimmap-test.json',
      `${head}"expect": { "chloe": { "attributes": { "title": ${nestedJson(10_000)}, "title": "Sales Agent" } } } }`,
      /deep\.scimmap-test\.json \/expect: A value nested deeper than 1000 levels.*\(line 1, column \d+/,
    ]);
    for (const [name, text, message] of cases) {
      writeFileSync(join(folder, name), text);
      const { code, out, err } = await run(join(folder, name));
      assert.equal(code, 2, name);
      assert.equal(out, '', name);
      assert.match(err, message, name);
    }
    const expected = `${head}"expect": { "chloe": { "attributes": { "phoneNumbers": [{ "type": "mobile", "value": "+14255550177", "type": "mobile" }] } } } }`;
    writeFileSync(join(folder, 'value.scimmap-test.json'), expected);
    assert.notEqual((await run(join(folder, 'value.scimmap-test.json'))).code, 2, "an expected value's own keys are JSON's to read");
  });

  test('a mapping with errors, or an object the directory lacks, fails each of its expectations: JUnit counts 17 tests, not 1', async () => {
    const folder = exampleCopy();
    editFile(join(folder, 'purecloud.scimmap'), (text) => `${text}\nusers {\n`);
    const broken = await run(join(folder, 'genesys.scimmap-test.json'), '--reporter', 'junit');
    assert.equal(broken.code, 1);
    assert.match(broken.out, /<testsuites name="scimmap test" tests="17" failures="17" errors="0"/);
    assert.match(
      broken.out,
      /<testcase classname="[^"]*" name="chloe: requests \(snapshot\)">\n {6}<failure message="[^"]*purecloud\.scimmap has errors/,
    );
    assert.equal(broken.out.match(/has errors \(scimmap check [^"]*purecloud\.scimmap\)/g)?.length, 17);
    assertWellFormed(broken.out);

    copyFileSync(join(examples, 'purecloud.scimmap'), join(folder, 'purecloud.scimmap'));
    const path = join(folder, 'nobody.scimmap-test.json');
    writeFileSync(
      path,
      JSON.stringify({
        mapping: 'purecloud.scimmap',
        directory: 'users.json',
        expect: {
          nobody: { action: 'create', attributes: { userName: 'nobody@contoso.com' }, snapshot: true },
          chloe: { action: 'create' },
        },
      }),
    );
    const missing = await run(path);
    assert.equal(missing.code, 1);
    assert.match(missing.out, /^FAIL .*nobody\.scimmap-test\.json \(1\/4\)/);
    for (const name of ['nobody: action', 'nobody: userName', 'nobody: requests (snapshot)'])
      assert.ok(missing.out.includes(`✗ ${name}: no directory object "nobody" in `), name);
  });

  test('a target path reads the same for a create and an update: a filter path its element, a bare extension URN its object, names in any case (before: .value, null for an update, null)', async () => {
    const folder = exampleCopy();
    const path = join(folder, 'paths.scimmap-test.json');
    const mobile = (value: string) => ({ type: 'mobile', value });
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    writeFileSync(
      path,
      JSON.stringify({
        mapping: 'purecloud.scimmap',
        directory: 'users.json',
        expect: {
          // Created: the POST body holds these.
          chloe: {
            attributes: {
              phoneNumbers: [mobile('+14255550177')],
              'phoneNumbers[type eq "mobile"]': mobile('+14255550177'),
              // Her manager too, set by the PATCH after the POST.
              [enterprise]: { department: 'Sales', manager: '0d9f8e7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f' },
              USERNAME: 'chloe.nguyen@contoso.com',
              [`${enterprise.toLowerCase()}:department`]: 'Sales',
            },
          },
          // Updated: PATCH Add phoneNumbers[type eq "mobile"].value and Replace title.
          amelia: {
            attributes: {
              'phoneNumbers[type eq "mobile"]': mobile('+14255550101'),
              'PHONENUMBERS[TYPE eq "mobile"].VALUE': '+14255550101',
              phoneNumbers: [mobile('+14255550101')],
              Title: 'Head of Sales',
              [enterprise]: null,
            },
          },
        },
      }),
    );
    const { code, out } = await run(path);
    assert.equal(code, 0, out);
    assert.match(out, /^PASS .*paths\.scimmap-test\.json \(10\/10\)/);
  });

  test("attributes read every request of the object: a new user's manager (its second request), a group's added and removed members (before: null, removals unseen)", async () => {
    const folder = exampleCopy();
    const path = join(folder, 'all.scimmap-test.json');
    const manager = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager';
    const chloe = '«id of chloe in Genesys Cloud»';
    const dmitri = '5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170';
    const write = (expect: unknown) =>
      writeFileSync(
        path,
        JSON.stringify({ mapping: 'purecloud.scimmap', directory: 'users.json', now: '2026-03-01T09:30:00Z', seed: 1, expect }),
      );
    write({
      chloe: { action: 'create', attributes: { [manager]: '0d9f8e7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f', title: 'Sales Agent' } },
      'group:sales': {
        attributes: {
          externalId: '9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
          members: { add: [{ $ref: null, value: chloe }], remove: [{ value: dmitri }] },
        },
      },
    });
    const passed = await run(path);
    assert.equal(passed.code, 0, passed.out);
    assert.match(passed.out, /\(5\/5\)/);

    write({ chloe: { attributes: { [manager]: null } }, 'group:sales': { attributes: { members: [{ $ref: null, value: chloe }] } } });
    const failed = await run(path);
    assert.equal(failed.code, 1);
    assert.match(failed.out, /✗ chloe: urn:[^:]+(?::[^:]+)*:User:manager: expected null, got "0d9f8e7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f"/);
    assert.match(
      failed.out,
      /✗ group:sales: members: expected \[\{"\$ref":null,"value":"«id of chloe in Genesys Cloud»"\}\], got \{"add":\[/,
    );
    assert.match(
      failed.out,
      /\+ {3}"remove": \[\n {4}\+ {5}\{\n {4}\+ {7}"value": "5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170"/,
      'the diff shows the removal',
    );
  });

  test('an attributes path the target does not have stops the run (exit 2) at its pointer, with the did-you-mean of check (before: null passed forever)', async () => {
    const folder = exampleCopy();
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const cases: Array<[string, string, RegExp]> = [
      [
        'kenji',
        'titel',
        /\/expect\/kenji\/attributes\/titel: `titel` is not an attribute of Genesys Cloud User resources\. Did you mean `title`\?$/,
      ],
      [
        'kenji',
        'emails[type eq "wrok"].value',
        /\/attributes\/emails\[type eq "wrok"\]\.value: Genesys Cloud has no emails type "wrok"\. Did you mean `work`\?/,
      ],
      [
        'kenji',
        'emails[type eq "work"].valeu',
        /\/attributes\/emails\[type eq "work"\]\.valeu: `emails` has no sub-attribute `valeu`\. Did you mean `value`\?/,
      ],
      [
        'kenji',
        `${enterprise}:employeNumber`,
        /\/attributes\/urn:.*:User:employeNumber: `employeNumber` is not an attribute of the schema .*Did you mean `employeeNumber`\?/,
      ],
      ['kenji', 'members', /\/expect\/kenji\/attributes\/members: `members` is a group attribute/],
      ['group:sales', 'title', /\/expect\/group:sales\/attributes\/title: `title` is not an attribute of Genesys Cloud Group resources/],
    ];
    for (const [id, attribute, message] of cases) {
      const path = join(folder, 'typo.scimmap-test.json');
      writeFileSync(
        path,
        JSON.stringify({ mapping: 'purecloud.scimmap', directory: 'users.json', expect: { [id]: { attributes: { [attribute]: null } } } }),
      );
      const { code, out, err } = await run(path);
      assert.equal(code, 2, attribute);
      assert.equal(out, '', attribute);
      assert.match(err, /^scimmap test: .*typo\.scimmap-test\.json \/expect\//, attribute);
      assert.match(err, message, attribute);
    }
  });

  test('a broken test file stops the run (exit 2) naming the file and the JSON pointer', async () => {
    const folder = exampleCopy();
    const write = (name: string, value: unknown) => {
      const path = join(folder, name);
      writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
      return path;
    };
    const base = { mapping: 'purecloud.scimmap', directory: 'users.json' };
    const cases: Array<[string, unknown, RegExp]> = [
      ['syntax.scimmap-test.json', '{"mapping": ', /syntax\.scimmap-test\.json: not JSON/],
      ['array.scimmap-test.json', [], /array\.scimmap-test\.json \/: a test file is a JSON object/],
      [
        'nomap.scimmap-test.json',
        { directory: 'users.json', expect: { chloe: { action: 'create' } } },
        /nomap\.scimmap-test\.json \/mapping: missing/,
      ],
      [
        'action.scimmap-test.json',
        { ...base, expect: { chloe: { action: 'created' } } },
        /action\.scimmap-test\.json \/expect\/chloe\/action: expected one of create, update/,
      ],
      [
        'path.scimmap-test.json',
        { ...base, expect: { chloe: { attributes: { 'emails[type eq': 'x' } } } },
        /path\.scimmap-test\.json \/expect\/chloe\/attributes\/emails\[type eq: .* is not a target path/,
      ],
      [
        'pointer.scimmap-test.json',
        { ...base, expect: { 'a/b': { snapshot: 'yes' } } },
        /pointer\.scimmap-test\.json \/expect\/a~1b\/snapshot: expected true or false/,
      ],
      ['empty.scimmap-test.json', { ...base, expect: { chloe: {} } }, /empty\.scimmap-test\.json \/expect\/chloe: expects nothing/],
      [
        'dir.scimmap-test.json',
        { ...base, directory: [], expect: { chloe: { action: 'create' } } },
        /dir\.scimmap-test\.json \/directory: expected a relative path or a non-empty array/,
      ],
      ['typo.scimmap-test.json', { ...base, expectations: {} }, /typo\.scimmap-test\.json \/expectations: unknown property/],
      // Before: a stack overflow comparing the value (the CLI), laying out the file (the editor's Test Explorer).
      [
        'deep.scimmap-test.json',
        `{"mapping": "purecloud.scimmap", "directory": "users.json", "expect": {"amelia": {"attributes": {"title": ${nestedJson(10_000)}}}}}`,
        /deep\.scimmap-test\.json \/expect\/amelia\/attributes\/title: nests deeper than 64 levels, which no attribute value does/,
      ],
      [
        'schema.scimmap-test.json',
        `{"$schema": ${nestedJson(10_000)}, "mapping": "purecloud.scimmap", "directory": "users.json", "expect": {"amelia": {"action": "update"}}}`,
        /schema\.scimmap-test\.json \/\$schema: expected the JSON schema's URI or path/,
      ],
      // Before: an uncaught TypeError from the file system (exit 1, a stack trace): no file name holds a NUL.
      ...(['mapping', 'directory', 'targetState', 'snapshots'] as const).map((key): [string, unknown, RegExp] => [
        `nul-${key}.scimmap-test.json`,
        { ...base, [key]: key === 'directory' ? ['users.json', 'a\u0000b.json'] : 'a\u0000b', expect: { chloe: { action: 'create' } } },
        new RegExp(`nul-${key}\\.scimmap-test\\.json /${key}${key === 'directory' ? '/1' : ''}: a file name cannot hold the NUL character`),
      ]),
    ];
    for (const [name, value, message] of cases) {
      const { code, err, out } = await run(write(name, value));
      assert.equal(code, 2, name);
      assert.match(err, message, name);
      assert.equal(out, '', `${name}: no report`);
    }
    const missing = await run(
      write('missing.scimmap-test.json', { ...base, directory: 'nowhere.json', expect: { chloe: { action: 'create' } } }),
    );
    assert.equal(missing.code, 2);
    assert.match(missing.err, /missing\.scimmap-test\.json \/directory: cannot read .*nowhere\.json: no such file/);
    for (const [key, value] of [
      ['mapping', 'nowhere.scimmap'],
      ['targetState', 'nowhere-target.json'],
    ]) {
      const named = await run(write(`no-${key}.scimmap-test.json`, { ...base, [key]: value, expect: { chloe: { action: 'create' } } }));
      assert.equal(named.code, 2, key);
      assert.match(
        named.err,
        new RegExp(`^scimmap test: .*no-${key}\\.scimmap-test\\.json /${key}: cannot read .*${value}: no such file$`),
        key,
      );
    }
    const unknownId = await run(write('unknown.scimmap-test.json', { ...base, expect: { nobody: { action: 'create' } } }));
    assert.equal(unknownId.code, 1, 'an id the directory lacks is a failing test, not a broken file');
    assert.match(unknownId.out, /✗ nobody: action: no directory object "nobody" in .*users\.json/);
    const usage = await run('--reporter', 'xml');
    assert.equal(usage.code, 2);
    assert.match(usage.err, /--reporter takes "text" or "junit", not "xml"/);
  });
});

/** Every tag closed in order, attributes quoted, no bare & or <: enough for a CI system's XML parser to accept it. */
function assertWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\n/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z]+)((?:\s+[a-z]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos|#\d+);[^"<&]*)*")*)\s*(\/?)>|([^<]+)/g;
  let consumed = 0;
  for (const match of body.matchAll(tag)) {
    assert.equal(match.index, consumed, `unparsable XML at ${consumed}: ${body.slice(consumed, consumed + 40)}`);
    consumed += match[0].length;
    const [, closing, name, , selfClosing, text] = match;
    if (text !== undefined) {
      assert.doesNotMatch(text.replace(/&(?:amp|lt|gt|quot|apos);/g, ''), /[&<>]/, 'text escaped');
    } else if (closing) {
      assert.equal(stack.pop(), name, `</${name}> closes the open element`);
    } else if (!selfClosing) {
      stack.push(name);
    }
  }
  assert.equal(consumed, body.length);
  assert.deepEqual(stack, []);
}
