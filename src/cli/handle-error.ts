/** The one place errors become messages and exit codes. */
import { CommanderError } from 'commander';
import { AthenaQueryError, AwsError, CheckFailedError, ConfigError, DatabaseNotFoundError, InitBlockedError, MessagesKeptError, QueueNotFoundError, UsageError } from '../core/errors.js';
import { RefreshAbortedError } from '../core/refresh.js';
import { EXIT } from './exit-codes.js';
import { paint } from './output.js';

export function exitCodeFor(err: unknown): number {
  // A blocked init is a setup problem the user fixes in conf/ or the account, like a config error.
  if (err instanceof ConfigError || err instanceof InitBlockedError) return EXIT.CONFIG;
  if (err instanceof UsageError) return EXIT.USAGE;
  if (err instanceof MessagesKeptError) return EXIT.KEPT_MESSAGES;
  if (err instanceof CheckFailedError) return EXIT.CHECK_FAILED;
  if (err instanceof AwsError || err instanceof DatabaseNotFoundError || err instanceof QueueNotFoundError || err instanceof AthenaQueryError || err instanceof RefreshAbortedError) {
    return EXIT.AWS;
  }
  return EXIT.UNEXPECTED;
}

export function handleError(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  const code = exitCodeFor(err);
  const label = err instanceof InitBlockedError ? 'blocked' : { [EXIT.CONFIG]: 'configuration error', [EXIT.USAGE]: 'usage error', [EXIT.AWS]: 'AWS error', [EXIT.KEPT_MESSAGES]: 'messages kept', [EXIT.CHECK_FAILED]: 'check failed' }[code] ?? 'error';
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${paint.red(`streamalert: ${label}:`)} ${message}\n`);
  if (code === EXIT.UNEXPECTED && err instanceof Error && err.stack) process.stderr.write(`${paint.dim(err.stack)}\n`);
  return code;
}
