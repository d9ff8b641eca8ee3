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
 *
 * The parts: options.ts (flags), prepare.ts (servers, config, queue), runs.ts (the kinds of run),
 * child.ts and refresh-child.mjs (the refresh process), cpu-quota.ts, artifact.ts (the zip, its
 * load time), workload.ts (messages and yardsticks), lambda-model.ts, report.ts (figures, table).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildArtifact, handlerLoad } from './artifact.js';
import { createCpuGroup, lambdaQuota } from './cpu-quota.js';
import { DEFAULT_MEMORY_MB, estimateInvocation } from './lambda-model.js';
import { log } from './log.js';
import { parseBenchArgs, type BenchOptions } from './options.js';
import { DDL_RUNNING_MS, LATENCY, startServers, writeBenchConfig } from './prepare.js';
import { describeEntry, summary, type BenchEntry, type BenchResults } from './report.js';
import { benchInvocation, benchOne, benchSeed, lambdaHeapFlags, type RunContext } from './runs.js';
import { benchTrigger, describeTrigger, type TriggerRun } from './trigger.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const RESULTS = join(fileURLToPath(new URL('.', import.meta.url)), 'results');

const loads = () =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

async function main(options: BenchOptions): Promise<void> {
  const started = Date.now();
  const loadAtStart = loadavg();
  // The default workloads also run 10,000 add_partition under a 128 MB function's CPU share.
  const extraThrottled = options.defaultWorkload && options.sizes.includes(10_000) && options.lambdaMemory !== DEFAULT_MEMORY_MB;
  log(
    `bench: sizes ${options.sizes.join(', ')}; strategies ${options.strategies.join(', ')}${options.seed ? ', seed' : ''}` +
      `${options.lambdaMemory ? `; CPU quota of a ${options.lambdaMemory} MB function` : ''}` +
      `${extraThrottled ? `; 10000 add_partition also at ${DEFAULT_MEMORY_MB} MB` : ''}; load average ${loads()}`,
  );
  // Fail before the long setup when a throttled run cannot be throttled.
  if (options.lambdaMemory || extraThrottled || options.invocation || options.trigger)
    createCpuGroup(lambdaQuota(options.lambdaMemory ?? DEFAULT_MEMORY_MB)).remove();
  const servers = await startServers();
  const entries: BenchEntry[] = [];
  try {
    const artifact = await buildArtifact(writeBenchConfig('add_partition'));
    // `--bundle FILE`: run another build of the handler (e.g. an unminified one, for profiling).
    const bundle = options.bundle ?? join(artifact.dir, 'index.mjs');
    log(`athena zip: ${(artifact.zipBytes / 1024).toFixed(1)} KiB (index.mjs ${(artifact.bundleBytes / 1024).toFixed(1)} KiB)`);
    const load = await handlerLoad(dirname(bundle));
    log(`handler load: median ${load.median_ms} ms (${load.samples.join(', ')}); whole process ${load.process_median_ms} ms`);
    const context: RunContext = { servers, bundle, options };
    const record = (entry: BenchEntry) => {
      for (const line of describeEntry(entry)) log(line);
      entries.push(entry);
    };
    // Variants alternate run by run, so a change in the machine's load falls on all of them alike.
    const variants = options.variants.length ? options.variants : [undefined];
    const contextFor = (v: (typeof variants)[number]): RunContext => (v ? { ...context, bundle: v.bundle ?? bundle, env: v.env } : context);
    const tag = (entry: BenchEntry, v: (typeof variants)[number]) => (v ? { ...entry, variant: v.name } : entry);
    for (let round = 0; round < options.repeat; round++) {
      for (const notifications of options.sizes) {
        for (const strategy of options.strategies) {
          for (const v of variants) {
            record(tag(await benchOne(contextFor(v), strategy, notifications, options.lambdaMemory), v));
            if (notifications === 10_000 && strategy === 'add_partition' && extraThrottled)
              record(tag(await benchOne(contextFor(v), strategy, notifications, DEFAULT_MEMORY_MB), v));
          }
        }
        if (options.seed && round === 0) record(await benchSeed(context, notifications, options.lambdaMemory));
      }
    }
    const invocations = [];
    for (let round = 0; round < (options.invocation ? options.invocationRepeat : 0); round++) {
      for (const v of variants) {
        const run = {
          ...(await benchInvocation(contextFor(v), options.lambdaMemory ?? DEFAULT_MEMORY_MB)),
          ...(v ? { variant: v.name } : {}),
        };
        log(
          `invocation${v ? ` [${v.name}]` : ''}: deleted ${run.deleted} of ${run.queued} (stopped by ${run.stopped_by}), handler ${run.handler_ms} ms, CPU ${run.cpu_ms} ms`,
        );
        invocations.push(run);
      }
    }
    const invocation = invocations[0];
    const trigger: TriggerRun[] = [];
    // The trigger path at the quota (128 MB unless --lambda-memory), one batch per size.
    for (const records of options.trigger ? options.triggerSizes : []) {
      trigger.push(await benchTrigger(context, records, options.lambdaMemory ?? DEFAULT_MEMORY_MB));
      log(describeTrigger(trigger.at(-1)!));
    }
    const results = {
      date: new Date().toISOString(),
      mode: options.quick ? 'quick' : 'full',
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        memory_gb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        loadavg_at_start: loadAtStart,
        loadavg_at_end: loadavg(),
      },
      latency_model: LATENCY,
      ddl_running_ms: DDL_RUNNING_MS,
      sqs: 'proxy memory queue (moto 5.2 SQS is O(queue) per received message)',
      child_node_flags: lambdaHeapFlags(options),
      artifact: {
        zip_bytes: artifact.zipBytes,
        bundle_bytes: artifact.bundleBytes,
        source: artifact.source,
        bundle_run: bundle,
        handler_load_ms: load.median_ms,
        handler_load_samples: load.samples,
        process_start_and_load_ms: load.process_median_ms,
      },
      runs: entries,
      max_messages_per_invocation: estimateInvocation(entries),
      ...(invocation ? { invocation } : {}),
      ...(invocations.length > 1 ? { invocations } : {}),
      ...(trigger.length ? { trigger } : {}),
      duration_ms: Date.now() - started,
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(summary(results));
    log(`wrote bench/results/latest.json in ${Math.round((Date.now() - started) / 1000)} s; load average ${loads()}`);
  } finally {
    await servers.stop();
  }
}

const options = parseBenchArgs(process.argv.slice(2));
// `--print FILE`: the table of an earlier results file, without running anything.
if (options.print) process.stdout.write(summary(JSON.parse(readFileSync(options.print, 'utf8')) as BenchResults));
else await main(options);
