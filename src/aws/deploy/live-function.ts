/** Lambda's FunctionConfiguration as deploy's LiveFunction, and deploy's LoggingConfig as Lambda's parameter. */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { LiveFunction } from '../../core/deploy/function-plan.js';
import { loggingText, type LoggingSpec } from '../../core/deploy/logging.js';

export function liveFunction(configuration: FunctionConfiguration): LiveFunction {
  return {
    arn: configuration.FunctionArn ?? '',
    version: configuration.Version ?? '$LATEST',
    codeSha256: configuration.CodeSha256 ?? '',
    codeSize: configuration.CodeSize ?? 0,
    environment: configuration.Environment?.Variables ?? {},
    ...(configuration.Handler !== undefined ? { handler: configuration.Handler } : {}),
    ...(configuration.Runtime !== undefined ? { runtime: configuration.Runtime } : {}),
    ...(configuration.MemorySize !== undefined ? { memory: configuration.MemorySize } : {}),
    ...(configuration.Timeout !== undefined ? { timeout: configuration.Timeout } : {}),
    ...(configuration.Role !== undefined ? { role: configuration.Role } : {}),
    ...(configuration.State !== undefined ? { state: configuration.State } : {}),
    ...(configuration.LastUpdateStatus !== undefined ? { lastUpdateStatus: configuration.LastUpdateStatus } : {}),
    ...(configuration.LoggingConfig?.LogFormat !== undefined
      ? {
          logging: loggingText({
            format: configuration.LoggingConfig.LogFormat,
            applicationLevel: configuration.LoggingConfig.ApplicationLogLevel,
            systemLevel: configuration.LoggingConfig.SystemLogLevel,
          }),
        }
      : {}),
  };
}

/** The LoggingConfig parameter of Create/UpdateFunctionConfiguration (the log group stays Lambda's default, /aws/lambda/<name>). */
export function loggingConfig(logging: LoggingSpec | undefined) {
  return logging
    ? { LoggingConfig: { LogFormat: logging.format, ApplicationLogLevel: logging.applicationLevel, SystemLogLevel: logging.systemLevel } }
    : {};
}
