// The file Discover Target Schema saves a connection's schema to, named after the connection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { targetFileName } from '../../../client/src/target-file-name';

// Before: `[^a-z0-9]` made "Personal Zürich" personal-z-rich and "Genesys 東京" genesys, and two
// connections named in Japanese alone both wrote discovered.target.json.
test('keeps the letters and digits of every script, and one hyphen for each run of anything else', () => {
  assert.equal(targetFileName('Acme HR'), 'acme-hr.target.json');
  assert.equal(targetFileName('Personal Zürich'), 'personal-zürich.target.json');
  assert.equal(targetFileName('Personal Zu\u0308rich'), 'personal-zürich.target.json');
  assert.equal(targetFileName('Genesys 東京'), 'genesys-東京.target.json');
  assert.equal(targetFileName('Ωmega / Prod (EU)'), 'ωmega-prod-eu.target.json');
  assert.equal(targetFileName(' ../..\\ '), 'discovered.target.json');
});
