/**
 * Ctrl-C (or SIGTERM) for the commands that loop (`refresh --interval`, `monitor --watch`): the
 * first signal asks the loop to stop after the work in progress and cuts short its sleep; a
 * second one quits at once with exit code 130.
 */
export interface Interrupt {
  readonly stopping: boolean;
  /** Sleeps `ms`, or less when a signal comes. */
  sleep(ms: number): Promise<void>;
  /** Stops listening for signals. */
  dispose(): void;
}

export function listenForInterrupt(onFirst?: () => void): Interrupt {
  let stopping = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    onFirst?.();
    clearTimeout(timer);
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
            timer = setTimeout(resolve, Math.max(0, ms));
          }),
    dispose: () => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
