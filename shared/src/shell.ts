// Shell commands built for a user to paste (the preview's Copy curl, the sandbox's "Try:" line):
// every value that did not come from us is one literal POSIX word.

/** `value` as one POSIX shell word, taken literally: single-quoted, each `'` written as `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
