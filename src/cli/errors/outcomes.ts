/** Outcomes that are not errors of the work but decide the CLI's exit code. */
import { StreamAlertError } from '../../core/kernel/errors.js';

/** A run that finished but had to keep messages on the queue. Used by the CLI for its exit code. */
export class MessagesKeptError extends StreamAlertError {
  override readonly name = 'MessagesKeptError';
  constructor(readonly kept: number) {
    super(`${kept} message(s) were kept on the queue; see the reasons above.`);
  }
}

/** `athena monitor --check` found a verdict other than ok. Used by the CLI for its exit code. */
export class CheckFailedError extends StreamAlertError {
  override readonly name = 'CheckFailedError';
  constructor(readonly status: string) {
    super(`the verdict is "${status}", not "ok" (see above).`);
  }
}
