/** One reference token of an RFC 6901 JSON Pointer: `~` and `/` escaped. */
export function pointerToken(key: string | number): string {
  const text = String(key);
  return text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text;
}

/** An RFC 6901 JSON Pointer's reference tokens, unescaped: `/emails/0/value` is emails, 0, value. */
export function pointerTokens(pointer: string): string[] {
  if (!pointer.startsWith('/')) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => (token.includes('~') ? token.replace(/~1/g, '/').replace(/~0/g, '~') : token));
}
