// The simulation report's server side (server/src/lsp/simulation.ts) over stdio, as VS Code's report
// view drives it: the open mapping over examples/users.json gives the CLI's cycle (same counts, same
// actions per object), in compact rows; a row opens with its steps and its requests, each value
// linked to the mapping line that produced it; impact mode lists exactly the users a one-attribute
// change affects; progress is reported on the client's token and a cancelled run stops.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { DidOpenTextDocumentNotification, LSPErrorCodes, WorkDoneProgress } from 'vscode-languageserver-protocol';
import {
  simulationActions,
  SimulationDetailRequest,
  SimulationDisposeRequest,
  SimulationRequest,
  type SimulationReport,
} from '../../../shared/src/protocol';
import { columnValues } from '../../../shared/src/simulation-rows';
import { parse } from '../../../server/src/syntax/parser';
import { directoryEntries, inputFiles, readDirectoryFiles, simulationOver } from '../../../server/src/simulation/input';
import { cycleSettingsOf, defaultCycleSettings, mappingTargets, Simulation } from '../../../server/src/simulation/simulate';
import { propertySources } from '../../../server/src/lsp/simulation';
import { previewGroup, previewUser } from '../../../server/src/provisioning/requests';
import { parseSampleFile } from '../../../server/src/schema/sample-data';
import type { Span } from '../../../server/src/syntax/ast';
import { nestedJson } from '../../support/generate';
import { gitRepository } from '../../support/git';
import { startServer, type ServerSession } from '../../support/lsp-client';
import { repositoryRoot } from '../../support/repository';

const root = repositoryRoot(__dirname);
const mappingPath = join(root, 'examples', 'purecloud.scimmap');
const usersPath = join(root, 'examples', 'users.json');
const mappingText = readFileSync(mappingPath, 'utf8');
const uri = 'file:///workspace/purecloud.scimmap';

function report(result: unknown): SimulationReport {
  assert.ok(result && typeof result === 'object' && (result as { ok: boolean }).ok, JSON.stringify(result));
  return result as SimulationReport;
}

