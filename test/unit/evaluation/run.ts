// Evaluates expression text the way users write it: parsed by the real parser, then evaluated.
import assert from 'node:assert/strict';
import { parseExpression } from '../../../server/src/syntax/parser';
import { evaluateExpression } from '../../../server/src/evaluation/evaluate';
import type { EvalOptions, EvalOutcome, MappingValue, SourceObject } from '../../../server/src/evaluation/types';

export function run(text: string, source: SourceObject = {}, options?: EvalOptions): EvalOutcome {
  const { expression, diagnostics } = parseExpression(text);
  assert.deepEqual(diagnostics, [], `the expression should parse: ${text}`);
  assert.ok(expression, `the expression should parse: ${text}`);
  return evaluateExpression(expression, source, options);
}

/** The value of an expression that must evaluate without error. */
export function valueOf(text: string, source: SourceObject = {}, options?: EvalOptions): MappingValue {
  const outcome = run(text, source, options);
  assert.equal(outcome.kind, 'value', `${text} should give a value, got ${JSON.stringify(outcome)}`);
  return outcome.kind === 'value' ? outcome.value : null;
}

/** The error message of an expression that must fail. */
export function errorOf(text: string, source: SourceObject = {}, options?: EvalOptions): string {
  const outcome = run(text, source, options);
  assert.equal(outcome.kind, 'error', `${text} should fail, got ${JSON.stringify(outcome)}`);
  return outcome.kind === 'error' ? outcome.message : '';
}

/** The notes of an expression that must evaluate to a value. */
export function notesOf(text: string, source: SourceObject = {}, options?: EvalOptions): string[] {
  const outcome = run(text, source, options);
  assert.notEqual(outcome.kind, 'error', `${text} should not fail, got ${JSON.stringify(outcome)}`);
  return outcome.kind === 'error' ? [] : outcome.notes.map((note) => note.message);
}
