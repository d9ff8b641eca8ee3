/** What the monitor judges by, from the configuration: the queue, the function, the schedule and max_messages. */
import type { Config } from '../config/load.js';
import type { FunctionMetrics, MappingState, MonitorInput, MonitorSettings, QueueMetrics, QueueState } from './types.js';
import type { MonitorWindow } from './window.js';

export function monitorSettings(config: Config): MonitorSettings {
  const athena = config.athena;
  return {
    queueName: athena.queue_name,
    functionName: athena.function_name,
    region: config.account.region,
    prefix: config.account.prefix,
    scheduleExpression: athena.schedule_expression,
    maxMessages: athena.max_messages,
    trigger: {
      kind: athena.trigger,
      batchSize: athena.batch_size,
      maximumBatchingWindowSeconds: athena.maximum_batching_window_seconds,
      maximumConcurrency: athena.maximum_concurrency,
      memory: athena.memory,
      timeout: athena.timeout,
    },
  };
}

/** The analysis's input from what was read (the CLI's and the library's monitor alike). */
export function monitorInput(
  config: Config,
  window: MonitorWindow,
  data: { metrics: QueueMetrics; queue: QueueState; function?: FunctionMetrics; mapping?: MappingState | null },
): MonitorInput {
  return {
    settings: monitorSettings(config),
    window,
    metrics: data.metrics,
    queue: data.queue,
    ...(data.function ? { function: data.function } : {}),
    ...(data.mapping !== undefined ? { mapping: data.mapping } : {}),
  };
}
