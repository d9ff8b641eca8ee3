/** The log levels, lowest first: `log_level` in conf/, `--log-level`, the Lambda's LOG_LEVEL. No zod here, so the CLI's --help does not load it. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
