/**
 * The three kinds of run: the refresh on one workload (`benchOne`), the seed's behaviour drained
 * in runs of 100 messages (`benchSeed`), and one invocation with a Lambda timeout (`benchInvocation`).
 * Each prepares the queue, runs the refresh child and turns what it measured into figures.
 */
import type { RefreshStrategy } from '../src/core/config/schema.js';
import type { AwsProxy } from '../test/support/aws-proxy/index.js';
import { runChild, type ChildReport } from './child.js';
import { lambdaQuota } from './cpu-quota.js';
import { log } from './log.js';
import type { BenchOptions } from './options.js';
import { DDL_RUNNING_MS, LATENCY, prepareQueue, queueDepth, writeBenchConfig, type Servers } from './prepare.js';
import { benchEntry, cpuFigures, type BenchEntry, type InvocationRun } from './report.js';
import { lowerBoundMs, minApiCalls, peakConcurrency } from './workload.js';

export interface RunContext {
  servers: Servers;
  /** The handler bundle (index.mjs) the child imports. */
  bundle: string;
  options: BenchOptions;
  /** Extra environment for the child (a variant's, e.g. STREAMALERT_SQS_CLIENT). */
  env?: Record<string, string>;
}

/** The seed's runs measured before the rest is extrapolated. */
const SEED_SAMPLE_RUNS = 3;

/**
 * The heap limits the Lambda Node.js runtime's bootstrap derives from a 128 MB function (new space
 * = memory/10, semi-space = half of it, old space = memory - new space), so the child's GC works
 * under the same limits as the function would. `--no-lambda-heap` runs the child without them.
 */
export function lambdaHeapFlags(options: BenchOptions): string[] {
  return options.lambdaHeap ? ['--max-semi-space-size=6', '--max-old-space-size=116'] : [];
}

