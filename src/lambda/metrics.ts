/**
 * CloudWatch Embedded Metric Format: metrics written as one structured log line, which CloudWatch
 * Logs turns into metrics. No PutMetricData call, so no extra latency or API cost in the function.
 */
import type { RefreshResult } from '../core/refresh/index.js';

export const METRICS_NAMESPACE = 'StreamAlert/AthenaPartitionRefresh';

export function refreshMetrics(result: RefreshResult): Record<string, number> {
  const partitions = Object.values(result.partitions).reduce((n, l) => n + l.length, 0);
  return {
    MessagesReceived: result.messages.received,
    MessagesDeleted: result.messages.deleted,
    MessagesKept: result.messages.kept,
    PartitionsRegistered: partitions,
    Queries: result.calls.filter((c) => c.kind === 'athena').length,
    GlueCalls: result.calls.filter((c) => c.kind === 'glue').length,
    Failures: result.calls.filter((c) => !c.ok).length,
  };
}

export function emfLine(functionName: string, metrics: Record<string, number>, now = Date.now()): string {
  return JSON.stringify({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [['FunctionName']],
          Metrics: Object.keys(metrics).map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    FunctionName: functionName,
    ...metrics,
  });
}
