// Latency through the real server over stdio (issue 3 "Benchmark"), as an editor sees it: the time
// from sending a didChange with one typed or deleted character to receiving the publishDiagnostics
// of that version, and the round trip of a completion request at several kinds of cursor position.
// Targets on the 2,000-mapping file: p95 edit -> diagnostics <= 20 ms, p95 completion <= 5 ms. Also
// Format Document's round trip, on the file as it is and with an edit on every line.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
} from 'vscode-languageserver-protocol';
import { typingEdits } from './edits';
import { startServer, temporaryCodeCache, type ServerSession } from '../test/support/lsp-client';
import { ms, percentile } from './stats';

const EDITS = 300;
const WARM_UP_EDITS = 40;
const COMPLETIONS_PER_POSITION = 25;

/** Cursor positions of each kind of completion, on three mapping lines (early, middle and late in the file). */
function completionPositions(text: string): Array<{ kind: string; offset: number }> {
  const lines: number[] = [];
  for (let at = text.indexOf('"].value <- [userPrincipalName]'); at >= 0; at = text.indexOf('"].value <- [userPrincipalName]', at + 1))
    lines.push(text.lastIndexOf('\n', at) + 1);
  const chosen = [0.1, 0.5, 0.9].map((fraction) => lines[Math.floor(fraction * (lines.length - 1))]);
  return chosen.flatMap((start) => {
    const end = text.indexOf('\n', start);
    const arrow = text.indexOf('<- ', start);
    return [
      { kind: 'target', offset: start + 2 },
      { kind: 'value filter', offset: text.indexOf('authority', start) },
      { kind: 'expression', offset: arrow + 3 },
      { kind: 'source attribute', offset: arrow + 4 },
      { kind: 'after the mapping', offset: end },
    ];
  });
}

/** Opens `text` in the server as `name` and waits for its diagnostics: the document as the editor holds it. */
export async function openDocument(server: ServerSession, name: string, text: string): Promise<TextDocument> {
  const uri = `file:///bench/${name.replace(/\W+/g, '-')}.scimmap`;
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'scimmap', version: 1, text },
  });
  await server.diagnostics(uri, 1);
  return TextDocument.create(uri, 'scimmap', 1, text);
}

/**
 * Types `count` single-character edits (bench/edits.ts, seeded) into the open `document`, each an
 * incremental didChange awaited to its diagnostics; `each(index, ms)` after each with its latency.
 */
export async function typeEdits(
  server: ServerSession,
  document: TextDocument,
  count: number,
  each: (index: number, ms: number) => void = () => undefined,
): Promise<TextDocument> {
  const { uri } = document;
  for (const [index, edit] of typingEdits(document.getText(), count, 11).entries()) {
    const range = { start: document.positionAt(edit.offset), end: document.positionAt(edit.offset + edit.remove) };
    const version = document.version + 1;
    document = TextDocument.create(uri, 'scimmap', version, TextDocument.applyEdits(document, [{ range, newText: edit.insert }]));
    const start = performance.now();
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text: edit.insert }],
    });
    await server.diagnostics(uri, version);
    each(index, performance.now() - start);
  }
  return document;
}

export async function benchServer(root: string, name: string, text: string): Promise<Record<string, number | string>> {
  const spawned = performance.now();
  const server = await startServer(root);
  const opened = performance.now();
  let document = await openDocument(server, name, text);
  const { uri } = document;
  const openMs = performance.now() - opened;
  const startMs = performance.now() - spawned;
  const rssAfterOpen = server.rssMiB();
  const rssAfterEdits: number[] = [];

  const latencies: number[] = [];
  let cpuBefore: number | undefined;
  document = await typeEdits(server, document, EDITS + WARM_UP_EDITS, (index, ms) => {
    if (index + 1 === WARM_UP_EDITS) cpuBefore = server.cpuMs();
    if (index >= WARM_UP_EDITS) latencies.push(ms);
    // RSS after 200 and after all the edits: the second no larger than the first means memory does not grow with edits.
    if (index + 1 === 200 || index + 1 === EDITS + WARM_UP_EDITS) rssAfterEdits.push(server.rssMiB() ?? NaN);
  });

  const cpuAfter = server.cpuMs();
  const cpuPerEdit = cpuBefore === undefined || cpuAfter === undefined ? 'n/a' : ms((cpuAfter - cpuBefore) / EDITS);

  const completions: number[] = [];
  const byKind = new Map<string, number[]>();
  const positions = completionPositions(document.getText());
  for (let round = 0; round < COMPLETIONS_PER_POSITION + 3; round++) {
    for (const { kind, offset } of positions) {
      const start = performance.now();
      await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: document.positionAt(offset) });
      const elapsed = performance.now() - start;
      if (round < 3) continue;
      completions.push(elapsed);
      byKind.set(kind, [...(byKind.get(kind) ?? []), elapsed]);
    }
  }
  const formatting = await formatTimes(server, name, text);
  const exitCode = await server.close();
  if (exitCode !== 0) throw new Error(`the server exited with ${exitCode}: ${server.stderr()}`);

  const results: Record<string, number | string> = {
    [`server, ${name}: spawn -> first diagnostics, ms`]: ms(startMs),
    [`server, ${name}: open -> diagnostics, ms`]: ms(openMs),
    [`server, ${name}: RSS after open / 200 edits / ${EDITS + WARM_UP_EDITS} edits, MiB`]: [rssAfterOpen ?? NaN, ...rssAfterEdits]
      .map((n) => n.toFixed(1))
      .join(' / '),
    [`server, ${name}: edit -> diagnostics, median ms`]: ms(percentile(latencies, 50)),
    [`server, ${name}: edit -> diagnostics, p95 ms`]: ms(percentile(latencies, 95)),
    // What the server spends per edit, whatever else the machine runs: the latency an idle core would show.
    [`server, ${name}: server CPU per edit, mean ms`]: cpuPerEdit,
    [`server, ${name}: completion, median ms`]: ms(percentile(completions, 50)),
    [`server, ${name}: completion, p95 ms`]: ms(percentile(completions, 95)),
  };
  for (const [kind, samples] of byKind) results[`server, ${name}: completion (${kind}), p95 ms`] = ms(percentile(samples, 95));
  for (const [kind, samples] of Object.entries(formatting))
    results[`server, ${name}: Format Document (${kind}), median ms`] = ms(percentile(samples, 50));
  return results;
}

