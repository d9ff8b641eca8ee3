/**
 * The run's deadline as an AbortSignal. Every AWS call of the run carries it, so the SDK's own
 * retries and backoff, a throttled API or an endpoint that never answers cannot hold a run past
 * its budget (in the Lambda that would be a timeout, with the summary and metrics lost).
 */
import { setMaxListeners } from 'node:events';
import type { Clock } from './clock.js';
import { setLongTimeout } from './timers.js';

export class DeadlineReachedError extends Error {
  override readonly name = 'DeadlineReachedError';
  constructor() {
    super("the run's time budget ran out");
  }
}

export interface DeadlineSignal {
  signal: AbortSignal;
  dispose(): void;
}

/** Aborts at `deadline` (epoch ms on `clock`), or when `outer` aborts. */
export function deadlineSignal(deadline: number, clock: Clock, outer?: AbortSignal): DeadlineSignal {
  const controller = new AbortController();
  // Every call in flight listens on it (hundreds during a drain): not a leak.
  setMaxListeners(0, controller.signal);
  const timer = setLongTimeout(() => controller.abort(new DeadlineReachedError()), deadline - clock.now(), true);
  const onOuter = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuter();
  else outer?.addEventListener('abort', onOuter, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      timer.cancel();
      outer?.removeEventListener('abort', onOuter);
    },
  };
}