describe('the simulation report over the language server', { timeout: 120_000 }, () => {
  let server: ServerSession;
  let folder: string;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'scimmap-simulation-'));
    server = await startServer(root);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'scimmap', version: 1, text: mappingText },
    });
    await server.diagnostics(uri, 1);
  });

  after(async () => {
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test("answers the CLI's cycle as compact rows, with the summary and progress on the client's token", async () => {
    const progress: string[] = [];
    server.connection.onProgress(WorkDoneProgress.type, 'run-1', (value) => progress.push(value.kind));
    const result = report(
      await server.connection.sendRequest(SimulationRequest, { uri, directory: [usersPath], compat: 'default', workDoneToken: 'run-1' }),
    );
    assert.deepEqual(progress.slice(0, 1), ['begin']);
    assert.equal(progress.at(-1), 'end');

    // The same cycle the CLI runs, object by object.
    const { file } = parse(mappingText);
    const input = readDirectoryFiles(
      [usersPath],
      () => undefined,
      inputFiles((path) => readFileSync(path, 'utf8')),
    );
    const simulation = simulationOver(file, input, { settings: cycleSettingsOf(file) });
    const expected: Array<{ id: string; action: string }> = [];
    for await (const entry of directoryEntries(input, () => undefined)) {
      const record = simulation.simulate(entry);
      expected.push({ id: record.sourceIdentity.id, action: record.simulation.action });
    }
    assert.deepEqual(
      columnValues(result.rows.ids, result.rows.count).map((id, row) => ({ id, action: simulationActions[result.rows.action[row]] })),
      expected,
    );
    assert.equal(result.summary.objects, expected.length);
    assert.deepEqual(result.summary.byAction, simulation.summary().byAction);
    // Columns, not objects: every column has one entry per row.
    assert.equal(result.rows.count, expected.length);
    assert.equal(columnValues(result.rows.names, result.rows.count).length, expected.length);
    for (const column of [result.rows.kind, result.rows.status, result.rows.summary, result.rows.warnings])
      assert.equal(column.length, expected.length);
    assert.equal(result.rows.before, undefined, 'no impact columns without --against');
  });

  test('opens a row with its steps and requests, each value linked to the mapping line that produced it', async () => {
    const result = report(await server.connection.sendRequest(SimulationRequest, { uri, directory: [usersPath], compat: 'default' }));
    const row = result.rows.action.findIndex((action) => simulationActions[action] === 'create');
    const detail = await server.connection.sendRequest(SimulationDetailRequest, { id: result.id, row });
    assert.ok(detail);
    assert.equal(detail.id, columnValues(result.rows.ids, result.rows.count)[row]);
    assert.deepEqual(
      detail.steps.map((step) => step.type),
      ['import', 'scoping', 'matching', 'export'],
    );
    const post = detail.requests.find((request) => request.method === 'POST');
    assert.ok(post, JSON.stringify(detail.requests));
    const lines = mappingText.split('\n');
    const titleRange = post.sources['/title'];
    assert.ok(titleRange, JSON.stringify(post.sources));
    assert.match(lines[titleRange.start.line], /^\s*title\s+<-\s+\[jobTitle\]/);
    const userNameRange = post.sources['/userName'];
    assert.match(lines[userNameRange.start.line], /^\s*userName\s+<-/);

    // Closed: the server forgets the records.
    await server.connection.sendRequest(SimulationDisposeRequest, { id: result.id });
    assert.equal(await server.connection.sendRequest(SimulationDetailRequest, { id: result.id, row }), null);
  });

  test('in impact mode lists exactly the objects whose requests a one-attribute change affects, attribute by attribute', async () => {
    // The old mapping sent the department as the title; the editor's text sends jobTitle.
    const oldText = mappingText.replace('title <- [jobTitle]', 'title <- [department]');
    assert.notEqual(oldText, mappingText);
    const result = report(
      await server.connection.sendRequest(SimulationRequest, {
        uri,
        directory: [usersPath],
        compat: 'default',
        against: { label: 'purecloud.scimmap at HEAD', text: oldText },
      }),
    );
    const samples = JSON.parse(readFileSync(usersPath, 'utf8')) as { users: Array<Record<string, unknown>> };
    // Users whose jobTitle and department differ, and who are created or updated with a title.
    const ids = columnValues(result.rows.ids, result.rows.count);
    const affected = new Set(ids);
    assert.ok(affected.size > 0);
    assert.equal(result.against, 'purecloud.scimmap at HEAD');
    assert.equal((result.unchanged ?? 0) + result.rows.count, result.summary.objects);
    for (const [row, id] of ids.entries()) {
      const changes = result.rows.texts[result.rows.changes![row]];
      assert.match(changes, /\btitle\b/, `${id}: ${changes}`);
      // The report lists an object by its source identity: the Entra object id a sample carries, else its $id.
      const user = samples.users.find((candidate) => (candidate.objectId ?? candidate.$id) === id);
      assert.ok(user, id);
      assert.notEqual(user.jobTitle, user.department, `${id} changes only if its jobTitle and department differ`);
    }
    const detail = await server.connection.sendRequest(SimulationDetailRequest, { id: result.id, row: 0 });
    const title = detail?.impact?.attributes.find((change) => change.attribute === 'title');
    assert.ok(title, JSON.stringify(detail?.impact));
    assert.ok(title.range, 'the new value links to its mapping line');
    assert.match(mappingText.split('\n')[title.range.start.line], /title\s+<-\s+\[jobTitle\]/);
  });

  test("in impact mode against HEAD the old mapping reads its target file as committed at HEAD (before: the working tree's, so a change to it alone changed nothing)", async () => {
    // HEAD keeps userName unique, so Hal, who maps to Ada's userName, fails; the working tree's target does not.
    const unique = readFileSync(join(root, 'server', 'src', 'data', 'generic-scim-schema.json'), 'utf8');
    const notUnique = unique.replace(/("name": "userName",[^}]*?"uniqueness": )"server"/, '$1"none"');
    assert.notEqual(notUnique, unique);
    const text = 'target "./app.target.json"\nusers {\n  externalId <- [objectId] match 1\n  userName <- [userPrincipalName]\n}\n';
    const repo = gitRepository({ 'map.scimmap': text, 'app.target.json': unique });
    writeFileSync(join(repo, 'app.target.json'), notUnique);
    const users = join(repo, 'users.json');
    writeFileSync(
      users,
      JSON.stringify({
        value: [
          { id: 'u1', userPrincipalName: 'ada@contoso.com', accountEnabled: true },
          { id: 'u2', userPrincipalName: 'ada@contoso.com', accountEnabled: true },
        ],
      }),
    );
    const mapUri = pathToFileURL(join(repo, 'map.scimmap')).href;
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: mapUri, languageId: 'scimmap', version: 1, text },
    });
    const result = report(
      await server.connection.sendRequest(SimulationRequest, {
        uri: mapUri,
        directory: [users],
        compat: 'default',
        against: { label: 'map.scimmap at HEAD', text, ref: 'HEAD' },
      }),
    );
    assert.deepEqual(columnValues(result.rows.ids, result.rows.count), ['u2']);
    assert.equal(simulationActions[result.rows.before![0]], 'failure');
    assert.equal(simulationActions[result.rows.action[0]], 'create');
  });

  test('a run the editor cancels stops with RequestCancelled', async () => {
    const csv = join(folder, 'many.csv');
    const rows = ['userPrincipalName,displayName,jobTitle,accountEnabled'];
    for (let i = 0; i < 20_000; i++) rows.push(`user${i}@contoso.com,User ${i},Agent,Yes`);
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const source = new CancellationTokenSource();
    let reports = 0;
    server.connection.onProgress(WorkDoneProgress.type, 'run-cancel', (value) => {
      if (value.kind === 'report' && ++reports === 1) source.cancel();
    });
    await assert.rejects(
      server.connection.sendRequest(
        SimulationRequest,
        { uri, directory: [csv], compat: 'default', workDoneToken: 'run-cancel' },
        source.token,
      ),
      (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled,
    );
    assert.ok(reports >= 1);
  });

  test('says what is wrong with a directory file it cannot read, and with a mapping that is not open', async () => {
    const missing = await server.connection.sendRequest(SimulationRequest, {
      uri,
      directory: [join(folder, 'missing.json')],
      compat: 'default',
    });
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.message : '', /The directory could not be read: .*missing\.json/);
    // A Graph export saved as Windows-1252: its bytes are named, not turned into U+FFFD and sent.
    const latin1 = join(folder, 'latin1.json');
    writeFileSync(latin1, Buffer.from('{"value": [{"id": "1", "userPrincipalName": "j\xe9r\xf4me@contoso.com"}]}', 'latin1'));
    const notUtf8 = await server.connection.sendRequest(SimulationRequest, { uri, directory: [latin1], compat: 'default' });
    assert.equal(notUtf8.ok, false);
    assert.match(
      !notUtf8.ok ? notUtf8.message : '',
      /The directory could not be read: .*latin1\.json is not valid UTF-8: line 1 .*byte offset 46\); save the file as UTF-8/,
    );
    // A file of which nothing is a user, group or Graph page, as `scimmap simulate` exits 2 on it (before: a report of 0 objects).
    const notPage = join(folder, 'not-page.json');
    writeFileSync(notPage, '{"value": null}');
    const nothing = await server.connection.sendRequest(SimulationRequest, { uri, directory: [usersPath, notPage], compat: 'default' });
    assert.equal(nothing.ok, false);
    assert.match(
      !nothing.ok ? nothing.message : '',
      /^The directory could not be read: .*not-page\.json \/: not a Microsoft Graph page .*, so nothing in the file could be read as the directory/,
    );
    // A CSV whose header names no column to know a user by, given alone, as `scimmap simulate` exits 2 on it (before: a report of 0 objects).
    const notUsers = join(folder, 'not-users.csv');
    writeFileSync(notUsers, 'foo,bar\n1,2\n');
    const noUsers = await server.connection.sendRequest(SimulationRequest, { uri, directory: [notUsers], compat: 'default' });
    assert.equal(noUsers.ok, false);
    assert.match(
      !noUsers.ok ? noUsers.message : '',
      /^The directory could not be read: .*not-users\.csv:1: the header row has no objectId \(id\), .*: this is no Users CSV, so nothing in the file could be read as the directory/,
    );
    const closed = await server.connection.sendRequest(SimulationRequest, {
      uri: 'file:///workspace/not-open.scimmap',
      directory: [usersPath],
      compat: 'default',
    });
    assert.deepEqual(closed, { ok: false, message: 'Open the .scimmap file to simulate it.' });
  });

  test('a target state holding a resource nested 10,000 deep: the report lists it among what could not be read, and the run goes on (before: a stack overflow)', async () => {
    const state = join(folder, 'deep-state.json');
    const deep = nestedJson(10_000);
    writeFileSync(
      state,
      `{"Resources":[{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"t1","userName":"amelia.hart@contoso.com","title":${deep}},{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"t2","userName":"nobody@contoso.com"}]}`,
    );
    const result = report(
      await server.connection.sendRequest(SimulationRequest, { uri, directory: [usersPath], targetState: [state], compat: 'default' }),
    );
    assert.deepEqual(result.problems, [
      { where: `${state}/Resources/0`, message: '"title" nests deeper than 64 levels, which no SCIM resource does; skipped' },
    ]);
    const plain = report(await server.connection.sendRequest(SimulationRequest, { uri, directory: [usersPath], compat: 'default' }));
    assert.equal(result.summary.objects, plain.summary.objects);
  });

  test('a note on an entry still simulated (a .NET type name read as empty) is in the report as an input note, not a skipped entry (before: dropped)', async () => {
    const typed = join(folder, 'typed.csv');
    writeFileSync(
      typed,
      'Id,UserPrincipalName,DisplayName,BusinessPhones,AccountEnabled\r\n1,ada@contoso.com,Ada,System.String[],True\r\n',
    );
    const result = report(await server.connection.sendRequest(SimulationRequest, { uri, directory: [typed], compat: 'default' }));
    assert.deepEqual([result.problems, result.problemCount, result.inputNoteCount], [[], 0, 1]);
    assert.equal(result.inputNotes[0].where, `${typed}:2`);
    assert.match(result.inputNotes[0].message, /^the column "BusinessPhones" holds "System\.String\[\]"/);
  });

  test('the directory file given twice is read once, and lists nothing as unreadable (before: every object twice)', async () => {
    const twice = report(
      await server.connection.sendRequest(SimulationRequest, { uri, directory: [usersPath, usersPath], compat: 'default' }),
    );
    const plain = report(await server.connection.sendRequest(SimulationRequest, { uri, directory: [usersPath], compat: 'default' }));
    assert.equal(twice.summary.objects, plain.summary.objects);
    assert.deepEqual([twice.problems, twice.problemCount], [[], 0]);
    assert.deepEqual(
      twice.inputNotes.map((note) => note.message),
      ['the file is given twice; it is read once'],
    );
  });
});

