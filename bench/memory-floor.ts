// Issue 11's memory target (server RSS <= 70 MiB after opening the 2,000-mapping file and 200 edits)
// set against its floor: the RSS of a bare node, of a language server built with vscode-languageserver
// and nothing else (bundled as ours is), then with our Chevrotain lexer, then with the parser too,
// each after `initialize`; and of the real server after initialize, after the open and after 200
// edits. Each is split by what holds the pages (/proc/PID/smaps): the node binary's own pages, V8's
// heap pages, glibc's main malloc arena, the malloc arenas of V8's background threads, the rest.
// The real server is measured twice more: started with MALLOC_ARENA_MAX=2 and
// --max-semi-space-size=1, settings only the process's start can make (glibc reads the first when
// the process starts; V8 the second when it sets up the heap), which `scimmap lsp --stdio` cannot
// choose for itself. Run alone: node out/bench/memory-floor.js (after npm run build and npx tsc -b).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { generateMappings } from '../test/support/generate';
import { startServer, temporaryCodeCache, type ServerLaunch, type ServerSession } from '../test/support/lsp-client';
import { repositoryRoot } from '../test/support/repository';
import { openDocument, typeEdits } from './lsp';

/** The pages of a process by what holds them, in MiB. */
function memoryOf(pid: number | undefined): string {
  const parts = { 'node binary': 0, 'V8 heap': 0, 'malloc main': 0, 'malloc threads': 0, other: 0 };
  let part: keyof typeof parts = 'other';
  let total = 0;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const kib = (parseInt(mapping[2], 16) - parseInt(mapping[1], 16)) / 1024;
      const name = mapping[3];
      // V8 takes its heap in 256 KiB pages; a thread's malloc arena is a mapping of 1 to 64 MiB.
      part = name.endsWith('/node')
        ? 'node binary'
        : name === '[heap]'
          ? 'malloc main'
          : name !== ''
            ? 'other'
            : kib === 256
              ? 'V8 heap'
              : kib >= 1024 && kib <= 65536
                ? 'malloc threads'
                : 'other';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) {
      parts[part] += Number(rss[1]) / 1024;
      total += Number(rss[1]) / 1024;
    }
  }
  const split = Object.entries(parts).map(([name, mib]) => `${name} ${mib.toFixed(1)}`);
  return `${total.toFixed(1)} (${split.join(', ')})`;
}

/** A bare node process, waiting on its stdin. */
async function bareNode(): Promise<string> {
  const child = spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'ignore', 'ignore'] });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const memory = memoryOf(child.pid);
  child.kill();
  return memory;
}

/** Minimal language servers, bundled by esbuild as dist/language-server.js is: `initialize` runs `work`. */
function minimalServers(root: string, folder: string): Record<string, string> {
  const servers = {
    'vscode-languageserver alone': { imports: '', work: '' },
    '+ the lexer': { imports: "import { tokenize } from './server/src/syntax/lexer';", work: "tokenize('users {\\n}\\n');" },
    '+ the parser': { imports: "import { parse } from './server/src/syntax/parser';", work: "parse('users {\\n}\\n');" },
  };
  const files: Record<string, string> = {};
  for (const [name, { imports, work }] of Object.entries(servers)) {
    const outfile = join(folder, `${name.replace(/\W+/g, '-')}.js`);
    buildSync({
      stdin: {
        contents: `import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
${imports}
const connection = createConnection(ProposedFeatures.all);
connection.onInitialize(() => { ${work} return { capabilities: { textDocumentSync: 2 } }; });
connection.listen();`,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      minify: true,
      outfile,
      logLevel: 'silent',
    });
    files[name] = outfile;
  }
  return files;
}

async function measured(server: ServerSession): Promise<string> {
  // What V8 and malloc keep a moment after the answer, as the benchmarks read it.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return memoryOf(server.pid);
}

export async function benchMemoryFloor(root: string): Promise<Record<string, number | string>> {
  if (process.platform !== 'linux') return { 'memory floor': 'skipped (reads /proc)' };
  const results: Record<string, number | string> = { 'memory floor: bare node, RSS MiB': await bareNode() };
  const folder = mkdtempSync(join(tmpdir(), 'scimmap-memory-floor-'));
  try {
    for (const [name, file] of Object.entries(minimalServers(root, folder))) {
      const server = await startServer(root, [file, '--stdio']);
      results[`memory floor: ${name}, after initialize, RSS MiB`] = await measured(server);
      await server.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const text = generateMappings(2000);
  const launches: Array<[string, ServerLaunch]> = [
    ['scimmap lsp --stdio', {}],
    [
      'started with MALLOC_ARENA_MAX=2 --max-semi-space-size=1',
      { env: { MALLOC_ARENA_MAX: '2' }, nodeOptions: ['--max-semi-space-size=1'] },
    ],
  ];
  for (const [name, launch] of launches) {
    // A first start leaves the V8 code cache of its options, which a user's later starts find.
    await (await startServer(root, undefined, temporaryCodeCache(), launch)).close();
    const server = await startServer(root, undefined, temporaryCodeCache(), launch);
    results[`memory floor: ${name}, after initialize, RSS MiB`] = await measured(server);
    const document = await openDocument(server, '2,000 mappings', text);
    results[`memory floor: ${name}, after the open, RSS MiB`] = await measured(server);
    await typeEdits(server, document, 200);
    results[`memory floor: ${name}, after 200 edits, RSS MiB`] = await measured(server);
    await server.close();
  }
  return results;
}

if (require.main === module) {
  benchMemoryFloor(repositoryRoot(__dirname)).then(
    (results) => {
      for (const [name, value] of Object.entries(results)) console.log(`${name}: ${value}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
