/**
 * `npm run bench [-- --quick] [--sizes 1000,10000] [--strategies add_partition,glue] [--no-seed]`
 *
 * Starts moto and the AWS proxy (test/support/aws-proxy.ts: latency model, call counts, memory
 * SQS), builds the athena Lambda zip with src/packaging, and for every workload size and strategy:
 * resets moto, provisions, preloads the queue (timed separately, not through the latency model),
 * then runs the zip's handler in a fresh `node` child process (no tsx) and reads its wall time and
 * peak RSS. Prints a table and writes bench/results/latest.json. See bench/README.md.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand, GetQueueUrlCommand, PurgeQueueCommand, SendMessageBatchCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { unzipSync } from 'fflate';
import { AwsClients } from '../src/aws/clients.js';
import { provision } from '../src/aws/provision.js';
import { loadConfig } from '../src/core/config/load.js';
import type { RefreshStrategy } from '../src/core/config/schema.js';
import { DEFAULT_LATENCY, startAwsProxy, type AwsProxy } from '../test/support/aws-proxy.js';
import { ACCOUNT, createBuckets, writeConfig } from '../test/support/deployment.js';
import { startMoto, type MotoServer } from '../test/support/moto.js';
import { BUCKETS, SCHEMAS, lowerBoundMs, minApiCalls, notificationBody, peakConcurrency } from './workload.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = flag('quick');
const SIZES = (option('sizes') ?? (quick ? '1000,10000' : '1000,10000,100000')).split(',').map(Number);
const STRATEGIES = (option('strategies') ?? 'add_partition,repair,glue').split(',') as RefreshStrategy[];
const WITH_SEED = !flag('no-seed');
const SEED_SAMPLE_RUNS = 3;
/**
 * The heap limits the Lambda Node.js runtime's bootstrap derives from a 128 MB function (new space
 * = memory/10, semi-space = half of it, old space = memory - new space), so the child's GC works
 * under the same limits as the function would. `--no-lambda-heap` runs the child without them.
 */
const LAMBDA_HEAP_FLAGS = flag('no-lambda-heap') ? [] : ['--max-semi-space-size=6', '--max-old-space-size=116'];
/** `--cpu-prof DIR`: the refresh child writes a V8 CPU profile there. */
const PROFILE_FLAGS = option('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${option('cpu-prof')}`] : [];
const DDL_RUNNING_MS = 1_500;
const LATENCY = DEFAULT_LATENCY;
const HERE = fileURLToPath(new URL('.', import.meta.url));
const RESULTS = join(HERE, 'results');

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
  /** CPU time of the refresh child (whole process) and of the bench process (proxy, memory SQS). */
  cpu_ms?: { refresh: number; proxy: number };
  /** seed only: runs needed to drain the queue, and whether that was measured or extrapolated. */
  runs?: number;
  runs_measured?: number;
  drain_ms?: number;
  error?: string;
}

interface ChildReport {
  wall_ms: number;
  load_ms: number;
  maxRSS_kb: number;
  cpu_ms: number;
  summary?: { messages: { received: number; deleted: number; kept: number; deleteFailed: number }; stoppedBy: string };
  statements?: number;
  error?: string;
}

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

/** The athena Lambda zip from src/packaging (the one deploy ships), unpacked into a folder. */
async function buildArtifact(configDir: string): Promise<{ dir: string; zipBytes: number; bundleBytes: number; source: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'streamalert-bench-zip-'));
  const config = loadConfig(configDir);
  const { functionSpec } = await import('../src/core/deploy/functions.js');
  const { packageFunction } = await import('../src/packaging/package.js');
  const pkg = await packageFunction(functionSpec(config, 'athena'), config);
  const files = unzipSync(pkg.zip);
  let bundleBytes = 0;
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), data);
    if (path === 'index.mjs') bundleBytes = data.length;
  }
  return { dir, zipBytes: pkg.size, bundleBytes, source: 'src/packaging packageFunction(functionSpec(config, "athena"))' };
}

const CHILD = `
import { pathToFileURL } from 'node:url';
const t0 = performance.now();
const { handler } = await import(pathToFileURL(process.argv[2]).href);
const loaded = performance.now();
const started = Date.now();
let result, error;
try {
  result = await handler({ source: 'bench' }, { getRemainingTimeInMillis: () => 900000, functionName: 'bench' });
} catch (e) {
  error = String(e && e.stack || e);
}
const wall = Date.now() - started;
const report = {
  wall_ms: wall,
  load_ms: loaded - t0,
  maxRSS_kb: process.resourceUsage().maxRSS,
  cpu_ms: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  summary: result && { messages: result.messages, stoppedBy: result.stoppedBy },
  statements: result && result.calls.length,
  error,
};
process.stdout.write('\\n@@REPORT ' + JSON.stringify(report) + '\\n');
`;

