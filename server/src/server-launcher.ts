// Entry of dist/server.js (started by VS Code, and by `scimmap lsp --stdio` through dist/cli.js): runs
// the language server's bundle, dist/language-server.js, through V8's code cache (code-cache.ts),
// which saves compiling the functions the start runs (docs/performance.md, issue 11).
// First: V8 accepts a code cache only under the flags it was made with, so they are set before the compile.
import './memory-flags';
import { join } from 'node:path';
import { codeCacheDirectory, runWithCodeCache } from './code-cache';

runWithCodeCache(join(__dirname, 'language-server.js'), codeCacheDirectory());
