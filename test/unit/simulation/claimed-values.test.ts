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

  test('a value given back by its owner is free again; only its owner gives it back; every other value keeps its owner', () => {
    const claimed = new ClaimedValues();
    assert.equal(claimed.claim('r1@contoso.com', 'r1'), undefined);
    claimed.release('r1@contoso.com', 'r3');
    assert.equal(claimed.claim('r1@contoso.com', 'r3'), 'r1', 'another object cannot give it back');
    claimed.release('r1@contoso.com', 'r1');
    assert.equal(claimed.size, 0);
    assert.equal(claimed.claim('r1@contoso.com', 'r3'), undefined);
    claimed.release('never@contoso.com', 'r3');
    assert.equal(claimed.size, 1);
  });

  test('values given back among 20,000, through table growths: the probe runs stay whole (checked against a Map)', () => {
    const claimed = new ClaimedValues();
    const model = new Map<string, string>();
    let seed = 7;
    const random = (below: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % below;
    for (let step = 0; step < 60_000; step++) {
      const key = `u${random(20_000)}`;
      if (random(3) === 0) {
        const owner = model.get(key);
        claimed.release(key, owner ?? 'nobody');
        model.delete(key);
      } else {
        assert.equal(claimed.claim(key, `o${step}`), model.get(key), key);
        if (!model.has(key)) model.set(key, `o${step}`);
      }
    }
    assert.equal(claimed.size, model.size);
    for (let i = 0; i < 20_000; i++) assert.equal(claimed.claim(`u${i}`, 'last'), model.get(`u${i}`) ?? undefined, `u${i}`);
  });
});
