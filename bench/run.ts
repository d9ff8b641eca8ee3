/**
 * `npm run bench [-- --quick] [--sizes 1000,10000] [--strategies add_partition,glue] [--no-seed]
 *   [--lambda-memory 128] [--invocation]`
 *
 * Starts moto and the AWS proxy (test/support/aws-proxy/: latency model, call counts, memory
 * SQS), builds the athena Lambda zip with src/packaging, and for every workload size and strategy:
 * resets moto, provisions, preloads the queue (timed separately, not through the latency model),
 * then runs the zip's handler in a fresh `node` child process (bench/child.ts), optionally under
 * Lambda's CPU share for a memory size (bench/cpu-quota.ts), and reads its wall time, CPU time and
 * peak RSS. Prints a table and writes bench/results/latest.json. See bench/README.md.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand, GetQueueUrlCommand, PurgeQueueCommand, SendMessageBatchCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { AwsClients } from '../src/aws/clients.js';
import { provision } from '../src/aws/provision.js';
import { loadConfig } from '../src/core/config/load.js';
import type { RefreshStrategy } from '../src/core/config/schema.js';
import { DEFAULT_LATENCY, startAwsProxy, type AwsProxy } from '../test/support/aws-proxy/index.js';
import { ACCOUNT, createBuckets, writeConfig } from '../test/support/deployment.js';
import { startMoto, type MotoServer } from '../test/support/moto.js';
import { buildArtifact, handlerLoad } from './artifact.js';
import { runChild, writeChildScript, type ChildReport } from './child.js';
import { createCpuGroup, lambdaQuota } from './cpu-quota.js';
import { DEFAULT_MEMORY_MB, estimateInvocation } from './lambda-model.js';
import { parseBenchArgs } from './options.js';
import { summary, type BenchEntry, type BenchResults, type InvocationRun } from './report.js';
import { BUCKETS, SCHEMAS, lowerBoundMs, minApiCalls, notificationBody, peakConcurrency } from './workload.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const opts = parseBenchArgs(process.argv.slice(2));
const SEED_SAMPLE_RUNS = 3;
/**
 * The heap limits the Lambda Node.js runtime's bootstrap derives from a 128 MB function (new space
 * = memory/10, semi-space = half of it, old space = memory - new space), so the child's GC works
 * under the same limits as the function would. `--no-lambda-heap` runs the child without them.
 */
