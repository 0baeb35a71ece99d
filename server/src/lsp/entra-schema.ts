// The Entra schema commands' server side: import a schema JSON, export an open .scimmap onto a
// base (or a new schema), and compare an open .scimmap with a schema. The client owns the files
// and dialogs; the core is server/src/entra.
import { importSchema } from '../entra/import';
import { exportSchema } from '../entra/export';
import { diffSchema, formatDifference } from '../entra/diff';
import { describeProblem, EntraSchemaError, fileModel, problemDescriber } from '../entra/model';
import {
  CompareSchemaRequest,
  ExportSchemaRequest,
  ImportSchemaRequest,
  type CompareSchemaResult,
  type ExportSchemaResult,
  type ImportSchemaResult,
} from '../../../shared/src/protocol';
import type { AnalyzedDocument } from '../documents';
import type { Feature } from './feature';

/** The problems of a refused schema as lines, with their line and column in `schemaText` when given; anything else is a fault the handler reports. */
export function problemsOf(error: unknown, schemaText?: string): string[] {
  if (error instanceof EntraSchemaError)
    return error.problems.map(schemaText === undefined ? describeProblem : problemDescriber(schemaText));
  throw error;
}

/** The document's errors as lines (`line L, column C: message`), or undefined when it has none: a file with errors is not sent to Entra. */
export function errorLines(document: AnalyzedDocument): string[] | undefined {
  const errors = document.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return undefined;
  return errors.map((d) => {
    const at = document.lines.positionAt(d.span.start);
    return `line ${at.line + 1}, column ${at.character + 1}: ${d.message}`;
  });
}

export const entraSchemaFeature: Feature = {
  capabilities: {},
  register(handlers) {
    handlers.onRequest(ImportSchemaRequest, (params): ImportSchemaResult => {
      try {
        const result = importSchema(params.schemaText, params.origin, { targetFile: params.targetFile });
        return {
          text: result.text,
          ...(result.targetSchema && { targetSchemaText: `${JSON.stringify(result.targetSchema, null, 2)}\n` }),
          warnings: result.warnings.map(problemDescriber(params.schemaText)),
          errors: [],
        };
      } catch (error) {
        return { warnings: [], errors: problemsOf(error, params.schemaText) };
      }
    });

    handlers.onDocumentRequest(ExportSchemaRequest, (document, params): ExportSchemaResult => {
      const errors = errorLines(document);
      if (errors) return { notes: [], errors };
      try {
        const result = exportSchema(document.file, params.baseText, { target: document.target });
        const warnings = params.baseText === undefined ? [] : result.warnings.map(problemDescriber(params.baseText));
        return { text: result.text, notes: [...result.notes, ...warnings], errors: [] };
      } catch (error) {
        return { notes: [], errors: problemsOf(error, params.baseText) };
      }
    });

    handlers.onDocumentRequest(CompareSchemaRequest, (document, params): CompareSchemaResult => {
      try {
        return { differences: diffSchema(fileModel(document.file), params.schemaText).map(formatDifference), errors: [] };
      } catch (error) {
        return { differences: [], errors: problemsOf(error, params.schemaText) };
      }
    });
  },
};
