// `scimmap eval --expr EXPR --user USER.json`: one expression evaluated as Entra would, for scripts
// and quick checks. Prints exactly one JSON object on stdout: {"value": V} (a string, an array of
// strings, or null) or {"value": null, "ignored": true} when IgnoreFlowIfNullOrEmpty drops the
// attribute. Warnings, placeholders and evaluation notes go to stderr, so stdout stays machine-readable.
import { evaluateExpression } from '../evaluation/evaluate';
import { clockOf } from '../evaluation/dates';
import { flowingUserAttributes, guestNote } from '../provisioning/guest-upn';
import type { EvalOptions } from '../evaluation/types';
import { parseExpression } from '../syntax/parser';
import { checkMappingExpression } from '../validation/expressions';
import { Reporter } from '../validation/report';
import { LineIndex } from '../syntax/positions';
import { parseSampleUser, type SampleResult } from '../schema/sample-data';
import type { Diagnostic } from '../syntax/ast';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import { type CliIo, readJsonTextFile, UsageError } from './io';
import { targetChoice, targetSchemaOptions, targetSchemaSynopsis } from './target-option';

/** --now, --seed and --default-domain: what makes Now(), Guid()/RandomString() and DefaultDomain() concrete (eval and preview). */
export const evaluationOptions = {
  now: { type: 'string' },
  seed: { type: 'string' },
  'default-domain': { type: 'string' },
} satisfies OptionSpecs;

const options = { expr: { type: 'string' }, user: { type: 'string' }, ...evaluationOptions, ...targetSchemaOptions } satisfies OptionSpecs;

export const evalCommand = defineCommand({
  name: 'eval',
  synopsis: [`eval --expr EXPR [--user USER.json] [--now ISO-DATE] [--seed N] [--default-domain DOMAIN] ${targetSchemaSynopsis}`],
  description: `Evaluates one Entra attribute-mapping expression for a user and prints {"value": V}: a string, an
array of strings, or null; {"value": null, "ignored": true} when IgnoreFlowIfNullOrEmpty drops the
attribute. USER.json is one JSON object of Entra attribute names to values (no user: every
attribute is null). --now fixes Now(), --seed makes Guid()/RandomString() repeatable,
--default-domain answers DefaultDomain(); without them these print marked placeholders («...»).
--target-schema is accepted as by every command that reads mappings (a pipeline may pass it to all of
them) and checked, but a lone expression's value does not depend on the target.
Warnings that check would give (a function name in the wrong case, an IIF condition on an attribute
that may be empty, ...) are printed on stderr, as are evaluation notes; Entra evaluates the expression.
Exit 1 when the expression is invalid or Entra would fail it (the message is on stderr), 2 on a usage
error or a USER.json that cannot be read.`,
  options,
  run: evaluate,
});

export const runEval = evalCommand.run;

/**
 * Reads a JSON input file through a sample-data parser; bad content is an unreadable input (exit 2),
 * said plainly. `text`: the file's text when the caller has read it (a pipe can be read only once).
 */
export function readInput<T>(
  command: string,
  file: string,
  what: string,
  parse: (text: string) => SampleResult<T>,
  io: CliIo,
  text = readJsonTextFile(file, `a ${what}`),
): T | undefined {
  const result = parse(text);
  if (result.ok) return result.value;
  io.err(`scimmap ${command}: ${file} is not a valid ${what}:`);
  for (const error of result.errors) io.err(`  ${error}`);
  return undefined;
}

/**
 * --now as CDate reads the same text: without an offset it is UTC, as Entra's clock is (Now() and
 * CDate give UTC), whatever the machine's time zone; an impossible date is refused, not rolled over.
 */
function clockFrom(now: string): Date {
  try {
    return clockOf(now);
  } catch (error) {
    throw new UsageError(`--now takes ${(error as Error).message}`);
  }
}

/** The evaluation options from --now, --seed and --default-domain. */
export function evalOptionsFrom(values: ParsedCommandLine<typeof evaluationOptions>['values']): EvalOptions {
  const { now, seed } = values;
  const date = now === undefined ? undefined : clockFrom(now);
  if (seed !== undefined && !/^-?\d+$/.test(seed)) throw new UsageError(`--seed takes an integer, not "${seed}"`);
  return { now: date, seed: seed === undefined ? undefined : Number(seed), defaultDomain: values['default-domain'] };
}

function evaluate({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): number {
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}" (quote the expression and pass it with --expr)`);
  const text = values.expr;
  if (text === undefined) throw new UsageError('eval needs --expr EXPR');
  const evalOptions = evalOptionsFrom(values);
  // A target that does not exist is a mistake in the command line, even where it changes no value.
  if (values['target-schema'] !== undefined) targetChoice('.', values['target-schema']);
  const userFile = values.user;
  const user =
    userFile === undefined
      ? { id: 'user', attributes: {} }
      : readInput('eval', userFile, 'user (one JSON object of Entra attribute names to values)', parseSampleUser, io);
  if (!user) return 2;

  const parsed = parseExpression(text);
  const syntaxErrors = parsed.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (!parsed.expression || syntaxErrors.length > 0) {
    const lines = new LineIndex(text);
    for (const diagnostic of syntaxErrors) {
      const { line, character } = lines.positionAt(diagnostic.span.start);
      io.err(`scimmap eval: invalid expression at ${line + 1}:${character + 1}: ${diagnostic.message}`);
    }
    if (syntaxErrors.length === 0) io.err('scimmap eval: the expression is empty');
    return 1;
  }
  // Any error the editor and check report for the expression fails eval too (issue 10 §7): Entra rejects it.
  const reporter = new Reporter();
  checkMappingExpression(parsed.expression, parsed.expression.span, { object: 'users', reporter, text, onCreate: true, matching: false });
  const semanticErrors = reporter.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  const lines = new LineIndex(text);
  const at = (diagnostic: Diagnostic) => {
    const { line, character } = lines.positionAt(diagnostic.span.start);
    return `${line + 1}:${character + 1}: ${diagnostic.message} [${diagnostic.code}]`;
  };
  if (semanticErrors.length > 0) {
    for (const diagnostic of semanticErrors) io.err(`scimmap eval: error at ${at(diagnostic)}`);
    return 1;
  }
  // Entra evaluates despite a warning (a function name in the wrong case, ...), but the user should know, as check tells.
  for (const diagnostic of reporter.diagnostics) if (diagnostic.severity === 'warning') io.err(`warning at ${at(diagnostic)}`);
  // The attributes as a mapping reads them: a B2B guest's userPrincipalName stripped, as in the preview.
  const flowing = flowingUserAttributes(user.attributes);
  const outcome = evaluateExpression(parsed.expression, flowing.attributes, evalOptions);
  if (outcome.kind === 'error') {
    io.err(`scimmap eval: ${outcome.message}`);
    return 1;
  }
  if (flowing.guest) io.err(`note: ${guestNote(flowing.guest).message}`);
  for (const note of outcome.notes) io.err(`note: ${note.message}`);
  if (outcome.kind === 'ignored') {
    io.out(JSON.stringify({ value: null, ignored: true }));
    return 0;
  }
  for (const placeholder of outcome.placeholders) io.err(`placeholder: ${placeholder.note}`);
  io.out(JSON.stringify({ value: outcome.value }));
  return 0;
}
