// The file name Discover Target Schema saves a connection's schema under, kept apart from the
// command so that it is testable without VS Code.

/**
 * The file name for a connection's schema: `Acme HR` -> `acme-hr.target.json`, `Personal Zürich` ->
 * `personal-zürich.target.json`. Letters and digits of any script are kept (an ASCII-only rule made
 * `Zürich` `z-rich` and `東京` nothing at all); every other run of characters becomes one hyphen.
 */
export function targetFileName(connection: string): string {
  const slug = connection
    .toLowerCase()
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'discovered'}.target.json`;
}
