// What import writes into the .target.json decides how the preview types values. Entra's flat
// target names carry no type for a filter's sub-attribute: RFC 7643 §2.4 makes `primary` a boolean.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSchema } from '../../../server/src/entra/import';
import { parse } from '../../../server/src/syntax/parser';
import { readTargetSchema } from '../../../server/src/schema/target-format';
import { previewUser } from '../../../server/src/provisioning/requests';
import { analyze } from '../../../server/src/validation/analyze';
import { repositoryRoot } from '../../support/repository';

const root = repositoryRoot(__dirname);
// Audit 10 F2's schema: a customappsso app whose directory declares roles[primary eq "True"].value, mapped from SingleAppRoleAssignment.
const rolesPrimary = readFileSync(join(root, 'test', 'fixtures', 'entra', 'roles-primary.json'), 'utf8');

interface Attribute {
  name: string;
  type: string;
  subAttributes?: Attribute[];
}

function imported(json: string) {
  const result = importSchema(json, 'app.json', { targetFile: './app.target.json' });
  const document = result.targetSchema as { resources: Array<{ schemas: Array<{ attributes: Attribute[] }> }> };
  return { text: result.text, targetJson: document, target: readTargetSchema(document, 'app.target.json') };
}

function subAttribute(document: ReturnType<typeof imported>['targetJson'], parent: string, name: string): Attribute | undefined {
  return document.resources[0].schemas[0].attributes.find((a) => a.name === parent)?.subAttributes?.find((s) => s.name === name);
}

describe('import types `primary` of a multi-valued attribute as a boolean', () => {
  test('the filter key of roles[primary eq "True"].value', () => {
    assert.equal(subAttribute(imported(rolesPrimary).targetJson, 'roles', 'primary')?.type, 'boolean');
  });

  test('a filtered path ending in .primary, and a key named Primary in another case', () => {
    const renamed = (name: string) => imported(rolesPrimary.replace('roles[primary eq \\"True\\"].value', name)).targetJson;
    assert.equal(subAttribute(renamed('emails[type eq \\"work\\"].primary'), 'emails', 'primary')?.type, 'boolean');
    assert.equal(subAttribute(renamed('emails[Primary eq \\"True\\"].value'), 'emails', 'Primary')?.type, 'boolean');
  });

  test('another filter key stays a string', () => {
    const json = rolesPrimary.replace('roles[primary eq \\"True\\"].value', 'emails[type eq \\"work\\"].value');
    assert.equal(subAttribute(imported(json).targetJson, 'emails', 'type')?.type, 'string');
  });

  test('the preview POSTs "primary": true, as reference §4.7 shows, and check stays clean', () => {
    const { text, target } = imported(rolesPrimary);
    assert.deepEqual(
      analyze(text, { override: target }).diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const user = {
      id: 'r',
      attributes: {
        userPrincipalName: 'r@contoso.com',
        displayName: 'R',
        IsSoftDeleted: 'False',
        department: 'Ventes',
        accountEnabled: true,
        mail: 'r@contoso.com',
        appRoleAssignments: [{ id: '9f1c2e7a-0000-4000-8000-000000000001', value: 'Admin', displayName: 'Administrator' }],
      },
    };
    const preview = previewUser(parse(text).file, user, { targetSchema: target });
    const post = preview.requests.find((request) => request.method === 'POST');
    assert.deepEqual((post?.body as { roles?: unknown }).roles, [
      { primary: true, type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' },
    ]);
  });
});
