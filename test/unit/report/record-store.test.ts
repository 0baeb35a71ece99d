// The records a simulation keeps for its report (server/src/simulation/record-store.ts): every
// record comes back as added, from compressed batches and from the batch still filling.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RecordStore } from '../../../server/src/simulation/record-store';

describe('the simulation record store', () => {
  test('gives back each record as added, across batches, and nothing outside its range', () => {
    const store = new RecordStore<{ index: number; text: string }>(4);
    const records = Array.from({ length: 10 }, (_, index) => ({ index, text: `line\nbreak "${index}" ✓` }));
    for (const record of records) store.add(record);
    assert.equal(store.size, 10);
    for (const index of [9, 0, 5, 4, 8, 1]) assert.deepEqual(store.get(index), records[index]);
    assert.equal(store.get(10), undefined);
    assert.equal(store.get(-1), undefined);
    assert.equal(store.get(1.5), undefined);
  });

  test('keeps repetitive records compressed', () => {
    const store = new RecordStore<object>();
    const record = {
      provisioningSteps: Array.from({ length: 4 }, (_, step) => ({
        name: 'EntryExportAdd',
        step,
        description: 'Entra creates the user.',
      })),
    };
    for (let index = 0; index < 2_560; index++) store.add({ ...record, id: `user-${index}` });
    assert.ok(store.bytes < (JSON.stringify(record).length * 2_560) / 5, `${store.bytes} bytes`);
  });
});
