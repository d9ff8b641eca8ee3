/** One bench run's figures (bench/results/latest.json), built in one place, and the table printed on stdout. */
import type { RefreshStrategy } from '../src/core/config/schema.js';
import type { ChildReport } from './child.js';
import type { ThrottleStats } from './cpu-quota.js';
import type { InvocationEstimate } from './lambda-model.js';
import type { Concurrency, MinCalls } from './workload.js';

export interface BenchEntry {
  strategy: RefreshStrategy | 'seed';
  /** `--variants`: which build or SQS client ran. */
  variant?: string;
  /** For `seed`: the configuration the original had. */
  configuration?: Record<string, unknown>;
  notifications: number;
  wall_ms: number;
  lower_bound_ms: number;
  api_calls: Record<string, number>;
  api_calls_total: number;
  min_api_calls: number;
  min_api_calls_detail: MinCalls;
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

/** What a run measured; `benchEntry` derives the rest (totals, rates, MB) the same way for every kind of run. */
export interface RunMeasures extends Pick<
  BenchEntry,
  | 'strategy'
  | 'configuration'
  | 'notifications'
  | 'wall_ms'
  | 'lower_bound_ms'
  | 'api_calls'
  | 'preload_ms'
  | 'deleted'
  | 'kept'
  | 'left_on_queue'
  | 'statements'
  | 'upstream_ms'
  | 'error'
> {
  min: MinCalls;
  maxRSS_kb: number;
  concurrency: Concurrency;
  /** Figures only some runs have (CPU and quota, the seed's runs), in the order they are written. */
  extra?: Partial<BenchEntry>;
}

export function benchEntry(measured: RunMeasures): BenchEntry {
  const { configuration, min, maxRSS_kb, extra, error, ...figures } = measured;
  return {
    strategy: figures.strategy,
    ...(configuration ? { configuration } : {}),
    notifications: figures.notifications,
    wall_ms: figures.wall_ms,
    lower_bound_ms: figures.lower_bound_ms,
    api_calls: figures.api_calls,
    api_calls_total: Object.values(figures.api_calls).reduce((sum, calls) => sum + calls, 0),
    min_api_calls: min.total,
    min_api_calls_detail: min,
    peak_rss_mb: Math.round((maxRSS_kb / 1024) * 10) / 10,
    messages_per_s: Math.round((figures.notifications / figures.wall_ms) * 1000),
    concurrency: figures.concurrency,
    preload_ms: figures.preload_ms,
    deleted: figures.deleted,
    kept: figures.kept,
    left_on_queue: figures.left_on_queue,
    statements: figures.statements,
    upstream_ms: figures.upstream_ms,
    ...extra,
    ...(error ? { error } : {}),
  };
}

/** The CPU and quota figures of one refresh child's report; `proxyCpu` is the bench process's CPU meanwhile. */
export function cpuFigures(report: ChildReport, notifications: number, proxyCpu: NodeJS.CpuUsage): Partial<BenchEntry> {
  const round = Math.round;
  return {
    cpu_ms: {
      refresh: round(report.cpu_ms),
      user: round(report.cpu_user_ms),
      system: round(report.cpu_system_ms),
      handler: round(report.cpu_ms - report.load_cpu_ms),
      load: round(report.load_cpu_ms),
      proxy: round((proxyCpu.user + proxyCpu.system) / 1000),
    },
    cpu_ms_per_1k_messages: round((report.cpu_ms / notifications) * 1000 * 10) / 10,
    ...(report.quota
      ? {
          lambda_memory_mb: report.quota.memoryMb,
          cpu_quota: {
            quota_us: report.quota.quotaUs,
            period_us: report.quota.periodUs,
            cores: report.quota.cores,
            cgroup: report.quota.cgroup,
            throttle: report.quota.throttle,
          },
          drain_ms: report.wall_ms,
          process_ms: report.process_ms,
        }
      : {}),
  };
}

/** The progress lines (stderr) of one finished run. */
export function describeEntry(entry: BenchEntry): string[] {
  const at = entry.lambda_memory_mb ? ` at ${entry.lambda_memory_mb} MB` : '';
  const lines = [
    `${entry.notifications} ${entry.strategy}${at}: ${entry.wall_ms} ms (lower bound ${entry.lower_bound_ms}), ${entry.messages_per_s} msg/s, ${entry.api_calls_total} calls (min ${entry.min_api_calls}), ${entry.peak_rss_mb} MB, preload ${entry.preload_ms} ms, deleted ${entry.deleted}, left ${entry.left_on_queue}${entry.error ? `, ERROR ${entry.error}` : ''}`,
  ];
  const cpu = entry.cpu_ms;
  if (cpu)
    lines.push(
      `  cpu: refresh ${cpu.refresh} ms (user ${cpu.user}, system ${cpu.system}; load ${cpu.load}, handler ${cpu.handler}), ${entry.cpu_ms_per_1k_messages} ms per 1k messages; proxy ${cpu.proxy} ms`,
    );
  const quota = entry.cpu_quota;
  if (quota)
    lines.push(
      `  quota ${quota.quota_us}/${quota.period_us} µs (cgroup ${quota.cgroup}): throttled in ${quota.throttle.throttled} of ${quota.throttle.periods} periods, ${quota.throttle.throttledMs} ms; process ${entry.process_ms} ms`,
    );
  return lines;
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
  trigger?: {
    records: number;
    memory_mb?: number;
    handler_ms: number;
    cpu_ms: number;
    cpu_ms_per_1k_records: number;
    handler_cpu_ms_per_1k_records: number;
    batch_item_failures: number;
  }[];
}

const formatted = (value: number) => value.toLocaleString('en-US');

export function table(entries: BenchEntry[]): string {
  const head = [
    'N',
    'strategy',
    'lambda MB',
    'wall ms',
    'lower bound',
    'wall/lb',
    'msg/s',
    'api calls',
    'min',
    'calls/min',
    'RSS MB',
    'CPU ms',
    'CPU/1k msg',
    'recv/del conc',
    'runs',
  ];
  const rows = entries.map((entry) => [
    formatted(entry.notifications),
    entry.variant ? `${entry.strategy} [${entry.variant}]` : entry.strategy,
    entry.lambda_memory_mb ? String(entry.lambda_memory_mb) : '',
    formatted(entry.wall_ms),
    formatted(entry.lower_bound_ms),
    (entry.wall_ms / entry.lower_bound_ms).toFixed(2),
    formatted(entry.messages_per_s),
    formatted(entry.api_calls_total),
    formatted(entry.min_api_calls),
    (entry.api_calls_total / entry.min_api_calls).toFixed(3),
    String(entry.peak_rss_mb),
    entry.cpu_ms ? formatted(entry.cpu_ms.refresh) : '',
    entry.cpu_ms_per_1k_messages !== undefined ? formatted(entry.cpu_ms_per_1k_messages) : '',
    `${entry.concurrency.receive}/${entry.concurrency.delete}`,
    entry.runs ? `${entry.runs}${entry.runs_measured! < entry.runs ? ` (${entry.runs_measured} run)` : ''}` : '1',
  ]);
  const widths = head.map((heading, column) => Math.max(heading.length, ...rows.map((row) => row[column]!.length)));
  // N and strategy align left, the figures right.
  const left = (column: number) => column < 2;
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (left(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (left(column) ? ':' : '-') + '-'.repeat(width) + (left(column) ? '-' : ':')).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

/** The table plus the artifact and the Lambda figures, as printed at the end of a run. */
export function summary(results: BenchResults): string {
  const lines = [
    table(results.runs),
    '',
    `athena zip ${(results.artifact.zip_bytes / 1024).toFixed(1)} KiB; handler load median ${results.artifact.handler_load_ms} ms`,
  ];
  const estimate = results.max_messages_per_invocation;
  if (estimate) {
    const parts = [
      estimate.from_throttled_run !== undefined ? `${formatted(estimate.from_throttled_run)} (throttled run)` : '',
      estimate.from_cpu !== undefined ? `${formatted(estimate.from_cpu)} (from CPU)` : '',
    ].filter(Boolean);
    lines.push(
      `max messages per ${estimate.timeout_s} s, ${estimate.memory_mb} MB invocation: ${parts.join(', ')}; receive window ${formatted(estimate.receive_window_ms)} ms`,
    );
  }
  const invocation = results.invocation;
  if (invocation) {
    lines.push(
      `measured ${invocation.timeout_s} s, ${invocation.memory_mb} MB invocation: deleted ${formatted(invocation.deleted)} of ${formatted(invocation.queued)} (stopped by ${invocation.stopped_by}), handler ${formatted(invocation.handler_ms)} ms, CPU ${formatted(invocation.cpu_ms)} ms, throttled in ${invocation.throttle.throttled} of ${invocation.throttle.periods} periods`,
    );
  }
  for (const run of results.trigger ?? []) {
    lines.push(
      `trigger batch of ${formatted(run.records)} records${run.memory_mb ? ` at ${run.memory_mb} MB` : ''}: ${formatted(run.handler_ms)} ms, CPU ${formatted(run.cpu_ms)} ms, ${run.cpu_ms_per_1k_records} ms per 1k records (handler ${run.handler_cpu_ms_per_1k_records}), ${run.batch_item_failures} failures`,
    );
  }
  return lines.join('\n') + '\n';
}
