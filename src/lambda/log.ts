/**
 * The handler's log lines, right under both of Lambda's log formats:
 *
 * - JSON (LoggingConfig LogFormat JSON; Lambda sets AWS_LAMBDA_LOG_FORMAT=JSON and
 *   AWS_LAMBDA_LOG_LEVEL): the Node runtime's console methods would wrap our line into its own
 *   `message` string, so each line is written to stdout as the runtime writes its own: `timestamp`,
 *   `level` (INFO, …), `requestId`, `message`, then our fields at the top level, no text prefix.
 *   Lines below AWS_LAMBDA_LOG_LEVEL are dropped, as the runtime drops console calls below it.
 * - Text (the default): console.debug/info/warn/error, so the runtime's prefix
 *   (`timestamp requestId LEVEL`) names the right level; the line itself is JSON as well.
 *
 * The EMF metrics line goes out raw under JSON too: CloudWatch extracts EMF only from a top-level object.
 */
import { LOG_LEVELS, type LogLevel } from '../core/kernel/log-levels.js';
import { levelLogger, type Logger } from '../core/kernel/logger.js';
import { safeJson } from '../core/kernel/quote.js';

export interface LogEnv {
  AWS_LAMBDA_LOG_FORMAT?: string;
  AWS_LAMBDA_LOG_LEVEL?: string;
}

/** Lambda's ApplicationLogLevel → ours (TRACE reads as debug, FATAL as error). */
const FROM_LAMBDA: Record<string, LogLevel> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
  FATAL: 'error',
};

export const jsonFormat = (env: LogEnv = process.env) => env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';

/** The stricter of `level` and, under the JSON format, Lambda's ApplicationLogLevel. */
export function effectiveLevel(level: LogLevel, env: LogEnv = process.env): LogLevel {
  const lambda = jsonFormat(env) ? FROM_LAMBDA[env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase() ?? ''] : undefined;
  return lambda && LOG_LEVELS.indexOf(lambda) > LOG_LEVELS.indexOf(level) ? lambda : level;
}

export function lambdaLogger(
  level: LogLevel,
  requestId: string | undefined,
  env: LogEnv = process.env,
  write: (line: string) => void = (line) => void process.stdout.write(`${line}\n`),
): Logger {
  const json = jsonFormat(env);
  return levelLogger(effectiveLevel(level, env), (l, message, fields) => {
    const id = requestId ? { requestId } : {};
    // safeJson: values from messages reach CloudWatch Logs and `aws logs tail` escaped.
    if (json) write(safeJson({ timestamp: new Date().toISOString(), level: l.toUpperCase(), ...id, message, ...fields }));
    else console[l](safeJson({ timestamp: new Date().toISOString(), level: l, message, ...id, ...fields }));
  });
}

/** A line that must reach the log stream as it is (the EMF metrics). */
export function rawLine(line: string, env: LogEnv = process.env): void {
  if (jsonFormat(env)) process.stdout.write(`${line}\n`);
  else console.log(line);
}
