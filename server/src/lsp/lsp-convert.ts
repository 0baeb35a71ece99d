// Conversions from the core's offset-based types to LSP's line/character types.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic, Severity } from '../syntax/ast';
import type { LineIndex } from '../syntax/positions';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(diagnostic: Diagnostic, lines: LineIndex): LspDiagnostic {
  return {
    range: lines.rangeOf(diagnostic.span),
    severity: severities[diagnostic.severity],
    code: diagnostic.code,
    source: 'scimmap',
    message: diagnostic.message,
    data: diagnostic.data,
  };
}
