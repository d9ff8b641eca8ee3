/**
 * `--trigger`: the SQS-trigger path. With `trigger: sqs` Lambda's event-source mapping hands the
 * function batches (up to 10,000 records, 6 MB): no ReceiveMessage or DeleteMessageBatch, the
 * records' partitions registered and the ones not done returned as batchItemFailures. Each run
 * writes one such event (records as Lambda shapes them, test/support/factories.ts `sqsRecord`,
 * bodies from the bench's workload), invokes the zip's handler with it in a fresh child under the
 * CPU share of `memoryMb`, and reports the batch's duration and CPU per 1,000 records.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqsRecord } from '../test/support/factories.js';
import type { ThrottleStats } from './cpu-quota.js';
import { prepareQueue, writeBenchConfig } from './prepare.js';
import type { RunContext } from './runs.js';
import { childFor } from './runs.js';
import { notificationBody } from './workload.js';

export interface TriggerRun {
  records: number;
  event_bytes: number;
  memory_mb?: number;
  /** The handler call: the batch's duration. */
  handler_ms: number;
  /** Whole process (node start, module load, event parse, handler), and the handler alone. */
  cpu_ms: number;
  handler_cpu_ms: number;
  handler_cpu_ms_per_1k_records: number;
  cpu_ms_per_1k_records: number;
  batch_item_failures: number;
  api_calls: Record<string, number>;
  peak_rss_mb: number;
  throttle?: ThrottleStats;
  error?: string;
}

export async function benchTrigger(context: RunContext, records: number, memoryMb: number | undefined): Promise<TriggerRun> {
  const { proxy } = context.servers;
  const configDir = writeBenchConfig('add_partition', { trigger: 'sqs', batch_size: Math.max(records, 10) });
  await prepareQueue(context.servers, configDir, 0);
  const dir = mkdtempSync(join(tmpdir(), 'bench-trigger-'));
  const eventFile = join(dir, 'event.json');
  const event = JSON.stringify({
    Records: Array.from({ length: records }, (_, i) =>
      sqsRecord(`0a1b2c3d-${String(i).padStart(8, '0')}-4e5f-8a9b-0c1d2e3f4a5b`, notificationBody(i)),
    ),
  });
  writeFileSync(eventFile, event);
  proxy.resetStats();
  try {
    const report = await childFor(context, configDir, memoryMb, undefined, eventFile);
    const handlerCpu = report.cpu_ms - report.load_cpu_ms;
    return {
      records,
      event_bytes: Buffer.byteLength(event),
      ...(memoryMb ? { memory_mb: memoryMb } : {}),
      handler_ms: report.wall_ms,
      cpu_ms: Math.round(report.cpu_ms),
      handler_cpu_ms: Math.round(handlerCpu),
      handler_cpu_ms_per_1k_records: Math.round((handlerCpu / records) * 1000 * 10) / 10,
      cpu_ms_per_1k_records: Math.round((report.cpu_ms / records) * 1000 * 10) / 10,
      batch_item_failures: report.batchItemFailures ?? -1,
      api_calls: proxy.counts(),
      peak_rss_mb: Math.round(report.maxRSS_kb / 102.4) / 10,
      ...(report.quota ? { throttle: report.quota.throttle } : {}),
      ...(report.error ? { error: report.error } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeTrigger(run: TriggerRun): string {
  return (
    `trigger ${run.records.toLocaleString('en-US')} records (${(run.event_bytes / 2 ** 20).toFixed(1)} MiB)${run.memory_mb ? ` at ${run.memory_mb} MB` : ''}: ` +
    `batch ${run.handler_ms.toLocaleString('en-US')} ms, CPU ${run.cpu_ms} ms (handler ${run.handler_cpu_ms}); per 1k records ${run.cpu_ms_per_1k_records} ms (handler ${run.handler_cpu_ms_per_1k_records}); ` +
    `${run.batch_item_failures} failures; calls ${JSON.stringify(run.api_calls)}; RSS ${run.peak_rss_mb} MB` +
    `${run.throttle ? `; throttled in ${run.throttle.throttled} of ${run.throttle.periods} periods` : ''}${run.error ? `; ERROR ${run.error.split('\n')[0]}` : ''}`
  );
}
