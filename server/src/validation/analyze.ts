// The one entry point the server, the CLI and the tests use: parse, then validate, with every
// diagnostic sorted by position.
import type { Diagnostic, MappingFile } from '../syntax/ast';
import { parse } from '../syntax/parser';
import { validate, type MappingCheckCache } from './validate';

export interface Analysis {
  readonly file: MappingFile;
  readonly diagnostics: Diagnostic[];
}

export function analyze(text: string): Analysis {
  const parsed = parse(text);
  return analyzeParsed(parsed.file, parsed.diagnostics, text);
}

/**
 * The analysis of a parsed file: its syntax diagnostics (in the order the parser reports them) and
 * validation's, sorted by position. Incremental analysis (incremental.ts) passes its check cache.
 */
export function analyzeParsed(file: MappingFile, syntax: readonly Diagnostic[], text: string, cache?: MappingCheckCache): Analysis {
  const syntaxErrors = syntax.filter((d) => d.severity === 'error').map((d) => d.span);
  const diagnostics = [...syntax, ...validate(file, text, syntaxErrors, cache)];
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { file, diagnostics };
}
