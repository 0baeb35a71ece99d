// The first line `scimmap import` writes records the schema a .scimmap came from, so Export Entra
// Schema (client) and the CLI find the base again. Written by the server, read by the client.
const PATTERN = /^# Imported from ("(?:[^"\\]|\\.)*") by scimmap import/;

/** The first line of an imported .scimmap; `origin` is the schema's path relative to the .scimmap. */
export function importHeader(origin: string): string {
  return `# Imported from ${JSON.stringify(origin)} by scimmap import: the object mappings of Entra's synchronization schema.`;
}

/** The schema a .scimmap was imported from (relative to the .scimmap), or undefined. */
export function importedFrom(scimmapText: string): string | undefined {
  const match = PATTERN.exec(scimmapText);
  return match ? (JSON.parse(match[1]) as string) : undefined;
}
