// A report's links after the mapping is edited (client/src/report/edits.ts): a run-time range moves
// through the edits made since, as VS Code moves decorations; an edit of the range's own text is
// said; a byte order mark or CRLF line endings are not a change of the mapping.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { moveRange, sameMappingText, type TextEdit } from '../../../client/src/report/edits';

// The example's userName mapping: line 7, characters 2 to 45.
const userName = [7, 2, 7, 45];
const insert = (line: number, character: number, text: string): TextEdit => ({ range: [line, character, line, character], text });

describe('links through the edits since the run', () => {
  test('lines typed above move the range down; lines deleted above move it up', () => {
    assert.deepEqual(moveRange(userName, [insert(0, 0, '# one\n# two\n# three\n')]), { range: [10, 2, 10, 45], edited: false });
    assert.deepEqual(moveRange(userName, [{ range: [1, 0, 3, 0], text: '' }]), { range: [5, 2, 5, 45], edited: false });
    // Several edits, applied in order: three lines in, one out.
    assert.deepEqual(moveRange(userName, [insert(0, 0, 'a\nb\nc\n'), { range: [0, 0, 1, 0], text: '' }]), {
      range: [9, 2, 9, 45],
      edited: false,
    });
  });

  test('text typed on the same line before the range shifts its characters; after it, nothing moves', () => {
    assert.deepEqual(moveRange(userName, [insert(7, 0, '  ')]), { range: [7, 4, 7, 47], edited: false });
    assert.deepEqual(moveRange(userName, [insert(7, 45, '  # note')]), { range: [7, 2, 7, 45], edited: false });
    assert.deepEqual(moveRange(userName, [insert(20, 0, 'x\n')]), { range: [7, 2, 7, 45], edited: false });
    // A line break typed before the range on its line carries it to the next line.
    assert.deepEqual(moveRange(userName, [insert(7, 1, '\n ')]), { range: [8, 2, 8, 45], edited: false });
  });

  test("an edit inside the range's own text says so, and the range covers what is there now", () => {
    assert.deepEqual(moveRange(userName, [{ range: [7, 20, 7, 30], text: 'mail' }]), { range: [7, 2, 7, 39], edited: true });
    // The whole line replaced by two.
    assert.deepEqual(moveRange(userName, [{ range: [7, 0, 8, 0], text: 'a\nb\n' }]), { range: [7, 0, 9, 0], edited: true });
  });

  test('the same mapping text: a byte order mark and line endings do not count, a character does', () => {
    assert.ok(sameMappingText('users {\n}\n', '\uFEFFusers {\r\n}\r\n'));
    assert.ok(!sameMappingText('users {\n}\n', 'users {\n}\n\n'));
  });
});
