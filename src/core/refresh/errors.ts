/** The refresh's own error: it carries the run's result, so it lives beside the run's types (not in core/kernel/errors.ts). */
import { errorMessage, StreamAlertError } from '../kernel/errors.js';
import type { RefreshResult } from './types.js';

/** Thrown when the run had to stop part-way (e.g. SQS refused a receive); carries what was done. */
export class RefreshAbortedError extends StreamAlertError {
  override readonly name = 'RefreshAbortedError';
  constructor(
    readonly result: RefreshResult,
    override readonly cause: unknown,
  ) {
    super(`the refresh stopped part-way: ${errorMessage(cause)}`, { cause });
  }
}
