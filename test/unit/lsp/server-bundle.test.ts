// What the language server's bundles carry: the server makes no HTTP request (the extension and the
// CLI talk to SCIM endpoints and Microsoft Graph), so undici, about half of a bundle that carries it,
// must not be compiled and loaded at every start (docs/performance.md, "undici out of the server's
// bundle"). An import of a module that reaches the Graph or SCIM client brings it back silently.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import { repositoryRoot } from '../../support/repository';

const root = repositoryRoot(__dirname);

/** The source files and packages esbuild puts into the bundle of `entry`, relative to the repository. */
async function bundledInputs(entry: string): Promise<string[]> {
  const result = await esbuild.build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: root,
    outfile: join(root, 'out', 'bundle-check.js'),
  });
  return Object.keys(result.metafile.inputs);
}

for (const entry of ['server/src/server-main.ts', 'server/src/lsp/evaluation-worker.ts']) {
  test(`${entry}'s bundle carries no HTTP client (before: shared/src/graph/pulled.ts brought undici back through the Graph client)`, async () => {
    const inputs = await bundledInputs(entry);
    assert.ok(
      inputs.some((input) => input.startsWith('server/src/')),
      'the bundle was built from the sources',
    );
    assert.deepEqual(
      inputs.filter((input) => /(^|\/)node_modules\/undici\/|^shared\/src\/(scim\/http|graph\/client)\.ts$/.test(input)),
      [],
    );
  });
}