function runChild(childPath: string, bundle: string, env: Record<string, string>): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...LAMBDA_HEAP_FLAGS, ...PROFILE_FLAGS, childPath, bundle], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@REPORT '));
      if (!line) return reject(new Error(`refresh child exited ${code} without a report:\n${err}\n${out.slice(-2000)}`));
      resolve(JSON.parse(line.slice('@@REPORT '.length)));
    });
  });
}

interface Env {
  moto: MotoServer;
  proxy: AwsProxy;
  direct: AwsClients;
  childPath: string;
  bundle: string;
}

function athenaSection(strategy: RefreshStrategy, extra: Record<string, unknown> = {}) {
  return { buckets: BUCKETS, results_bucket: 's3://bench-athena-results/refresh/', refresh_strategy: strategy, log_level: 'warn', ...extra };
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

async function benchOne(env: Env, strategy: RefreshStrategy, n: number): Promise<BenchEntry> {
  const configDir = writeConfig(athenaSection(strategy), {}, ACCOUNT, SCHEMAS);
  const { queueUrl, preloadMs } = await prepare(env, configDir, strategy, n);
  env.proxy.resetStats();
  const parentCpu = process.cpuUsage();
  const report = await runChild(env.childPath, env.bundle, { STREAMALERT_CONFIG_DIR: configDir, AWS_ENDPOINT_URL: env.proxy.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', LOG_LEVEL: 'warn' });
  const proxyCpu = process.cpuUsage(parentCpu);
  const log = env.proxy.log;
  if (flag('timeline')) printTimeline(log);
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
    cpu_ms: { refresh: Math.round(report.cpu_ms), proxy: Math.round((proxyCpu.user + proxyCpu.system) / 1000) },
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
async function benchSeed(env: Env, n: number): Promise<BenchEntry> {
  const configuration = { refresh_strategy: 'add_partition', max_messages: 100, receive_concurrency: 1 };
  const configDir = writeConfig(athenaSection('add_partition', { max_messages: 100, receive_concurrency: 1 }), {}, ACCOUNT, SCHEMAS);
  const { queueUrl, preloadMs } = await prepare(env, configDir, 'add_partition', n);
  const runsNeeded = Math.ceil(n / 100);
  // Drained for real at 1,000 in a full run; otherwise a few runs, extrapolated (--quick stays short).
  const sample = n <= 1_000 && !quick ? runsNeeded : Math.min(runsNeeded, SEED_SAMPLE_RUNS);
  const walls: number[] = [];
  let rss = 0;
  let deleted = 0;
  env.proxy.resetStats();
  for (let r = 0; r < sample; r++) {
    const report = await runChild(env.childPath, env.bundle, { STREAMALERT_CONFIG_DIR: configDir, AWS_ENDPOINT_URL: env.proxy.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', LOG_LEVEL: 'warn' });
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
    runs: runsNeeded,
    runs_measured: sample,
    drain_ms: drain,
  };
}

/** Median of several fresh `node` processes importing the handler. */
async function handlerLoad(dir: string, times = 7): Promise<{ median_ms: number; samples: number[]; process_median_ms: number }> {
  const samples: number[] = [];
  const wall: number[] = [];
  const script = `const t=performance.now();const m=await import(${JSON.stringify(join(dir, 'index.mjs'))});if(typeof m.handler!=='function')throw new Error('no handler');process.stdout.write(String(performance.now()-t));`;
  for (let i = 0; i < times; i++) {
    const t0 = Date.now();
    const out = await new Promise<string>((resolve, reject) => {
      const c = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, STREAMALERT_CONFIG_DIR: join(dir, 'conf') }, stdio: ['ignore', 'pipe', 'inherit'] });
      let s = '';
      c.stdout.on('data', (d: Buffer) => (s += d.toString()));
      c.on('exit', (code) => (code === 0 ? resolve(s) : reject(new Error(`handler load exited ${code}`))));
    });
    wall.push(Date.now() - t0);
    samples.push(Math.round(Number(out) * 10) / 10);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { median_ms: median(samples), samples, process_median_ms: median(wall) };
}

function table(entries: BenchEntry[]): string {
  const head = ['N', 'strategy', 'wall ms', 'lower bound', 'wall/lb', 'msg/s', 'api calls', 'min', 'calls/min', 'RSS MB', 'CPU ms', 'recv/del conc', 'runs'];
  const rows = entries.map((e) => [
    e.notifications.toLocaleString('en-US'),
    e.strategy,
    e.wall_ms.toLocaleString('en-US'),
    e.lower_bound_ms.toLocaleString('en-US'),
    (e.wall_ms / e.lower_bound_ms).toFixed(2),
    e.messages_per_s.toLocaleString('en-US'),
    e.api_calls_total.toLocaleString('en-US'),
    e.min_api_calls.toLocaleString('en-US'),
    (e.api_calls_total / e.min_api_calls).toFixed(3),
    String(e.peak_rss_mb),
    e.cpu_ms ? e.cpu_ms.refresh.toLocaleString('en-US') : '',
    `${e.concurrency.receive}/${e.concurrency.delete}`,
    e.runs ? `${e.runs}${e.runs_measured! < e.runs ? ` (${e.runs_measured} run)` : ''}` : '1',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i < 2 ? ':' : '-') + '-'.repeat(w) + (i < 2 ? '-' : ':')).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  log(`bench: sizes ${SIZES.join(', ')}; strategies ${STRATEGIES.join(', ')}${WITH_SEED ? ', seed' : ''}`);
  const moto = await startMoto();
  const proxy = await startAwsProxy({ target: moto.url, sqs: 'memory', latency: LATENCY, ddlRunningMs: DDL_RUNNING_MS, logBodies: false });
  const direct = new AwsClients({ region: 'us-east-1', endpointUrl: proxy.directUrl, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const work = mkdtempSync(join(tmpdir(), 'streamalert-bench-'));
  const childPath = join(work, 'refresh-child.mjs');
  writeFileSync(childPath, CHILD);
  const entries: BenchEntry[] = [];
  try {
    const artifact = await buildArtifact(writeConfig(athenaSection('add_partition')));
    // `--bundle FILE`: run another build of the handler (e.g. an unminified one, for profiling).
    const bundle = option('bundle') ?? join(artifact.dir, 'index.mjs');
    log(`athena zip: ${(artifact.zipBytes / 1024).toFixed(1)} KiB (index.mjs ${(artifact.bundleBytes / 1024).toFixed(1)} KiB)`);
    const load = await handlerLoad(artifact.dir);
    log(`handler load: median ${load.median_ms} ms (${load.samples.join(', ')}); whole process ${load.process_median_ms} ms`);
    const env: Env = { moto, proxy, direct, childPath, bundle };
    for (const n of SIZES) {
      for (const strategy of STRATEGIES) {
        const e = await benchOne(env, strategy, n);
        log(`${n} ${strategy}: cpu refresh ${e.cpu_ms?.refresh} ms, proxy ${e.cpu_ms?.proxy} ms`);
        log(`${n} ${strategy}: ${e.wall_ms} ms (lower bound ${e.lower_bound_ms}), ${e.messages_per_s} msg/s, ${e.api_calls_total} calls (min ${e.min_api_calls}), ${e.peak_rss_mb} MB, preload ${e.preload_ms} ms, deleted ${e.deleted}, left ${e.left_on_queue}${e.error ? `, ERROR ${e.error}` : ''}`);
        entries.push(e);
      }
      if (WITH_SEED) {
        const e = await benchSeed(env, n);
        log(`${n} seed: ${e.runs} runs (${e.runs_measured} measured), drain ${e.drain_ms} ms, ${e.api_calls_total} calls`);
        entries.push(e);
      }
    }
    const result = {
      date: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version, loadavg_at_end: (await import('node:os')).loadavg() },
      latency_model: LATENCY,
      ddl_running_ms: DDL_RUNNING_MS,
      sqs: 'proxy memory queue (moto 5.2 SQS is O(queue) per received message)',
      child_node_flags: LAMBDA_HEAP_FLAGS,
      artifact: { zip_bytes: artifact.zipBytes, bundle_bytes: artifact.bundleBytes, source: artifact.source, handler_load_ms: load.median_ms, handler_load_samples: load.samples, process_start_and_load_ms: load.process_median_ms },
      runs: entries,
      duration_ms: Date.now() - started,
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
    process.stdout.write(`${table(entries)}\n\nathena zip ${(artifact.zipBytes / 1024).toFixed(1)} KiB; handler load median ${load.median_ms} ms\n`);
    log(`wrote bench/results/latest.json in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    direct.destroy();
    await proxy.stop();
    await moto.stop();
  }
}

if (option('print')) {
  // `--print FILE`: the table of an earlier results file, without running anything.
  const { readFileSync } = await import('node:fs');
  const saved = JSON.parse(readFileSync(option('print')!, 'utf8')) as { runs: BenchEntry[]; artifact: { zip_bytes: number; handler_load_ms: number } };
  process.stdout.write(`${table(saved.runs)}\n\nathena zip ${(saved.artifact.zip_bytes / 1024).toFixed(1)} KiB; handler load median ${saved.artifact.handler_load_ms} ms\n`);
} else await main();
