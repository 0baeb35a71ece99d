import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { escaped, quote } from '../../../server/src/provisioning/json-string';

describe('strings as JSON text', () => {
  test("quote is JSON.stringify's literal and escaped the text between its quotes, for every kind of character that needs an escape or none", () => {
    const made = ['Ada', ' Lovelace'].join('');
    const cases = [
      '',
      'ada@contoso.com',
      'O"Brien',
      'back\\slash',
      'tab\there',
      'line\r\nbreak',
      '\u0000\u001f',
      '\u007f\u0080\u2028',
      'Zoë 😀',
      'lone \ud800 high',
      'lone \udfff low',
      'reversed \udc00\ud800 pair',
      `${made} "${made}"`,
    ];
    for (const text of cases) {
      assert.equal(quote(text), JSON.stringify(text), text);
      assert.equal(escaped(text), JSON.stringify(text).slice(1, -1), text);
    }
  });
});
