// Paged reads of a SCIM collection (RFC 7644 §3.4.2.4) against the Genesys-like sandbox, the
// third-party scimmy peer, and loopback peers that misbehave: one whose totalResults is wrong or
// changes, one that ignores startIndex, one that never ends, one that stalls; and cancellation.
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ScimError } from '../../../shared/src/scim/errors';
import { listPages, type ListOptions } from '../../../shared/src/scim/list';
import { readLiveTargetState } from '../../../shared/src/scim/target-state';
import type { ScimClient } from '../../../shared/src/scim/client';
import { startScimmyPeer, type Peer } from '../../sandbox/scimmy-peer';
import { clientFor, startLoopbackServer, useSandbox, type LoopbackServer } from './helpers';

async function readAll(client: ScimClient, path: string, options: ListOptions = {}) {
  const warnings: string[] = [];
  const progress: string[] = [];
  const resources: unknown[] = [];
  for await (const page of listPages(client, path, {
    ...options,
    warn: (message) => warnings.push(message),
    progress: (read, total) => progress.push(`${read}/${total}`),
  }))
    resources.push(...page);
  return { resources, warnings, progress };
}

const ids = (resources: unknown[]) => resources.map((resource) => (resource as { id: string }).id);

/** A loopback peer answering GET /Users from `page(startIndex, count)`; Resources of `{id}`. */
async function peerAnswering(
  page: (startIndex: number, count: number) => Record<string, unknown> | undefined,
): Promise<LoopbackServer & { requests: string[] }> {
  const requests: string[] = [];
  const server = await startLoopbackServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(`${url.pathname}${url.search}`);
    const body = page(Number(url.searchParams.get('startIndex') ?? 1), Number(url.searchParams.get('count') ?? 25));
    if (body === undefined) return; // stall: never answer
    res.writeHead(200, { 'content-type': 'application/scim+json' }).end(JSON.stringify(body));
  });
  return Object.assign(server, { requests });
}

const list = (resources: unknown[], extra: Record<string, unknown> = {}) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  ...extra,
  Resources: resources,
});
const users = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: `u${from + i}` }));

describe('paged GET /Users against the sandbox', () => {
  const sandbox = useSandbox();

  test('every user, page by page with startIndex and count, progress after each page', async () => {
    for (let i = 0; i < 6; i++) sandbox().store.createUser({ userName: `paged.${i}@example.com`, displayName: `Paged ${i}` });
    const { client } = clientFor(sandbox().url, sandbox().token);
    try {
      const { resources, warnings, progress } = await readAll(client, '/Users', { pageSize: 3 });
      // The seed's two active users and the six new ones; Genesys Cloud leaves the inactive one out of the plain list.
      assert.equal(resources.length, 8);
      assert.deepEqual(warnings, []);
      assert.deepEqual(progress, ['3/8', '6/8', '8/8']);
      assert.deepEqual(
        sandbox().requests.map((request) => request.query),
        [
          { startIndex: '1', count: '3' },
          { startIndex: '4', count: '3' },
          { startIndex: '7', count: '3' },
        ],
      );
    } finally {
      await client.close();
    }
  });

  test('the live state: inactive users through filter=active eq false; groups by their matching queries when /Groups needs a filter', async () => {
    const { client } = clientFor(sandbox().url, sandbox().token);
    const warnings: string[] = [];
    try {
      const state = await readLiveTargetState(client, {
        groups: true,
        groupQueries: () => ['/Groups?excludedAttributes=members&filter=displayName eq "Sales"', '/Groups?filter=displayName eq "Nobody"'],
        warn: (message) => warnings.push(message),
      });
      assert.ok(state.users.some((user) => user.userName === 'grace.hopper@example.com' && user.active === false));
      assert.equal(new Set(state.users.map((user) => user.id)).size, state.users.length, 'each user once');
      assert.deepEqual(
        state.groups.map((group) => [group.displayName, (group.members as unknown[]).length]),
        [['Sales', 1]],
      );
      assert.match(
        warnings.join('\n'),
        /\/Groups: the target does not list groups without a filter .*2 groups were looked up by their matching queries/,
      );
    } finally {
      await client.close();
    }
  });
});

