// Every command line the CLI prints for the user to paste quotes what the user (or a peer) gave it with
// shellQuote (POSIX "Quoting", 2.2.2 single quotes): pasted into sh, a hostile file name comes back as one
// literal argument and runs nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../server/src/cli/main';
import { readPulledFrom } from '../../../server/src/cli/graph-options';
import { goneJobAdvice } from '../../../shared/src/graph/synchronization';
import { shellQuote } from '../../../shared/src/shell';
import { capture } from './cli-io';

const hostileNames = [
  'my map.scimmap',
  '$(touch pwned).scimmap',
  '`touch pwned`.scimmap',
  "it's.scimmap",
  'two\nlines.scimmap',
  "'; touch pwned; '.scimmap",
];
const broken = 'users {\n  userName <- [userPrincipalName\n}\n';

/** What `scimmap` receives when `command` is pasted into sh in `folder` (a function stands in for the CLI). */
function pasted(command: string, folder: string): string[] {
  const run = spawnSync('sh', ['-c', `scimmap() { for argument in "$@"; do printf '%s\\0' "$argument"; done; }\n${command}`], {
    cwd: folder,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(existsSync(join(folder, 'pwned')), false, 'pasting ran a command hidden in the name');
  return run.stdout.split('\0').slice(0, -1);
}

function fixture(name: string): { folder: string; map: string; user: string } {
  const folder = mkdtempSync(join(tmpdir(), 'scimmap-pasted-'));
  const map = join(folder, name);
  writeFileSync(map, broken);
  const user = join(folder, 'user.json');
  writeFileSync(user, JSON.stringify({ id: 'kat', userPrincipalName: 'kat@contoso.com' }));
  writeFileSync(join(folder, 'samples.json'), JSON.stringify({ users: [{ id: 'kat', userPrincipalName: 'kat@contoso.com' }] }));
  writeFileSync(join(folder, 'schema.json'), '{}');
  return { folder, map, user };
}

describe('commands printed to paste quote every path', () => {
  for (const name of hostileNames) {
    const cases: Array<[string, (files: ReturnType<typeof fixture>) => string[], (map: string) => string, string[]]> = [
      ['preview', ({ map, user }) => ['preview', map, '--user', user], (map) => `scimmap check ${shellQuote(map)}`, ['check']],
      [
        'provision',
        ({ map, folder }) => [
          'provision',
          map,
          '--samples',
          join(folder, 'samples.json'),
          '--id',
          'kat@contoso.com',
          '--url',
          'http://127.0.0.1:9',
          '--token-env',
          'SCIMMAP_PASTED_TOKEN',
        ],
        (map) => `scimmap check ${shellQuote(map)}`,
        ['check'],
      ],
      ['simulate', ({ map, user }) => ['simulate', map, '--directory', user], (map) => `scimmap check ${shellQuote(map)}`, ['check']],
      ['diff', ({ map, folder }) => ['diff', map, join(folder, 'schema.json')], (map) => `scimmap check ${shellQuote(map)}`, ['check']],
      ['push', ({ map }) => ['push', map], (map) => `scimmap pull --app NAME -o ${shellQuote(map)}`, ['pull', '--app', 'NAME', '-o']],
    ];
    for (const [command, argv, expected, leading] of cases) {
      test(`${command} with ${JSON.stringify(name)}: the command it prints, pasted, gives back the path`, async () => {
        const files = fixture(name);
        const io = capture();
        await main(argv(files), io);
        const printed = io.stderr.join('\n');
        const line = expected(files.map);
        assert.ok(printed.includes(line), printed);
        assert.deepEqual(pasted(line, files.folder), [...leading, files.map]);
      });
    }

    test(`verify-with-entra and provision-with-entra with ${JSON.stringify(name)}: the pull they ask for is quoted`, () => {
      const files = fixture(name);
      const io = capture();
      assert.equal(readPulledFrom('verify-with-entra', files.map, io, 'why'), undefined);
      const line = `scimmap pull --app NAME -o ${shellQuote(files.map)}`;
      assert.ok(io.stderr.join('\n').includes(line), io.stderr.join('\n'));
      assert.deepEqual(pasted(line, files.folder), ['pull', '--app', 'NAME', '-o', files.map]);
    });
  }

  test('a job that is gone names the app in a quoted pull command', () => {
    const folder = mkdtempSync(join(tmpdir(), 'scimmap-pasted-'));
    const appId = "Genesys $(touch pwned) `touch pwned` it's";
    const message = goneJobAdvice(appId);
    const line = `scimmap pull --app ${shellQuote(appId)}`;
    assert.ok(message.includes(`${line} --job ID`), message);
    assert.deepEqual(pasted(line, folder), ['pull', '--app', appId]);
  });
});
