// Mapping tests for Test Explorer, the server's part (server/src/lsp/mapping-tests.ts): a test file's
// expectations become items whose ranges are where each is written in the JSON (the gutter's run
// buttons); a run uses the same runner as `scimmap test`, with the editor's unsaved texts, runs a
// subset on request, returns --update's snapshot text without writing it, and stops when cancelled.
// Over stdio: a mapping edited but not saved fails exactly the expectation it breaks.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { DidOpenTextDocumentNotification, LSPErrorCodes } from 'vscode-languageserver-protocol';
import { DocumentStore } from '../../../server/src/documents';
import { mappingTestItems, runMappingTests } from '../../../server/src/lsp/mapping-tests';
import {
  RunMappingTestsRequest,
  type MappingTestItemsResult,
  type RunMappingTestsResult,
  type WireRange,
} from '../../../shared/src/protocol';
import { nestedJson } from '../../support/generate';
import { startServer, type ServerSession } from '../../support/lsp-client';
import { repositoryRoot } from '../../support/repository';

const root = repositoryRoot(__dirname);
const examples = join(root, 'examples');
const testFileName = 'genesys.scimmap-test.json';

/** A copy of the example mapping, samples, test file and snapshots in a fresh folder. */
function exampleCopy(): string {
  const folder = mkdtempSync(join(tmpdir(), 'scimmap-lsp-test-'));
  for (const name of ['purecloud.scimmap', 'users.json', testFileName, 'genesys.scimmap-test.snap.json'])
    copyFileSync(join(examples, name), join(folder, name));
  return folder;
}

const uriOf = (path: string) => pathToFileURL(path).href;

/** The text a range covers. */
function textAt(text: string, range: WireRange): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return [
    lines[range.start.line].slice(range.start.character),
    ...lines.slice(range.start.line + 1, range.end.line),
    lines[range.end.line].slice(0, range.end.character),
  ].join('\n');
}

function items(folder: string, text = readFileSync(join(folder, testFileName), 'utf8')) {
  const result = mappingTestItems(uriOf(join(folder, testFileName)), text);
  assert.ok(result.ok, JSON.stringify(result));
  return result as Extract<MappingTestItemsResult, { ok: true }>;
}

function completed(result: RunMappingTestsResult) {
  assert.ok(result.ok, JSON.stringify(result));
  return result as Extract<RunMappingTestsResult, { ok: true }>;
}

