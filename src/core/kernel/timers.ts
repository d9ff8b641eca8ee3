/**
 * Timers for waits of any length. Node's setTimeout takes at most 2^31-1 ms (about 24.8 days):
 * a longer delay fires after 1 ms instead, so a yearly schedule would run back to back. Long
 * waits here are chunked below that limit.
 */

/** The longest delay setTimeout honours. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LongTimer {
  cancel(): void;
}

/** Calls `fn` after `ms` (any length), in chunks of at most MAX_TIMER_MS. `unref`: do not keep the process alive. */
export function setLongTimeout(fn: () => void, ms: number, unref = false): LongTimer {
  let remaining = Number.isFinite(ms) ? Math.max(0, ms) : Number.MAX_SAFE_INTEGER;
  let handle: NodeJS.Timeout | undefined;
  let cancelled = false;
  const arm = () => {
    const chunk = Math.min(remaining, MAX_TIMER_MS);
    remaining -= chunk;
    handle = setTimeout(() => {
      if (cancelled) return;
      if (remaining > 0) arm();
      else fn();
    }, chunk);
    if (unref) handle.unref?.();
  };
  arm();
  return {
    cancel: () => {
      cancelled = true;
      clearTimeout(handle);
    },
  };
}

/** Waits `ms` (any length); resolves early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      timer.cancel();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setLongTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
