// What "Open the examples" (the walkthrough's first step, in a workspace without the example) writes
// into its folder, as data and pure text, so unit tests check it against the manifest. The samples
// file is renamed to match the contributed `jsonValidation` (`*.users.json`), and loses its
// `$schema`: a path into the repository (../server/src/data/…) that does not exist beside the copy,
// which VS Code would report as a schema it cannot load.

export interface ExampleCopy {
  /** The shipped file, relative to the extension. */
  readonly from: string;
  /** Its name in the examples folder. */
  readonly to: string;
  /** What the copy's text becomes; absent: copied byte for byte. */
  readonly rewrite?: (text: string) => string;
}

/** The samples file without its `$schema` member; everything else as it was. */
export function withoutSchemaPointer(text: string): string {
  const { $schema: _pointer, ...samples } = JSON.parse(text) as Record<string, unknown>;
  return `${JSON.stringify(samples, null, 2)}\n`;
}

export const exampleCopies: readonly ExampleCopy[] = [
  { from: 'examples/purecloud.scimmap', to: 'purecloud.scimmap' },
  { from: 'examples/users.json', to: 'purecloud.users.json', rewrite: withoutSchemaPointer },
];
