/** A JSON object: not null, not an array. What a document read from a peer, a file or Graph must be before its members are read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
