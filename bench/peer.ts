// A hostile SCIM peer's 4 MB answer nested 2,000,000 levels deep (issue 10 §14): the memory a whole
// Test Connection costs against it (the depth check refuses each answer before JSON.parse), and,
// for comparison, what one JSON.parse of the same text costs. RSS is sampled every 5 ms; it moves
// with the garbage collector, so read the figures as sizes, not as exact bytes.
// Run alone: node out/bench/peer.js (after npm run compile-tests).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScimClient } from '../shared/src/scim/client';
import { testConnection } from '../shared/src/scim/test-connection';
import { StaticToken } from '../shared/src/scim/tokens';

const depth = 2_000_000;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** The largest RSS growth while `work` runs. */
async function rssGrowth(work: () => Promise<unknown> | unknown): Promise<number> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss) - before;
}

export async function benchPeer(): Promise<Record<string, string>> {
  const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/scim+json' }).end(nested));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
    const client = new ScimClient({ root, tokens: new StaticToken('bench-token-1234') });
    let outcome = '';
    const bounded = await rssGrowth(async () => {
      outcome = (await testConnection(client)).probe.errorKind ?? 'accepted';
    });
    await client.close();
    const parsed = await rssGrowth(() => JSON.parse(nested));
    return {
      'Test Connection against a 4 MB answer nested 2,000,000 deep (3 answers), RSS growth': `${mib(bounded)} (${outcome})`,
      'one JSON.parse of that answer, RSS growth (what the depth check avoids)': mib(parsed),
    };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

if (require.main === module) {
  benchPeer()
    .then((results) => {
      for (const [name, value] of Object.entries(results)) console.log(`${name}: ${value}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
