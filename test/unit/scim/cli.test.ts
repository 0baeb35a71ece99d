// `scimmap test-connection`: exit codes, the mapping's matching attribute, and secrets that never
// appear in anything it prints (captured and searched), even when a server echoes them back.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTestConnection } from '../../../server/src/cli/test-connection';
import { terminalText, UsageError } from '../../../server/src/cli/io';
import { startLoopbackServer, useSandbox } from './helpers';

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function run(argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTestConnection(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

describe('scimmap test-connection', () => {
  const sandbox = useSandbox();
  let folder: string;
  const everything: string[] = [];
  const record = (result: Run) => {
    everything.push(...result.out, ...result.err);
    return result;
  };

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'scimmap-cli-'));
    process.env.SCIMMAP_TEST_TOKEN = sandbox().token;
    process.env.SCIMMAP_TEST_SECRET = sandbox().clientSecret;
    process.env.SCIMMAP_TEST_WRONG_SECRET = 'wrong-client-secret-value';
  });
  after(() => {
    delete process.env.SCIMMAP_TEST_TOKEN;
    delete process.env.SCIMMAP_TEST_SECRET;
    delete process.env.SCIMMAP_TEST_WRONG_SECRET;
    rmSync(folder, { recursive: true, force: true });
  });

  test('exit 0 with a token that works, and a PASS report', async () => {
    const result = record(await run(['--url', sandbox().url, '--token-env', 'SCIMMAP_TEST_TOKEN', '--verbose']));
    assert.equal(result.code, 0, result.out.join('\n'));
    assert.match(result.out[0], /^PASS/);
    assert.ok(result.out.some((line) => line.startsWith('  supports: patch yes, filter yes, etag yes')));
    assert.ok(
      result.err.some((line) =>
        /^GET http:\/\/127\.0\.0\.1:\d+\/api\/v2\/scim\/v2\/Users\?filter=userName\+eq\+%22[0-9a-f-]+%22 Authorization: <redacted> -> 200/.test(
          line,
        ),
      ),
      result.err.join('\n'),
    );
  });

  test('exit 0 with an OAuth client whose secret is in the environment', async () => {
    const result = record(
      await run(['--url', sandbox().url, '--client-id', sandbox().clientId, '--client-secret-env', 'SCIMMAP_TEST_SECRET', '--verbose']),
    );
    assert.equal(result.code, 0, result.out.join('\n'));
    assert.ok(result.err.some((line) => line.startsWith('POST http://127.0.0.1') && line.includes('/oauth/token')));
  });

  test('exit 1 when Entra would reject: a refused token, a wrong root, a wrong secret', async () => {
    process.env.SCIMMAP_TEST_BAD_TOKEN = 'revoked-token-value-123';
    try {
      const refused = record(await run(['--url', sandbox().url, '--token-env', 'SCIMMAP_TEST_BAD_TOKEN']));
      assert.equal(refused.code, 1);
      assert.match(refused.out[0], /^FAIL/);
      const wrongRoot = record(await run(['--url', `${sandbox().url}/extra`, '--token-env', 'SCIMMAP_TEST_TOKEN']));
      assert.equal(wrongRoot.code, 1);
      const wrongSecret = record(
        await run([
          '--url',
          sandbox().url,
          '--client-id',
          sandbox().clientId,
          '--client-secret-env',
          'SCIMMAP_TEST_WRONG_SECRET',
          '--format',
          'json',
        ]),
      );
      assert.equal(wrongSecret.code, 1);
      assert.equal(JSON.parse(wrongSecret.out.join('\n')).probe.errorKind, 'oauth');
    } finally {
      delete process.env.SCIMMAP_TEST_BAD_TOKEN;
    }
  });

  test("--map: the probe uses the mapping's matching attribute and the report checks its targets", async () => {
    const map = join(folder, 'match-external.scimmap');
    writeFileSync(
      map,
      'users {\n  externalId <- [objectId] match 1\n  userName <- [userPrincipalName]\n  displayName <- [displayName]\n}\n',
    );
    const result = record(await run(['--url', sandbox().url, '--token-env', 'SCIMMAP_TEST_TOKEN', '--map', map]));
    assert.equal(result.code, 0, result.out.join('\n'));
    assert.match(sandbox().requests[0].query.filter, /^externalId eq "/);
    assert.ok(result.out.includes("  all 3 mapped targets are in the endpoint's schemas"), result.out.join('\n'));
  });

  test('plain http to a non-loopback host: exit 2, nothing sent', async () => {
    const result = record(await run(['--url', 'http://scim.example.com/api/v2/scim/v2', '--token-env', 'SCIMMAP_TEST_TOKEN']));
    assert.equal(result.code, 2);
    assert.match(result.err.join('\n'), /plain http to scim\.example\.com/);
  });

  test('secrets on the command line and missing variables are usage errors', async () => {
    await assert.rejects(
      run(['--url', sandbox().url, '--token', 'abc']),
      (error: Error) => error instanceof UsageError && /--token-env/.test(error.message),
    );
    await assert.rejects(
      run(['--url', sandbox().url, '--token-env', 'SCIMMAP_TEST_UNSET_VARIABLE']),
      /the environment variable given to --token-env \(the access token\) is not set/,
    );
    await assert.rejects(run(['--token-env', 'SCIMMAP_TEST_TOKEN']), /--url.*--region/);
    await assert.rejects(run(['--url', sandbox().url, '--client-id', 'x']), /both --client-id and --client-secret-env/);
  });

  test('a server that echoes the token back: the echo is redacted', async () => {
    const echo = await startLoopbackServer((req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' }).end(`Token rejected: ${req.headers.authorization}`);
    });
    try {
      const result = record(await run(['--url', `${echo.origin}/scim/v2`, '--token-env', 'SCIMMAP_TEST_TOKEN', '--verbose']));
      assert.equal(result.code, 1);
      assert.ok(
        result.out.some((line) => line.includes('Token rejected: Bearer ****')),
        result.out.join('\n'),
      );
    } finally {
      await echo.close();
    }
  });

  test('a same-origin redirect whose URL carries the token: --verbose prints it redacted (issue 10 §15)', async () => {
    const token = process.env.SCIMMAP_TEST_TOKEN!;
    const server = await startLoopbackServer((req, res) => {
      if (!req.url?.startsWith('/moved'))
        res.writeHead(307, { location: `/moved/${encodeURIComponent(token)}?token=${encodeURIComponent(token)}` }).end();
      else res.writeHead(401, { 'content-type': 'text/plain' }).end('no');
    });
    try {
      const result = record(await run(['--url', `${server.origin}/scim/v2`, '--token-env', 'SCIMMAP_TEST_TOKEN', '--verbose']));
      const printed = [...result.out, ...result.err].join('\n');
      assert.match(printed, /\/moved\/\*\*\*\*\?token=\*\*\*\*/);
      assert.ok(!printed.includes(token) && !printed.includes(encodeURIComponent(token)), printed);
    } finally {
      await server.close();
    }
  });

  test('after a followed redirect the probe line names the URL that answered, and the one sent as redirected from (before: only the one sent)', async () => {
    const server = await startLoopbackServer((req, res) => {
      if (req.url?.startsWith('/old/')) res.writeHead(307, { location: req.url.replace('/old/', '/scim/v2/') }).end();
      else
        res
          .writeHead(200, { 'content-type': 'application/scim+json' })
          .end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] }));
    });
    try {
      const text = record(await run(['--url', `${server.origin}/old`, '--token-env', 'SCIMMAP_TEST_TOKEN']));
      assert.equal(text.code, 0);
      const filter = /\?filter=userName\+eq\+%22[0-9a-f-]{36}%22/.source;
      const origin = server.origin.replace(/\./g, '\\.');
      assert.match(
        text.out[1],
        new RegExp(
          `^  probe: GET ${origin}/scim/v2/Users${filter} -> 200 \\(\\d+ ms\\) \\(redirected from ${origin}/old/Users${filter}\\)$`,
        ),
      );
      const json = record(await run(['--url', `${server.origin}/old`, '--token-env', 'SCIMMAP_TEST_TOKEN', '--format', 'json']));
      const { probe } = JSON.parse(json.out.join('\n'));
      assert.match(probe.requestLine, new RegExp(`^GET ${origin}/scim/v2/Users${filter}$`));
      assert.match(probe.redirectedFrom, new RegExp(`^${origin}/old/Users${filter}$`));
    } finally {
      await server.close();
    }
  });

  test('escape sequences from a hostile server never reach the terminal raw (issue 10 §15)', async () => {
    const server = await startLoopbackServer((req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('\u001b[2K\r\u001b[32mPASS\u001b[0m  all good\u202e');
    });
    try {
      const result = record(await run(['--url', `${server.origin}/scim/v2`, '--token-env', 'SCIMMAP_TEST_TOKEN']));
      const shown = [...result.out, ...result.err].map(terminalText).join('\n');
      assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/.test(shown), JSON.stringify(shown));
      assert.match(shown, /\\x1b\[32mPASS/);
      assert.match(result.out[0], /^FAIL/);
    } finally {
      await server.close();
    }
  });

  test('a token with a line break or a character outside Latin-1: said so, nothing sent, no retry (issue 10 §14)', async () => {
    let requests = 0;
    const server = await startLoopbackServer((req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/scim+json' }).end('{}');
    });
    try {
      for (const [token, reason] of [
        ['abc123\r\ndef456', /contains a line break \(at character 7\)/],
        ['abc\rdef123', /contains a line break \(at character 4\)/],
        ['abc\u2019def123', /contains the character U\+2019 \(at character 4\)/],
        ['abc\u0001def123', /contains the character U\+0001/],
      ] as const) {
        process.env.SCIMMAP_TEST_ODD_TOKEN = token;
        const result = record(await run(['--url', `${server.origin}/scim/v2`, '--token-env', 'SCIMMAP_TEST_ODD_TOKEN']));
        const printed = [...result.out, ...result.err].join('\n');
        assert.equal(result.code, 1);
        assert.match(printed, reason);
        assert.match(printed, /Nothing was sent/);
        assert.doesNotMatch(printed, /dropped|\[attempt/);
      }
      assert.equal(requests, 0);
    } finally {
      delete process.env.SCIMMAP_TEST_ODD_TOKEN;
      await server.close();
    }
  });

  test('no secret appears in anything the command printed', () => {
    const basic = Buffer.from(`${sandbox().clientId}:${sandbox().clientSecret}`).toString('base64');
    const printed = everything.join('\n');
    assert.ok(printed.length > 1000, 'the runs above printed their reports and logs');
    for (const secret of [sandbox().token, sandbox().clientSecret, basic, 'wrong-client-secret-value', 'revoked-token-value-123']) {
      assert.ok(!printed.includes(secret), `a secret appeared in the output`);
    }
  });
});
