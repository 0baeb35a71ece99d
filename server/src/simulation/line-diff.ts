// The line diff `scimmap test` prints under a failure (docs/testing.md): `- ` expected only, `+ `
// actual only, three lines of context around each change, `  ...` for the unchanged lines between.
// Bounded for any size: Myers' O((N+M)D) algorithm in its linear-space form (the middle snake,
// divide and conquer), after the common first and last lines are set aside, with a cap on the
// changed lines and on the work; past either cap the diff is a one-line summary of where the values
// differ. An outdated snapshot of a 5,000-member group (20,000 lines) took 3.4 GB with the table of
// the longest common subsequence this replaces.

/** More changed lines than this are summed up, not listed: no reader goes through more. */
export const maxListedChanges = 1_000;

/** Diagonals tried and lines compared before the diff gives up and sums up: about 100 ms. */
const maxWork = 10_000_000;

const contextLines = 3;

/** A line diff of `expected` against `actual`, with context. */
export function diffLines(expected: readonly string[], actual: readonly string[]): string {
  const shorter = Math.min(expected.length, actual.length);
  let prefix = 0;
  while (prefix < shorter && expected[prefix] === actual[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && expected[expected.length - 1 - suffix] === actual[actual.length - 1 - suffix]) suffix++;
  // The lines between as numbers (equal lines, equal numbers), compared many times over.
  const ids = new Map<string, number>();
  const idsOf = (side: readonly string[]) =>
    Int32Array.from(side.slice(prefix, side.length - suffix), (line) => {
      let id = ids.get(line);
      if (id === undefined) ids.set(line, (id = ids.size));
      return id;
    });
  const edits = new EditScript(idsOf(expected), idsOf(actual), prefix);
  if (edits.stopped) {
    const what = edits.stopped === 'changes' ? `more than ${maxListedChanges} lines differ` : 'too many lines differ to list in time';
    return `  ... ${what}, first at line ${prefix + 1} (${whereTheyDiffer(expected.length - suffix, actual.length - suffix, prefix, expected.length, actual.length)})`;
  }
  const runs: Run[] = [
    { kind: 'equal', aStart: 0, bStart: 0, length: prefix },
    ...edits.runs,
    { kind: 'equal', aStart: expected.length - suffix, bStart: actual.length - suffix, length: suffix },
  ];
  return withContext(
    runs.filter((run) => run.length > 0),
    expected,
    actual,
  );
}

/**
 * Where the differing lines end on each side (`lastExpected`, `lastActual`, 1-based), or, when they
 * are all on one side, which side has them (a snapshot not yet written is an empty expected side).
 */
function whereTheyDiffer(lastExpected: number, lastActual: number, prefix: number, expectedLength: number, actualLength: number): string {
  const onlyIn = (side: string, other: string, last: number, otherLength: number) =>
    otherLength === 0
      ? `${other} is empty; ${side} has ${last} lines`
      : `lines ${prefix + 1} to ${last} of ${side}, which ${other} does not have`;
  if (lastExpected === prefix) return onlyIn('actual', 'expected', lastActual, expectedLength);
  if (lastActual === prefix) return onlyIn('expected', 'actual', lastExpected, actualLength);
  return `the last at line ${lastExpected} of expected, ${lastActual} of actual`;
}

/** A run of lines: equal on both sides, only in expected (deleted) or only in actual (inserted). */
interface Run {
  readonly kind: 'equal' | 'delete' | 'insert';
  readonly aStart: number;
  readonly bStart: number;
  readonly length: number;
}

/** The shortest edit script of the middles (Myers 1986, section 4b), or incomplete past the caps. */
class EditScript {
  readonly runs: Run[] = [];
  /** Why the script is incomplete: more changes than the cap, or more work. */
  stopped: 'changes' | 'work' | undefined;
  private changes = 0;
  private work = 0;
  /** The furthest x on each diagonal k, forward and backward, at index k + offset. */
  private readonly forward: Int32Array;
  private readonly backward: Int32Array;
  private readonly offset: number;

  /** `a` and `b`: the sides' lines from line `first` on, as numbers. */
  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly first: number,
  ) {
    // The middle snake of a problem of D changes searches d up to ceil(D / 2) on diagonals -d..d (+1 on each side).
    this.offset = Math.ceil(maxListedChanges / 2) + 2;
    this.forward = new Int32Array(2 * this.offset + 1);
    this.backward = new Int32Array(2 * this.offset + 1);
    // D >= |N - M|: a length difference past the cap is over it before any work.
    if (Math.abs(a.length - b.length) > maxListedChanges) this.stopped = 'changes';
    else this.compare(0, a.length, 0, b.length);
  }

  /** Appends the runs of a[aLo, aHi) against b[bLo, bHi); false when a cap is reached. */
  private compare(aLo: number, aHi: number, bLo: number, bHi: number): boolean {
    const { a, b } = this;
    const start = aLo;
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
      aLo++;
      bLo++;
    }
    this.add('equal', start, bLo - (aLo - start), aLo - start);
    let endA = aHi;
    let endB = bHi;
    while (endA > aLo && endB > bLo && a[endA - 1] === b[endB - 1]) {
      endA--;
      endB--;
    }
    if (aLo === endA || bLo === endB) {
      this.add('delete', aLo, bLo, endA - aLo);
      this.add('insert', endA, bLo, endB - bLo);
      this.changes += endA - aLo + endB - bLo;
      if (this.changes > maxListedChanges) this.stopped = 'changes';
      if (this.stopped) return false;
    } else {
      const snake = this.middleSnake(aLo, endA, bLo, endB);
      if (!snake) return false;
      if (!this.compare(aLo, snake.x, bLo, snake.y)) return false;
      this.add('equal', snake.x, snake.y, snake.u - snake.x);
      if (!this.compare(snake.u, endA, snake.v, endB)) return false;
    }
    this.add('equal', endA, endB, aHi - endA);
    return true;
  }

  /**
   * The middle snake of a[aLo, aHi) against b[bLo, bHi), both non-empty with different first and
   * last lines: a stretch of equal lines (x, y) -> (u, v) on a shortest edit path, found by searching
   * from both ends at once. Undefined past a cap.
   */
  private middleSnake(aLo: number, aHi: number, bLo: number, bHi: number): { x: number; y: number; u: number; v: number } | undefined {
    const { a, b, forward, backward, offset } = this;
    const n = aHi - aLo;
    const m = bHi - bLo;
    const delta = n - m;
    const odd = (delta & 1) === 1;
    const most = Math.min(Math.ceil((n + m) / 2), offset - 2);
    forward[offset + 1] = 0;
    backward[offset + 1] = 0;
    for (let d = 0; d <= most; d++) {
      this.work += 2 * d + 2;
      // Forward: x on diagonal k = x - y, from the start.
      for (let k = -d; k <= d; k += 2) {
        const x0 = furthestStart(forward, offset + k, k === -d, k === d);
        const y0 = x0 - k;
        let x = x0;
        let y = y0;
        while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
          x++;
          y++;
        }
        this.work += x - x0;
        if (this.work > maxWork) return this.stop('work');
        forward[offset + k] = x;
        const reverse = delta - k;
        if (odd && reverse >= -(d - 1) && reverse <= d - 1 && x + backward[offset + reverse] >= n)
          return { x: aLo + x0, y: bLo + y0, u: aLo + x, v: bLo + y };
      }
      // Backward: lines counted from the end, diagonal k of the reversed sides is diagonal delta - k forward.
      for (let k = -d; k <= d; k += 2) {
        const x0 = furthestStart(backward, offset + k, k === -d, k === d);
        const y0 = x0 - k;
        let x = x0;
        let y = y0;
        while (x < n && y < m && a[aHi - 1 - x] === b[bHi - 1 - y]) {
          x++;
          y++;
        }
        this.work += x - x0;
        if (this.work > maxWork) return this.stop('work');
        backward[offset + k] = x;
        const ahead = delta - k;
        if (!odd && ahead >= -d && ahead <= d && x + forward[offset + ahead] >= n)
          return { x: aHi - x, y: bHi - y, u: aHi - x0, v: bHi - y0 };
      }
    }
    return this.stop('changes');
  }

  private stop(reason: EditScript['stopped']): undefined {
    this.stopped = reason;
    return undefined;
  }

  private add(kind: Run['kind'], aStart: number, bStart: number, length: number): void {
    if (length === 0) return;
    const last = this.runs[this.runs.length - 1];
    if (last?.kind === kind) this.runs[this.runs.length - 1] = { ...last, length: last.length + length };
    else this.runs.push({ kind, aStart: this.first + aStart, bStart: this.first + bStart, length });
  }
}

