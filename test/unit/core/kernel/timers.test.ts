/**
 * Long waits: setTimeout takes at most 2^31-1 ms and fires a longer delay after 1 ms. Every wait
 * the program makes goes through the chunking timers; these tests watch the delays handed to
 * setTimeout (no time passes: the watched timer fires at once) and check each is within the limit
 * and that together they make up the wait.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { listenForInterrupt } from '../../../../src/cli/interrupt.js';
import { deadlineSignal } from '../../../../src/core/kernel/deadline.js';
import { systemClock } from '../../../../src/core/partitions/ports.js';
import { MAX_TIMER_MS, setLongTimeout, sleep } from '../../../../src/core/kernel/timers.js';

const realSetTimeout = globalThis.setTimeout;
let delays: number[] = [];

beforeEach(() => {
  delays = [];
  // Records the delay and fires on the next turn: a 25-day wait takes no time here.
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    delays.push(ms ?? 0);
    const t = realSetTimeout(fn, 0);
    t.unref = () => t; // keep the test's event loop alive through an unref'd deadline timer
    return t;
  }) as typeof setTimeout;
});
afterEach(() => {
  globalThis.setTimeout = realSetTimeout;
});

const DAY = 86_400_000;
// Around the limit and far beyond it: 25 days (rate(25 days)), a year (a yearly cron), 30d (monitor --watch 30d).
const waits = [0, 1, MAX_TIMER_MS - 1, MAX_TIMER_MS, MAX_TIMER_MS + 1, 25 * DAY, 30 * DAY, 366 * DAY, 3_650 * DAY];

function check(ms: number): void {
  assert.ok(delays.length >= 1, 'a timer was set');
  for (const d of delays) assert.ok(d >= 0 && d <= MAX_TIMER_MS, `delay ${d} is within setTimeout's limit`);
  assert.equal(
    delays.reduce((a, b) => a + b, 0),
    ms,
    'the chunks add up to the wait',
  );
}

describe('waits longer than setTimeout allows are chunked', () => {
  for (const ms of waits) {
    it(`sleep(${ms})`, async () => {
      await sleep(ms);
      check(ms);
    });
    it(`the run's clock sleeps ${ms}`, async () => {
      await systemClock.sleep(ms);
      check(ms);
    });
    it(`the interval's interruptible sleep of ${ms} (refresh --interval, monitor --watch)`, async () => {
      const interrupt = listenForInterrupt();
      try {
        await interrupt.sleep(ms);
      } finally {
        interrupt.dispose();
      }
      check(ms);
    });
    it(`a deadline ${ms} ahead fires only after the whole wait`, async () => {
      const d = deadlineSignal(ms, { now: () => 0, sleep: async () => {}, timer: () => () => {} });
      await new Promise<void>((resolve) => d.signal.addEventListener('abort', () => resolve(), { once: true }));
      d.dispose();
      check(ms);
    });
  }

  it('a cancelled long timer never fires', async () => {
    let fired = false;
    const t = setLongTimeout(() => (fired = true), 3 * MAX_TIMER_MS);
    t.cancel();
    await new Promise((r) => realSetTimeout(r, 10));
    assert.equal(fired, false);
    assert.equal(delays.length, 1, 'no chunk after the first was armed');
  });

  it('sleep ends early when its signal aborts', async () => {
    const c = new AbortController();
    globalThis.setTimeout = realSetTimeout; // a real, long timer this time
    const p = sleep(366 * DAY, c.signal);
    c.abort();
    await p;
  });
});
