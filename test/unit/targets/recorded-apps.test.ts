// Discovery of four real SCIM apps of different shapes, from answers written from their published
// documentation (test/fixtures/targets/README.md): each gives a target schema under which a
// realistic mapping for the app checks without errors, and its typos are caught.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchDiscovery } from '../../../shared/src/scim/discovery';
import { targetSchemaFromDiscovery } from '../../../server/src/schema/discovery';
import { analyze } from '../../../server/src/validation/analyze';
import type { Target } from '../../../server/src/schema/target';
import { clientFor, startLoopbackServer, type LoopbackServer } from '../scim/helpers';

const fixtures = 'test/fixtures/targets';
const apps = readdirSync(fixtures).filter((name) => existsSync(join(fixtures, name, 'Schemas.json')));

/** Serves an app's recorded answers: each `NAME.json` at /NAME, a second page of /Schemas at startIndex 3. */
function serve(app: string): Promise<LoopbackServer> {
  const file = (name: string) => join(fixtures, app, name);
  return startLoopbackServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const endpoint = url.pathname.replace(/^\/scim\//, '');
    const name = endpoint === 'Schemas' && url.searchParams.get('startIndex') === '3' ? 'Schemas-page2.json' : `${endpoint}.json`;
    if (request.headers.authorization !== 'Bearer recorded-token' || !existsSync(file(name))) {
      response.writeHead(request.headers.authorization === 'Bearer recorded-token' ? 404 : 401, {
        'content-type': 'application/scim+json',
      });
      response.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'Not found' }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/scim+json' });
    response.end(readFileSync(file(name)));
  });
}

function errorsOf(text: string, target: Target): string[] {
  return analyze(text, { override: target })
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.code} @ ${text.slice(d.span.start, d.span.end)}`);
}

test('four apps are recorded', () => {
  assert.deepEqual(apps, ['atlassian', 'aws-iam-identity-center', 'rfc7643', 'slack']);
});

for (const app of apps) {
  describe(`discovering ${app}`, () => {
    let server: LoopbackServer;
    let target: Target;
    let warnings: string[];
    before(async () => {
      server = await serve(app);
      const { client } = clientFor(`${server.origin}/scim`, 'recorded-token');
      try {
        ({ target, warnings } = targetSchemaFromDiscovery(await fetchDiscovery(client), { name: app, at: '2026-12-06T00:00:00Z' }));
      } finally {
        await client.close();
      }
    });
    after(async () => server.close());

    test('its realistic mapping checks without errors', () => {
      assert.deepEqual(errorsOf(readFileSync(join(fixtures, app, 'mapping.scimmap'), 'utf8'), target), []);
    });

    test('its typos are caught where they are', () => {
      const typos = JSON.parse(readFileSync(join(fixtures, app, 'typos.json'), 'utf8')) as Record<string, string>;
      let text = readFileSync(join(fixtures, app, 'mapping.scimmap'), 'utf8');
      for (const [right, wrong] of Object.entries(typos)) {
        assert.ok(text.includes(right), `${app}: the mapping has ${right}`);
        text = text.replace(right, wrong);
      }
      const errors = errorsOf(text, target);
      assert.equal(errors.length, Object.keys(typos).length, errors.join('\n'));
      for (const wrong of Object.values(typos))
        assert.ok(
          errors.some((error) => wrong.includes(error.slice(error.indexOf(' @ ') + 3))),
          `${wrong}: ${errors.join(', ')}`,
        );
    });

    test('what discovery could not read is said', () => {
      if (app === 'aws-iam-identity-center') assert.match(warnings.join('\n'), /does not offer \/ResourceTypes \(404/);
      else assert.deepEqual(warnings, []);
      assert.equal(target.serviceProvider?.patch, true);
    });
  });
}

test('Atlassian: its account id extension attribute is read-only', async () => {
  const server = await serve('atlassian');
  const { client } = clientFor(`${server.origin}/scim`, 'recorded-token');
  try {
    const { target } = targetSchemaFromDiscovery(await fetchDiscovery(client), { name: 'Atlassian', at: '2026-12-06T00:00:00Z' });
    assert.deepEqual(errorsOf(readFileSync(join(fixtures, 'atlassian', 'readonly.scimmap'), 'utf8'), target), [
      'read-only-target @ urn:scim:schemas:extension:atlassian-external:1.0:atlassianAccountId',
    ]);
  } finally {
    await client.close();
    await server.close();
  }
});