describe("the report's links from modified properties to mapping lines", () => {
  test('each property of a create, of an update and of a group losing a member has its mapping line, the removal named as the record names it, in both dialects', () => {
    const file = parse(mappingText).file;
    const targets = mappingTargets(file);
    const samples = parseSampleFile(readFileSync(usersPath, 'utf8'));
    assert.ok(samples.ok);
    const lines = mappingText.split('\n');
    const lineOf = (span: Span) => lines[mappingText.slice(0, span.start).split('\n').length - 1];
    for (const compat of ['default', 'aadOptscim062020'] as const) {
      const simulation = new Simulation(file, { settings: defaultCycleSettings, assignmentKnown: false, compat, keepSources: true });
      simulation.know(samples.value.users);
      const amelia = samples.value.users.find((user) => user.id === 'amelia')!;
      const chloe = samples.value.users.find((user) => user.id === 'chloe')!;
      const sales = samples.value.groups.find((group) => group.id === 'sales')!;
      for (const [entry, preview] of [
        [
          { kind: 'user', sample: amelia, where: 'amelia' },
          previewUser(file, amelia, { samples: samples.value, target: amelia.target, compat }),
        ],
        [{ kind: 'user', sample: chloe, where: 'chloe' }, previewUser(file, chloe, { samples: samples.value, compat })],
        [
          { kind: 'group', sample: sales, where: 'sales' },
          previewGroup(file, sales, { samples: samples.value, target: sales.target, compat }),
        ],
      ] as const) {
        const sources = propertySources(preview.requests, targets);
        const properties = simulation.simulate(entry).modifiedProperties;
        assert.ok(properties.length > 0, entry.where);
        for (const { displayName } of properties) {
          // A member's $ref is null: no mapping gives it.
          if (displayName.endsWith('.$ref')) continue;
          const span = sources.get(displayName);
          assert.ok(span, `${compat}: ${displayName} in ${[...sources.keys()].join(', ')}`);
          // A create's property is on its mapping's line, as an update's is.
          if (entry.where === 'chloe') assert.ok(lineOf(span).trimStart().startsWith(displayName), `${displayName}: ${lineOf(span)}`);
        }
      }
      const salesSources = propertySources(
        previewGroup(file, sales, { samples: samples.value, target: sales.target, compat }).requests,
        targets,
      );
      const removal = salesSources.get('members[value eq "5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170"]');
      assert.ok(removal, compat);
      assert.match(lineOf(removal), /^\s*members\s+<-\s+\[members\]/);
    }
  });

  test('a role mapped to one element has its mapping line in an update, named as the record names it (before: roles[0].value, no line)', () => {
    const text =
      'target "generic-scim"\nusers {\n  userName <- [userPrincipalName] match 1\n  roles[primary eq "True"].value <- SingleAppRoleAssignment([appRoleAssignments])\n}\n';
    const file = parse(text).file;
    const user = { id: 'u', attributes: { userPrincipalName: 'u@contoso.com', appRoleAssignments: [{ id: 'r-1', value: 'Admin' }] } };
    const target = { id: 't1', userName: 'u@contoso.com', roles: [{ value: 'Old', primary: false }] };
    for (const compat of ['default', 'aadOptscim062020'] as const) {
      const sources = propertySources(previewUser(file, user, { target, compat }).requests, mappingTargets(file));
      const span = sources.get('roles[primary eq "True"].value');
      assert.ok(span, `${compat}: ${[...sources.keys()].join(', ')}`);
      assert.ok(text.slice(span.start).startsWith('roles[primary eq "True"].value <-'), compat);
    }
  });
});
