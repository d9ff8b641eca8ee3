/**
 * The SQS trigger's point: one invocation takes a batch of up to 10,000 messages. The packaged
 * athena handler, unzipped into an empty folder and run with plain node under the heap limits
 * Lambda gives a 128 MB function, gets an SQS event of 10,000 records: it registers every
 * partition with one statement per table and reports exactly the records it did not do as
 * batchItemFailures.
 */
import { unzipSync } from 'fflate';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BIN } from '../support/cli.js';
import { createDeployment, type Deployment } from '../support/deployment.js';
import { s3EventAsDelivered, s3TestEvent, sqsRecord } from '../support/factories.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const NAME = 'test_streamalert_athena_partition_refresh';
/** The heap limits Lambda's Node.js runtime sets for a 128 MB function (as bench/run.ts uses). */
const LAMBDA_128MB_HEAP = ['--max-semi-space-size=6', '--max-old-space-size=116'];
const RECORDS = 10_000;
const DAYS = 10;

let moto: MotoServer;
let d: Deployment;

before(async () => {
  moto = await startMoto();
  d = await createDeployment(moto.url, {
    buckets: { 'test-streamalerts': 'alerts', 'test-streamalert-data': '*' },
    results_bucket: 's3://test-athena-results/refresh/',
    trigger: 'sqs',
    batch_size: 10_000,
    maximum_batching_window_seconds: 300,
    log_level: 'warn',
  });
});

after(async () => {
  d?.clients.destroy();
  await moto?.stop();
});

/** A deterministic shuffle (so failures replay), a small LCG is enough. */
function shuffle<T>(items: T[], seed = 7): T[] {
  let s = seed;
  const next = () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** dt values of the batch: DAYS days × 24 hours. */
const dts = Array.from(
  { length: DAYS * 24 },
  (_, h) => `2026-11-${String(1 + Math.floor(h / 24)).padStart(2, '0')}-${String(h % 24).padStart(2, '0')}`,
);

/** Object keys for partition `dt` of each table, in the table's layout. */
function key(table: 'alerts' | 'osquery' | 'cloudtrail', dt: string, n: number): [bucket: string, key: string] {
  const [y, m, day, h] = dt.split('-');
  if (table === 'alerts') return ['test-streamalerts', `alerts/dt=${dt}/alert-${n}.json`];
  if (table === 'osquery') return ['test-streamalert-data', `osquery/${y}/${m}/${day}/${h}/firehose-${n}.gz`];
  return ['test-streamalert-data', `cloudtrail/dt=${dt}/trail ${n}.json.gz`];
}

describe('the packaged handler on an SQS batch of 10,000 records', () => {
  it('registers every partition with one statement per table and reports exactly the records it kept', async (t) => {
    const tables = ['alerts', 'osquery', 'cloudtrail'] as const;
    const records: ReturnType<typeof sqsRecord>[] = [];
    const kept: string[] = [];
    const add = (body: string, keep: boolean) => {
      const id = randomUUID();
      records.push(sqsRecord(id, body, d.queueArn));
      if (keep) kept.push(id);
    };
    // Records that cannot be done: an unparseable body, a bucket no table is mapped to, a date that does not exist.
    for (let i = 0; i < 40; i++) add(`not json ${i}`, true);
    for (let i = 0; i < 40; i++) add(s3EventAsDelivered('unmapped-bucket', `x/dt=2026-11-01-00/${i}.json`, i), true);
    for (let i = 0; i < 40; i++) add(s3EventAsDelivered('test-streamalerts', `alerts/dt=2026-02-30-0${i % 10}/${i}.json`, i), true);
    // Records that carry no work: done, not failures.
    for (let i = 0; i < 20; i++) add(s3TestEvent('test-streamalerts'), false);
    // The rest: every partition of every table, several objects each.
    for (let n = 0; records.length < RECORDS; n++) {
      const [bucket, k] = key(tables[n % 3]!, dts[Math.floor(n / 3) % dts.length]!, n);
      add(s3EventAsDelivered(bucket, k, n), false);
    }
    const event = { Records: shuffle(records) };

    const out = mkdtempSync(join(tmpdir(), 'streamalert-pkg-'));
    const pkg = spawnSync(process.execPath, [BIN, '--config-dir', d.configDir, 'package', '--function', 'athena', '--out', out], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(pkg.status, 0, pkg.stderr);
    const run = mkdtempSync(join(tmpdir(), 'streamalert-run-'));
    for (const [path, data] of Object.entries(unzipSync(readFileSync(join(out, `${NAME}.zip`))))) {
      mkdirSync(dirname(join(run, path)), { recursive: true });
      writeFileSync(join(run, path), data);
    }
    const eventFile = join(run, 'event.json');
    writeFileSync(eventFile, JSON.stringify(event));

    // As Lambda does: the runtime parses the event, then calls the handler; the last line is the result.
    const script = `
      const { readFileSync } = await import('node:fs');
      const event = JSON.parse(readFileSync(${JSON.stringify(eventFile)}, 'utf8'));
      const { handler } = await import('./index.mjs');
      const cpu = process.cpuUsage();
      const result = await handler(event, { getRemainingTimeInMillis: () => 900000, functionName: ${JSON.stringify(NAME)} });
      const used = process.cpuUsage(cpu);
      console.log(JSON.stringify({ result, maxRssKiB: process.resourceUsage().maxRSS, handlerCpuMs: Math.round((used.user + used.system) / 1000) }));`;
    const env = {
      PATH: process.env.PATH,
      AWS_ENDPOINT_URL: moto.url,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
    };
    const child = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const p = spawn(process.execPath, [...LAMBDA_128MB_HEAP, '--input-type=module', '-e', script], { cwd: run, env });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      p.on('error', reject);
      p.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(child.code, 0, `handler failed:\n${child.stderr.slice(-3000)}`);
    const { result, maxRssKiB, handlerCpuMs } = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
      result: { batchItemFailures: { itemIdentifier: string }[] };
      maxRssKiB: number;
      handlerCpuMs: number;
    };

    assert.equal(result.batchItemFailures.length, kept.length);
    assert.deepEqual(result.batchItemFailures.map((f) => f.itemIdentifier).sort(), [...kept].sort());

    const alters = (await d.queries()).filter((q) => q.startsWith('ALTER TABLE'));
    assert.deepEqual(
      alters.map((q) => /^ALTER TABLE `streamalert`\.`(\w+)`/.exec(q)?.[1]).sort(),
      ['alerts', 'cloudtrail', 'osquery'],
      'one statement per table',
    );
    for (const q of alters) {
      const registered = [...q.matchAll(/PARTITION \(dt = '([\d-]+)'\)/g)].map((m) => m[1]).sort();
      assert.deepEqual(registered, dts, `every partition of ${q.slice(0, 60)}`);
    }
    const osquery = alters.find((q) => q.includes('`osquery`'))!;
    assert.ok(
      osquery.includes("PARTITION (dt = '2026-11-10-23') LOCATION 's3://test-streamalert-data/osquery/2026/11/10/23/'"),
      osquery.slice(0, 300),
    );
    // What a 128 MB function has: the whole process, not only the heap.
    assert.ok(maxRssKiB < 128 * 1024, `peak RSS ${Math.round(maxRssKiB / 1024)} MiB`);
    t.diagnostic(
      `10,000-record batch: event ${(JSON.stringify(event).length / 1024 / 1024).toFixed(1)} MiB, peak RSS ${(maxRssKiB / 1024).toFixed(1)} MiB, handler CPU ${handlerCpuMs} ms`,
    );
  });
});
