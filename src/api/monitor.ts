/**
 * The library's one-call monitor: read the queue's metrics and say whether the refresh keeps up.
 *   import { monitor } from 'streamalert';
 *   const report = await monitor({ configDir: 'conf', window: '7d', period: '1d' });
 */
import { QueueMonitorData } from '../aws/monitor/metrics.js';
import { UsageError } from '../core/kernel/errors.js';
import type { Logger } from '../core/kernel/logger.js';
import { analyzeQueueMetrics } from '../core/monitor/analyze.js';
import { parseDuration } from '../core/monitor/duration.js';
import { monitorInput } from '../core/monitor/settings.js';
import { queueArn } from '../core/deploy/athena-spec.js';
import type { MonitorReport } from '../core/monitor/types.js';
import { planWindow } from '../core/monitor/window.js';
import { AwsClients } from '../aws/sdk/clients.js';
import { configOf, withClients, type LibraryOptions } from './options.js';

export interface MonitorOptions extends LibraryOptions {
  /** How far back to look: a duration such as `24h` or `7d`, or seconds (default 24 hours). */
  window?: string | number;
  /** One row per period: `1h`, `5m`, `1d`, or seconds (default one hour). */
  period?: string | number;
  /** The end of the window (default now). */
  now?: Date;
  /** Told at debug level how many GetMetricData calls the read took. */
  logger?: Logger;
}

export async function monitor(options: MonitorOptions = {}): Promise<MonitorReport> {
  const window = planWindow(
    options.now ?? new Date(),
    seconds('window', options.window ?? 86_400),
    seconds('period', options.period ?? 3600),
  );
  const config = await configOf(options);
  return withClients(options, config, AwsClients, async (clients) => {
    const fn = { name: config.athena.function_name, lambda: clients.lambda(), queueArn: queueArn(config) };
    const data = await new QueueMonitorData(clients.cloudwatch(), clients.sqs()).read(config.athena.queue_name, window, fn);
    options.logger?.debug('metrics read', {
      getMetricDataCalls: data.calls,
      start: window.start.toISOString(),
      end: window.end.toISOString(),
    });
    return analyzeQueueMetrics(monitorInput(config, window, data));
  });
}

function seconds(name: string, value: string | number): number {
  const parsed = typeof value === 'number' ? value : parseDuration(value);
  if (parsed === null || !Number.isFinite(parsed) || parsed <= 0)
    throw new UsageError(`${name} must be a duration such as 30m, 24h or 7d, or a number of seconds, not "${value}"`);
  return parsed;
}
