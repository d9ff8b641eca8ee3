/** What the monitor judges by, from the configuration: the queue, the function, the schedule and max_messages. */
import type { Config } from '../config/load.js';
import type { MonitorSettings } from './types.js';

export function monitorSettings(config: Config): MonitorSettings {
  const athena = config.athena;
  return {
    queueName: athena.queue_name,
    functionName: athena.function_name,
    region: config.account.region,
    prefix: config.account.prefix,
    scheduleExpression: athena.schedule_expression,
    maxMessages: athena.max_messages,
  };
}
