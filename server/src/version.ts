// The version of scimmap, package.json's: esbuild writes it in when it bundles dist/ (the `define`
// in esbuild.mjs). Code that tsc compiles for the unit tests runs unbundled and has none. Importing
// package.json instead would make tsc copy it into out/, where it passes for the repository root.
declare const SCIMMAP_VERSION: string | undefined;

export const scimmapVersion: string | undefined = typeof SCIMMAP_VERSION === 'string' ? SCIMMAP_VERSION : undefined;