const FORMATS = 7;

/**
 * Format Document's round trip on `text` as it is (a format on save of a formatted file) and with
 * every mapping's arrow misaligned (an edit on every line), each in its own document, after a warm-up.
 */
async function formatTimes(server: ServerSession, name: string, text: string): Promise<Record<string, number[]>> {
  const kinds = { 'as it is': text, 'every line misaligned': text.replace(/ <- /g, '   <-  ') };
  const times: Record<string, number[]> = {};
  for (const [kind, content] of Object.entries(kinds)) {
    const { uri } = await openDocument(server, `${name} ${kind}`, content);
    times[kind] = [];
    for (let round = 0; round < FORMATS + 1; round++) {
      const start = performance.now();
      await server.connection.sendRequest(DocumentFormattingRequest.type, {
        textDocument: { uri },
        options: { tabSize: 2, insertSpaces: true },
      });
      if (round > 0) times[kind].push(performance.now() - start);
    }
  }
  return times;
}

/**
 * Start-up as a user feels it (issue 11): spawn of `scimmap lsp --stdio` -> the first
 * publishDiagnostics after didOpen of `text`. The first start has no V8 code cache (the server writes
 * it when it exits: server/src/code-cache.ts), as after an install or an update; the `runs` starts after
 * it use it (median and worst), as every later start does. Also the server's CPU time until those
 * diagnostics, all its threads and its main thread alone, which the machine's load inflates far less.
 * The cache is this process's (temporaryCodeCache), emptied first and left for the servers the
 * benchmarks after it start, which then start as a user's usually does.
 */
export async function benchStart(root: string, name: string, text: string, runs = 7): Promise<Record<string, number | string>> {
  const uri = `file:///bench/start.scimmap`;
  const codeCache = temporaryCodeCache();
  for (const file of readdirSync(codeCache)) rmSync(join(codeCache, file), { force: true });
  const samples: Array<{ ms: number; cpuMs: number; mainMs: number }> = [];
  for (let run = 0; run <= runs; run++) {
    const spawned = performance.now();
    const server = await startServer(root, undefined, codeCache);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'scimmap', version: 1, text },
    });
    await server.diagnostics(uri, 1);
    samples.push({ ms: performance.now() - spawned, cpuMs: server.cpuMs() ?? NaN, mainMs: server.mainThreadCpuMs() ?? NaN });
    const exitCode = await server.close();
    if (exitCode !== 0) throw new Error(`the server exited with ${exitCode}: ${server.stderr()}`);
  }
  const [first, ...cached] = samples;
  const wall = cached.map((sample) => sample.ms);
  return {
    [`server, ${name}: spawn -> first diagnostics, first start (no code cache), ms`]: ms(first.ms),
    [`server, ${name}: spawn -> first diagnostics (${runs} starts), median ms`]: ms(percentile(wall, 50)),
    [`server, ${name}: spawn -> first diagnostics (${runs} starts), worst ms`]: ms(Math.max(...wall)),
    [`server, ${name}: server CPU spawn -> first diagnostics (${runs} starts), median ms`]: ms(
      percentile(
        cached.map((sample) => sample.cpuMs),
        50,
      ),
    ),
    // The main thread alone: V8's background threads (TurboFan, the collector's helpers) left out.
    [`server, ${name}: server main-thread CPU spawn -> first diagnostics (${runs} starts), median ms`]: ms(
      percentile(
        cached.map((sample) => sample.mainMs),
        50,
      ),
    ),
  };
}
