// What the real CLI writes to the terminal when a hostile peer answers (issue 10 §15): every command
// that prints a server's answer (test-connection, discover, provision, pull, Graph errors) is run as
// a process against a loopback server whose every answer tries to erase the line and print a green
// "PASS"; the bytes on stdout and stderr carry no control character but line breaks, and no secret.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoopbackServer, type LoopbackServer } from '../scim/helpers';
import { endOf } from './cli-io';

const cli = join(__dirname, '../../../../dist/cli.js');
const fakePass = '\u001b[2K\r\u001b[32mPASS\u001b[0m all good\u009b31m\u202e';
const token = 'hostile-peer-token-0123456789';
const apiKey = 'api-key-from-a-secret-abcdef';

async function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, SCIMMAP_HOSTILE_TOKEN: token, SCIMMAP_HOSTILE_SECRET: apiKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ended = endOf(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const { code } = await ended;
  return { code, stdout, stderr };
}

describe('the CLI against a peer that answers with terminal escape sequences', () => {
  let peer: LoopbackServer;
  let folder: string;

  before(async () => {
    assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
    folder = mkdtempSync(join(tmpdir(), 'scimmap-terminal-'));
    peer = await startLoopbackServer((req, res) => {
      const body = JSON.stringify({
        detail: fakePass,
        message: fakePass,
        error: { code: fakePass, message: fakePass },
        error_description: fakePass,
        // A peer echoing what it was sent: the token and the headers.
        echoed: `${req.headers.authorization} ${req.url}`,
      });
      res.writeHead(400, { 'content-type': 'application/json' }).end(body);
    });
  });
  after(async () => {
    await peer.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const pull = () => ['pull', '--app', 'Genesys', '-o', join(folder, 'pulled.scimmap'), '--graph-url', peer.origin, '--verbose'];
  const commands: Array<[string, () => string[]]> = [
    ['test-connection', () => ['test-connection', '--url', `${peer.origin}/scim/v2`, '--token-env', 'SCIMMAP_HOSTILE_TOKEN', '--verbose']],
    ['discover', () => ['discover', '--url', `${peer.origin}/scim/v2`, '--token-env', 'SCIMMAP_HOSTILE_TOKEN', '--verbose']],
    [
      'provision',
      () => [
        'provision',
        'examples/purecloud.scimmap',
        '--samples',
        'examples/users.json',
        '--id',
        'amelia',
        '--url',
        `${peer.origin}/scim/v2`,
        '--token-env',
        'SCIMMAP_HOSTILE_TOKEN',
        '--verbose',
      ],
    ],
    ['pull (Graph errors)', () => [...pull(), '--token-env', 'SCIMMAP_HOSTILE_TOKEN']],
    [
      'pull with an OAuth client (the token endpoint answers)',
      () => [
        ...pull(),
        '--login-url',
        peer.origin,
        '--tenant',
        'contoso.example',
        '--client-id',
        'app-id',
        '--client-secret-env',
        'SCIMMAP_HOSTILE_SECRET',
      ],
    ],
  ];

  for (const [name, args] of commands) {
    test(`${name}: no raw control character and no secret reaches the terminal`, async () => {
      const result = await runCli(args());
      const printed = result.stdout + result.stderr;
      assert.notEqual(result.code, 0, printed);
      assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(printed), JSON.stringify(printed));
      assert.match(printed, /\\x1b\[32mPASS/, 'the answer is shown, with its escapes made visible');
      assert.ok(!printed.includes(token) && !printed.includes(apiKey), 'a secret was printed');
    });
  }
});