/**
 * Where a path on diagonal k (at `v[at]`) starts before its snake: one line down from diagonal k + 1
 * or one line right from k - 1, whichever is further along; at the outermost diagonals, the only one.
 */
function furthestStart(v: Int32Array, at: number, lowest: boolean, highest: boolean): number {
  return lowest || (!highest && v[at - 1] < v[at + 1]) ? v[at + 1] : v[at - 1] + 1;
}

/**
 * The runs as lines: each change with `contextLines` unchanged lines on each side; longer stretches
 * of unchanged lines become one `  ...`. Equal runs alternate with changes, so an equal run has a
 * change before it unless it is the first, and after it unless it is the last. Within a change, the
 * lines only expected come first, then those only actual, however the script interleaves them.
 */
function withContext(runs: readonly Run[], expected: readonly string[], actual: readonly string[]): string {
  const out: string[] = [];
  let inserted: string[] = [];
  runs.forEach((run, index) => {
    if (run.kind === 'delete') for (let i = 0; i < run.length; i++) out.push(`- ${expected[run.aStart + i]}`);
    else if (run.kind === 'insert') for (let i = 0; i < run.length; i++) inserted.push(`+ ${actual[run.bStart + i]}`);
    else {
      out.push(...inserted);
      inserted = [];
      const before = index > 0 ? contextLines : 0;
      const after = index < runs.length - 1 ? contextLines : 0;
      const unchanged = (i: number) => out.push(`  ${expected[run.aStart + i]}`);
      if (before + after >= run.length) for (let i = 0; i < run.length; i++) unchanged(i);
      else {
        for (let i = 0; i < before; i++) unchanged(i);
        out.push('  ...');
        for (let i = run.length - after; i < run.length; i++) unchanged(i);
      }
    }
  });
  out.push(...inserted);
  return out.join('\n');
}
