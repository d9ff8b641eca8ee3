/**
 * Athena queries started through the proxy and the state their status calls show: moto finishes a
 * query at once, so the proxy holds a DDL query RUNNING for `ddlRunningMs` after its start, then
 * shows its fate (SUCCEEDED, or FAILED/CANCELLED when a fault picked it).
 */
import type { FaultRule } from './faults.js';
import type { JsonObject } from './replies.js';

export interface TrackedQuery {
  id: string;
  query: string;
  startedAt: number;
  ddl: boolean;
  fate: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  reason?: string;
  /** The last state a GetQueryExecution answer showed. */
  lastState?: string;
}

const DDL = /^\s*(ALTER|MSCK|CREATE|DROP)\b/i;

export class AthenaQueries {
  private tracked = new Map<string, TrackedQuery>();

  constructor(public ddlRunningMs: number) {}

  list(): TrackedQuery[] {
    return [...this.tracked.values()];
  }

  clear(): void {
    this.tracked = new Map();
  }

  /** A StartQueryExecution answered `id`; `fault` is a query-failed or query-cancelled rule that hit it. */
  started(id: string, query: string, now: number, fault?: FaultRule): void {
    const fate = fault ? (fault.kind === 'query-failed' ? 'FAILED' : 'CANCELLED') : 'SUCCEEDED';
    const reason =
      fault?.reason ??
      (fate === 'FAILED'
        ? 'FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask (injected)'
        : fate === 'CANCELLED'
          ? 'Query was cancelled (injected)'
          : undefined);
    this.tracked.set(id, { id, query, startedAt: now, ddl: DDL.test(query), fate, reason });
  }

  /** Rewrites a QueryExecution of moto's answer in place to the state it has now; returns that state. */
  rewrite(execution: JsonObject | undefined, now: number): string | undefined {
    const query = execution && this.tracked.get(execution.QueryExecutionId);
    if (!execution || !query) return execution?.Status?.State;
    execution.Status ??= {};
    const status = execution.Status;
    if (query.ddl && now < query.startedAt + this.ddlRunningMs) {
      status.State = 'RUNNING';
      delete status.CompletionDateTime;
    } else if (query.fate !== 'SUCCEEDED') {
      status.State = query.fate;
      status.StateChangeReason = query.reason;
      status.CompletionDateTime = (query.startedAt + this.ddlRunningMs) / 1000;
      if (query.fate === 'FAILED') status.AthenaError = { ErrorCategory: 2, ErrorType: 1301, Retryable: false, ErrorMessage: query.reason };
    }
    query.lastState = status.State;
    return status.State;
  }
}
