/** Time as the run sees it: the system's, or a test's manual clock. Every timer of a run goes through one. */
import { setLongTimeout, sleep } from './timers.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Calls `fn` once `ms` have passed on this clock, unless the returned function cancels it first. */
  timer(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => sleep(ms),
  timer: (ms, fn) => {
    const t = setLongTimeout(fn, ms);
    return () => t.cancel();
  },
};
