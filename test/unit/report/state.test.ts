// The report's webview state (client/src/report/state.ts), read back after a window reload: the run's
// inputs, checked, since the page could have saved anything; never rows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { restoredReportState } from '../../../client/src/report/state';

const saved = {
  mappingUri: 'file:///work/purecloud.scimmap',
  directory: ['file:///work/users.csv'],
  targetState: ['file:///work/target.json'],
  impact: true,
};

describe("the report's state after a window reload", () => {
  test("gives back the run's inputs", () => {
    assert.deepEqual(restoredReportState(saved), saved);
    assert.equal(restoredReportState({ ...saved, impact: 'yes' })?.impact, false, 'only true is impact mode');
  });

  test('refuses a state without a mapping or a directory, or of another shape (the state of an older version included)', () => {
    for (const state of [
      undefined,
      null,
      'file:///work/purecloud.scimmap',
      { mappingUri: 'file:///work/purecloud.scimmap' },
      { ...saved, mappingUri: 3 },
      { ...saved, directory: [] },
      { ...saved, directory: 'file:///work/users.csv' },
      { ...saved, targetState: [1] },
    ])
      assert.equal(restoredReportState(state), undefined, JSON.stringify(state));
  });
});
