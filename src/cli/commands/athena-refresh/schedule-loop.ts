/**
 * `athena refresh --interval`: run, sleep until the schedule's next time, run again.
 *
 * A run that fails on AWS (a transient receive failure, throttling past retries, refused deletes,
 * a missing queue or database) is logged and the schedule goes on; after
 * MAX_CONSECUTIVE_FAILURES failed runs in a row the command stops with the last error. A
 * configuration error, or an error that is not AWS's (a bug), stops it at once. Ctrl-C stops it
 * after the run in progress, or at once while it sleeps, with the "interrupted" exit code.
 */
import { AthenaQueryError, AwsError, DatabaseNotFoundError, InterruptedError, QueueNotFoundError } from '../../../core/kernel/errors.js';
import { RefreshAbortedError } from '../../../core/refresh/index.js';

/** Failed runs in a row after which `--interval` gives up (documented in the README). */
export const MAX_CONSECUTIVE_FAILURES = 5;

export interface ScheduleLoop {
  runOnce(): Promise<void>;
  /** The schedule's next time after `from`, or null when it never fires again. */
  next(from: Date): Date | null;
  now(): number;
  /** Sleeps `ms`, or less when interrupted. */
  sleep(ms: number): Promise<void>;
  /** Whether Ctrl-C (or SIGTERM) came. */
  stopping(): boolean;
  onFailure(err: unknown, failuresInARow: number): void;
  onNext(at: Date): void;
}

/** Errors of a run worth retrying on the next tick: AWS's answers, not our configuration or bugs. */
export function isRunFailure(err: unknown): boolean {
  return (
    err instanceof AwsError ||
    err instanceof RefreshAbortedError ||
    err instanceof QueueNotFoundError ||
    err instanceof DatabaseNotFoundError ||
    err instanceof AthenaQueryError
  );
}

/** Runs until interrupted (InterruptedError), the schedule ends (returns), or it gives up (throws). */
export async function runScheduleLoop(loop: ScheduleLoop): Promise<void> {
  let failures = 0;
  for (;;) {
    try {
      await loop.runOnce();
      failures = 0;
    } catch (err) {
      if (!isRunFailure(err) || ++failures >= MAX_CONSECUTIVE_FAILURES) throw err;
      loop.onFailure(err, failures);
    }
    if (loop.stopping()) throw new InterruptedError('stopped after the run in progress');
    const next = loop.next(new Date(loop.now()));
    if (!next) return;
    loop.onNext(next);
    await loop.sleep(next.getTime() - loop.now());
    if (loop.stopping()) throw new InterruptedError('stopped while waiting for the next run');
  }
}
