/**
 * What a Lambda invocation can drain when the CPU sets the pace: the time a run spends receiving
 * within a timeout, and `max_messages_per_invocation` derived from the bench's figures.
 */
import { lambdaQuota } from './cpu-quota.js';

export const DEFAULT_TIMEOUT_S = 60;
export const DEFAULT_MEMORY_MB = 128;
/** conf/lambda.json's default `query_timeout_seconds`. */
export const DEFAULT_QUERY_TIMEOUT_S = 120;

/**
 * Milliseconds from the handler's call until the run stops receiving: the handler keeps 10 % of
 * the remaining time (1 to 5 s) back (src/lambda/athena.ts), and the run stops receiving
 * min(query timeout, a third of what is left) before that deadline (src/core/refresh/index.ts), to
 * register and delete what it received.
 */
export function receiveWindowMs(timeoutS = DEFAULT_TIMEOUT_S, queryTimeoutS = DEFAULT_QUERY_TIMEOUT_S): number {
  const remaining = timeoutS * 1000;
  const deadline = remaining - Math.min(5_000, Math.max(1_000, remaining / 10));
  return Math.round(deadline - Math.min(queryTimeoutS * 1000, deadline / 3));
}

export interface InvocationEstimate {
  timeout_s: number;
  memory_mb: number;
  receive_window_ms: number;
  /** The throttled run's drain rate (messages / handler wall time) × the receive window. */
  from_throttled_run?: number;
  /** The unthrottled run's handler CPU per message, at the function's share of a core, × the window. */
  from_cpu?: number;
  source: string;
}

interface RunFigures {
  notifications: number;
  wall_ms: number;
  cpu_ms?: { refresh: number; handler?: number };
  lambda_memory_mb?: number;
}

/** From the largest add_partition runs: one throttled at `memoryMb`, one unthrottled. */
export function estimateInvocation(
  runs: (RunFigures & { strategy: string })[],
  memoryMb = DEFAULT_MEMORY_MB,
  timeoutS = DEFAULT_TIMEOUT_S,
): InvocationEstimate | undefined {
  const window = receiveWindowMs(timeoutS);
  const largest = (xs: RunFigures[]) => xs.sort((a, b) => b.notifications - a.notifications)[0];
  const addPartition = runs.filter((r) => r.strategy === 'add_partition');
  const throttled = largest(addPartition.filter((r) => r.lambda_memory_mb === memoryMb));
  const free = largest(addPartition.filter((r) => r.lambda_memory_mb === undefined && r.cpu_ms?.handler));
  if (!throttled && !free) return undefined;
  const estimate: InvocationEstimate = { timeout_s: timeoutS, memory_mb: memoryMb, receive_window_ms: window, source: '' };
  const sources: string[] = [];
  if (throttled) {
    estimate.from_throttled_run = Math.floor((throttled.notifications / throttled.wall_ms) * window);
    sources.push(`${throttled.notifications} add_partition at ${memoryMb} MB`);
  }
  if (free?.cpu_ms?.handler) {
    const perMessage = free.cpu_ms.handler / free.notifications;
    estimate.from_cpu = Math.floor((window * lambdaQuota(memoryMb).cores) / perMessage);
    sources.push(`${free.notifications} add_partition unthrottled (handler CPU)`);
  }
  estimate.source = sources.join('; ');
  return estimate;
}
