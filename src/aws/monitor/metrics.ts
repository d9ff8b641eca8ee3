/**
 * What `athena monitor` reads from AWS:
 *
 * - One CloudWatch GetMetricData call for the queue's AWS/SQS metrics over the window (dimension
 *   QueueName): NumberOfMessagesSent/Received/Deleted (Sum per period),
 *   ApproximateNumberOfMessagesVisible and ApproximateAgeOfOldestMessage (Maximum per period), and
 *   ApproximateAgeOfOldestMessage again at the finest resolution CloudWatch keeps for the window,
 *   whose latest point is the age "now". SQS has no queue attribute for the age of the oldest
 *   message; this metric is the only source, so it rides in the same call.
 *   The function's AWS/Lambda series ride in it too (function-metrics.ts), with the mapping's state.
 * - SQS GetQueueAttributes for the backlog now (ApproximateNumberOfMessages, …NotVisible), the
 *   queue's creation time and its dead-letter queue (from RedrivePolicy, else `<queue>_dlq`).
 */
import { paginateGetMetricData, type CloudWatchClient, type MetricDataQuery, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { FunctionMetrics, MappingState, MetricPoint, QueueMetrics, QueueState } from '../../core/monitor/types.js';
import type { MonitorWindow } from '../../core/monitor/window.js';
import { call } from '../sdk/errors.js';
import { FUNCTION_QUERIES, functionDataQueries, mappingState } from './function-metrics.js';
import { deadLetterName, queueUrl } from '../sdk/queue-lookup.js';

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
  /** The function's series, when a function was named. */
  function?: FunctionMetrics;
  /** GetMetricData calls made: 1 (more only if CloudWatch paginated, which the window limits rule out). */
  calls: number;
}

export type MonitorData = FetchedMetrics & { queue: QueueState; mapping?: MappingState | null };

/** The function to read besides the queue: its metrics and, with a Lambda client and the queue's ARN, the mapping. */
export interface MonitoredFunction {
  name: string;
  lambda?: LambdaClient;
  queueArn?: string;
}

export class QueueMonitorData {
  constructor(
    private readonly cloudwatch: CloudWatchClient,
    private readonly sqs: SQSClient,
  ) {}

  /** Metrics and queue state for the window, read concurrently. */
  async read(queueName: string, window: MonitorWindow, fn?: MonitoredFunction): Promise<MonitorData> {
    const [fetched, queue, mapping] = await Promise.all([
      this.metrics(queueName, window, fn?.name),
      this.queueState(queueName),
      fn?.lambda && fn.queueArn ? mappingState(fn.lambda, fn.queueArn, fn.name) : undefined,
    ]);
    return { ...fetched, queue, ...(mapping !== undefined ? { mapping } : {}) };
  }

  /** The queue's metric series over the window, in one GetMetricData call. */
  async metrics(queueName: string, window: MonitorWindow, functionName?: string): Promise<FetchedMetrics> {
    const metrics: QueueMetrics = { sent: [], received: [], deleted: [], visible: [], oldestAge: [], recentOldestAge: [] };
    const fn: FunctionMetrics | undefined = functionName ? { invocations: [], errors: [], throttles: [], duration: [] } : undefined;
    const queries = [...metricDataQueries(queueName, window), ...(functionName ? functionDataQueries(functionName, window) : [])];
    const input = { StartTime: window.start, EndTime: window.end, MetricDataQueries: queries, ScanBy: 'TimestampAscending' as const };
    let calls = 0;
    await call('CloudWatch', 'GetMetricData', async () => {
      for await (const page of paginateGetMetricData({ client: this.cloudwatch }, input)) {
        calls++;
        for (const result of page.MetricDataResults ?? []) {
          const key = result.Id as SeriesKey;
          if (key in metrics) metrics[key].push(...points(result));
          else if (fn && result.Id && FUNCTION_QUERIES[result.Id]) fn[FUNCTION_QUERIES[result.Id]!.key].push(...points(result));
        }
      }
    });
    return { metrics, calls, ...(fn ? { function: fn } : {}) };
  }

  /** The queue now: backlog, creation time, dead-letter queue. `exists: false` when there is no such queue. */
  async queueState(queueName: string): Promise<QueueState> {
    const url = await queueUrl(this.sqs, queueName);
    if (!url) return { exists: false, visible: null, inFlight: null, createdAt: null, deadLetter: null };
    const out = await call('SQS', 'GetQueueAttributes', () =>
      this.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'CreatedTimestamp', 'RedrivePolicy'],
        }),
      ),
    );
    const attributes = out.Attributes ?? {};
    const created = Number(attributes.CreatedTimestamp);
    return {
      exists: true,
      visible: numberOrNull(attributes.ApproximateNumberOfMessages),
      inFlight: numberOrNull(attributes.ApproximateNumberOfMessagesNotVisible),
      createdAt: Number.isFinite(created) && created > 0 ? new Date(created * 1000) : null,
      deadLetter: await this.deadLetter(deadLetterName(attributes.RedrivePolicy) ?? `${queueName}_dlq`),
    };
  }

  private async deadLetter(name: string): Promise<QueueState['deadLetter']> {
    const url = await queueUrl(this.sqs, name);
    if (!url) return { name, exists: false, visible: null };
    const out = await call('SQS', 'GetQueueAttributes', () =>
      this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] })),
    );
    return { name, exists: true, visible: numberOrNull(out.Attributes?.ApproximateNumberOfMessages) };
  }
}

function points(result: MetricDataResult): MetricPoint[] {
  const times = result.Timestamps ?? [];
  const values = result.Values ?? [];
  return times.map((time, i) => ({ timestamp: new Date(time), value: values[i] ?? NaN })).filter((point) => Number.isFinite(point.value));
}

function numberOrNull(v: string | undefined): number | null {
  const n = Number(v);
  return v !== undefined && Number.isFinite(n) ? n : null;
}
