/**
 * The one polling loop: ask, and while the answer is "not yet" wait (on the injected clock) and ask
 * again, until it is done, the time or the attempts run out, or the question throws. Deploy's wait
 * for Lambda, the retry while IAM propagates and init's wait for a database use it.
 */
import type { Clock } from './clock.js';

/** One answer: done with a value, or not yet (with what to report if the polling gives up). */
export type PollAnswer<T, P> = { done: true; value: T } | { done: false; last: P };

export interface PollOptions<P> {
  clock: Pick<Clock, 'now' | 'sleep'>;
  /** The wait after the n-th "not yet" (0-based). */
  delayMs: (attempt: number) => number;
  /** Give up once this long has passed since the first question (default: never). */
  timeoutMs?: number;
  /** Give up after this many questions (default: no limit). */
  attempts?: number;
  /** What to throw on giving up, from the last "not yet". */
  giveUp: (last: P) => unknown;
}

export async function pollUntil<T, P>(ask: (attempt: number) => Promise<PollAnswer<T, P>>, options: PollOptions<P>): Promise<T> {
  const { clock, delayMs, timeoutMs = Infinity, attempts = Infinity } = options;
  const start = clock.now();
  for (let attempt = 0; ; attempt++) {
    const answer = await ask(attempt);
    if (answer.done) return answer.value;
    if (attempt + 1 >= attempts || clock.now() - start >= timeoutMs) throw options.giveUp(answer.last);
    await clock.sleep(delayMs(attempt));
  }
}

/** Doubling delays from `first`, capped at `max`. */
export const doubling = (first: number, max: number) => (attempt: number) => Math.min(max, first * 2 ** attempt);