describe('mapping test items', () => {
  const folder = exampleCopy();
  const text = readFileSync(join(folder, testFileName), 'utf8');

  test('each object and each expectation is an item whose range is where the JSON writes it', () => {
    const { objects } = items(folder, text);
    assert.deepEqual(
      objects.map((object) => object.id),
      ['chloe', 'amelia', 'kenji', 'dmitri', 'support', 'group:sales'],
    );
    const chloe = objects[0];
    assert.match(textAt(text, chloe.range), /^"chloe": \{\n\s+"action": "create",[\s\S]*"snapshot": true\n\s+\}$/);
    assert.deepEqual(
      chloe.cases.map((item) => [item.label, item.description, textAt(text, item.range)]),
      [
        ['action', 'create', '"action": "create"'],
        ['userName', '"chloe.nguyen@contoso.com"', '"userName": "chloe.nguyen@contoso.com"'],
        ['active', 'true', '"active": true'],
        ['title', '"Sales Agent"', '"title": "Sales Agent"'],
        ['emails[type eq "work"].value', 'null', '"emails[type eq \\"work\\"].value": null'],
        [
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
          '"Sales"',
          '"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Sales"',
        ],
        ['requests (snapshot)', undefined, '"snapshot": true'],
      ],
    );
    assert.equal(chloe.cases[4].pointer, '/expect/chloe/attributes/emails[type eq "work"].value');
    // 17 expectations in all, as `scimmap test` counts them.
    assert.equal(
      objects.reduce((sum, object) => sum + object.cases.length, 0),
      17,
    );
  });

  test('the files a run reads, so that saving one reruns the tests', () => {
    assert.deepEqual(
      items(folder, text).inputs,
      ['purecloud.scimmap', 'users.json', 'genesys.scimmap-test.snap.json'].map((name) => uriOf(join(folder, name))),
    );
  });

  test('ranges follow unsaved edits of the test file (CRLF line ends)', () => {
    const edited = `\r\n${text.replace(/\n/g, '\r\n').replace('"support": { "action": "skip" }', '"support": {\r\n "action": "skip" }')}`;
    const support = items(folder, edited).objects.find((object) => object.id === 'support')!;
    assert.equal(support.cases.length, 1);
    assert.equal(textAt(edited.replace(/\r\n/g, '\n'), support.cases[0].range), '"action": "skip"');
  });

  test('a test file with a mistake has no items: the message names the pointer, the range is the mistake', () => {
    const broken = text.replace('"action": "disable"', '"action": "disabled"');
    const result = mappingTestItems(uriOf(join(folder, testFileName)), broken);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.message, /\/expect\/dmitri\/action: expected one of create, update/);
    assert.equal(textAt(broken, result.range), '"action": "disabled"');

    // A key written twice: JSON keeps the last, so the earlier expectation would never run.
    const twice = text.replace('"support": { "action": "skip" }', '"support": { "action": "create", "action": "skip" }');
    const repeated = mappingTestItems(uriOf(join(folder, testFileName)), twice);
    assert.equal(repeated.ok, false);
    if (!repeated.ok) {
      assert.match(repeated.message, /\/expect\/support\/action: given twice in this object/);
      assert.equal(textAt(twice, repeated.range), '"action": "skip"', 'the second');
    }

    // Before: a stack overflow finding where the mistake is.
    for (const [deep, pointer] of [
      [text.replace('"action": "disable"', `"action": "disable", "typo": ${nestedJson(100_000)}`), '/expect/dmitri/typo: unknown property'],
      [
        text.replace('"title": "Head of Sales"', `"title": ${nestedJson(10_000)}`),
        '/expect/amelia/attributes/title: nests deeper than 64 levels',
      ],
    ]) {
      const refused = mappingTestItems(uriOf(join(folder, testFileName)), deep);
      assert.equal(refused.ok, false);
      if (!refused.ok) assert.ok(refused.message.includes(pointer), refused.message);
    }

    // Run and Update Snapshots writes the snapshot file: one outside the test file's folder is refused, as by scimmap test.
    const escaping = text.replace('"mapping":', '"snapshots": "../../escape.snap.json",\n  "mapping":');
    const escape = mappingTestItems(uriOf(join(folder, testFileName)), escaping);
    assert.equal(escape.ok, false);
    if (!escape.ok) {
      assert.match(escape.message, /\/snapshots: "\.\.\/\.\.\/escape\.snap\.json" is outside this test file's folder/);
      assert.equal(textAt(escaping, escape.range), '"snapshots": "../../escape.snap.json"');
    }

    const notJson = mappingTestItems(uriOf(join(folder, testFileName)), '{\n  "mapping": "purecloud.scimmap",\n  oops\n}');
    assert.equal(notJson.ok, false);
    if (!notJson.ok) {
      assert.match(notJson.message, /not JSON/);
      assert.equal(notJson.range.start.line, 2);
    }
  });
});

