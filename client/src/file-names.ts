// The file names the extension suggests for what it saves (a discovered target schema, a pulled
// mapping), named after what the user named (a connection, an Entra app); kept apart from the
// commands so that they are testable without VS Code.

/**
 * A name as a file name: `Personal Zürich` -> `personal-zürich`. Letters and digits of any script
 * are kept (an ASCII-only rule made `Zürich` `z-rich` and `東京` nothing at all); every other run of
 * characters becomes one hyphen; `fallback` when nothing is left.
 */
export function fileNameOf(name: string, fallback: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug || fallback;
}

/** The file name for a connection's schema: `Acme HR` -> `acme-hr.target.json`. */
export function targetFileName(connection: string): string {
  return `${fileNameOf(connection, 'discovered')}.target.json`;
}

/** The file name suggested for a pulled mapping, after its Entra app: `Zürich HR` -> `zürich-hr.scimmap`. */
export function pulledFileName(app: string | undefined): string {
  return `${fileNameOf(app ?? '', 'app')}.scimmap`;
}
