/**
 * IAM is eventually consistent: for about ten seconds after a role or its policy changes, Lambda
 * may answer as if it had not ("The role defined for the function cannot be assumed by Lambda",
 * "The provided execution role does not have permissions to call ReceiveMessage on SQS"). Retry
 * that, and only that, for about 12 s in all (a role that truly is wrong fails after that).
 */
import { pollUntil } from '../../core/kernel/poll.js';
import { systemClock, type Clock } from '../../core/partitions/ports.js';

export const ROLE_NOT_ASSUMABLE = /cannot be assumed/i;
export const ROLE_LACKS_PERMISSION = /execution role does not have permissions/i;

export interface IamRetryOptions {
  attempts?: number;
  /** The n-th retry waits n × this. */
  delayMs?: number;
  clock?: Pick<Clock, 'now' | 'sleep'>;
}

export function retryWhileIamPropagates<T>(
  send: () => Promise<T>,
  message: RegExp,
  { attempts = 4, delayMs = 2_000, clock = systemClock }: IamRetryOptions = {},
): Promise<T> {
  return pollUntil<T, unknown>(
    async () => {
      try {
        return { done: true, value: await send() };
      } catch (err) {
        const sdkError = err as { name?: string; message?: string };
        if (sdkError.name === 'InvalidParameterValueException' && message.test(sdkError.message ?? '')) return { done: false, last: err };
        throw err;
      }
    },
    { clock, attempts, delayMs: (attempt) => delayMs * (attempt + 1), giveUp: (err) => err },
  );
}
