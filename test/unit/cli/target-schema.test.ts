// The CLI reads a mapping's declared target beside the file, and --target-schema FILE|NAME overrides
// it (check, preview, provision), so a CI pipeline can check one mapping for several apps.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { capture, tempFiles } from './cli-io';

const ACTIVE = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';
const mapping = (declaration: string) =>
  `${declaration}\nusers {\n  userName <- [userPrincipalName] match 1\n  active <- ${ACTIVE}\n  name.givenName <- [givenName]\n}\n`;
const acme = {
  name: 'Acme HR',
  resources: [
    {
      name: 'User',
      block: 'users',
      endpoint: '/Users',
      coreSchema: 'urn:ietf:params:scim:schemas:core:2.0:User',
      required: ['userName'],
      schemas: [
        {
          id: 'urn:ietf:params:scim:schemas:core:2.0:User',
          attributes: [
            { name: 'userName', type: 'string', entraType: 'String', required: true, filterable: true },
            { name: 'active', type: 'boolean', entraType: 'Boolean' },
          ],
        },
      ],
    },
  ],
};

async function run(...argv: string[]) {
  const io = capture();
  const code = await main(argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('scimmap check and the target', () => {
  const write = tempFiles('scimmap-cli-targets-');
  const generic = write('generic.scimmap', mapping('target "generic-scim"'));
  write('acme.target.json', acme);
  const declaredFile = write('acme.scimmap', mapping('target "./acme.target.json"'));

  test('the declaration decides: name.givenName is fine for generic SCIM, unknown for Genesys Cloud', async () => {
    assert.deepEqual(await run('check', generic), { code: 0, out: '', err: '' });
    const genesys = await run('check', generic, '--target-schema', 'genesys-cloud');
    assert.equal(genesys.code, 1);
    assert.match(genesys.out, /unknown-target `name` is not an attribute of Genesys Cloud User resources/);
  });

  test('a declared file is read relative to the mapping, not the working directory', async () => {
    const result = await run('check', declaredFile);
    assert.equal(result.code, 1);
    assert.match(result.out, /acme\.scimmap:5:3 error unknown-target `name` is not an attribute of Acme HR User resources/);
  });

  test('--target-schema FILE overrides the declaration', async () => {
    const file = write('acme-too.target.json', { ...acme, name: 'Acme Too' });
    const result = await run('check', generic, '--target-schema', file, '--format', 'json');
    assert.equal(result.code, 1);
    assert.match(JSON.parse(result.out)[0].message, /Acme Too User resources/);
  });

  test('a bad --target-schema is a usage error (exit 2) that says what is wrong', async () => {
    const unknown = await run('check', generic, '--target-schema', 'genesys');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /--target-schema: No bundled target schema is called "genesys": did you mean "genesys-cloud"\?/);
    const broken = write('broken.target.json', '{"name": "x", "resources": [{}]}');
    const invalid = await run('check', generic, '--target-schema', broken);
    assert.equal(invalid.code, 2);
    assert.match(invalid.err, /"block" is missing/);
    const latin1 = write('latin1.target.json', '');
    writeFileSync(latin1, Buffer.from(JSON.stringify({ ...acme, name: 'Acm\u00e9' }), 'latin1'));
    const notUtf8 = await run('check', generic, '--target-schema', latin1);
    assert.equal(notUtf8.code, 2);
    assert.match(
      notUtf8.err,
      /latin1\.target\.json" is not valid UTF-8: line 1 has a byte that is no character \(0xe9 at byte offset 12\)/,
    );
  });

  // Before: "... not found (the path is relative to the mapping file's folder)", though the option is read from the working directory.
  test('--target-schema FILE that is not there says it was looked for in the working directory', async () => {
    const missing = await run('check', generic, '--target-schema', './acme-missing.target.json');
    assert.equal(missing.code, 2);
    assert.match(
      missing.err,
      /--target-schema: Target schema file "\.\/acme-missing\.target\.json" not found \(the path is relative to the working directory\)\./,
    );
  });

  test('preview builds the requests for the declared target', async () => {
    const user = write('ada.json', { userPrincipalName: 'ada@contoso.com', givenName: 'Ada' });
    const result = await run('preview', generic, '--user', user);
    assert.equal(result.code, 0, result.err);
    const post = JSON.parse(result.out).find((request: { method: string }) => request.method === 'POST');
    assert.deepEqual(post.body.name, { givenName: 'Ada' });
    const refused = await run('preview', generic, '--user', user, '--target-schema', 'genesys-cloud');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /has errors; fix them first/);
  });
});
