// What the client derives from its own package.json. No `vscode` import, so unit tests check it
// against the manifest itself.

/** The part of package.json read here. */
export interface Manifest {
  readonly publisher: string;
  readonly name: string;
  readonly contributes: { readonly walkthroughs: ReadonlyArray<{ readonly id: string }> };
}

/**
 * The id `workbench.action.openWalkthrough` opens the extension's walkthrough by: VS Code registers
 * each contributed walkthrough as `publisher.name#id`; any other id opens the Welcome page without it.
 */
export function walkthroughCategory(manifest: Manifest): string {
  return `${manifest.publisher}.${manifest.name}#${manifest.contributes.walkthroughs[0].id}`;
}
