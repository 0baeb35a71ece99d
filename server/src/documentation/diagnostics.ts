// The catalogue of diagnostic codes (diagnostics.json): for each code its severity, what it means
// (a one-sentence summary, then the details), what to do and an example. docs/diagnostics.md's
// tables are rendered from it, and SARIF rules take their descriptions and help from it, so the
// texts live in one place.
import catalogue from './diagnostics.json';

export interface DiagnosticEntry {
  readonly code: string;
  readonly severity: string;
  readonly summary: string;
  readonly details?: string;
  readonly whatToDo: string;
  /** None when no short mapping line shows it (the docs show a dash). */
  readonly example?: string;
}

interface DiagnosticSection {
  readonly heading: string;
  readonly diagnostics: readonly DiagnosticEntry[];
  /** Codes of other sections that this section's constructs also get. */
  readonly alsoReported?: readonly string[];
}

const sections: readonly DiagnosticSection[] = catalogue.sections;

/** What the code means, as docs/diagnostics.md's When column says it: the summary, then the details. */
export function meaningOf(entry: DiagnosticEntry): string {
  return entry.details ? `${entry.summary} ${entry.details}` : entry.summary;
}

/** The anchor GitHub gives a heading: lower case, punctuation other than hyphens dropped, spaces as hyphens. */
function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** A code's entry with the address of its section of docs/diagnostics.md. */
export interface DiagnosticDoc extends DiagnosticEntry {
  readonly helpUri: string;
}

const docs = new Map<string, DiagnosticDoc>(
  sections.flatMap((section) =>
    section.diagnostics.map((entry): [string, DiagnosticDoc] => [
      entry.code,
      { ...entry, helpUri: `${catalogue.page}#${headingAnchor(section.heading)}` },
    ]),
  ),
);

export function diagnosticDoc(code: string): DiagnosticDoc | undefined {
  return docs.get(code);
}

/** The comments around docs/diagnostics.md's tables, which `npm run docs:diagnostics` rewrites. */
export const generatedTablesStart =
  '<!-- The tables below are generated from server/src/documentation/diagnostics.json by npm run docs:diagnostics: edit that file, not them. -->';
export const generatedTablesEnd = '<!-- End of the generated tables. -->';

/** docs/diagnostics.md's tables: a section a heading, a code a row. */
export function diagnosticTablesMarkdown(): string {
  return sections
    .map((section) => {
      const rows = section.diagnostics.map(
        (entry) => `| \`${entry.code}\` | ${entry.severity} | ${meaningOf(entry)} | ${entry.whatToDo} | ${entry.example ?? '—'} |`,
      );
      if (section.alsoReported) rows.push(`| ${section.alsoReported.map((code) => `\`${code}\``).join(', ')} | | as above | | |`);
      return [`## ${section.heading}`, '', '| Code | Severity | When | What to do | Example |', '|---|---|---|---|---|', ...rows, ''].join(
        '\n',
      );
    })
    .join('\n');
}
