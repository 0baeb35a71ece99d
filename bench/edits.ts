// Typical single-character edits for the latency benchmarks: in a mapping line chosen at random
// (seeded), type one letter somewhere in the line, then delete it, so the file keeps its shape.
import { random } from '../test/support/random';

export interface CharacterEdit {
  readonly offset: number;
  /** How many characters the edit removes at `offset`. */
  readonly remove: number;
  readonly insert: string;
}

/** `count` edits (type, delete, type, delete, ...) on `text`; each one's offset is in the text as the edits before it left it. */
export function typingEdits(text: string, count: number, seed: number): CharacterEdit[] {
  const next = random(seed);
  const lineStarts: number[] = [];
  for (let start = 0; start < text.length; start = text.indexOf('\n', start) + 1 || text.length) {
    if (text.startsWith('  urn:', start) || /^ {2}[a-z]+\S* +<-/.test(text.slice(start, start + 40))) lineStarts.push(start);
  }
  const edits: CharacterEdit[] = [];
  while (edits.length < count) {
    const start = lineStarts[Math.floor(next() * lineStarts.length)];
    const end = text.indexOf('\n', start);
    const offset = start + 2 + Math.floor(next() * (end - start - 2));
    const letter = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(next() * 26)];
    edits.push({ offset, remove: 0, insert: letter }, { offset, remove: 1, insert: '' });
  }
  return edits.slice(0, count);
}
