// Whether the editor's mapping text is the committed one (client/src/report/edits.ts): a byte order
// mark or CRLF line endings are not a change of the mapping.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sameMappingText } from '../../../client/src/report/edits';

describe('the same mapping text', () => {
  test('a byte order mark and line endings do not count, a character does', () => {
    assert.ok(sameMappingText('users {\n}\n', '\uFEFFusers {\r\n}\r\n'));
    assert.ok(!sameMappingText('users {\n}\n', 'users {\n}\n\n'));
  });
});
