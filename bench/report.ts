/** One bench run's figures (bench/results/latest.json) and the table printed on stdout. */
import type { RefreshStrategy } from '../src/core/config/schema.js';
import type { ThrottleStats } from './cpu-quota.js';
import type { InvocationEstimate } from './lambda-model.js';
import type { minApiCalls } from './workload.js';

export interface BenchEntry {
  strategy: RefreshStrategy | 'seed';
  /** For `seed`: the configuration the original had. */
  configuration?: Record<string, unknown>;
  notifications: number;
  wall_ms: number;
  lower_bound_ms: number;
  api_calls: Record<string, number>;
  api_calls_total: number;
  min_api_calls: number;
  min_api_calls_detail: ReturnType<typeof minApiCalls>;
  peak_rss_mb: number;
  messages_per_s: number;
  concurrency: { receive: number; delete: number };
  preload_ms: number;
  deleted: number;
  kept: number;
  left_on_queue: number;
  statements: number;
  /** Time moto (Athena, Glue) and the proxy's memory SQS spent answering, summed over calls. */
  upstream_ms: Record<string, number>;
  /**
   * CPU time of the refresh child: the whole process (`refresh`, module load included), its
   * user and system parts, the handler call alone (`handler`), and of the bench process (`proxy`:
   * the proxy and the memory SQS).
   */
  cpu_ms?: { refresh: number; user: number; system: number; handler: number; load: number; proxy: number };
  /** The refresh process's CPU (module load included) per 1,000 notifications. */
  cpu_ms_per_1k_messages?: number;
  /** Set when the child ran under the CPU quota of a Lambda function of this size. */
  lambda_memory_mb?: number;
  cpu_quota?: { quota_us: number; period_us: number; cores: number; cgroup: 'v1' | 'v2'; throttle: ThrottleStats };
  /** Throttled runs: the handler's drain time (= wall_ms) and the whole process's, module load included. */
  drain_ms?: number;
  process_ms?: number;
  /** seed only: runs needed to drain the queue, and whether that was measured or extrapolated. */
  runs?: number;
  runs_measured?: number;
  error?: string;
}

export interface InvocationRun {
  timeout_s: number;
  memory_mb: number;
  queued: number;
  deleted: number;
  received: number;
  stopped_by: string;
  handler_ms: number;
  process_ms: number;
  cpu_ms: number;
  throttle: ThrottleStats;
}

export interface BenchResults {
  runs: BenchEntry[];
  artifact: { zip_bytes: number; handler_load_ms: number };
  max_messages_per_invocation?: InvocationEstimate;
  invocation?: InvocationRun;
}

const n = (x: number) => x.toLocaleString('en-US');

export function table(entries: BenchEntry[]): string {
  const head = ['N', 'strategy', 'lambda MB', 'wall ms', 'lower bound', 'wall/lb', 'msg/s', 'api calls', 'min', 'calls/min', 'RSS MB', 'CPU ms', 'CPU/1k msg', 'recv/del conc', 'runs'];
  const rows = entries.map((e) => [
    n(e.notifications),
    e.strategy,
    e.lambda_memory_mb ? String(e.lambda_memory_mb) : '',
    n(e.wall_ms),
    n(e.lower_bound_ms),
    (e.wall_ms / e.lower_bound_ms).toFixed(2),
    n(e.messages_per_s),
    n(e.api_calls_total),
    n(e.min_api_calls),
    (e.api_calls_total / e.min_api_calls).toFixed(3),
    String(e.peak_rss_mb),
    e.cpu_ms ? n(e.cpu_ms.refresh) : '',
    e.cpu_ms_per_1k_messages !== undefined ? n(e.cpu_ms_per_1k_messages) : '',
    `${e.concurrency.receive}/${e.concurrency.delete}`,
    e.runs ? `${e.runs}${e.runs_measured! < e.runs ? ` (${e.runs_measured} run)` : ''}` : '1',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const left = (i: number) => i < 2;
  const line = (cells: string[]) => `| ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (left(i) ? ':' : '-') + '-'.repeat(w) + (left(i) ? '-' : ':')).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The table plus the artifact and the Lambda figures, as printed at the end of a run. */
export function summary(results: BenchResults): string {
  const lines = [table(results.runs), '', `athena zip ${(results.artifact.zip_bytes / 1024).toFixed(1)} KiB; handler load median ${results.artifact.handler_load_ms} ms`];
  const est = results.max_messages_per_invocation;
  if (est) {
    const parts = [est.from_throttled_run !== undefined ? `${n(est.from_throttled_run)} (throttled run)` : '', est.from_cpu !== undefined ? `${n(est.from_cpu)} (from CPU)` : ''].filter(Boolean);
    lines.push(`max messages per ${est.timeout_s} s, ${est.memory_mb} MB invocation: ${parts.join(', ')}; receive window ${n(est.receive_window_ms)} ms`);
  }
  const inv = results.invocation;
  if (inv) {
    lines.push(
      `measured ${inv.timeout_s} s, ${inv.memory_mb} MB invocation: deleted ${n(inv.deleted)} of ${n(inv.queued)} (stopped by ${inv.stopped_by}), handler ${n(inv.handler_ms)} ms, CPU ${n(inv.cpu_ms)} ms, throttled in ${inv.throttle.throttled} of ${inv.throttle.periods} periods`,
    );
  }
  return lines.join('\n') + '\n';
}
