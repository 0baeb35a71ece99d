// Issue 10 §11, the hostile file: 50 KB of nested `users {` lines (6,250 unclosed blocks, a syntax
// error on every line), through the real server over stdio. Every edit must be answered (its
// diagnostics published) in under 100 ms, and a code action over the whole file must be quick. The
// edits are seeded: a letter typed, a character deleted, a line break or a brace typed, anywhere.
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol';
import { nestedBlocks } from '../test/support/generate';
import { random } from '../test/support/random';
import { startServer } from '../test/support/lsp-client';
import { ms, percentile } from './stats';

const EDITS = 200;
const WARM_UP_EDITS = 20;
const CODE_ACTIONS = 5;

export async function benchNestedBlocks(root: string): Promise<Record<string, number | string>> {
  const name = 'nested users { (50 KB)';
  const server = await startServer(root);
  const uri = 'file:///bench/nested-blocks.scimmap';
  let document = TextDocument.create(uri, 'scimmap', 1, nestedBlocks());
  const opened = performance.now();
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'scimmap', version: 1, text: document.getText() },
  });
  let published = await server.diagnostics(uri, 1);
  const openMs = performance.now() - opened;

  const next = random(10);
  const latencies: number[] = [];
  let cpuBefore: number | undefined;
  for (let index = 0; index < EDITS + WARM_UP_EDITS; index++) {
    const text = document.getText();
    const offset = Math.floor(next() * text.length);
    const roll = next();
    const [remove, insert] = roll < 0.4 ? [0, 'x'] : roll < 0.7 ? [1, ''] : roll < 0.85 ? [0, '\n'] : [0, roll < 0.93 ? '}' : '{'];
    if (index === WARM_UP_EDITS) cpuBefore = server.cpuMs();
    const range = { start: document.positionAt(offset), end: document.positionAt(offset + remove) };
    const version = document.version + 1;
    document = TextDocument.create(uri, 'scimmap', version, TextDocument.applyEdits(document, [{ range, newText: insert }]));
    const start = performance.now();
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text: insert }],
    });
    published = await server.diagnostics(uri, version);
    latencies.push(performance.now() - start);
  }

  const cpuAfter = server.cpuMs();
  const codeActions: number[] = [];
  const whole = { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) };
  for (let round = 0; round < CODE_ACTIONS; round++) {
    const start = performance.now();
    await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: whole,
      context: { diagnostics: published.diagnostics },
    });
    codeActions.push(performance.now() - start);
  }
  const exitCode = await server.close();
  if (exitCode !== 0) throw new Error(`the server exited with ${exitCode}: ${server.stderr()}`);
  return {
    [`server, ${name}: open -> diagnostics, ms`]: ms(openMs),
    [`server, ${name}: diagnostics published`]: published.diagnostics.length,
    // Every edit counts, the first ones after the open (code V8 has not yet optimised) included.
    [`server, ${name}: edit -> diagnostics, median / p95 / max ms`]: [50, 95, 100].map((p) => ms(percentile(latencies, p))).join(' / '),
    [`server, ${name}: the first ${WARM_UP_EDITS} edits after the open, max ms`]: ms(Math.max(...latencies.slice(0, WARM_UP_EDITS))),
    [`server, ${name}: edits over 100 ms`]: `${latencies.filter((latency) => latency > 100).length} of ${latencies.length}`,
    // What the server spends per edit, whatever else the machine runs: the latency an idle core would show.
    [`server, ${name}: server CPU per edit, mean ms`]:
      cpuBefore === undefined || cpuAfter === undefined ? 'n/a' : ms((cpuAfter - cpuBefore) / EDITS),
    [`server, ${name}: code action over the whole file (${published.diagnostics.length} diagnostics), median / max ms`]: [50, 100]
      .map((p) => ms(percentile(codeActions, p)))
      .join(' / '),
  };
}
