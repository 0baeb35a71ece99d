// Files the CLI reads as text must be UTF-8: one that is not (Windows-1252 bytes, UTF-16) is said
// to be so, with where, instead of being read as "�"; a directory CSV row with such bytes is
// reported with its line and skipped, and the CSV is still streamed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { INVALID_BYTE, utf8Chunks } from '../../../shared/src/utf8';
import { capture, tempFiles } from './cli-io';

const file = tempFiles('scimmap-encodings-');
const map = 'examples/purecloud.scimmap';

/** Writes bytes (a string's characters as bytes, `\xff` one byte) to a temp file. */
function bytesFile(name: string, bytes: string): string {
  const path = file(name, '');
  writeFileSync(path, Buffer.from(bytes, 'latin1'));
  return path;
}

async function run(argv: string[]) {
  const io = capture();
  const code = await main(argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

test('a .scimmap or user JSON that is not UTF-8 is an unreadable input (exit 2) naming the file, line and byte offset', async () => {
  const scimmap = bytesFile('latin1.scimmap', 'users {\n  title <- "Caf\xe9"\n}\n');
  const checked = await run(['check', scimmap]);
  assert.equal(checked.code, 2);
  assert.equal(
    checked.err,
    `scimmap check: ${scimmap} is not valid UTF-8: line 2 has a byte that is no character (0xe9 at byte offset 23); save the file as UTF-8`,
  );
  const user = bytesFile('user.json', '{"givenName":"\xff\xfe"}');
  const evaluated = await run(['eval', '--expr', '[givenName]', '--user', user]);
  assert.equal(evaluated.code, 2);
  assert.equal(evaluated.out, '', 'no value with replacement characters');
  assert.match(evaluated.err, /user\.json is not valid UTF-8: line 1 .*0xff at byte offset 14/);
});

test('a UTF-16 file (either byte order) says it is UTF-16 and must be saved as UTF-8', async () => {
  const text = 'users {\n}\n';
  const little = bytesFile('le.scimmap', `\xff\xfe${Buffer.from(text, 'utf16le').toString('latin1')}`);
  const big = bytesFile('be.scimmap', `\xfe\xff${Buffer.from(text, 'utf16le').swap16().toString('latin1')}`);
  for (const [path, order] of [
    [little, 'little'],
    [big, 'big'],
  ]) {
    const checked = await run(['check', path]);
    assert.equal(checked.code, 2);
    assert.equal(checked.err, `scimmap check: ${path} is UTF-16 (${order}-endian, from its byte order mark): save it as UTF-8`);
  }
  const csv = bytesFile('users-utf16.csv', `\xff\xfe${Buffer.from('userPrincipalName\na@c.com\n', 'utf16le').toString('latin1')}`);
  const simulated = await run(['simulate', map, '--directory', csv]);
  assert.equal(simulated.code, 2);
  // An input error, not a usage error: its one line, without the command's usage.
  assert.equal(simulated.err, `scimmap simulate: ${csv} is UTF-16 (little-endian, from its byte order mark): save it as UTF-8`);
  assert.equal(simulated.out, '', 'refused before any record');
});

test('a directory CSV row that is not UTF-8 is reported with its line and skipped; the other rows are simulated', async () => {
  const csv = bytesFile(
    'users.csv',
    'userPrincipalName,displayName\na@contoso.com,Ren\xe9e\nb@contoso.com,Zo\xc3\xab\n"c@contoso.com","Two\nlines \xff"\n',
  );
  const simulated = await run(['simulate', map, '--directory', csv, '--format', 'json']);
  assert.equal(
    simulated.err,
    [2, 4]
      .map(
        (line) =>
          `warning: ${csv}:${line}: the row is not valid UTF-8 (a byte that is no character); the row is skipped (save the file as UTF-8)`,
      )
      .join('\n'),
  );
  const report = JSON.parse(simulated.out) as { records: Array<{ id: string }>; summary: { inputProblems: number } };
  assert.deepEqual(
    report.records.map((record) => record.id),
    ['user:b@contoso.com'],
  );
  assert.equal(report.summary.inputProblems, 2);
  assert.doesNotMatch(simulated.out, /\ufffd/);
});

test('streamed chunks: a character cut between two chunks is decoded whole; each bad byte is one mark', async () => {
  const bytes = Buffer.from('aé€😀b', 'utf8');
  async function* pieces(sizes: number[], source: Buffer) {
    let at = 0;
    for (const size of sizes) {
      yield source.subarray(at, at + size);
      at += size;
    }
    yield source.subarray(at);
  }
  for (let cut = 0; cut <= bytes.length; cut++) {
    let text = '';
    for await (const chunk of utf8Chunks(pieces([cut], bytes))) text += chunk;
    assert.equal(text, 'aé€😀b', `cut at ${cut}`);
  }
  let marked = '';
  for await (const chunk of utf8Chunks(pieces([2], Buffer.from([0x61, 0xff, 0xe2, 0x82, 0x0a, 0xc3])))) marked += chunk;
  assert.equal(marked, `a${INVALID_BYTE}${INVALID_BYTE}${INVALID_BYTE}\n${INVALID_BYTE}`);
});

test('a directory JSON file that is not UTF-8 is an unreadable input naming the file', async () => {
  const json = bytesFile('graph.json', '{"value":[{"id":"1","displayName":"Ren\xe9e"}]}');
  const simulated = await run(['simulate', map, '--directory', json]);
  assert.equal(simulated.code, 2);
  assert.match(simulated.err, /graph\.json is not valid UTF-8: line 1 /);
});
