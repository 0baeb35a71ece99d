// `scimmap check --format sarif`: the diagnostics as a SARIF 2.1.0 log (OASIS "Static Analysis
// Results Interchange Format Version 2.1.0"), the format code-scanning tools read to annotate a pull
// request. One run, one rule a diagnostic code, one result a diagnostic; regions 1-based with
// columns counted in UTF-16 code units, as the editor counts them.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../syntax/ast';
import type { Range } from '../syntax/positions';

const levels: Record<Diagnostic['severity'], 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: 'error' | 'warning' | 'note';
  readonly message: { readonly text: string };
  readonly locations: ReadonlyArray<{
    readonly physicalLocation: {
      readonly artifactLocation: { readonly uri: string; readonly uriBaseId?: string };
      readonly region: { readonly startLine: number; readonly startColumn: number; readonly endLine: number; readonly endColumn: number };
    };
  }>;
}

/**
 * A file inside the working directory (the repository root in CI) relative to it, with forward
 * slashes, as code scanning matches results to the repository's files; any other as an absolute file
 * URI rather than a path climbing out of the source root.
 */
function artifactLocationOf(file: string): { uri: string; uriBaseId?: string } {
  const path = relative(process.cwd(), file);
  if (path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)) return { uri: pathToFileURL(resolve(file)).href };
  return { uri: path.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export class SarifLog {
  private readonly rules: string[] = [];
  private readonly ruleLevels: Array<SarifResult['level']> = [];
  private readonly results: SarifResult[] = [];

  add(file: string, range: Range, diagnostic: Diagnostic): void {
    let ruleIndex = this.rules.indexOf(diagnostic.code);
    if (ruleIndex < 0) {
      ruleIndex = this.rules.push(diagnostic.code) - 1;
      this.ruleLevels.push(levels[diagnostic.severity]);
    }
    this.results.push({
      ruleId: diagnostic.code,
      ruleIndex,
      level: levels[diagnostic.severity],
      message: { text: diagnostic.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocationOf(file),
            region: {
              startLine: range.start.line + 1,
              startColumn: range.start.character + 1,
              endLine: range.end.line + 1,
              endColumn: range.end.character + 1,
            },
          },
        },
      ],
    });
  }

  toJSON(): object {
    return {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'scimmap',
              rules: this.rules.map((id, index) => ({
                id,
                shortDescription: { text: `scimmap diagnostic ${id}` },
                help: { text: `The diagnostic ${id} is described, with what to do, in docs/diagnostics.md.` },
                defaultConfiguration: { level: this.ruleLevels[index] },
              })),
            },
          },
          columnKind: 'utf16CodeUnits',
          results: this.results,
        },
      ],
    };
  }
}
