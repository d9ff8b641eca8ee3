/** The one place errors become messages and exit codes. */
import { CommanderError } from 'commander';
import {
  AthenaQueryError,
  AwsError,
  ConfigError,
  CredentialsError,
  DatabaseNotFoundError,
  InitBlockedError,
  InterruptedError,
  NothingToRollBackError,
  PartialFailureError,
  QueueNotFoundError,
  UsageError,
} from '../../core/kernel/errors.js';
import { CheckFailedError, MessagesKeptError } from './outcomes.js';
import { RefreshAbortedError } from '../../core/refresh/index.js';
import { EXIT } from './exit-codes.js';
import { cliMessage } from './messages.js';
import { printableLines } from '../../core/kernel/quote.js';
import { paint } from '../output.js';

export function exitCodeFor(err: unknown): number {
  // A blocked init is a setup problem the user fixes in conf/ or the account, like a config error.
  if (err instanceof ConfigError || err instanceof InitBlockedError) return EXIT.CONFIG;
  if (err instanceof UsageError) return EXIT.USAGE;
  if (err instanceof NothingToRollBackError) return EXIT.NOTHING_TO_ROLL_BACK;
  if (err instanceof MessagesKeptError) return EXIT.KEPT_MESSAGES;
  if (err instanceof CheckFailedError) return EXIT.CHECK_FAILED;
  // Before AwsError, its base class; a run stopped part-way by one keeps the credentials' exit code.
  if (err instanceof CredentialsError || (err instanceof RefreshAbortedError && err.cause instanceof CredentialsError))
    return EXIT.CREDENTIALS;
  if (err instanceof InterruptedError) return EXIT.INTERRUPTED;
  if (
    err instanceof AwsError ||
    err instanceof DatabaseNotFoundError ||
    err instanceof QueueNotFoundError ||
    err instanceof AthenaQueryError ||
    err instanceof RefreshAbortedError ||
    err instanceof PartialFailureError
  ) {
    return EXIT.AWS;
  }
  return EXIT.UNEXPECTED;
}

export function handleError(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  const code = exitCodeFor(err);
  const label =
    err instanceof InitBlockedError
      ? 'blocked'
      : ({
          [EXIT.CONFIG]: 'configuration error',
          [EXIT.USAGE]: 'usage error',
          [EXIT.AWS]: err instanceof PartialFailureError ? 'incomplete' : 'AWS error',
          [EXIT.KEPT_MESSAGES]: 'messages kept',
          [EXIT.CHECK_FAILED]: 'check failed',
          [EXIT.CREDENTIALS]: 'credentials error',
          [EXIT.NOTHING_TO_ROLL_BACK]: 'nothing to roll back',
          [EXIT.INTERRUPTED]: 'interrupted',
        }[code] ?? 'error');
  // Messages may carry values from configuration or AWS: no control character reaches the terminal.
  const message = printableLines(cliMessage(err));
  process.stderr.write(`${paint.red(`streamalert: ${label}:`)} ${message}\n`);
  if (code === EXIT.UNEXPECTED && err instanceof Error && err.stack) process.stderr.write(`${paint.dim(err.stack)}\n`);
  return code;
}
