// What the directory and target-state readers say about their input, sorted once for every report
// (`scimmap simulate`'s summaries, the report view): entries skipped, and notes on entries that are
// simulated all the same (a reference outside the input, a column read as empty, a group's members
// maybe cut short), which a reader of any report must see, not only stderr's reader.
import type { DirectoryProblem } from './directory';

export class InputProblems {
  /** Entries that could not be read and were skipped: the first `listed`, and how many in all. */
  readonly skipped: DirectoryProblem[] = [];
  skippedCount = 0;
  /** Notes on entries simulated all the same: the first `listed`, and how many in all. */
  readonly notes: DirectoryProblem[] = [];
  noteCount = 0;

  constructor(private readonly listed: number) {}

  /** A problem as a reader says it (DirectoryProblem's `simulated` tells the two kinds apart). */
  readonly add = (found: DirectoryProblem): void => {
    if (found.simulated) {
      if (this.noteCount++ < this.listed) this.notes.push(found);
    } else if (this.skippedCount++ < this.listed) this.skipped.push(found);
  };

  /** The skipped entries as the summaries list them: a reader of a report must see which entries are missing from it. */
  skippedLines(): string[] {
    return placedLines(this.skipped, this.skippedCount);
  }

  /** The notes as the summaries list them. */
  noteLines(): string[] {
    return placedLines(this.notes, this.noteCount);
  }
}

/** Problems as `place: message` (as stderr says them), and how many more there are. */
function placedLines(listed: readonly DirectoryProblem[], count: number): string[] {
  const lines = listed.map(({ where, message }) => `${where}: ${message}`);
  const more = count - listed.length;
  return more > 0 ? [...lines, `…and ${more} more (on stderr)`] : lines;
}