describe('paged GET /Users against the scimmy peer (a third-party SCIM implementation)', () => {
  let peer: Peer;
  before(async () => {
    peer = await startScimmyPeer();
  });
  after(async () => {
    await peer.close();
  });

  test('every user, each once, and the groups listed without a filter', async () => {
    const { client } = clientFor(peer.url, peer.token);
    try {
      for (let i = 0; i < 7; i++)
        await client.json({
          method: 'POST',
          path: '/Users',
          body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `peer.${i}@example.com`, active: i !== 3 },
        });
      await client.json({
        method: 'POST',
        path: '/Groups',
        body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Peers' },
      });
      const { resources, warnings } = await readAll(client, '/Users', { pageSize: 2 });
      assert.equal(resources.length, 7);
      assert.equal(new Set(ids(resources)).size, 7);
      assert.deepEqual(warnings, []);
      const state = await readLiveTargetState(client, { groups: true, pageSize: 2 });
      assert.equal(state.users.length, 7, 'the inactive user once, though both queries return it');
      assert.deepEqual(
        state.groups.map((group) => group.displayName),
        ['Peers'],
      );
    } finally {
      await client.close();
    }
  });
});

describe('paged reads from peers that misbehave', () => {
  const servers: LoopbackServer[] = [];
  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });
  const start = async (page: Parameters<typeof peerAnswering>[0], clientOptions: Parameters<typeof clientFor>[2] = {}) => {
    const server = await peerAnswering(page);
    servers.push(server);
    return { server, ...clientFor(`${server.origin}/scim/v2`, 'peer-token', clientOptions) };
  };

  test('the live state leaves out a resource without a string id (RFC 7643 §3.1) or with a blank one, and says how many (before: kept, and patched at a placeholder id; a blank id at PATCH /Users/)', async () => {
    const { client } = await start((startIndex) =>
      startIndex === 1
        ? list([{ id: 'u1' }, { userName: 'no-id@example.com' }, { id: 7 }, { id: '' }, { id: '  ' }], { totalResults: 5 })
        : list([], { totalResults: 5 }),
    );
    const warnings: string[] = [];
    const state = await readLiveTargetState(client, { groups: false, warn: (message) => warnings.push(message) });
    assert.deepEqual(ids(state.users), ['u1']);
    // The peer answers the inactive users' query with everyone: both lists are said.
    assert.deepEqual(warnings, [
      '/Users: 4 resources without an "id" (a string that is not blank; RFC 7643 §3.1 requires one) are left out of the state: no request could address them.',
      '/Users (active eq false): 4 resources without an "id" (a string that is not blank; RFC 7643 §3.1 requires one) are left out of the state: no request could address them.',
    ]);
  });

  test('a page that repeats one id among new ones: the repeat is named and left out, not counted as a resource the server did not send (before: "announced 7 but sent 6")', async () => {
    const all = [...users(1, 3), { id: 'u2', userName: 'again' }, ...users(4, 3)];
    const { client } = await start((startIndex, count) => list(all.slice(startIndex - 1, startIndex - 1 + count), { totalResults: 7 }));
    const { resources, warnings } = await readAll(client, '/Users', { pageSize: 2 });
    assert.deepEqual(ids(resources), ['u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    assert.deepEqual(warnings, [
      '/Users: the page at startIndex 3 sent "u2" again, under an id already read; one id is one resource, so the repeat is left out.',
    ]);
  });

  test('a totalResults larger than what exists: read until the empty page, and said', async () => {
    const all = users(1, 5);
    const { client } = await start((startIndex, count) => list(all.slice(startIndex - 1, startIndex - 1 + count), { totalResults: 100 }));
    const { resources, warnings } = await readAll(client, '/Users', { pageSize: 2 });
    assert.deepEqual(ids(resources), ['u1', 'u2', 'u3', 'u4', 'u5']);
    assert.deepEqual(warnings, ['/Users: the server announced 100 resources but sent 5.']);
  });

  test('a totalResults that changes between pages: said once, read on to the empty page', async () => {
    const all = users(1, 7);
    const { client } = await start((startIndex, count) =>
      list(all.slice(startIndex - 1, startIndex - 1 + count), { totalResults: startIndex === 1 ? 4 : 7 }),
    );
    const { resources, warnings } = await readAll(client, '/Users', { pageSize: 3 });
    assert.equal(resources.length, 7);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /totalResults changed from 4 to 7 between pages/);
  });

  test('a server that caps its pages below count: short pages, read on to totalResults', async () => {
    const all = users(1, 9);
    const { client, server } = await start((startIndex) => list(all.slice(startIndex - 1, startIndex + 1), { totalResults: 9 }));
    const { resources, warnings } = await readAll(client, '/Users', { pageSize: 25 });
    assert.equal(resources.length, 9);
    assert.deepEqual(warnings, []);
    assert.equal(server.requests.length, 5);
  });

  test('without totalResults, a short page is the last', async () => {
    const all = users(1, 5);
    const { client, server } = await start((startIndex, count) => list(all.slice(startIndex - 1, startIndex - 1 + count)));
    const { resources } = await readAll(client, '/Users', { pageSize: 2 });
    assert.equal(resources.length, 5);
    assert.equal(server.requests.length, 3);
  });

  test('a server that ignores startIndex: the repeated page stops the read', async () => {
    const { client, server } = await start(() => list(users(1, 2), { totalResults: 10 }));
    const { resources, warnings } = await readAll(client, '/Users', { pageSize: 2 });
    assert.deepEqual(ids(resources), ['u1', 'u2']);
    assert.equal(server.requests.length, 2);
    assert.match(warnings[0], /repeats resources already read \(the server ignores startIndex\); stopped with 2 of 10/);
  });

  test('a server that never ends: stopped at twice what it first announced', async () => {
    const { client } = await start((startIndex, count) => list(users(startIndex, count), { totalResults: startIndex + 10 }));
    const { resources, warnings } = await readAll(client, '/Users', { pageSize: 5 });
    assert.ok(resources.length < 2 * 11 + 2 * 5, `${resources.length} resources`);
    assert.match(warnings.at(-1)!, /stopped after \d+ resources, twice the 11 the server first announced: the server keeps sending pages/);
  });

  // Before: nothing bounded what the read kept but the time budget; a peer sending pages of fat users with
  // totalResults 10^12 had the CLI at 1.6 GB after 40 s of the default 600.
  test('a server that keeps sending full pages: the live state stops at the size a --target-state file may have, and says so', async () => {
    const fat = (from: number, count: number) => users(from, count).map((user) => ({ ...user, title: 'x'.repeat(1_000) }));
    const { client, server } = await start((startIndex, count) => list(fat(startIndex, count), { totalResults: 1e12 }));
    await assert.rejects(
      readLiveTargetState(client, { groups: false, pageSize: 10, maxCharacters: 100 * 1024 }),
      (error: unknown) =>
        error instanceof ScimError &&
        error.kind === 'tooLarge' &&
        /^the target's answers passed 0\.09765625 MiB \(\d+ resources kept\), the most a target's state is read to \(it is held in memory whole, as a --target-state file is\); the read stopped there\.$/.test(
          error.message,
        ),
    );
    assert.ok(server.requests.length <= 11, `${server.requests.length} pages`);
  });

  test('a server that stalls: the timeout ends the read with a ScimError', async () => {
    // Only this peer stalls; the others keep the default, so a page a loaded machine answers late is no timeout.
    const { client } = await start((startIndex) => (startIndex === 1 ? list(users(1, 2), { totalResults: 4 }) : undefined), {
      timeoutMs: 300,
    });
    await assert.rejects(
      readAll(client, '/Users', { pageSize: 2 }),
      (error: unknown) => error instanceof ScimError && error.kind === 'timeout',
    );
  });

  test('cancelled between pages: a cancelled ScimError, nothing more sent', async () => {
    const controller = new AbortController();
    const { client, server } = await start((startIndex, count) => list(users(startIndex, count), { totalResults: 50 }));
    const pages = listPages(client, '/Users', { pageSize: 5, signal: controller.signal });
    assert.equal(((await pages.next()).value as unknown[]).length, 5);
    controller.abort();
    await assert.rejects(pages.next(), (error: unknown) => error instanceof ScimError && error.kind === 'cancelled');
    assert.equal(server.requests.length, 1);
  });

  test('an answer that is no ListResponse is an error naming the request', async () => {
    const { client } = await start(() => ({ hello: 'world' }));
    await assert.rejects(
      readAll(client, '/Users'),
      /GET http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\?startIndex=1&count=25 did not answer with a ListResponse/,
    );
  });
});
