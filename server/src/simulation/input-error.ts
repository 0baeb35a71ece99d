/** An input file that cannot be read as what it is given for: the message names it. */
export class InputError extends Error {}

/**
 * An input file of which nothing can be used: where, its first reason, how many more, and what it
 * was to hold (`the directory (no user or group, …)`).
 */
export function nothingRead(where: string, first: string | undefined, count: number, what: string): InputError {
  const more = count > 1 ? ` (and ${count - 1} more such problem${count > 2 ? 's' : ''})` : '';
  return new InputError(`${where}: ${first ?? 'no document'}${more}, so nothing in the file could be read as ${what}`);
}
