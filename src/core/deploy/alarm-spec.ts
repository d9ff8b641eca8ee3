/**
 * The CloudWatch alarms deploy keeps beside the athena function, built from the configuration
 * alone (pure): the queue's oldest message, the dead-letter queue, the function's Errors and, with
 * trigger sqs, its Throttles. Named `<function_name>-<what>`, tagged ours, notifying
 * `alarm_topic_arn`. StreamAlert's Athena Refresh 2.0 made alarms of the same kind.
 */
import type { Config } from '../config/load.js';
import { formatAge } from '../monitor/duration.js';
import { scheduleIntervalSeconds } from '../monitor/measure.js';
import { ownershipTags } from '../account/ownership.js';

export const ALARM_KINDS = ['oldest-message', 'dead-letters', 'errors', 'throttles'] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

/** With trigger sqs the mapping polls continuously: a message older than this is stuck. */
export const SQS_TRIGGER_AGE_SECONDS = 900;
/** Every alarm judges one 5-minute period (SQS and Lambda send these metrics each minute). */
export const ALARM_PERIOD_SECONDS = 300;

/** What PutMetricAlarm is given; also what a live alarm is compared on. */
export interface AlarmSettings {
  description: string;
  namespace: 'AWS/SQS' | 'AWS/Lambda';
  metricName: string;
  /** `Name=Value`, sorted. */
  dimensions: string[];
  statistic: 'Maximum' | 'Sum';
  period: number;
  evaluationPeriods: number;
  threshold: number;
  comparison: 'GreaterThanThreshold';
  treatMissingData: 'notBreaching';
  /** The topic (sorted); empty without alarm_topic_arn. */
  alarmActions: string[];
  okActions: string[];
}

export interface AlarmSpec {
  kind: AlarmKind;
  name: string;
  settings: AlarmSettings;
}

export interface AlarmsSpec {
  /** False with `alarms: false`: ours are deleted, none made. */
  enabled: boolean;
  /** The alarms to have. */
  alarms: AlarmSpec[];
  /** Every name deploy may have used for this function: ours among them that are not wanted are deleted. */
  names: string[];
  /** The tags our alarms carry (ownershipTags). */
  tags: Record<string, string>;
  prefix: string;
}

export function alarmName(functionName: string, kind: AlarmKind): string {
  return `${functionName}-${kind}`;
}

/** The oldest message's threshold: 2 × the schedule's longest gap between runs, or 15 min with trigger sqs. */
export function oldestMessageThreshold(config: Pick<Config, 'athena'>, now: Date): number {
  const a = config.athena;
  if (a.alarm_thresholds?.oldest_message_seconds !== undefined) return a.alarm_thresholds.oldest_message_seconds;
  if (a.trigger === 'sqs') return SQS_TRIGGER_AGE_SECONDS;
  const interval = scheduleIntervalSeconds(a.schedule_expression, now);
  // A cron that never fires again has no interval: a day is as long as anything should wait.
  return Number.isFinite(interval) ? 2 * interval : 86_400;
}

export function athenaAlarms(config: Pick<Config, 'athena' | 'account' | 'tags'>, functionName: string, now = new Date()): AlarmsSpec {
  const a = config.athena;
  const limits = a.alarm_thresholds ?? {};
  const actions = a.alarm_topic_arn ? [a.alarm_topic_arn] : [];
  const dlq = `${a.queue_name}_dlq`;
  const logs = `aws logs tail /aws/lambda/${functionName} --since 1h`;
  const base = {
    period: ALARM_PERIOD_SECONDS,
    evaluationPeriods: 1,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    alarmActions: actions,
    okActions: actions,
  } as const;
  const age = oldestMessageThreshold(config, now);
  const alarm = (kind: AlarmKind, settings: Omit<AlarmSettings, keyof typeof base>): AlarmSpec => ({
    kind,
    name: alarmName(functionName, kind),
    settings: { ...base, ...settings, alarmActions: [...actions], okActions: [...actions] },
  });
  const alarms: AlarmSpec[] = [
    alarm('oldest-message', {
      description: `streamalert: a notification on ${a.queue_name} has waited over ${formatAge(age)}, so new partitions are not searchable yet. Run \`streamalert athena monitor\` to see whether the ${a.trigger} trigger keeps up and what to change.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateAgeOfOldestMessage',
      dimensions: [`QueueName=${a.queue_name}`],
      statistic: 'Maximum',
      threshold: age,
    }),
    alarm('dead-letters', {
      description: `streamalert: messages failed repeatedly and wait in the dead-letter queue ${dlq}. Read the logs (${logs}), fix the cause, then move them back with \`streamalert athena redrive\`.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: [`QueueName=${dlq}`],
      statistic: 'Maximum',
      threshold: limits.dead_letter_messages ?? 0,
    }),
    alarm('errors', {
      description: `streamalert: the refresh function ${functionName} failed. Read the logs (${logs}) and run \`streamalert athena monitor\`; messages it did not finish come back, then go to ${dlq} (\`streamalert athena redrive\`).`,
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: [`FunctionName=${functionName}`],
      statistic: 'Sum',
      threshold: limits.errors ?? 0,
    }),
  ];
  if (a.trigger === 'sqs') {
    alarms.push(
      alarm('throttles', {
        description: `streamalert: Lambda throttled ${functionName}, so its SQS trigger hands batches over late. Run \`streamalert athena monitor\`; raise the function's concurrency limit or lower maximum_concurrency.`,
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        dimensions: [`FunctionName=${functionName}`],
        statistic: 'Sum',
        threshold: limits.throttles ?? 0,
      }),
    );
  }
  return {
    enabled: a.alarms,
    alarms: a.alarms ? alarms : [],
    names: ALARM_KINDS.map((kind) => alarmName(functionName, kind)),
    tags: ownershipTags(config),
    prefix: config.account.prefix,
  };
}
