// scimmap import / export / diff on real files: the round trip through -o files, refusals that
// write nothing, and diff's lines and exit codes.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { capture, tempFiles } from './cli-io';

const file = tempFiles('scimmap-entra-');
const gallery = readFileSync(join('test', 'fixtures', 'entra', 'genesys-gallery.json'), 'utf8');
const base = file('schema.json', gallery);
const folder = dirname(base);

test('import -o then export --base -o gives the schema back byte for byte', async () => {
  const io = capture();
  const scimmap = join(folder, 'app.scimmap');
  assert.equal(await main(['import', base, '-o', scimmap], io), 0, io.stderr.join('\n'));
  assert.match(readFileSync(scimmap, 'utf8'), /^# Imported from "schema.json" by scimmap import.*\n\ntarget "\.\/app\.target\.json"\n/);
  assert.ok(existsSync(join(folder, 'app.target.json')), 'the target schema is written beside the .scimmap');
  const check = capture();
  assert.equal(await main(['check', scimmap], check), 0, check.stdout.join('\n'));
  const out = join(folder, 'out.json');
  assert.equal(await main(['export', scimmap, '--base', base, '-o', out], io), 0, io.stderr.join('\n'));
  assert.equal(readFileSync(out, 'utf8'), gallery);
  assert.deepEqual(
    readdirSync(folder).filter((name) => name.endsWith('.tmp')),
    [],
    'no temporary file is left',
  );
});

test('import without -o prints the .scimmap', async () => {
  const io = capture();
  assert.equal(await main(['import', base], io), 0);
  assert.match(io.stdout.join('\n'), /users "Provision Microsoft Entra ID Users" \{/);
});

test('import of a file that is not a schema exits 1 naming the pointer and writes nothing', async () => {
  const io = capture();
  const target = join(folder, 'never.scimmap');
  assert.equal(await main(['import', file('list.json', '{"value": []}'), '-o', target], io), 1);
  assert.match(io.stderr.join('\n'), /list\.json: \/: not a synchronization schema/);
  assert.equal(existsSync(target), false);
});

test('import -o onto a folder exits 2 and writes neither file of the pair (before: FILE.target.json was written)', async () => {
  const io = capture();
  const onto = join(folder, 'a-folder');
  mkdirSync(onto);
  assert.equal(await main(['import', base, '-o', onto], io), 2);
  assert.match(io.stderr.join('\n'), /cannot write .*a-folder: it is a folder/);
  assert.equal(existsSync(`${onto}.target.json`), false);
  const kept = file('kept.target.json', '{"old": true}\n');
  mkdirSync(join(folder, 'kept.scimmap'));
  assert.equal(await main(['import', base, '-o', join(folder, 'kept.scimmap')], io), 2);
  assert.equal(readFileSync(kept, 'utf8'), '{"old": true}\n', 'an existing pair is left as it was');
});

test('export -o onto an existing file keeps its mode and a link to it, and refuses a read-only one (before: 0644, a regular file, replaced)', async () => {
  const io = capture();
  const real = file('private.json', '{"old": true}\n');
  chmodSync(real, 0o600);
  const link = join(folder, 'linked.json');
  symlinkSync('private.json', link);
  assert.equal(await main(['export', 'examples/purecloud.scimmap', '-o', link], io), 0, io.stderr.join('\n'));
  assert.equal(lstatSync(link).isSymbolicLink(), true);
  assert.match(readFileSync(real, 'utf8'), /"synchronizationRules"/);
  assert.equal(statSync(real).mode & 0o777, 0o600);
  const readOnly = file('read-only.json', '{"old": true}\n');
  chmodSync(readOnly, 0o444);
  const refused = capture();
  assert.equal(await main(['export', 'examples/purecloud.scimmap', '-o', readOnly], refused), 2);
  assert.match(refused.stderr.join('\n'), /cannot write .*read-only\.json: it is read-only/);
  assert.equal(readFileSync(readOnly, 'utf8'), '{"old": true}\n');
});

// Before: the output was renamed over the special file, which became a regular file; run as root,
// `-o /dev/null` replaced the system's /dev/null. A FIFO stands for any such file here.
test(
  'export -o onto a named pipe (or a device such as /dev/null) writes into it and leaves it what it is',
  { skip: process.platform === 'win32' },
  async () => {
    const pipe = join(folder, 'out.fifo');
    execFileSync('mkfifo', [pipe]);
    const reader = spawn('cat', [pipe]);
    let read = '';
    reader.stdout.on('data', (chunk: Buffer) => (read += chunk.toString()));
    const closed = new Promise((done) => reader.on('close', done));
    const io = capture();
    try {
      assert.equal(await main(['export', 'examples/purecloud.scimmap', '-o', pipe], io), 0, io.stderr.join('\n'));
      assert.equal(lstatSync(pipe).isFIFO(), true, 'still a pipe');
    } catch (error) {
      reader.kill(); // it would wait for a writer forever
      throw error;
    }
    await closed;
    assert.match(read, /"synchronizationRules"/);
    assert.deepEqual(
      readdirSync(folder).filter((name) => name.endsWith('.tmp')),
      [],
      'no temporary file left',
    );
  },
);

test('export refuses a .scimmap with errors and writes nothing', async () => {
  const io = capture();
  const target = join(folder, 'refused.json');
  const broken = file('broken.scimmap', 'users {\n  usrName <- [userPrincipalName]  match 1\n}\n');
  assert.equal(await main(['export', broken, '--base', base, '-o', target], io), 1);
  assert.match(io.stderr.join('\n'), /error unknown-target[\s\S]*nothing exported/);
  assert.equal(existsSync(target), false);
});

test('export without --base writes a complete schema that imports back', async () => {
  const io = capture();
  const out = join(folder, 'new.json');
  assert.equal(await main(['export', 'examples/purecloud.scimmap', '-o', out], io), 0, io.stderr.join('\n'));
  assert.doesNotMatch(io.stderr.join('\n'), /Added the attribute definition/, 'a new schema gets every definition: no line per mapping');
  const schema = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(Object.keys(schema), ['id', 'version', 'synchronizationRules', 'directories']);
  assert.equal(schema.synchronizationRules[0].objectMappings.length, 2);
  assert.equal(await main(['import', out], capture()), 0);
});

test('diff lists what the portal changed, with pointers, and exits 1', async () => {
  const io = capture();
  const scimmap = join(folder, 'mine.scimmap');
  await main(['import', base, '-o', scimmap], capture());
  const changed = file(
    'changed.json',
    gallery
      .replace(
        '"expression": "[jobTitle]",\n                "name": "jobTitle"',
        '"expression": "[department]",\n                "name": "department"',
      )
      .replace('"flowTypes": "Update"', '"flowTypes": "Add,Update"'),
  );
  assert.notEqual(changed, base);
  assert.equal(await main(['diff', scimmap, changed], io), 1);
  assert.deepEqual(io.stdout, [
    '~ users "Provision Microsoft Entra ID Users" title: .scimmap [jobTitle]  default ""; schema [department]  default ""   (/synchronizationRules/0/objectMappings/0/attributeMappings/4)',
    '~ groups "Provision Microsoft Entra ID Groups" actions: .scimmap update; schema Add,Update   (/synchronizationRules/0/objectMappings/1/flowTypes)',
  ]);
  const same = capture();
  assert.equal(await main(['diff', scimmap, base], same), 0);
});

test('a schema that is empty or not JSON is an unreadable input: exit 2 from import, export --base and diff alike', async () => {
  const map = 'examples/purecloud.scimmap';
  for (const [name, text] of [
    ['empty.json', ''],
    ['prose.json', 'not json'],
  ]) {
    const schema = file(name, text);
    for (const argv of [
      ['import', schema],
      ['export', map, '--base', schema],
      ['diff', map, schema],
    ]) {
      const io = capture();
      assert.equal(await main(argv, io), 2, argv.join(' '));
      assert.match(io.stderr.join('\n'), /not JSON/, argv.join(' '));
    }
  }
});

test('import, export --base and diff say the line and column of each problem in the schema, inside an expression at its character (before: the JSON pointer only)', async () => {
  // Line 41: `              "flowType": "Always",`; line 59 holds the Switch expression, escaped quotes before the bad name.
  const broken = file(
    'located.json',
    gallery
      .replace('"flowType": "Always"', '"flowType": "Sometimes"')
      .replace('\\"True\\", \\"False\\")', '\\"True\\", Upper(\\"False\\"))'),
  );
  const mapping = '/synchronizationRules/0/objectMappings/0/attributeMappings';
  const expected = [
    `located.json: ${mapping}/0/flowType: unknown flowType "Sometimes" (line 41, column 27)`,
    // The string's quote is at column 31; `Upper` is its character 51, after six \" escapes of two characters each.
    `located.json: ${mapping}/1/source/expression (offset 51 in the expression): unknown function Upper in "Switch([IsSoftDeleted], , \\"False\\", \\"True\\", \\"True\\", Upper(\\"False\\"))" (line 59, column ${31 + 1 + 51 + 6})`,
  ];
  const io = capture();
  assert.equal(await main(['import', broken], io), 1);
  assert.deepEqual(
    io.stderr.map((line) => line.replace(folder + '/', '')),
    expected,
  );
  const exported = capture();
  const elsewhere = file(
    'elsewhere.json',
    gallery.replace('"targetDirectoryName": "GenesysCloudForAzure"', '"targetDirectoryName": "Nowhere"'),
  );
  assert.equal(await main(['export', 'examples/purecloud.scimmap', '--base', elsewhere], exported), 1);
  assert.match(
    exported.stderr.join('\n'),
    /elsewhere\.json: \/synchronizationRules\/0\/targetDirectoryName: the rule writes to "Nowhere", .* \(line 11, column 30\)/,
  );
  const diffed = capture();
  const ruleless = file('ruleless.json', gallery.replace('"objectMappings": [', '"objectMappings": 5, "was": ['));
  assert.equal(await main(['diff', 'examples/purecloud.scimmap', ruleless], diffed), 2);
  assert.match(
    diffed.stderr.join('\n'),
    /ruleless\.json: \/synchronizationRules\/0: a synchronization rule must be .* \(line 5, column 5\)$/,
  );
  // Warnings too: a scoping operator never seen in exports.
  const warned = capture();
  const unverified = file(
    'unverified.json',
    readFileSync(join('test', 'fixtures', 'entra', 'scoping-filters.json'), 'utf8').replace(
      '"operatorName": "EQUALS", "sourceOperandName": "department"',
      '"operatorName": "ENDS_WITH", "sourceOperandName": "department"',
    ),
  );
  assert.equal(await main(['import', unverified], warned), 0);
  assert.match(
    warned.stderr.join('\n'),
    /unverified\.json: warning \/synchronizationRules\/0\/objectMappings\/0\/scope\/groups\/0\/clauses\/0: the scoping operator "ENDS_WITH" .* \(line 29, column 19\)/,
  );
});

test("export without --base of an imported .scimmap says which base it came from (before: a new schema, new ids and none of the base's other rules or hidden mappings, written without a word)", async () => {
  const scimmap = join(folder, 'forgot.scimmap');
  assert.equal(await main(['import', base, '-o', scimmap], capture()), 0);
  const io = capture();
  assert.equal(await main(['export', scimmap, '-o', join(folder, 'forgot.json')], io), 0, io.stderr.join('\n'));
  assert.deepEqual(io.stderr, [
    `scimmap export: ${scimmap} was imported from "schema.json": without --base this is a new schema (new ids; none of that schema's other rules, hidden mappings or directory versions), which replaces the app's whole configuration when uploaded. To change only what the .scimmap says: scimmap export '${scimmap}' --base '${join(folder, 'schema.json')}'`,
  ]);
  const fresh = capture();
  assert.equal(await main(['export', 'examples/purecloud.scimmap', '-o', join(folder, 'fresh.json')], fresh), 0);
  assert.deepEqual(fresh.stderr, [], 'a .scimmap written by hand exports to a new schema without a word');
});

test('-o naming the file the command reads is refused, exit 2, the file kept (before: import -o schema.json wrote the .scimmap over the schema, export -o app.scimmap the JSON over the .scimmap)', async () => {
  const schema = file('own.json', gallery);
  const io = capture();
  assert.equal(await main(['import', schema, '-o', schema], io), 2);
  assert.match(
    io.stderr.join('\n'),
    /^scimmap import: cannot write .*own\.json: it is the file this command reads \(.*own\.json\), which would be lost: write to another file$/,
  );
  assert.equal(readFileSync(schema, 'utf8'), gallery);
  // The target schema written beside the .scimmap is an output too: `import app.target.json -o app.scimmap`.
  const targetNamed = file('app2.target.json', gallery);
  assert.equal(await main(['import', targetNamed, '-o', join(folder, 'app2.scimmap')], capture()), 2);
  assert.equal(readFileSync(targetNamed, 'utf8'), gallery);
  assert.equal(existsSync(join(folder, 'app2.scimmap')), false, 'nothing of the pair is written');
  const scimmap = join(folder, 'own.scimmap');
  assert.equal(await main(['import', schema, '-o', scimmap], capture()), 0);
  const imported = readFileSync(scimmap, 'utf8');
  const exported = capture();
  assert.equal(await main(['export', scimmap, '--base', schema, '-o', scimmap], exported), 2);
  assert.match(exported.stderr.join('\n'), /^scimmap export: cannot write .*own\.scimmap: it is the file this command reads/);
  assert.equal(readFileSync(scimmap, 'utf8'), imported);
  // Writing the export over its base is the base brought up to date: allowed.
  assert.equal(await main(['export', scimmap, '--base', schema, '-o', schema], capture()), 0);
  assert.equal(readFileSync(schema, 'utf8'), gallery);
});
