// Typical single-character edits for the latency benchmarks: in a mapping line chosen at random
// (seeded), type one letter somewhere in the line, then delete it, so the file keeps its shape.
export interface CharacterEdit {
  readonly offset: number;
  /** How many characters the edit removes at `offset`. */
  readonly remove: number;
  readonly insert: string;
}

/** A deterministic generator of numbers in [0, 1) (mulberry32), so every run edits the same places. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
