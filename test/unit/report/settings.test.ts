// The checked settings reader (client/src/settings.ts): settings.json may hold any shape where the
// schema says a list of paths; a single string is one path, anything else a message naming the
// setting and what it expects, never a TypeError.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readPathList } from '../../../client/src/settings';

const source = (value: unknown) => ({ get: (key: string) => (key === 'directory' ? value : undefined) });
const read = (value: unknown) => readPathList(source(value), 'scimmap.simulation', 'directory');

describe('the settings reader', () => {
  test('a list of paths is read as it is, unset or null as the empty list', () => {
    assert.deepEqual(read(['users.csv', 'groups.json']), { ok: true, value: ['users.csv', 'groups.json'] });
    assert.deepEqual(read(undefined), { ok: true, value: [] });
    assert.deepEqual(read(null), { ok: true, value: [] });
    assert.deepEqual(read([]), { ok: true, value: [] });
  });

  test('a single string is a one-path list; blank paths are left out', () => {
    assert.deepEqual(read('examples/users.json'), { ok: true, value: ['examples/users.json'] });
    assert.deepEqual(read('  '), { ok: true, value: [] });
    assert.deepEqual(read(['users.csv', '']), { ok: true, value: ['users.csv'] });
  });

  test('any other shape is a message naming the setting, what it expects and what it holds', () => {
    for (const value of [42, true, { path: 'users.csv' }, ['users.csv', 3], [['users.csv']]]) {
      const result = read(value);
      assert.equal(result.ok, false, JSON.stringify(value));
      if (!result.ok) {
        assert.match(result.message, /^The setting scimmap\.simulation\.directory must be a list of file paths/);
        assert.ok(result.message.includes(JSON.stringify(value)), result.message);
      }
    }
    const long = read({ text: 'x'.repeat(500) });
    assert.ok(!long.ok && long.message.length < 200, 'a long value is cut short');
  });
});
