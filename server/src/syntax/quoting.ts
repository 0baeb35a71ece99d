// How diagnostics quote what the user wrote: in backquotes, a long text by its start, control
// characters escaped, so that a 1 MB line never ends up in a message (docs/language.md); and how
// generated .scimmap text quotes a string.

/**
 * Source text as a message quotes it: in backquotes, a long one by its first `limit` characters then
 * "…" (an unclosed `[` before a 1 MB line must not put the line in the message), control
 * characters and junk shown as escapes so the message stays readable.
 */
export function quoted(text: string, limit = 60): string {
  // While Chevrotain records the grammar, the parser's rules return placeholders, whose text is undefined.
  return `\`${printable(shortened(String(text), limit))}\``;
}

/** A long text as a message shows it: its first `limit` characters, then "…". */
export function shortened(text: string, limit = 60): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `"a\"b"`: a .scimmap/Entra string literal. */
export function quoteString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
