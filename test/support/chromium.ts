// Headless Chromium as the offline integration launcher (test/integration/launchers/offline.ts) and
// the report view's benchmark (bench/report-page.ts) start it: the same flags, and the browser
// .ci/setup.mjs finds for `npm test` ($SCIMMAP_CHROMIUM, else the first Chromium on PATH).
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Chromium flags for a headless run with no network chatter of its own. */
export const chromiumArguments = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The Chromium binary `npm test` would use, or why there is none. */
export function findChromium(root: string): { readonly path: string } | { readonly missing: string } {
  try {
    // An ES module without top-level await: Node 20.19 and later require() it.
    const setup = createRequire(__filename)(join(root, '.ci', 'setup.mjs')) as { chromiumPath(): string };
    return { path: setup.chromiumPath() };
  } catch (error) {
    return { missing: error instanceof Error ? error.message : String(error) };
  }
}
