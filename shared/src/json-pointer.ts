/** One reference token of an RFC 6901 JSON Pointer: `~` and `/` escaped. */
export function pointerToken(key: string | number): string {
  const text = String(key);
  return text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text;
}
