// Cursor markers for editor-feature tests: write `<|>` where the cursor is, get the clean text and
// the offsets. `userName <- [<|>` -> { text: 'userName <- [', offsets: [12] }.
const marker = '<|>';

export interface Marked {
  readonly text: string;
  readonly offsets: number[];
  /** The single cursor offset; throws when the source has no marker or several. */
  readonly offset: number;
}

export function marked(source: string): Marked {
  const parts = source.split(marker);
  const offsets: number[] = [];
  let text = '';
  parts.forEach((part, index) => {
    if (index > 0) offsets.push(text.length);
    text += part;
  });
  return {
    text,
    offsets,
    get offset() {
      if (offsets.length !== 1) throw new Error(`expected exactly one ${marker} marker, found ${offsets.length}`);
      return offsets[0];
    },
  };
}