const LAMBDA_HEAP_FLAGS = opts.lambdaHeap ? ['--max-semi-space-size=6', '--max-old-space-size=116'] : [];
/** `--cpu-prof DIR`: the refresh child writes a V8 CPU profile there. */
const PROFILE_FLAGS = opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProf}`] : [];
const DDL_RUNNING_MS = 1_500;
const LATENCY = DEFAULT_LATENCY;
const RESULTS = join(fileURLToPath(new URL('.', import.meta.url)), 'results');

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

interface Env {
  moto: MotoServer;
  proxy: AwsProxy;
  direct: AwsClients;
  script: string;
  bundle: string;
}

function athenaSection(strategy: RefreshStrategy, extra: Record<string, unknown> = {}) {
  return { buckets: BUCKETS, results_bucket: 's3://bench-athena-results/refresh/', refresh_strategy: strategy, log_level: 'warn', ...extra };
}

function child(env: Env, configDir: string, memoryMb: number | undefined, remainingMs?: number): Promise<ChildReport> {
  return runChild({
    script: env.script,
    bundle: env.bundle,
    nodeFlags: [...LAMBDA_HEAP_FLAGS, ...PROFILE_FLAGS],
    env: { STREAMALERT_CONFIG_DIR: configDir, AWS_ENDPOINT_URL: env.proxy.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', LOG_LEVEL: 'warn' },
    remainingMs,
    quota: memoryMb ? lambdaQuota(memoryMb) : undefined,
  });
}

/** Fresh moto state and queue; n notifications on the queue. Returns the preload time. */
async function prepare(env: Env, configDir: string, strategy: RefreshStrategy, n: number): Promise<{ queueUrl: string; preloadMs: number }> {
  await env.moto.reset();
  const config = loadConfig(configDir);
  await createBuckets(env.direct, Object.keys(config.athena.buckets));
  await provision(config, env.direct);
  const sqs = env.direct.sqs();
  const provisioned = { queueUrl: (await sqs.send(new GetQueueUrlCommand({ QueueName: config.athena.queue_name }))).QueueUrl! };
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: provisioned.queueUrl, Attributes: { VisibilityTimeout: '300', ReceiveMessageWaitTimeSeconds: '0' } }));
  await sqs.send(new PurgeQueueCommand({ QueueUrl: provisioned.queueUrl }));
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) {
        const from = next;
        next = Math.min(n, next + 10);
        const Entries = [];
        for (let i = from; i < next; i++) Entries.push({ Id: String(i - from), MessageBody: notificationBody(i) });
        const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: provisioned.queueUrl, Entries }));
        if (out.Failed?.length) throw new Error(`preload: SendMessageBatch failed: ${JSON.stringify(out.Failed)}`);
      }
    }),
  );
  return { queueUrl: provisioned.queueUrl, preloadMs: Date.now() - t0 };
}

async function queueDepth(env: Env, queueUrl: string): Promise<number> {
  const a = await env.direct.sqs().send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(a.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

function upstreamByService(proxy: AwsProxy): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of proxy.log) {
    const s = e.operation.split('.')[0]!;
    out[s] = (out[s] ?? 0) + e.upstreamMs;
  }
  return out;
}

/** The CPU and quota figures of one child's report. */
function cpuFigures(report: ChildReport, n: number, proxyCpu: NodeJS.CpuUsage) {
  const r = Math.round;
  return {
    cpu_ms: { refresh: r(report.cpu_ms), user: r(report.cpu_user_ms), system: r(report.cpu_system_ms), handler: r(report.cpu_ms - report.load_cpu_ms), load: r(report.load_cpu_ms), proxy: r((proxyCpu.user + proxyCpu.system) / 1000) },
    cpu_ms_per_1k_messages: r((report.cpu_ms / n) * 1000 * 10) / 10,
    ...(report.quota
      ? {
          lambda_memory_mb: report.quota.memoryMb,
          cpu_quota: { quota_us: report.quota.quotaUs, period_us: report.quota.periodUs, cores: report.quota.cores, cgroup: report.quota.cgroup, throttle: report.quota.throttle },
          drain_ms: report.wall_ms,
          process_ms: report.process_ms,
        }
      : {}),
  };
}

async function benchOne(env: Env, strategy: RefreshStrategy, n: number, memoryMb: number | undefined): Promise<BenchEntry> {
  const configDir = writeConfig(athenaSection(strategy), {}, ACCOUNT, SCHEMAS);
  const { queueUrl, preloadMs } = await prepare(env, configDir, strategy, n);
  env.proxy.resetStats();
  const parentCpu = process.cpuUsage();
  const report = await child(env, configDir, memoryMb);
  const proxyCpu = process.cpuUsage(parentCpu);
  const log = env.proxy.log;
  if (opts.timeline) printTimeline(log);
  const concurrency = { receive: peakConcurrency(log, 'SQS.ReceiveMessage'), delete: peakConcurrency(log, 'SQS.DeleteMessageBatch') };
  const min = minApiCalls(n, strategy);
  const counts = env.proxy.counts();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    strategy,
    notifications: n,
    wall_ms: report.wall_ms,
    lower_bound_ms: lowerBoundMs(min, strategy, concurrency, LATENCY, DDL_RUNNING_MS),
    api_calls: counts,
    api_calls_total: total,
    min_api_calls: min.total,
    min_api_calls_detail: min,
    peak_rss_mb: Math.round((report.maxRSS_kb / 1024) * 10) / 10,
    messages_per_s: Math.round((n / report.wall_ms) * 1000),
    concurrency,
    preload_ms: preloadMs,
    deleted: report.summary?.messages.deleted ?? 0,
    kept: report.summary?.messages.kept ?? 0,
    left_on_queue: await queueDepth(env, queueUrl),
    statements: report.statements ?? 0,
    upstream_ms: upstreamByService(env.proxy),
    ...cpuFigures(report, n, proxyCpu),
    ...(report.error ? { error: report.error } : {}),
  };
}

/** Calls per 250 ms of the run, by operation (stderr; `--timeline`): where the time went. */
function printTimeline(entries: AwsProxy['log']): void {
  if (!entries.length) return;
  const t0 = entries[0]!.start;
  const rows = new Map<number, Map<string, number>>();
  for (const e of entries) {
    const bucket = Math.floor((e.end - t0) / 250);
    const row = rows.get(bucket) ?? rows.set(bucket, new Map()).get(bucket)!;
    const op = e.operation.split('.')[1]!;
    row.set(op, (row.get(op) ?? 0) + 1);
  }
  for (const [b, row] of [...rows].sort((x, y) => x[0] - y[0])) log(`  +${String(b * 250).padStart(6)} ms  ${[...row].map(([op, n]) => `${op} ${n}`).join(', ')}`);
}

/** The seed's behaviour: at most 100 messages per run, one receive in flight. */
async function benchSeed(env: Env, n: number, memoryMb: number | undefined): Promise<BenchEntry> {
  const configuration = { refresh_strategy: 'add_partition', max_messages: 100, receive_concurrency: 1 };
  const configDir = writeConfig(athenaSection('add_partition', { max_messages: 100, receive_concurrency: 1 }), {}, ACCOUNT, SCHEMAS);
  const { queueUrl, preloadMs } = await prepare(env, configDir, 'add_partition', n);
  const runsNeeded = Math.ceil(n / 100);
  // Drained for real at 1,000 in a full run; otherwise a few runs, extrapolated (--quick stays short).
  const sample = n <= 1_000 && !opts.quick ? runsNeeded : Math.min(runsNeeded, SEED_SAMPLE_RUNS);
  const walls: number[] = [];
  let rss = 0;
  let deleted = 0;
  env.proxy.resetStats();
  for (let r = 0; r < sample; r++) {
    const report = await child(env, configDir, memoryMb);
    if (report.error) throw new Error(`seed run ${r + 1}: ${report.error}`);
    walls.push(report.wall_ms);
    rss = Math.max(rss, report.maxRSS_kb);
    deleted += report.summary?.messages.deleted ?? 0;
  }
  const perRun = walls.reduce((a, b) => a + b, 0) / walls.length;
  const counts = env.proxy.counts();
  const scale = runsNeeded / sample;
  const scaled = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Math.round(v * scale)]));
  const min = minApiCalls(n, 'add_partition');
  // Each run registers every partition its 100 messages touch: one statement per table per run.
  const seedMin = { ...min, register: min.register * runsNeeded, check: min.check * runsNeeded, total: min.receive + min.delete + (min.register + min.check) * runsNeeded };
  const oneRunMin = minApiCalls(100, 'add_partition');
  const drain = Math.round(perRun * runsNeeded);
  return {
    strategy: 'seed',
    configuration,
    notifications: n,
    wall_ms: drain,
    lower_bound_ms: runsNeeded * lowerBoundMs(oneRunMin, 'add_partition', { receive: 1, delete: peakConcurrency(env.proxy.log, 'SQS.DeleteMessageBatch') }, LATENCY, DDL_RUNNING_MS),
    api_calls: scaled,
    api_calls_total: Object.values(scaled).reduce((a, b) => a + b, 0),
    min_api_calls: seedMin.total,
    min_api_calls_detail: seedMin,
    peak_rss_mb: Math.round((rss / 1024) * 10) / 10,
    messages_per_s: Math.round((n / drain) * 1000),
    concurrency: { receive: peakConcurrency(env.proxy.log, 'SQS.ReceiveMessage'), delete: peakConcurrency(env.proxy.log, 'SQS.DeleteMessageBatch') },
    preload_ms: preloadMs,
    deleted: Math.round(deleted * scale),
    kept: 0,
    left_on_queue: sample === runsNeeded ? await queueDepth(env, queueUrl) : n - deleted,
    statements: 0,
    upstream_ms: upstreamByService(env.proxy),
    ...(memoryMb ? { lambda_memory_mb: memoryMb } : {}),
    runs: runsNeeded,
    runs_measured: sample,
    drain_ms: drain,
  };
}

/** `--invocation`: one invocation with the default timeout at the quota, on a queue larger than it can drain. */
async function benchInvocation(env: Env, memoryMb: number): Promise<InvocationRun> {
  const configDir = writeConfig(athenaSection('add_partition'), {}, ACCOUNT, SCHEMAS);
  await prepare(env, configDir, 'add_partition', opts.invocationMessages);
  const report = await child(env, configDir, memoryMb, opts.invocationSeconds * 1000);
  if (report.error) throw new Error(`invocation run: ${report.error}`);
  return {
    timeout_s: opts.invocationSeconds,
    memory_mb: memoryMb,
    queued: opts.invocationMessages,
    deleted: report.summary?.messages.deleted ?? 0,
    received: report.summary?.messages.received ?? 0,
    stopped_by: report.summary?.stoppedBy ?? '',
    handler_ms: report.wall_ms,
    process_ms: report.process_ms ?? 0,
    cpu_ms: Math.round(report.cpu_ms),
    throttle: report.quota!.throttle,
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const load0 = loadavg();
  const extraThrottled = opts.defaultWorkload && opts.sizes.includes(10_000) && opts.lambdaMemory !== DEFAULT_MEMORY_MB;
  log(`bench: sizes ${opts.sizes.join(', ')}; strategies ${opts.strategies.join(', ')}${opts.seed ? ', seed' : ''}${opts.lambdaMemory ? `; CPU quota of a ${opts.lambdaMemory} MB function` : ''}${extraThrottled ? `; 10000 add_partition also at ${DEFAULT_MEMORY_MB} MB` : ''}; load average ${load0.map((l) => l.toFixed(2)).join(' ')}`);
  // Fail before the long setup when a throttled run cannot be throttled.
  if (opts.lambdaMemory || extraThrottled || opts.invocation) createCpuGroup(lambdaQuota(opts.lambdaMemory ?? DEFAULT_MEMORY_MB)).remove();
  const moto = await startMoto();
  const proxy = await startAwsProxy({ target: moto.url, sqs: 'memory', latency: LATENCY, ddlRunningMs: DDL_RUNNING_MS, logBodies: false });
  const direct = new AwsClients({ region: 'us-east-1', endpointUrl: proxy.directUrl, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const work = mkdtempSync(join(tmpdir(), 'streamalert-bench-'));
  const entries: BenchEntry[] = [];
  try {
    const artifact = await buildArtifact(writeConfig(athenaSection('add_partition'), {}, ACCOUNT, SCHEMAS));
    // `--bundle FILE`: run another build of the handler (e.g. an unminified one, for profiling).
    const bundle = opts.bundle ?? join(artifact.dir, 'index.mjs');
    log(`athena zip: ${(artifact.zipBytes / 1024).toFixed(1)} KiB (index.mjs ${(artifact.bundleBytes / 1024).toFixed(1)} KiB)`);
    const load = await handlerLoad(dirname(bundle));
    log(`handler load: median ${load.median_ms} ms (${load.samples.join(', ')}); whole process ${load.process_median_ms} ms`);
    const env: Env = { moto, proxy, direct, script: writeChildScript(work), bundle };
    const record = (e: BenchEntry) => {
      const at = e.lambda_memory_mb ? ` at ${e.lambda_memory_mb} MB` : '';
      log(`${e.notifications} ${e.strategy}${at}: ${e.wall_ms} ms (lower bound ${e.lower_bound_ms}), ${e.messages_per_s} msg/s, ${e.api_calls_total} calls (min ${e.min_api_calls}), ${e.peak_rss_mb} MB, preload ${e.preload_ms} ms, deleted ${e.deleted}, left ${e.left_on_queue}${e.error ? `, ERROR ${e.error}` : ''}`);
      if (e.cpu_ms) log(`  cpu: refresh ${e.cpu_ms.refresh} ms (user ${e.cpu_ms.user}, system ${e.cpu_ms.system}; load ${e.cpu_ms.load}, handler ${e.cpu_ms.handler}), ${e.cpu_ms_per_1k_messages} ms per 1k messages; proxy ${e.cpu_ms.proxy} ms`);
      if (e.cpu_quota) log(`  quota ${e.cpu_quota.quota_us}/${e.cpu_quota.period_us} µs (cgroup ${e.cpu_quota.cgroup}): throttled in ${e.cpu_quota.throttle.throttled} of ${e.cpu_quota.throttle.periods} periods, ${e.cpu_quota.throttle.throttledMs} ms; process ${e.process_ms} ms`);
      entries.push(e);
    };
    for (const n of opts.sizes) {
      for (const strategy of opts.strategies) {
        record(await benchOne(env, strategy, n, opts.lambdaMemory));
        if (n === 10_000 && strategy === 'add_partition' && extraThrottled) record(await benchOne(env, strategy, n, DEFAULT_MEMORY_MB));
      }
      if (opts.seed) record(await benchSeed(env, n, opts.lambdaMemory));
    }
    const invocation = opts.invocation ? await benchInvocation(env, opts.lambdaMemory ?? DEFAULT_MEMORY_MB) : undefined;
    const results = {
      date: new Date().toISOString(),
      mode: opts.quick ? 'quick' : 'full',
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version, loadavg_at_start: load0, loadavg_at_end: loadavg() },
      latency_model: LATENCY,
      ddl_running_ms: DDL_RUNNING_MS,
      sqs: 'proxy memory queue (moto 5.2 SQS is O(queue) per received message)',
      child_node_flags: LAMBDA_HEAP_FLAGS,
      artifact: { zip_bytes: artifact.zipBytes, bundle_bytes: artifact.bundleBytes, source: artifact.source, bundle_run: bundle, handler_load_ms: load.median_ms, handler_load_samples: load.samples, process_start_and_load_ms: load.process_median_ms },
      runs: entries,
      max_messages_per_invocation: estimateInvocation(entries),
      ...(invocation ? { invocation } : {}),
      duration_ms: Date.now() - started,
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(summary(results));
    log(`wrote bench/results/latest.json in ${Math.round((Date.now() - started) / 1000)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    direct.destroy();
    await proxy.stop();
    await moto.stop();
  }
}

// `--print FILE`: the table of an earlier results file, without running anything.
if (opts.print) process.stdout.write(summary(JSON.parse(readFileSync(opts.print, 'utf8')) as BenchResults));
else await main();
