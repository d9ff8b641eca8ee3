/**
 * The function's LoggingConfig: Lambda's JSON log format, so every line the runtime writes carries
 * the timestamp, level and request id (src/lambda/log.ts writes the handler's lines in it), the
 * application's level from `log_level`, and the platform's own lines at WARN and above.
 */
import type { LogLevel } from '../kernel/log-levels.js';

export type LambdaLogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

export interface LoggingSpec {
  format: 'JSON';
  applicationLevel: LambdaLogLevel;
  /** Lambda's SystemLogLevel takes DEBUG, INFO or WARN. */
  systemLevel: 'DEBUG' | 'INFO' | 'WARN';
}

/** `log_level` → Lambda's ApplicationLogLevel (Lambda's levels are a superset of ours). */
export const LAMBDA_LOG_LEVEL: Record<LogLevel, LambdaLogLevel> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

export function loggingSpec(level: LogLevel): LoggingSpec {
  return { format: 'JSON', applicationLevel: LAMBDA_LOG_LEVEL[level], systemLevel: 'WARN' };
}

/** How a LoggingConfig reads in a plan, and what a live one is compared as. */
export function loggingText(l: { format?: string; applicationLevel?: string; systemLevel?: string }): string {
  return `${l.format ?? 'Text'}${l.format === 'JSON' ? `, application ${l.applicationLevel ?? 'INFO'}, system ${l.systemLevel ?? 'INFO'}` : ''}`;
}
