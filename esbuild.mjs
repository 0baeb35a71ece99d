// Bundles the extension client, the language server and the CLI into one file each (dist/), and the
// preview page's script and style sheet into dist/webview/. `node esbuild.mjs --watch` (npm run
// watch) rebuilds on every change until stopped.
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Minified: the .vsix stays small; the source maps (not packaged) keep stack traces readable in development.
  minify: true,
  logLevel: 'warning',
  // The one source of the version (server/src/version.ts).
  define: { SCIMMAP_VERSION: JSON.stringify(version) },
};
const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server-main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The preview page runs in the webview: a browser script, loaded by the panel through asWebviewUri.
  {
    entryPoints: ['client/src/preview/page/preview.ts', 'client/src/preview/page/preview.css'],
    outdir: 'dist/webview',
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
  },
];

for (const build of builds) {
  const options = { ...common, ...build };
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
  } else {
    await esbuild.build(options);
  }
}
