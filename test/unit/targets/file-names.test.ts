// The files the extension suggests: Discover Target Schema's, after the connection; a pull's, after the Entra app.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pulledFileName, targetFileName } from '../../../client/src/file-names';

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

// Before: `[^\w.-]` made the app "Zürich HR" z-rich-hr.scimmap, and the pulled target file beside it followed.
test('a pulled mapping is named after its app, by the same rule', () => {
  assert.equal(pulledFileName('Zürich HR'), 'zürich-hr.scimmap');
  assert.equal(pulledFileName('Genesys Cloud for Salesforce'), 'genesys-cloud-for-salesforce.scimmap');
  assert.equal(pulledFileName('人事 (本番)'), '人事-本番.scimmap');
  assert.equal(pulledFileName(undefined), 'app.scimmap');
  assert.equal(pulledFileName('***'), 'app.scimmap');
});
