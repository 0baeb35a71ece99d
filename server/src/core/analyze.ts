// The one entry point the server, the CLI and the tests use: parse, then validate, with every
// diagnostic sorted by position.
import type { Diagnostic, MappingFile } from './ast';
import { parse } from './parser';
import { validate } from './validate';

export interface Analysis {
  readonly file: MappingFile;
  readonly diagnostics: Diagnostic[];
}

export function analyze(text: string): Analysis {
  const parsed = parse(text);
  const syntaxErrors = parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.span);
  const diagnostics = [...parsed.diagnostics, ...validate(parsed.file, text, syntaxErrors)];
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { file: parsed.file, diagnostics };
}
