/** A minimal structured logger. The CLI logs text to stderr; the Lambda logs JSON lines. */
import type { LogLevel } from './log-levels.js';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger that drops entries below `level` and hands the rest to `write`. */
export function levelLogger(level: LogLevel, write: (level: LogLevel, message: string, fields?: LogFields) => void): Logger {
  const at = (l: LogLevel) => (message: string, fields?: LogFields) => {
    if (RANK[l] >= RANK[level]) write(l, message, fields);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
