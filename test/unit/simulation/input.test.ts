// Reading the directory files: what is read whole, and how many objects a file may hold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDirectoryFiles, type InputFiles } from '../../../server/src/simulation/input';

test('a Graph JSON page of 300,000 users is read (before: spreading its entries into push() overflowed the stack)', () => {
  const users = Array.from({ length: 300_000 }, (_, index) => `{"id":"u${index}"}`).join(',');
  const text = `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users","value":[${users}]}`;
  const files: InputFiles = { text: () => text, head: () => text.slice(0, 4096), chunks: () => [text] };
  const input = readDirectoryFiles(['users.json'], () => assert.fail('no problem expected'), files);
  assert.equal(input.loaded.length, 300_000);
});

// Before: a saved first page of GET /users (100 users and an @odata.nextLink) was simulated as the whole directory, unsaid.
test('a last page with an @odata.nextLink is said (the rest of the pages is missing); pages followed in the same file or the next one are not', () => {
  const page = (ids: string[], next: boolean, kind = 'users') =>
    JSON.stringify({
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#${kind}`,
      ...(next ? { '@odata.nextLink': `https://graph.microsoft.com/v1.0/${kind}?$skiptoken=X` } : {}),
      value: ids.map((id) => ({ id, displayName: id })),
    });
  const read = (texts: Record<string, string>) => {
    const problems: Array<{ where: string; message: string }> = [];
    const files: InputFiles = {
      text: (file) => texts[file],
      head: (file) => texts[file].slice(0, 4096),
      chunks: (file) => [texts[file]],
    };
    const input = readDirectoryFiles(Object.keys(texts), (problem) => problems.push(problem), files);
    return { ids: input.loaded.map((entry) => entry.sample.id), problems };
  };
  const cut = read({ 'users.json': `${page(['u1'], true)}\n${page(['u2'], true)}`, 'groups.json': page(['g1'], false, 'groups') });
  assert.deepEqual(cut.ids, ['u1', 'u2', 'g1']);
  assert.deepEqual(
    cut.problems.map(({ where }) => where),
    ['users.json #2'],
  );
  assert.match(
    cut.problems[0].message,
    /^this page, the last page of users read, has an @odata\.nextLink: .* so their users are not simulated/,
  );
  assert.match(read({ 'groups.json': page(['g1'], true, 'groups') }).problems[0].message, /more groups/);
  for (const texts of <Array<Record<string, string>>>[
    { 'users.json': `${page(['u1'], true)}\n${page(['u2'], false)}` },
    { 'page1.json': page(['u1'], true), 'page2.json': page(['u2'], false) },
    { 'users.json': JSON.stringify([JSON.parse(page(['u1'], true)), JSON.parse(page(['u2'], false))]) },
  ])
    assert.deepEqual(read(texts).problems, [], Object.keys(texts).join());
});
