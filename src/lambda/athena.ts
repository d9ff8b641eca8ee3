/**
 * The Athena Partition Refresh function's Lambda handler.
 *
 * - A scheduled event (EventBridge `rate(...)`/`cron(...)`, or any other invocation) drains the
 *   queue within the invocation's remaining time.
 * - An SQS event-source event (`Records` from `aws:sqs`) processes those records; the ones not done
 *   come back as `batchItemFailures` (the function needs ReportBatchItemFailures on its mapping).
 *
 * Config is read once per process from $STREAMALERT_CONFIG_DIR, else the `conf/` folder packaged
 * beside the bundle. Logs are JSON lines at `log_level` ($LOG_LEVEL overrides it), with the request
 * id, in Lambda's JSON log format when the function has it (log.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClientFactory } from '../aws/sdk/client-factory.js';
import { refresher, type Refresher } from '../api/refresh.js';
import { loadConfig, type Config } from '../core/config/load.js';
import { LOG_LEVELS, type LogLevel } from '../core/config/schema.js';
import type { RefreshResult } from '../core/refresh/index.js';
import { lambdaLogger, rawLine } from './log.js';
import { emfLine, refreshMetrics } from './metrics.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface LambdaContext {
  getRemainingTimeInMillis(): number;
  functionName?: string;
  awsRequestId?: string;
}

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  eventSource: string;
}

export type AthenaEvent = { Records: SqsRecord[] } | Record<string, unknown>;

export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

interface Runtime {
  config: Config;
  refresh: Refresher;
  level: LogLevel;
}

let runtime: Runtime | undefined;

export function configDir(): string {
  if (process.env.STREAMALERT_CONFIG_DIR) return process.env.STREAMALERT_CONFIG_DIR;
  const beside = join(dirname(fileURLToPath(import.meta.url)), 'conf');
  if (existsSync(join(beside, 'lambda.json'))) return beside;
  if (process.env.LAMBDA_TASK_ROOT && existsSync(join(process.env.LAMBDA_TASK_ROOT, 'conf')))
    return join(process.env.LAMBDA_TASK_ROOT, 'conf');
  return 'conf';
}

function setup(): Runtime {
  if (runtime) return runtime;
  const config = loadConfig(configDir(), { region: process.env.AWS_REGION, regionFrom: 'AWS_REGION' });
  const envLevel = process.env.LOG_LEVEL?.toLowerCase() as LogLevel | undefined;
  const level = envLevel && LOG_LEVELS.includes(envLevel) ? envLevel : config.athena.log_level;
  runtime = { config, refresh: refresher(config, new ClientFactory({ region: config.account.region })), level };
  return runtime;
}

function isSqsEvent(event: AthenaEvent): event is { Records: SqsRecord[] } {
  const records = (event as { Records?: unknown }).Records;
  return Array.isArray(records) && records.length > 0 && records.every((r) => (r as SqsRecord)?.eventSource === 'aws:sqs');
}

export async function handler(event: AthenaEvent, context: LambdaContext): Promise<SqsBatchResponse | RefreshResult> {
  const { config, refresh, level } = setup();
  // One logger per invocation: every line carries this invocation's request id (log.ts).
  const logger = lambdaLogger(level, context.awsRequestId);
  const remaining = context.getRemainingTimeInMillis();
  // Leave room to log and return: 10% of the time left, at least 1s and at most 5s.
  const deadline = Date.now() + remaining - Math.min(5_000, Math.max(1_000, remaining / 10));
  const options = { deadline, logger };
  let result: RefreshResult;
  if (isSqsEvent(event)) {
    const messages = event.Records.map((r) => ({ messageId: r.messageId, receiptHandle: r.receiptHandle, body: r.body }));
    result = await refresh.process(messages, options);
  } else {
    result = await refresh.drain(options);
  }
  const { keptMessages, calls, doneMessageIds, ...summary } = result;
  const { deleteFailures, ...rest } = summary;
  logger.info('refresh finished', { ...rest, keptMessages: keptMessages.slice(0, 50), failedCalls: calls.filter((c) => !c.ok) });
  // Done but not deleted (e.g. sqs:DeleteMessage missing): they come back; say so loudly.
  if (deleteFailures.length)
    logger.error('messages could not be deleted', { count: result.messages.deleteFailed, deleteFailures: deleteFailures.slice(0, 20) });
  if (config.athena.enable_custom_metrics) rawLine(emfLine(context.functionName ?? config.athena.function_name, refreshMetrics(result)));
  if (isSqsEvent(event)) {
    const done = new Set(doneMessageIds ?? []);
    return { batchItemFailures: event.Records.filter((r) => !done.has(r.messageId)).map((r) => ({ itemIdentifier: r.messageId })) };
  }
  return result;
}

/** Forgets the cached config and clients (tests that change the config between invocations). */
export function resetForTests(): void {
  runtime = undefined;
}