describe('running mapping tests through the server', () => {
  test('the example passes, every expectation reported by its pointer with its location', async () => {
    const folder = exampleCopy();
    const testUri = uriOf(join(folder, testFileName));
    const result = completed(await runMappingTests(new DocumentStore(), { uri: testUri, openFiles: [], update: false }));
    assert.equal(result.results.length, 17);
    assert.ok(
      result.results.every((outcome) => outcome.passed),
      JSON.stringify(result.results.filter((outcome) => !outcome.passed)),
    );
    assert.deepEqual(
      result.results.map((outcome) => outcome.pointer),
      items(folder).objects.flatMap((object) => object.cases.map((item) => item.pointer)),
    );
  });

  test("the editor's unsaved directory text is what runs; a failure has the diff's two values and points at the expectation", async () => {
    const folder = exampleCopy();
    const testUri = uriOf(join(folder, testFileName));
    const users = readFileSync(join(folder, 'users.json'), 'utf8');
    const edited = users.replace('"jobTitle": "Sales Agent"', '"jobTitle": "Sales Lead"');
    assert.notEqual(edited, users);
    const result = completed(
      await runMappingTests(new DocumentStore(), {
        uri: testUri,
        openFiles: [{ uri: uriOf(join(folder, 'users.json')), text: edited }],
        update: false,
      }),
    );
    const failed = result.results.filter((outcome) => !outcome.passed);
    assert.deepEqual(
      failed.map((outcome) => outcome.name),
      ['chloe: title', 'chloe: requests (snapshot)'],
    );
    assert.equal(failed[0].message, 'expected "Sales Agent", got "Sales Lead"');
    assert.equal(failed[0].expected, '"Sales Agent"');
    assert.equal(failed[0].actual, '"Sales Lead"');
    assert.equal(failed[0].location?.uri, testUri);
    assert.equal(textAt(readFileSync(join(folder, testFileName), 'utf8'), failed[0].location!.range), '"title": "Sales Agent"');
    assert.match(failed[1].actual!, /"title": "Sales Lead"/);
    assert.match(failed[1].expected!, /"title": "Sales Agent"/);
    assert.ok(
      failed.every((outcome) => !('details' in outcome)),
      'no text diff: the editor shows expected against actual in its diff view',
    );
  });

  test('only the requested expectations and objects run', async () => {
    const folder = exampleCopy();
    const testUri = uriOf(join(folder, testFileName));
    const result = completed(
      await runMappingTests(new DocumentStore(), {
        uri: testUri,
        openFiles: [],
        only: ['/expect/kenji', '/expect/chloe/action'],
        update: false,
      }),
    );
    assert.deepEqual(
      result.results.map((outcome) => outcome.name),
      ['chloe: action', 'kenji: action', 'kenji: emails[type eq "work"].value', 'kenji: title'],
    );
  });

  test("update returns the snapshot file's new text (keeping the snapshots that did not run) and never writes it", async () => {
    const folder = exampleCopy();
    const snapshotFile = join(folder, 'genesys.scimmap-test.snap.json');
    const before = readFileSync(snapshotFile, 'utf8');
    const users = readFileSync(join(folder, 'users.json'), 'utf8').replace('"jobTitle": "Sales Agent"', '"jobTitle": "Sales Lead"');
    const result = completed(
      await runMappingTests(new DocumentStore(), {
        uri: uriOf(join(folder, testFileName)),
        openFiles: [{ uri: uriOf(join(folder, 'users.json')), text: users }],
        only: ['/expect/chloe/snapshot'],
        update: true,
      }),
    );
    assert.deepEqual(
      result.results.map((outcome) => [outcome.name, outcome.passed]),
      [['chloe: requests (snapshot)', true]],
    );
    assert.equal(readFileSync(snapshotFile, 'utf8'), before, 'the server leaves writing to the client');
    assert.equal(result.snapshotUpdate?.uri, uriOf(snapshotFile));
    assert.equal(result.snapshotUpdate?.count, 3);
    const written = JSON.parse(result.snapshotUpdate!.text) as Record<string, unknown>;
    const stored = JSON.parse(before) as Record<string, unknown>;
    assert.deepEqual(Object.keys(written), ['chloe', 'dmitri', 'group:sales']);
    assert.deepEqual(written.dmitri, stored.dmitri);
    assert.deepEqual(written['group:sales'], stored['group:sales']);
    assert.match(JSON.stringify(written.chloe), /"title":"Sales Lead"/);
  });

  test("update of a selection keeps the stored snapshot of an object whose other expectation ran (before: chloe's was deleted)", async () => {
    const folder = exampleCopy();
    const before = JSON.parse(readFileSync(join(folder, 'genesys.scimmap-test.snap.json'), 'utf8')) as Record<string, unknown>;
    const dmitriLeft = structuredClone(before);
    dmitriLeft.dmitri = [];
    const snapshotUri = uriOf(join(folder, 'genesys.scimmap-test.snap.json'));
    const result = completed(
      await runMappingTests(new DocumentStore(), {
        uri: uriOf(join(folder, testFileName)),
        openFiles: [{ uri: snapshotUri, text: JSON.stringify(dmitriLeft) }],
        // What Test Explorer sends for chloe's action and dmitri's snapshot, selected, with Run and Update Snapshots.
        only: ['/expect/chloe/action', '/expect/dmitri/snapshot'],
        update: true,
      }),
    );
    const written = JSON.parse(result.snapshotUpdate!.text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(written), ['chloe', 'dmitri', 'group:sales']);
    assert.deepEqual(written, before, "dmitri's snapshot taken again, chloe's and the group's kept as stored");
  });

  test('a mapping with errors fails each expectation at its first error; a missing object fails each of its expectations at its line', async () => {
    const folder = exampleCopy();
    const testUri = uriOf(join(folder, testFileName));
    const test = readFileSync(join(folder, testFileName), 'utf8').replace(
      '"support": { "action": "skip" }',
      '"nobody": { "action": "skip" }',
    );
    const missing = completed(
      await runMappingTests(new DocumentStore(), { uri: testUri, openFiles: [{ uri: testUri, text: test }], update: false }),
    );
    const nobody = missing.results.find((outcome) => outcome.pointer === '/expect/nobody/action');
    assert.match(nobody?.message ?? '', /no directory object "nobody" in .*users\.json/);
    assert.equal(textAt(test, nobody!.location!.range), '"action": "skip"');

    const mapping = join(folder, 'purecloud.scimmap');
    const broken = readFileSync(mapping, 'utf8').replace('title <- [jobTitle]', 'titel <- [jobTitle]');
    const failed = completed(
      await runMappingTests(new DocumentStore(), { uri: testUri, openFiles: [{ uri: uriOf(mapping), text: broken }], update: false }),
    );
    assert.deepEqual(
      failed.results.map((outcome) => outcome.pointer),
      items(folder).objects.flatMap((object) => object.cases.map((item) => item.pointer)),
      'every expectation fails',
    );
    for (const outcome of failed.results) {
      assert.match(outcome.message!, /purecloud\.scimmap has errors .*titel/);
      assert.equal(outcome.location?.uri, uriOf(mapping));
      assert.equal(textAt(broken, outcome.location!.range), 'titel');
    }
  });

  test('a test file that cannot be read answers what is wrong; nothing runs', async () => {
    const folder = exampleCopy();
    const testUri = uriOf(join(folder, testFileName));
    const noDirectory = readFileSync(join(folder, testFileName), 'utf8').replace('"users.json"', '"gone.json"');
    const result = await runMappingTests(new DocumentStore(), {
      uri: testUri,
      openFiles: [{ uri: testUri, text: noDirectory }],
      update: false,
    });
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.message, /scimmap-test\.json \/directory: cannot read .*gone\.json: no such file/);
    // The samples saved as Windows-1252: named with where, not read as "\ufffd" and run.
    const samples = join(folder, 'users.json');
    writeFileSync(samples, Buffer.from(readFileSync(samples, 'utf8').replace('"Amelia"', '"Am\u00e9lia"'), 'latin1'));
    const notUtf8 = await runMappingTests(new DocumentStore(), { uri: testUri, openFiles: [], update: false });
    assert.equal(notUtf8.ok, false);
    if (!notUtf8.ok) assert.match(notUtf8.message, /users\.json is not valid UTF-8: line \d+ has a byte that is no character \(0xe9/);
  });

  test('a cancelled run stops at its next checkpoint', async () => {
    const folder = exampleCopy();
    let checkpoints = 0;
    const stop = new Error('cancelled');
    await assert.rejects(
      runMappingTests(new DocumentStore(), { uri: uriOf(join(folder, testFileName)), openFiles: [], update: false }, async () => {
        checkpoints++;
        throw stop;
      }),
      (error) => error === stop,
    );
    assert.equal(checkpoints, 1, 'the run stopped at the first checkpoint (after reading the mapping)');
  });
});

