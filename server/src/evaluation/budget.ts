// One budget for everything a preview evaluates (issue 10 §12): the per-call limits of evaluate.ts
// bound each expression, but forty expensive expressions each under their own limit still kept the
// server busy for 23 s. Every evaluation step of every mapping of one preview (create and update
// alike) is charged here, and the clock is read every few hundred steps; once either runs out, the
// evaluation in progress and all that follow fail with one clear message.
import { performance } from 'node:perf_hooks';

/** Steps across a whole preview: twenty times what one expression may take. */
export const PREVIEW_MAX_STEPS = 2_000_000;
/** Wall time across a whole preview. */
export const PREVIEW_MAX_MS = 2_000;

const ADVICE = 'simplify the expensive expressions (Replace with regular expressions, long Join or Split chains)';

/** Steps between clock readings. */
const clockInterval = 256;

// One function each for every budget (a simulation makes one per object), not two new closures a budget.
const monotonicClock = (): number => performance.now();
const neverCancelled = (): boolean => false;

export class EvaluationBudget {
  private steps = 0;
  /** The clock was read when the budget was made: the next reading is due a few hundred steps on. */
  private nextClockCheck = clockInterval;
  private readonly deadline: number;
  private exhausted: string | undefined;

  constructor(
    readonly maxSteps = PREVIEW_MAX_STEPS,
    readonly maxMs = PREVIEW_MAX_MS,
    private readonly clock: () => number = monotonicClock,
    /** Read with the clock: true once the request the preview answers was cancelled (a newer one replaces it). */
    private readonly cancelled: () => boolean = neverCancelled,
  ) {
    this.deadline = clock() + maxMs;
  }

  /** Charges `cost` steps; the message saying why the evaluation stops, once the budget is spent. */
  charge(cost: number): string | undefined {
    if (this.exhausted) return this.exhausted;
    this.steps += cost;
    if (this.steps > this.maxSteps) {
      this.exhausted = `the preview stopped: its evaluations took more than ${this.maxSteps.toLocaleString('en-US')} steps in all (the budget of one preview); ${ADVICE}`;
      return this.exhausted;
    }
    if (this.steps < this.nextClockCheck) return undefined;
    this.nextClockCheck = this.steps + clockInterval;
    return this.checkTime();
  }

  /** Reads the clock: the message saying why the evaluation stops, once the time is spent or the preview cancelled. */
  checkTime(): string | undefined {
    if (this.exhausted) return this.exhausted;
    if (this.cancelled()) this.exhausted = 'the preview stopped: it was cancelled';
    else if (this.clock() > this.deadline)
      this.exhausted = `the preview stopped: its evaluations took longer than ${this.maxMs / 1000} s in all (the budget of one preview); ${ADVICE}`;
    return this.exhausted;
  }
}
