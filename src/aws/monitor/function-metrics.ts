/**
 * What `athena monitor` reads of the function besides the queue: its AWS/Lambda series
 * (Invocations, Errors, Throttles as Sums, Duration as Average; dimension FunctionName), riding in
 * the queue's GetMetricData call, and the state of the event-source mapping from the queue.
 */
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { paginateListEventSourceMappings, type LambdaClient } from '@aws-sdk/client-lambda';
import type { FunctionMetrics, MappingState } from '../../core/monitor/types.js';
import type { MonitorWindow } from '../../core/monitor/window.js';
import { callOrNull } from '../sdk/errors.js';

/** Query id → metric and statistic. Ids start lower-case, as GetMetricData requires. */
export const FUNCTION_QUERIES: Record<string, { key: keyof FunctionMetrics; metric: string; stat: 'Sum' | 'Average' }> = {
  fnInvocations: { key: 'invocations', metric: 'Invocations', stat: 'Sum' },
  fnErrors: { key: 'errors', metric: 'Errors', stat: 'Sum' },
  fnThrottles: { key: 'throttles', metric: 'Throttles', stat: 'Sum' },
  fnDuration: { key: 'duration', metric: 'Duration', stat: 'Average' },
};

export function functionDataQueries(functionName: string, window: MonitorWindow): MetricDataQuery[] {
  return Object.entries(FUNCTION_QUERIES).map(([id, q]) => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/Lambda', MetricName: q.metric, Dimensions: [{ Name: 'FunctionName', Value: functionName }] },
      Period: window.periodSeconds,
      Stat: q.stat,
    },
    ReturnData: true,
  }));
}

/** The mapping from the queue to any version or alias of the function; null when there is none. */
export async function mappingState(lambda: LambdaClient, queueArn: string, functionName: string): Promise<MappingState | null> {
  const found = await callOrNull('lambda', 'ListEventSourceMappings', async () => {
    for await (const page of paginateListEventSourceMappings({ client: lambda }, { EventSourceArn: queueArn })) {
      const mapping = (page.EventSourceMappings ?? []).find((m) => (m.FunctionArn ?? '').split(':')[6] === functionName);
      if (mapping) return mapping;
    }
    return null;
  });
  if (!found) return null;
  return { state: found.State ?? 'unknown', ...(found.StateTransitionReason ? { stateReason: found.StateTransitionReason } : {}) };
}