/** The refresh child for a config folder; `eventFile`: invoke with that event instead of a scheduled one. */
export function childFor(
  context: RunContext,
  configDir: string,
  memoryMb: number | undefined,
  remainingMs?: number,
  eventFile?: string,
): Promise<ChildReport> {
  const { options, servers } = context;
  // `--cpu-prof DIR`: the refresh child writes a V8 CPU profile there.
  const profileFlags = options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProf}`] : [];
  return runChild({
    bundle: context.bundle,
    nodeFlags: [...lambdaHeapFlags(options), ...profileFlags],
    env: {
      STREAMALERT_CONFIG_DIR: configDir,
      AWS_ENDPOINT_URL: servers.proxy.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      LOG_LEVEL: 'warn',
      ...context.env,
    },
    remainingMs,
    eventFile,
    quota: memoryMb ? lambdaQuota(memoryMb) : undefined,
  });
}

const child = (context: RunContext, configDir: string, memoryMb: number | undefined, remainingMs?: number) =>
  childFor(context, configDir, memoryMb, remainingMs);

/** Time moto (Athena, Glue) and the memory SQS spent answering, summed per service. */
function upstreamByService(proxy: AwsProxy): Record<string, number> {
  const byService: Record<string, number> = {};
  for (const entry of proxy.log) {
    const service = entry.operation.split('.')[0]!;
    byService[service] = (byService[service] ?? 0) + entry.upstreamMs;
  }
  return byService;
}

const concurrencyOf = (proxy: AwsProxy) => ({
  receive: peakConcurrency(proxy.log, 'SQS.ReceiveMessage'),
  delete: peakConcurrency(proxy.log, 'SQS.DeleteMessageBatch'),
});

/** The refresh on `notifications` messages with `strategy`, under the CPU share of `memoryMb` if given. */
export async function benchOne(
  context: RunContext,
  strategy: RefreshStrategy,
  notifications: number,
  memoryMb: number | undefined,
): Promise<BenchEntry> {
  const { proxy } = context.servers;
  const configDir = writeBenchConfig(strategy);
  const { queueUrl, preloadMs } = await prepareQueue(context.servers, configDir, notifications);
  proxy.resetStats();
  const parentCpu = process.cpuUsage();
  const report = await child(context, configDir, memoryMb);
  const proxyCpu = process.cpuUsage(parentCpu);
  if (context.options.timeline) printTimeline(proxy.log);
  const concurrency = concurrencyOf(proxy);
  const min = minApiCalls(notifications, strategy);
  return benchEntry({
    strategy,
    notifications,
    wall_ms: report.wall_ms,
    lower_bound_ms: lowerBoundMs(min, strategy, concurrency, LATENCY, DDL_RUNNING_MS),
    api_calls: proxy.counts(),
    min,
    maxRSS_kb: report.maxRSS_kb,
    concurrency,
    preload_ms: preloadMs,
    deleted: report.summary?.messages.deleted ?? 0,
    kept: report.summary?.messages.kept ?? 0,
    left_on_queue: await queueDepth(context.servers, queueUrl),
    statements: report.statements ?? 0,
    upstream_ms: upstreamByService(proxy),
    extra: cpuFigures(report, notifications, proxyCpu),
    error: report.error,
  });
}

/** Calls per 250 ms of the run, by operation (stderr; `--timeline`): where the time went. */
function printTimeline(entries: AwsProxy['log']): void {
  if (!entries.length) return;
  const firstStart = entries[0]!.start;
  const rows = new Map<number, Map<string, number>>();
  for (const entry of entries) {
    const bucket = Math.floor((entry.end - firstStart) / 250);
    const row = rows.get(bucket) ?? rows.set(bucket, new Map()).get(bucket)!;
    const operation = entry.operation.split('.')[1]!;
    row.set(operation, (row.get(operation) ?? 0) + 1);
  }
  for (const [bucket, row] of [...rows].sort((a, b) => a[0] - b[0])) {
    log(`  +${String(bucket * 250).padStart(6)} ms  ${[...row].map(([operation, calls]) => `${operation} ${calls}`).join(', ')}`);
  }
}

/** The seed's behaviour: at most 100 messages per run, one receive in flight. */
export async function benchSeed(context: RunContext, notifications: number, memoryMb: number | undefined): Promise<BenchEntry> {
  const { proxy } = context.servers;
  const configuration = { refresh_strategy: 'add_partition', max_messages: 100, receive_concurrency: 1 };
  const configDir = writeBenchConfig('add_partition', { max_messages: 100, receive_concurrency: 1 });
  const { queueUrl, preloadMs } = await prepareQueue(context.servers, configDir, notifications);
  const runsNeeded = Math.ceil(notifications / 100);
  // Drained for real at 1,000 in a full run; otherwise a few runs, extrapolated (--quick stays short).
  const sample = notifications <= 1_000 && !context.options.quick ? runsNeeded : Math.min(runsNeeded, SEED_SAMPLE_RUNS);
  const walls: number[] = [];
  let maxRssKb = 0;
  let deleted = 0;
  proxy.resetStats();
  for (let run = 0; run < sample; run++) {
    const report = await child(context, configDir, memoryMb);
    if (report.error) throw new Error(`seed run ${run + 1}: ${report.error}`);
    walls.push(report.wall_ms);
    maxRssKb = Math.max(maxRssKb, report.maxRSS_kb);
    deleted += report.summary?.messages.deleted ?? 0;
  }
  const perRun = walls.reduce((sum, wall) => sum + wall, 0) / walls.length;
  const scale = runsNeeded / sample;
  const scaledCalls = Object.fromEntries(
    Object.entries(proxy.counts()).map(([operation, calls]) => [operation, Math.round(calls * scale)]),
  );
  const min = minApiCalls(notifications, 'add_partition');
  // Each run registers every partition its 100 messages touch: one statement per table per run.
  const seedMin = {
    ...min,
    register: min.register * runsNeeded,
    check: min.check * runsNeeded,
    total: min.receive + min.delete + (min.register + min.check) * runsNeeded,
  };
  const oneRunMin = minApiCalls(100, 'add_partition');
  const drain = Math.round(perRun * runsNeeded);
  return benchEntry({
    strategy: 'seed',
    configuration,
    notifications,
    wall_ms: drain,
    lower_bound_ms:
      runsNeeded *
      lowerBoundMs(
        oneRunMin,
        'add_partition',
        { receive: 1, delete: peakConcurrency(proxy.log, 'SQS.DeleteMessageBatch') },
        LATENCY,
        DDL_RUNNING_MS,
      ),
    api_calls: scaledCalls,
    min: seedMin,
    maxRSS_kb: maxRssKb,
    concurrency: concurrencyOf(proxy),
    preload_ms: preloadMs,
    deleted: Math.round(deleted * scale),
    kept: 0,
    left_on_queue: sample === runsNeeded ? await queueDepth(context.servers, queueUrl) : notifications - deleted,
    statements: 0,
    upstream_ms: upstreamByService(proxy),
    extra: { ...(memoryMb ? { lambda_memory_mb: memoryMb } : {}), runs: runsNeeded, runs_measured: sample, drain_ms: drain },
  });
}

/** `--invocation`: one invocation with the default timeout at the quota, on a queue larger than it can drain. */
export async function benchInvocation(context: RunContext, memoryMb: number): Promise<InvocationRun> {
  const { invocationMessages, invocationSeconds } = context.options;
  const configDir = writeBenchConfig('add_partition');
  await prepareQueue(context.servers, configDir, invocationMessages);
  const report = await child(context, configDir, memoryMb, invocationSeconds * 1000);
  if (report.error) throw new Error(`invocation run: ${report.error}`);
  return {
    timeout_s: invocationSeconds,
    memory_mb: memoryMb,
    queued: invocationMessages,
    deleted: report.summary?.messages.deleted ?? 0,
    received: report.summary?.messages.received ?? 0,
    stopped_by: report.summary?.stoppedBy ?? '',
    handler_ms: report.wall_ms,
    process_ms: report.process_ms ?? 0,
    cpu_ms: Math.round(report.cpu_ms),
    throttle: report.quota!.throttle,
  };
}
