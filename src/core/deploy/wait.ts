/** Waiting for Lambda to finish creating or updating a function before the next call. */
import { AwsError } from '../kernel/errors.js';
import { doubling, pollUntil } from '../kernel/poll.js';
import { systemClock, type Clock } from '../partitions/ports.js';

export interface UpdateStatus {
  state?: string;
  lastUpdateStatus?: string;
  reason?: string;
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Delay before the n-th poll (0-based). */
  delayMs?: (attempt: number) => number;
  clock?: Pick<Clock, 'now' | 'sleep'>;
}

/**
 * Polls until the function is Active and its last update Successful. A Failed state or update is
 * an AwsError with Lambda's reason; so is still being busy after `timeoutMs` (default 5 minutes).
 */
export function waitUntilSettled(
  name: string,
  operation: string,
  poll: () => Promise<UpdateStatus>,
  options: WaitOptions = {},
): Promise<UpdateStatus> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  return pollUntil<UpdateStatus, UpdateStatus>(
    async () => {
      const status = await poll();
      if (status.state === 'Failed' || status.lastUpdateStatus === 'Failed') {
        throw new AwsError(
          `${name}: ${operation} failed: ${status.reason ?? 'Lambda reported Failed without a reason'}`,
          'lambda',
          operation,
          'UpdateFailed',
        );
      }
      const busy = status.state === 'Pending' || status.lastUpdateStatus === 'InProgress';
      return busy ? { done: false, last: status } : { done: true, value: status };
    },
    {
      clock: options.clock ?? systemClock,
      delayMs: options.delayMs ?? doubling(500, 5_000),
      timeoutMs,
      giveUp: (status) =>
        new AwsError(
          `${name}: still updating after ${Math.round(timeoutMs / 1000)}s (state ${status.state ?? '?'}, last update ${status.lastUpdateStatus ?? '?'}); run deploy again once it settles`,
          'lambda',
          operation,
          'Timeout',
        ),
    },
  );
}
