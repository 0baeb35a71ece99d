// The unique values a simulated cycle remembers, kept off the heap: each value's first owner is
// found again however many values there are, whatever their characters or length.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClaimedValues } from '../../../server/src/simulation/claimed-values';

describe('ClaimedValues', () => {
  test('a free value is taken; a taken one names its first owner', () => {
    const claimed = new ClaimedValues();
    assert.equal(claimed.claim('ada@contoso.com', 'user-1'), undefined);
    assert.equal(claimed.claim('ada@contoso.com', 'user-2'), 'user-1');
    assert.equal(claimed.claim('ada@contoso.com', 'user-1'), 'user-1');
    assert.equal(claimed.claim('bob@contoso.com', 'user-2'), undefined);
    assert.equal(claimed.size, 2);
  });

  test('200,000 values through many table growths and chunks: each found with its owner, none confused', () => {
    const claimed = new ClaimedValues();
    for (let i = 0; i < 200_000; i++) assert.equal(claimed.claim(`user.${i}@contoso.com`, `00000000-${i}`), undefined);
    for (let i = 0; i < 200_000; i += 997) assert.equal(claimed.claim(`user.${i}@contoso.com`, 'later'), `00000000-${i}`);
    assert.equal(claimed.claim('user.200000@contoso.com', 'new'), undefined);
    assert.equal(claimed.size, 200_001);
  });

  test('any characters, empty strings, and values longer than a chunk', () => {
    const claimed = new ClaimedValues();
    const long = 'x'.repeat(3 << 20);
    for (const [key, owner] of [
      ['zoë.núñez@contoso.com', 'Zoë "Z" Núñez'],
      ['', 'nobody'],
      ['😀@contoso.com', 'emoji'],
      [long, 'long'],
      [`${long}y`, 'longer'],
    ])
      assert.equal(claimed.claim(key, owner), undefined);
    assert.equal(claimed.claim('zoë.núñez@contoso.com', 'x'), 'Zoë "Z" Núñez');
    assert.equal(claimed.claim('', 'x'), 'nobody');
    assert.equal(claimed.claim('😀@contoso.com', 'x'), 'emoji');
    assert.equal(claimed.claim(long, 'x'), 'long');
    assert.equal(claimed.claim(`${long}y`, 'x'), 'longer');
    assert.equal(claimed.claim('zoe.nunez@contoso.com', 'x'), undefined);
  });
});
