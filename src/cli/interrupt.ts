/**
 * Ctrl-C (or SIGTERM) for the commands that loop (`refresh --interval`, `monitor --watch`): the
 * first signal asks the loop to stop after the work in progress and cuts short its sleep; a
 * second one quits at once with exit code 130.
 */
import { setLongTimeout, type LongTimer } from '../core/kernel/timers.js';

export interface Interrupt {
  readonly stopping: boolean;
  /** Sleeps `ms` (any length: long waits are chunked), or less when a signal comes. */
  sleep(ms: number): Promise<void>;
  /** Stops listening for signals. */
  dispose(): void;
}

export function listenForInterrupt(onFirst?: () => void): Interrupt {
  let stopping = false;
  let wake: (() => void) | undefined;
  let timer: LongTimer | undefined;
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    onFirst?.();
    timer?.cancel();
    wake?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    get stopping() {
      return stopping;
    },
    sleep: (ms) =>
      stopping
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            wake = resolve;
            timer = setLongTimeout(resolve, ms);
          }),
    dispose: () => {
      timer?.cancel();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
