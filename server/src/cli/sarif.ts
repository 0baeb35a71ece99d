// `scimmap check --format sarif`: the diagnostics as a SARIF 2.1.0 log (OASIS "Static Analysis
// Results Interchange Format Version 2.1.0"), the format code-scanning tools read to annotate a pull
// request. One run, one rule a diagnostic code, one result a diagnostic; regions 1-based with
// columns counted in UTF-16 code units, as the editor counts them.
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../syntax/ast';
import type { Range } from '../syntax/positions';
import { workTreeOf } from '../../../shared/src/git';
import { diagnosticDoc, meaningOf } from '../documentation/diagnostics';
import { scimmapVersion } from '../version';

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
 * Where the log's relative URIs start (`%SRCROOT%`): the root of the git work tree the command runs
 * in, which is what code scanning resolves them against (the repository's root), whatever folder
 * the step runs in; outside git, or in a repository git refuses, the working directory, and the log
 * says which.
 */
export interface SourceRoot {
  /** An absolute path, symbolic links resolved. */
  readonly path: string;
  readonly gitWorkTree: boolean;
  /** What git said when it refused the repository the working directory is in. */
  readonly refused?: string;
}

export async function sourceRootOf(folder: string): Promise<SourceRoot> {
  const { root, refused } = await workTreeOf(folder);
  return root ? { path: realpathSync(root), gitWorkTree: true } : { path: realpathSync(folder), gitWorkTree: false, refused };
}

/**
 * A file under the source root relative to it, with forward slashes and each segment
 * percent-encoded, as code scanning matches results to the repository's files; any other as an
 * absolute file URI rather than a path climbing out of the source root. The folder's symbolic links
 * are resolved as the root's are (a working directory reached through a link is still inside).
 */
function artifactLocationOf(file: string, root: SourceRoot): { uri: string; uriBaseId?: string } {
  const absolute = resolve(file);
  const path = relative(root.path, join(realpathSync(dirname(absolute)), basename(absolute)));
  if (path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)) return { uri: pathToFileURL(absolute).href };
  return { uri: path.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * A rule's descriptions and help from the diagnostic catalogue (docs/diagnostics.md's source): code
 * scanning titles an alert with the short description and shows the full one and the help under it.
 */
function ruleTexts(code: string): object {
  const doc = diagnosticDoc(code);
  if (!doc) return {};
  const example = doc.example ? ` Example: ${doc.example}` : '';
  return {
    shortDescription: { text: doc.summary },
    fullDescription: { text: meaningOf(doc) },
    help: {
      text: `What to do: ${doc.whatToDo}${example}`,
      markdown: `**What to do:** ${doc.whatToDo}\n\n${doc.example ? `**Example:** ${doc.example}\n\n` : ''}[\`${code}\` in docs/diagnostics.md](${doc.helpUri})`,
    },
    helpUri: doc.helpUri,
  };
}

export class SarifLog {
  private readonly rules: string[] = [];
  private readonly ruleLevels: Array<SarifResult['level']> = [];
  private readonly results: SarifResult[] = [];
  /** Each file's artifact location, resolved (symbolic links and all) once, not once per diagnostic. */
  private readonly locations = new Map<string, ReturnType<typeof artifactLocationOf>>();

  constructor(private readonly sourceRoot: SourceRoot) {}

  add(file: string, range: Range, diagnostic: Diagnostic): void {
    let artifactLocation = this.locations.get(file);
    if (!artifactLocation) this.locations.set(file, (artifactLocation = artifactLocationOf(file, this.sourceRoot)));
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
            artifactLocation,
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
              ...(scimmapVersion ? { version: scimmapVersion } : {}),
              rules: this.rules.map((id, index) => ({
                id,
                ...ruleTexts(id),
                defaultConfiguration: { level: this.ruleLevels[index] },
              })),
            },
          },
          originalUriBaseIds: {
            '%SRCROOT%': {
              uri: pathToFileURL(this.sourceRoot.path.endsWith(sep) ? this.sourceRoot.path : this.sourceRoot.path + sep).href,
              description: {
                text: this.sourceRoot.gitWorkTree
                  ? 'The root of the git work tree scimmap check ran in.'
                  : `The working directory scimmap check ran in (${this.sourceRoot.refused ? `git refused its repository: ${this.sourceRoot.refused}` : 'not in a git work tree'}).`,
              },
            },
          },
          columnKind: 'utf16CodeUnits',
          results: this.results,
        },
      ],
    };
  }
}
