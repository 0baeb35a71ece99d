// Strings as JSON text, for the writers that put a value between fixed text of their own (a record's
// text, a matching filter's compValue) and must write exactly what JSON.stringify would.

/**
 * What JSON.stringify writes other than as it is: `"`, `\`, control characters and (lone) surrogates;
 * any surrogate takes the slow path. A regular expression rather than a loop over charCodeAt: values
 * made by concatenation are trees of pieces, which the expression reads once in one piece and a loop
 * read character by character through the tree (a tenth of a simulation's time, issue 15).
 */
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A string's JSON text between its quotes: the string itself when it needs no escape (most), so the
 * writers put the quotes into their fixed text around it and add no piece of their own.
 */
export function escaped(text: string): string {
  return needsEscape.test(text) ? JSON.stringify(text).slice(1, -1) : text;
}

/** A string as a JSON string literal, as JSON.stringify writes it. */
export function quote(text: string): string {
  return needsEscape.test(text) ? JSON.stringify(text) : `"${text}"`;
}
