/**
 * What `athena monitor` reads from AWS:
 *
 * - One CloudWatch GetMetricData call for the queue's AWS/SQS metrics over the window (dimension
 *   QueueName): NumberOfMessagesSent/Received/Deleted (Sum per period),
 *   ApproximateNumberOfMessagesVisible and ApproximateAgeOfOldestMessage (Maximum per period), and
 *   ApproximateAgeOfOldestMessage again at the finest resolution CloudWatch keeps for the window,
 *   whose latest point is the age "now". SQS has no queue attribute for the age of the oldest
 *   message; this metric is the only source, so it rides in the same call.
 * - SQS GetQueueAttributes for the backlog now (ApproximateNumberOfMessages, …NotVisible), the
 *   queue's creation time and its dead-letter queue (from RedrivePolicy, else `<queue>_dlq`).
 */
import { paginateGetMetricData, type CloudWatchClient, type MetricDataQuery, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MetricPoint, QueueMetrics, QueueState } from '../core/monitor/types.js';
import type { MonitorWindow } from '../core/monitor/window.js';
import type { AwsClients } from './clients.js';
import { call, callOrNull } from './errors.js';

type SeriesKey = keyof QueueMetrics;

/** Query id → metric, statistic and whether it uses the row period or the window's finest resolution. */
export const METRIC_QUERIES: Record<SeriesKey, { metric: string; stat: 'Sum' | 'Maximum'; recent?: true }> = {
  sent: { metric: 'NumberOfMessagesSent', stat: 'Sum' },
  received: { metric: 'NumberOfMessagesReceived', stat: 'Sum' },
  deleted: { metric: 'NumberOfMessagesDeleted', stat: 'Sum' },
  visible: { metric: 'ApproximateNumberOfMessagesVisible', stat: 'Maximum' },
  oldestAge: { metric: 'ApproximateAgeOfOldestMessage', stat: 'Maximum' },
  recentOldestAge: { metric: 'ApproximateAgeOfOldestMessage', stat: 'Maximum', recent: true },
};

export function metricDataQueries(queueName: string, window: MonitorWindow): MetricDataQuery[] {
  return (Object.entries(METRIC_QUERIES) as [SeriesKey, (typeof METRIC_QUERIES)[SeriesKey]][]).map(([id, q]) => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/SQS', MetricName: q.metric, Dimensions: [{ Name: 'QueueName', Value: queueName }] },
      Period: q.recent ? window.recentPeriodSeconds : window.periodSeconds,
      Stat: q.stat,
    },
    ReturnData: true,
  }));
}

export interface FetchedMetrics {
  metrics: QueueMetrics;
  /** GetMetricData calls made: 1 (more only if CloudWatch paginated, which the window limits rule out). */
  calls: number;
}

/** The queue's metric series over the window, in one GetMetricData call. */
export async function fetchQueueMetrics(cloudwatch: CloudWatchClient, queueName: string, window: MonitorWindow): Promise<FetchedMetrics> {
  const metrics: QueueMetrics = { sent: [], received: [], deleted: [], visible: [], oldestAge: [], recentOldestAge: [] };
  const MetricDataQueries = metricDataQueries(queueName, window);
  let calls = 0;
  await call('CloudWatch', 'GetMetricData', async () => {
    for await (const page of paginateGetMetricData({ client: cloudwatch }, { StartTime: window.start, EndTime: window.end, MetricDataQueries, ScanBy: 'TimestampAscending' })) {
      calls++;
      for (const result of page.MetricDataResults ?? []) {
        const key = result.Id as SeriesKey;
        if (key in metrics) metrics[key].push(...points(result));
      }
    }
  });
  return { metrics, calls };
}

function points(result: MetricDataResult): MetricPoint[] {
  const times = result.Timestamps ?? [];
  const values = result.Values ?? [];
  return times.map((t, i) => ({ timestamp: new Date(t), value: values[i] ?? NaN })).filter((p) => Number.isFinite(p.value));
}

/** The queue now: backlog, creation time, dead-letter queue. `exists: false` when there is no such queue. */
export async function readQueueState(sqs: SQSClient, queueName: string): Promise<QueueState> {
  const url = await queueUrl(sqs, queueName);
  if (!url) return { exists: false, visible: null, inFlight: null, createdAt: null, deadLetter: null };
  const out = await call('SQS', 'GetQueueAttributes', () =>
    sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'CreatedTimestamp', 'RedrivePolicy'],
      }),
    ),
  );
  const a = out.Attributes ?? {};
  const created = Number(a.CreatedTimestamp);
  return {
    exists: true,
    visible: numberOrNull(a.ApproximateNumberOfMessages),
    inFlight: numberOrNull(a.ApproximateNumberOfMessagesNotVisible),
    createdAt: Number.isFinite(created) && created > 0 ? new Date(created * 1000) : null,
    deadLetter: await readDeadLetter(sqs, deadLetterName(a.RedrivePolicy) ?? `${queueName}_dlq`),
  };
}

async function readDeadLetter(sqs: SQSClient, name: string): Promise<QueueState['deadLetter']> {
  const url = await queueUrl(sqs, name);
  if (!url) return { name, exists: false, visible: null };
  const out = await call('SQS', 'GetQueueAttributes', () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] })));
  return { name, exists: true, visible: numberOrNull(out.Attributes?.ApproximateNumberOfMessages) };
}

/** The dead-letter queue's name from a RedrivePolicy's deadLetterTargetArn. */
export function deadLetterName(redrivePolicy: string | undefined): string | null {
  if (!redrivePolicy) return null;
  try {
    const arn = (JSON.parse(redrivePolicy) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
    return arn?.split(':').pop() || null;
  } catch {
    return null;
  }
}

/** A queue's URL, or null when there is no such queue. */
export async function queueUrl(sqs: SQSClient, name: string): Promise<string | null> {
  return (await callOrNull('SQS', 'GetQueueUrl', () => sqs.send(new GetQueueUrlCommand({ QueueName: name }))))?.QueueUrl ?? null;
}

function numberOrNull(v: string | undefined): number | null {
  const n = Number(v);
  return v !== undefined && Number.isFinite(n) ? n : null;
}

/** Metrics and queue state for the window, read concurrently. */
export async function readMonitorData(clients: AwsClients, queueName: string, window: MonitorWindow): Promise<FetchedMetrics & { queue: QueueState }> {
  const [fetched, queue] = await Promise.all([fetchQueueMetrics(clients.cloudwatch(), queueName, window), readQueueState(clients.sqs(), queueName)]);
  return { ...fetched, queue };
}