describe('scimmap/runMappingTests over stdio', { timeout: 120_000 }, () => {
  let server: ServerSession;
  const folder = exampleCopy();
  const testUri = uriOf(join(folder, testFileName));

  before(async () => {
    server = await startServer(root);
  });

  after(async () => {
    if (server) assert.equal(await server.close(), 0, server.stderr());
  });

  test('a mapping edited in the editor and not saved fails exactly the expectation it breaks', async () => {
    const mappingUri = uriOf(join(folder, 'purecloud.scimmap'));
    const text = readFileSync(join(folder, 'purecloud.scimmap'), 'utf8').replace(
      'title <- [jobTitle]',
      'title <- Coalesce([jobTitle], "Agent")',
    );
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: mappingUri, languageId: 'scimmap', version: 1, text },
    });
    const result = completed(await server.connection.sendRequest(RunMappingTestsRequest, { uri: testUri, openFiles: [], update: false }));
    const failed = result.results.filter((outcome) => !outcome.passed);
    assert.deepEqual(
      failed.map((outcome) => [outcome.name, outcome.expected, outcome.actual]),
      [['kenji: title', 'null', '"Agent"']],
    );
    assert.equal(result.results.length, 17);
  });

  test('a cancelled request is answered with RequestCancelled', async () => {
    // A directory of 20,000 more users (the editor's unsaved text): long enough for the cancellation to arrive mid-run.
    const samples = JSON.parse(readFileSync(join(folder, 'users.json'), 'utf8')) as { users: Array<Record<string, unknown>> };
    const model = samples.users.find((user) => user.$id === 'kenji')!;
    for (let i = 0; i < 20_000; i++)
      samples.users.push({
        ...model,
        $id: `user${i}`,
        objectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        userPrincipalName: `user${i}@contoso.com`,
      });
    const openFiles = [{ uri: uriOf(join(folder, 'users.json')), text: JSON.stringify(samples) }];
    const source = new CancellationTokenSource();
    const request = server.connection.sendRequest(RunMappingTestsRequest, { uri: testUri, openFiles, update: false }, source.token);
    source.cancel();
    await assert.rejects(request, (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled);
    // The server goes on serving.
    const result = completed(await server.connection.sendRequest(RunMappingTestsRequest, { uri: testUri, openFiles: [], update: false }));
    assert.equal(result.results.length, 17);
  });
});
