// `scimmap check FILE... [--format json]`: the diagnostics a CI pipeline gates on.
import { distinctFiles } from '../simulation/directory-once';
import { analyze } from '../validation/analyze';
import type { Diagnostic } from '../syntax/ast';
import { LineIndex, type Position } from '../syntax/positions';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import { type CliIo, formatOption, readTextFile, UsageError } from './io';
import { SarifLog, sourceRootOf } from './sarif';
import { targetChoice, targetSchemaHelp, targetSchemaOptions, targetSchemaSynopsis } from './target-option';

const options = { format: { type: 'string' }, ...targetSchemaOptions } satisfies OptionSpecs;

export const checkCommand = defineCommand({
  name: 'check',
  synopsis: [`check FILE.scimmap... [--format text|json|sarif] ${targetSchemaSynopsis}`],
  description: `Prints every diagnostic: "file:line:col severity code message" (1-based), or with --format json an
array of {range, severity, code, message} (range zero-based as in LSP; "file" added when several
files are checked), or with --format sarif a SARIF 2.1.0 log for code-scanning tools (paths relative
to the root of the git work tree it runs in, else to the working directory, a file outside it as a
file: URI). Exit 1 when there is an error, 0 otherwise
(warnings do not fail), 2 on a usage error or a file that cannot be read: one line on stderr saying
why and nothing on stdout (no partial report, no SARIF log), before any file is checked.
${targetSchemaHelp}`,
  options,
  run: check,
});

/** A diagnostic as check prints it (and preview, for a mapping's errors): "file:line:col severity code message", 1-based. */
export function diagnosticLine(file: string, start: Position, diagnostic: Diagnostic): string {
  return `${file}:${start.line + 1}:${start.character + 1} ${diagnostic.severity} ${diagnostic.code} ${diagnostic.message}`;
}

export const runCheck = checkCommand.run;

async function check({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): Promise<number> {
  const format = formatOption(values.format ?? 'text', ['text', 'json', 'sarif']);
  if (positionals.length === 0) throw new UsageError('check needs a .scimmap file');
  // A file named twice (`check f ./f`) once, as simulate reads a directory file given twice: not every result twice.
  const files = distinctFiles(positionals, (found) => io.err(`warning: ${found.where}: ${found.message}`));

  let errors = 0;
  const report: object[] = [];
  // Every file read before any is reported: one that cannot be read (exit 2) leaves stdout empty, not a partial report.
  const texts = files.map((file) => readTextFile(file));
  const sourceRoot = format === 'sarif' ? await sourceRootOf(process.cwd()) : undefined;
  // The log is still written (relative to the working directory, right when that is the repository's root), with why on stderr.
  if (sourceRoot?.refused)
    io.err(
      `warning: git refuses the repository here (${sourceRoot.refused}), so the SARIF paths are relative to the working directory, ${sourceRoot.path}, not to the repository's root: code scanning places them only when check runs in that root`,
    );
  const sarif = sourceRoot && new SarifLog(sourceRoot);
  for (const [index, file] of files.entries()) {
    const text = texts[index];
    const lines = new LineIndex(text);
    for (const diagnostic of analyze(text, targetChoice(file, values['target-schema'])).diagnostics) {
      if (diagnostic.severity === 'error') errors++;
      const range = lines.rangeOf(diagnostic.span);
      if (sarif) {
        sarif.add(file, range, diagnostic);
      } else if (format === 'json') {
        report.push({
          ...(files.length > 1 ? { file } : {}),
          range,
          severity: diagnostic.severity,
          code: diagnostic.code,
          message: diagnostic.message,
        });
      } else {
        io.out(diagnosticLine(file, range.start, diagnostic));
      }
    }
  }
  if (format === 'json') io.out(JSON.stringify(report, null, 2));
  if (sarif) io.out(JSON.stringify(sarif.toJSON(), null, 2));
  return errors > 0 ? 1 : 0;
}
