// The short fuzz run (issue 10): the built server over stdio, a few seeded runs of random edits and
// requests, every check of test/support/fuzz.ts after each step. Time is judged loosely here (ten
// times the long run's 100 ms), since npm test shares a loaded machine; `npm run fuzz` is the long
// run with the real limit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fuzzServer } from '../../support/fuzz';
import { repositoryRoot } from '../../support/repository';
import { fuzzStarts } from '../../fuzz/starts';

describe('the language server under random edits and requests', { timeout: 120_000 }, () => {
  const root = repositoryRoot(__dirname);
  for (const seed of [1, 2]) {
    test(`seed ${seed}: 60 edits, every answer checked`, async () => {
      const report = await fuzzServer(root, { seed, steps: 60, starts: fuzzStarts(root), requestsPerStep: 4, slowMs: 1_000 });
      assert.deepEqual(report.failures, []);
      assert.equal(report.steps, 60);
    });
  }
});
