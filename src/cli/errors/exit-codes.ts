/** Exit codes, documented in the README. Only the CLI decides them. */
export const EXIT = {
  OK: 0,
  /** An unexpected failure (a bug): the message and stack go to stderr. */
  UNEXPECTED: 1,
  /** Bad command-line usage: unknown option, bad value. */
  USAGE: 2,
  /** conf/ is missing or invalid; nothing was sent to AWS. Also `athena init` with a blocked resource: nothing was changed. */
  CONFIG: 3,
  /** AWS refused or failed a call (permissions, missing resource, throttling past retries, query failed). */
  AWS: 4,
  /** The run finished but kept messages on the queue (they will be retried or dead-lettered). */
  KEPT_MESSAGES: 5,
  /** A check did not pass (`athena monitor --check` with a verdict other than ok). */
  CHECK_FAILED: 6,
  /** AWS credentials missing, expired or refused: the message names the source and what to run. */
  CREDENTIALS: 7,
  /** `rollback` found nothing to go back to: one published version, or no alias yet. */
  NOTHING_TO_ROLL_BACK: 8,
  /** Interrupted: Ctrl-C twice, or Ctrl-C during `refresh --interval`. */
  INTERRUPTED: 130,
} as const;
