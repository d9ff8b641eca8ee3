/**
 * A virtual clock for tests whose outcome must not depend on how fast the machine is. Time moves
 * only when the code under test sleeps on it (or the test calls `advance`): `sleep(ms)` wakes at
 * `now + ms` virtual, on the next turn of the event loop, and concurrent sleepers keep their own
 * wake times; a `timer` fires once time has moved past it. Hand the same clock to the run
 * (`clock`) and to the proxy (`clock: c.now`), so the run's budget, Athena's RUNNING time and SQS
 * visibility are all measured on it.
 */
import type { Clock } from '../../src/core/partitions/ports.js';

export interface ManualClock extends Clock {
  /** Moves time forward by `ms` (visibility timeouts, RUNNING queries). */
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2026, 10, 29, 12)): ManualClock {
  let t = start;
  const timers = new Set<{ at: number; fn: () => void }>();
  const moveTo = (to: number) => {
    t = Math.max(t, to);
    for (const timer of [...timers].sort((a, b) => a.at - b.at)) {
      if (timer.at > t) break;
      timers.delete(timer);
      timer.fn();
    }
  };
  return {
    now: () => t,
    sleep: (ms) => {
      const wake = t + Math.max(0, ms);
      return new Promise((resolve) =>
        setImmediate(() => {
          moveTo(wake);
          resolve();
        }),
      );
    },
    timer: (ms, fn) => {
      const timer = { at: t + Math.max(0, ms), fn };
      timers.add(timer);
      // Due now: fire on the next turn, as a real timer of 0 ms would.
      if (ms <= 0) setImmediate(() => moveTo(t));
      return () => void timers.delete(timer);
    },
    advance: (ms) => moveTo(t + ms),
  };
}
