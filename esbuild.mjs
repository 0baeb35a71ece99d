// Bundles the extension client, the language server and the CLI into one file each (dist/, with the
// CLI's small launcher), and the preview and report pages' scripts and style sheets into
// dist/webview/. `node esbuild.mjs --watch` (npm run watch) rebuilds on every change until stopped.
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
  // dist/server.js runs the language server's bundle through V8's code cache (server/src/server-launcher.ts).
  { entryPoints: ['server/src/server-launcher.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/server-main.ts'], outfile: 'dist/language-server.js' },
  // Started by the server (and `scimmap lsp`) on the first preview: server/src/lsp/evaluation-thread.ts. It runs
  // the worker's bundle, dist/evaluation.js, through V8's code cache (server/src/lsp/evaluation-worker-launcher.ts).
  { entryPoints: ['server/src/lsp/evaluation-worker-launcher.ts'], outfile: 'dist/evaluation-worker.js' },
  { entryPoints: ['server/src/lsp/evaluation-worker.ts'], outfile: 'dist/evaluation.js' },
  // dist/cli.js only chooses between the server's bundle and the commands' (server/src/cli/bin.ts).
  { entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/cli/commands-main.ts'], outfile: 'dist/cli-commands.js' },
  // The preview and report pages run in the webview: browser scripts, loaded by the panels through asWebviewUri.
  {
    // Named outputs: dist/webview/preview.js, preview.css, report.js, report.css side by side.
    entryPoints: ['preview/page/preview.ts', 'preview/page/preview.css', 'report/page/report.ts', 'report/page/report.css'].map(
      (entry) => ({
        in: `client/src/${entry}`,
        out: entry.replace(/^.*\//, '').replace(/\.(ts|css)$/, ''),
      }),
    ),
    outdir: 'dist/webview',
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
  },
];

/**
 * In watch mode: a line before and after each round of builds (one change often rebuilds several
 * bundles), which the "npm: watch" task of .vscode/tasks.json waits for.
 */
let running = 0;
let errors = 0;
const announce = {
  name: 'announce',
  setup(build) {
    build.onStart(() => {
      if (running++ === 0) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      errors += result.errors.length;
      if (--running > 0) return;
      console.log(`[watch] build finished${errors > 0 ? ` with ${errors} error(s)` : ''}`);
      errors = 0;
    });
  },
};

if (watch) {
  // Plain text, so the task's problem matcher reads esbuild's errors.
  const contexts = await Promise.all(builds.map((build) => esbuild.context({ ...common, ...build, color: false, plugins: [announce] })));
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(builds.map((build) => esbuild.build({ ...common, ...build })));
}
