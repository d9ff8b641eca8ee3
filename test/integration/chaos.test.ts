/**
 * Chaos: 2,000 notifications over 50 partitions and 3 tables, plus poison messages, drained by
 * `bin/streamalert athena refresh --once` child processes through the fault-injecting proxy
 * (test/support/aws-proxy/): 10% faults on every operation, queries that end FAILED or
 * CANCELLED, DeleteMessageBatch entries that fail, the first run killed with SIGKILL part-way,
 * a short visibility timeout. Runs repeat until only poison messages remain. Then, from the
 * proxy's log and the stores behind it:
 *   - every notified partition is registered (a statement covering it SUCCEEDED, and moto holds it);
 *   - no message was deleted before a statement covering each of its partitions had SUCCEEDED;
 *   - nothing was lost: every good message was deleted, and what is left is exactly the poison.
 * Also: Athena's active-DDL quota (TooManyRequestsException) is waited out within the time
 * budget, and when the budget runs out the messages are kept.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { refresh } from '../../src/index.js';
import { EXIT } from '../../src/cli/errors/exit-codes.js';
import { startAwsProxy, type AwsProxy, type FaultRule, type ProxyLogEntry } from '../support/aws-proxy/index.js';
import { createDeployment, DEFAULT_ATHENA, type Deployment } from '../support/deployment.js';
import { s3Event } from '../support/factories.js';
import { manualClock } from '../support/clock.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const BIN = fileURLToPath(new URL('../../bin/streamalert', import.meta.url));
const SEED = Number(process.env.CHAOS_SEED ?? 6);
const NOTIFICATIONS = 2_000;
const PARTITIONS = 50;
const TABLES = ['alerts', 'cloudtrail', 'osquery'] as const;
const VISIBILITY_SECONDS = 4;
const MAX_RUNS = 20;

/**
 * About 10% of the calls of every operation faulted, of every kind the proxy knows; on top of
 * that, 10% of the statements end FAILED or CANCELLED and 10% of the DeleteMessageBatch calls
 * fail some entries. A run makes only a few statements, so two query faults are also pinned.
 */
const FAULTS: FaultRule[] = [
  { operation: '*', kind: 'http500', rate: 0.02 },
  { operation: '*', kind: 'http503', rate: 0.01 },
  { operation: '*', kind: 'throttle', rate: 0.02 },
  { operation: '*', kind: 'reset', rate: 0.01 },
  { operation: '*', kind: 'reset-after', rate: 0.01 },
  { operation: '*', kind: 'latency', rate: 0.03, spikeMs: 800 },
  { operation: 'Athena.StartQueryExecution', kind: 'query-failed', rate: 0.05, nth: [2] },
  { operation: 'Athena.StartQueryExecution', kind: 'query-cancelled', rate: 0.05, nth: [4] },
  { operation: 'SQS.DeleteMessageBatch', kind: 'partial-delete', rate: 0.1, entryRate: 0.3 },
];

interface PartitionSpec {
  table: string;
  dt: string;
  bucket: string;
  /** The folder path through the partition, e.g. `cloudtrail/2026/11/01/05`. */
  folder: string;
  location: string;
}

function partitionSpec(p: number): PartitionSpec {
  const table = TABLES[p % TABLES.length]!;
  const day = String(1 + Math.floor(p / 24)).padStart(2, '0');
  const hour = String(p % 24).padStart(2, '0');
  const dt = `2026-11-${day}-${hour}`;
  const bucket = table === 'alerts' ? 'test-streamalerts' : 'test-streamalert-data';
  const folder = p % 2 ? `${table}/2026/11/${day}/${hour}` : `${table}/dt=${dt}`;
  return { table, dt, bucket, folder, location: `s3://${bucket}/${folder}/` };
}
const SPECS = Array.from({ length: PARTITIONS }, (_, p) => partitionSpec(p));
const pkey = (s: { table: string; dt: string }) => `${s.table} ${s.dt}`;

/** Good message i: one object, every seventh message three objects in three partitions. */
function goodMessage(i: number): { body: string; partitions: string[] } {
  const ps = i % 7 === 0 ? [i % PARTITIONS, (i + 17) % PARTITIONS, (i + 31) % PARTITIONS] : [i % PARTITIONS];
  const objects = ps.map((p, k) => [SPECS[p]!.bucket, `${SPECS[p]!.folder}/obj-${i}-${k}.json`] as [string, string]);
  return { body: s3Event(...objects), partitions: [...new Set(ps.map((p) => pkey(SPECS[p]!)))] };
}

const POISON: string[] = [
  'not json',
  '[]',
  '{"Records": []}',
  '{"hello": "world"}',
  JSON.stringify({ Type: 'Notification', Message: 'garbage' }),
  s3Event(['test-streamalerts', 'alerts/dt=2026-02-30-25/x.json']),
  s3Event(['test-streamalerts', 'alerts/nowhere.json']),
  s3Event(['unknown-bucket', 'alerts/dt=2026-11-01-00/x.json']),
  s3Event(['constructor', 'dt=2026-11-01-00/x.json']),
  s3Event(['test-streamalert-data', "bad'table/dt=2026-11-01-00/x.json"]),
  s3Event(['test-streamalert-data', '../2026/11/01/00/x.json']),
  s3Event(['test-streamalerts', 'alerts/2026/13/01/00/x.json']),
  JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', eventSource: 'aws:s3', s3: { bucket: { name: 'test-streamalerts' } } }] }),
  JSON.stringify({
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        eventSource: 'aws:s3',
        s3: { bucket: { name: 'test-streamalerts' }, object: { key: 'alerts/%E0%A4%A' } },
      },
    ],
  }),
  JSON.stringify({ source: 'aws.s3', 'detail-type': 'Object Created', detail: { bucket: { name: 'test-streamalerts' } } }),
  // a good record and a bad one in one message: the message is poison as a whole
  s3Event(['test-streamalerts', 'alerts/dt=2026-11-01-00/fine.json'], ['test-streamalerts', 'alerts/dt=2026-11-31-00/x.json']),
  `#${'x'.repeat(200_000)}`,
  s3Event(['test-streamalerts', 'alerts\\dt=2026-11-01-00\\x.json']),
  s3Event(['test-streamalerts', 'alerts/dt=2026-11-01-24/x.json']),
  s3Event(['test-streamalert-data', 'ÅLERTS/dt=2026-11-01-00/x.json']),
];

function cli(
  args: string[],
  onSpawn?: (pid: number) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    onSpawn?.(child.pid!);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

interface Sent {
  poison: boolean;
  partitions: string[];
  body: string;
}

/** A deployment behind its own proxy (memory queue), loaded with the notifications and the poison. */
async function setup(
  strategy: 'add_partition' | 'glue',
  notifications: number,
): Promise<{ proxy: AwsProxy; d: Deployment; sent: Map<string, Sent> }> {
  const proxy = await startAwsProxy({
    target: moto.url,
    sqs: 'memory',
    latency: { 'SQS.*': 5, 'Athena.*': 10, 'Glue.*': 10 },
    ddlRunningMs: 300,
    seed: SEED,
  });
  // Provisioned through the proxy's direct door: no faults, not logged.
  const d = await createDeployment(
    proxy.directUrl,
    { ...DEFAULT_ATHENA, refresh_strategy: strategy, database_name: `chaos_${strategy}`, max_receive_count: 1_000 },
    {
      visibilityTimeout: VISIBILITY_SECONDS,
      // alerts has a built-in schema; the others are read from the "*" bucket.
      schemas: Object.fromEntries(
        TABLES.filter((t) => t !== 'alerts').map((t) => [t, { format: 'json' as const, columns: { record: 'string' } }]),
      ),
    },
  );
  await d.purge();
  const bodies: Sent[] = [];
  for (let i = 0; i < notifications; i++) {
    bodies.push({ ...goodMessage(i), poison: false });
    const every = Math.floor(notifications / POISON.length);
    if (i % every === Math.floor(every / 2) && bodies.filter((b) => b.poison).length < POISON.length)
      bodies.push({ body: POISON[bodies.filter((b) => b.poison).length]!, poison: true, partitions: [] });
  }
  assert.equal(bodies.filter((b) => b.poison).length, POISON.length);
  const sent = new Map<string, Sent>();
  const sqs = d.clients.sqs();
  for (let i = 0; i < bodies.length;) {
    // SQS's 256 KB batch limit: the big poison message goes alone
    const batch = [bodies[i]!];
    while (
      batch.length < 10 &&
      i + batch.length < bodies.length &&
      batch[0]!.body.length <= 100_000 &&
      bodies[i + batch.length]!.body.length <= 100_000
    )
      batch.push(bodies[i + batch.length]!);
    const out = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: d.queueUrl, Entries: batch.map((b, j) => ({ Id: String(j), MessageBody: b.body })) }),
    );
    for (const x of out.Successful ?? []) sent.set(x.MessageId!, batch[Number(x.Id)]!);
    i += batch.length;
  }
  assert.equal(sent.size, notifications + POISON.length);
  assert.equal([...sent.values()].filter((m) => m.poison).length, POISON.length);
  return { proxy, d, sent };
}

/**
 * Runs the CLI through the proxy until only poison is left (the first run killed part-way), then
 * checks the promises from the proxy's log and the stores. Returns the figures.
 */
async function chaos(
  strategy: 'add_partition' | 'glue',
  proxy: AwsProxy,
  d: Deployment,
  sent: Map<string, Sent>,
): Promise<Record<string, unknown>> {
  proxy.resetStats();
  proxy.setFaults(FAULTS, SEED);
  const args = ['athena', 'refresh', '--once', '--config-dir', d.configDir, '--endpoint-url', proxy.url, '--output', 'json'];
  const runs: { code: number | null; signal: NodeJS.Signals | null; ms: number; deleted?: number; kept?: number; received?: number }[] = [];
  const poisonIds = [...sent].filter(([, m]) => m.poison).map(([id]) => id);

  const depth = async () => {
    const out = await d.clients.sqs().send(
      new GetQueueAttributesCommand({
        QueueUrl: d.queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return {
      visible: Number(out.Attributes!.ApproximateNumberOfMessages),
      inFlight: Number(out.Attributes!.ApproximateNumberOfMessagesNotVisible),
    };
  };
  /** True when exactly the poison messages are left (received by the check, then visible again). */
  const onlyPoisonLeft = async (): Promise<boolean> => {
    const ids = new Set<string>();
    for (;;) {
      const out = await d.clients
        .sqs()
        .send(new ReceiveMessageCommand({ QueueUrl: d.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 1 }));
      if (!out.Messages?.length) break;
      for (const m of out.Messages) ids.add(m.MessageId!);
    }
    await sleep(1_100);
    return ids.size === poisonIds.length && poisonIds.every((id) => ids.has(id));
  };

  // Run 1 is killed part-way: after some deletes, long before the queue is drained.
  let killedAt: { deletes: number; received: number } | undefined;
  const first = await cli(args, (pid) => {
    const watch = setInterval(() => {
      const deletes = proxy.log.filter((e) => e.operation === 'SQS.DeleteMessageBatch').length;
      if (deletes >= 10) {
        clearInterval(watch);
        killedAt = { deletes, received: proxy.log.reduce((n, e) => n + (e.received?.length ?? 0), 0) };
        process.kill(pid, 'SIGKILL');
      }
    }, 5);
    setTimeout(() => clearInterval(watch), 120_000).unref();
  });
  runs.push({ code: first.code, signal: first.signal, ms: first.ms });
  assert.equal(first.signal, 'SIGKILL', `the first run was killed part-way (it ended ${first.code}: ${first.stderr.slice(-500)})`);
  assert.ok(killedAt, 'killed after its first deletes');

  for (let n = 2; ; n++) {
    // Wait until what the last run left in flight (or the killed run held) is visible again.
    for (let waited = 0; (await depth()).inFlight > 0; waited += 250) {
      assert.ok(waited < (VISIBILITY_SECONDS + 10) * 1000, 'in-flight messages come back');
      await sleep(250);
    }
    if ((await depth()).visible <= POISON.length && (await onlyPoisonLeft())) break;
    assert.ok(n <= MAX_RUNS, `only poison left after ${MAX_RUNS} runs`);
    const r = await cli(args);
    assert.ok(
      r.code === EXIT.OK || r.code === EXIT.KEPT_MESSAGES || r.code === EXIT.AWS,
      `run ${n} ended ${r.code}:\n${r.stderr.slice(-2000)}`,
    );
    assert.doesNotMatch(r.stderr, /\n\s+at .+\.ts:\d+:\d+/, `run ${n}: no crash`);
    let summary: { messages?: { deleted: number; kept: number; received: number } } = {};
    try {
      summary = JSON.parse(r.stdout);
    } catch {
      // a run that stopped part-way (EXIT.AWS) prints only its error
    }
    const m = summary.messages;
    runs.push({ code: r.code, signal: r.signal, ms: r.ms, ...(m ? { received: m.received, deleted: m.deleted, kept: m.kept } : {}) });
  }

  const log = proxy.log;
  // ---- when each partition was registered, as the client saw it ----
  const registeredAt = new Map<string, number[]>(); // partition → times a registration of it succeeded
  const registered = (table: string | undefined, dt: string, location: string | undefined, at: number) => {
    const spec = SPECS.find((s) => s.table === table && s.dt === dt);
    assert.ok(spec, `registered an unknown partition ${table} ${dt}`);
    if (location !== undefined) assert.equal(location, spec.location, `location of ${pkey(spec)}`);
    registeredAt.set(pkey(spec), [...(registeredAt.get(pkey(spec)) ?? []), at]);
  };
  let statements = 0;
  let statementsSucceeded = 0;
  if (strategy === 'glue') {
    for (const e of log.filter((x) => x.operation === 'Glue.BatchCreatePartition' && x.glue)) {
      statements++;
      if (e.status !== 200) continue; // failed, or the client never saw the answer
      statementsSucceeded++;
      const errors = new Set(e.glue!.errors.map((v) => v[0]));
      for (const [dt] of e.glue!.values) if (!errors.has(dt)) registered(e.glue!.table, dt!, undefined, e.end);
    }
    // AlreadyExists answers (after a lost answer or an earlier run) count as registered too
    for (const e of log.filter((x) => x.operation === 'Glue.BatchCreatePartition' && x.glue && x.status === 200)) {
      for (const [dt] of e.glue!.errors) if (registeredAt.has(`${e.glue!.table} ${dt}`)) registered(e.glue!.table, dt!, undefined, e.end);
    }
  } else {
    const succeededAt = new Map<string, number>(); // query id → when the client first saw SUCCEEDED
    for (const e of log) {
      if (
        e.operation === 'Athena.GetQueryExecution' &&
        e.status === 200 &&
        e.state === 'SUCCEEDED' &&
        e.queryExecutionId &&
        !succeededAt.has(e.queryExecutionId)
      )
        succeededAt.set(e.queryExecutionId, e.end);
    }
    for (const e of log.filter((x) => x.operation === 'Athena.StartQueryExecution' && x.query && x.queryExecutionId)) {
      statements++;
      const at = succeededAt.get(e.queryExecutionId!);
      if (at === undefined) continue;
      statementsSucceeded++;
      const table = /ALTER TABLE `\w+`\.`(\w+)`/.exec(e.query!)?.[1];
      for (const m of e.query!.matchAll(/PARTITION \(dt = '([^']+)'\) LOCATION '([^']+)'/g)) registered(table, m[1]!, m[2], at);
    }
  }

  // ---- every notified partition registered, and the store behind the proxy holds it ----
  assert.deepEqual([...registeredAt.keys()].sort(), SPECS.map(pkey).sort(), 'every notified partition was registered');
  if (strategy === 'glue') {
    for (const table of TABLES) {
      const inMoto = await d.gluePartitions(table);
      const want = SPECS.filter((s) => s.table === table)
        .map((s) => ({ dt: s.dt, location: s.location }))
        .sort((a, b) => a.dt.localeCompare(b.dt));
      assert.deepEqual(inMoto, want, `moto's Glue partitions of ${table}`);
    }
  } else {
    const motoQueries = await d.queries();
    for (const s of SPECS)
      assert.ok(
        motoQueries.some((q) => q.includes(`\`${s.table}\``) && q.includes(`PARTITION (dt = '${s.dt}') LOCATION '${s.location}'`)),
        `moto ran a statement for ${pkey(s)}`,
      );
  }

  // ---- no message deleted before a registration of each of its partitions succeeded ----
  const byHandle = new Map<string, string>();
  for (const e of log) for (const m of e.received ?? []) byHandle.set(m.receiptHandle, m.messageId);
  const deletedAt = new Map<string, number>(); // message id → first delete that reached the queue
  const NOT_FORWARDED = new Set(['http500', 'http503', 'throttle', 'reset']);
  for (const e of log.filter((x) => x.operation === 'SQS.DeleteMessageBatch' && !NOT_FORWARDED.has(x.fault ?? ''))) {
    const failed = new Set((e.deleteFailed ?? []).map((f) => f.id));
    for (const entry of e.deleteEntries ?? []) {
      if (failed.has(entry.id)) continue;
      const id = byHandle.get(entry.receiptHandle);
      assert.ok(id, 'every deleted receipt handle came from a receive');
      if (!deletedAt.has(id)) deletedAt.set(id, e.start);
    }
  }
  for (const [id, at] of deletedAt) {
    const m = sent.get(id)!;
    assert.ok(!m.poison, `poison message ${id} was deleted`);
    for (const p of m.partitions)
      assert.ok(
        (registeredAt.get(p) ?? []).some((ok) => ok <= at),
        `message ${id} was deleted at ${at} before ${p} was registered`,
      );
  }

  // ---- nothing lost: every good message deleted; exactly the poison left, none dead-lettered ----
  const good = [...sent].filter(([, m]) => !m.poison).map(([id]) => id);
  assert.deepEqual(
    good.filter((id) => !deletedAt.has(id)),
    [],
    'every good message was deleted',
  );
  assert.ok(await onlyPoisonLeft(), 'the queue holds exactly the poison messages');
  const dlq = await d.clients
    .sqs()
    .send(new GetQueueAttributesCommand({ QueueUrl: d.deadLetterQueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  assert.equal(dlq.Attributes!.ApproximateNumberOfMessages, '0', 'nothing was dead-lettered');

  const faulted: Record<string, number> = {};
  for (const e of log) if (e.fault) faulted[e.fault] = (faulted[e.fault] ?? 0) + 1;
  const figures = {
    strategy,
    seed: SEED,
    notifications: good.length,
    poison: poisonIds.length,
    partitions: PARTITIONS,
    tables: TABLES.length,
    runs: runs.length,
    killed: { run: 1, ...killedAt },
    runDetails: runs,
    calls: log.length,
    faultedCalls: log.filter((e) => e.fault).length,
    faultedShare: Number((log.filter((e) => e.fault).length / log.length).toFixed(3)),
    faulted,
    callsByOperation: proxy.counts(),
    registrationCalls: statements,
    registrationCallsSucceeded: statementsSucceeded,
    queriesFailedOrCancelled: proxy.queries().filter((q) => q.fate !== 'SUCCEEDED').length,
    messagesReceived: log.reduce((n, e) => n + (e.received?.length ?? 0), 0),
    goodMessagesDeleted: good.filter((id) => deletedAt.has(id)).length,
    deleteEntriesFailed: log.reduce((n, e) => n + (e.deleteFailed?.length ?? 0), 0),
    lost: good.filter((id) => !deletedAt.has(id)).length,
    wallMs: runs.reduce((n, r) => n + r.ms, 0),
  };
  assert.ok(figures.faultedShare >= 0.08, `about 10% of the calls were faulted (${figures.faultedShare})`);
  assert.ok(figures.deleteEntriesFailed > 0, 'delete faults happened');
  if (strategy !== 'glue') assert.ok(figures.queriesFailedOrCancelled >= 2, 'query faults happened');
  return figures;
}

describe('chaos: faults, a killed run and poison messages lose nothing', () => {
  const all: Record<string, unknown>[] = [];
  after(() => writeFileSync(join(tmpdir(), 'streamalert-chaos-figures.json'), `${JSON.stringify(all, null, 2)}\n`));

  for (const [strategy, notifications] of [
    ['add_partition', NOTIFICATIONS],
    ['glue', 600],
  ] as const) {
    it(`${strategy}: ${notifications} notifications, 10% faults, a SIGKILL: every partition registered, no early delete, only the poison left`, async (t) => {
      const { proxy, d, sent } = await setup(strategy, notifications);
      try {
        const figures = await chaos(strategy, proxy, d, sent);
        all.push(figures);
        t.diagnostic(`chaos figures: ${JSON.stringify(figures)}`);
      } finally {
        d.clients.destroy();
        await proxy.stop();
      }
    });
  }
});

describe("Athena's active-DDL quota", () => {
  // Budgets, backoff, Athena's RUNNING time and the queue's visibility all run on one virtual
  // clock: what these tests check cannot depend on how busy the machine is.
  const clock = manualClock();
  let proxy: AwsProxy;
  let d: Deployment;
  before(async () => {
    proxy = await startAwsProxy({ target: moto.url, sqs: 'memory', latency: false, ddlRunningMs: 100, clock: clock.now });
    d = await createDeployment(proxy.directUrl, DEFAULT_ATHENA, { visibilityTimeout: 30 });
  });
  after(async () => {
    d?.clients.destroy();
    await proxy?.stop();
  });

  const bodies = Array.from({ length: 30 }, (_, i) =>
    s3Event(['test-streamalerts', `alerts/dt=2026-11-02-${String(i % 3).padStart(2, '0')}/q-${i}.json`]),
  );
  const run = (deadlineMs: number) =>
    refresh({
      config: d.config,
      endpointUrl: proxy.url,
      waitSeconds: 0,
      firstPollMs: 20,
      flushDelayMs: 50,
      clock,
      deadline: clock.now() + deadlineMs,
    });

  it('throttled StartQueryExecution calls are backed off and retried within the budget: the run succeeds', async () => {
    await d.purge();
    await d.sendBodies(bodies);
    proxy.resetStats();
    // 10 throttles in a row: more than the SDK's own 4 attempts, so the run's backoff must carry it
    proxy.setFaults([{ operation: 'Athena.StartQueryExecution', kind: 'throttle', nth: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }]);
    // a budget far beyond what the SDK's own (real-time) retry backoff can take on a busy machine
    const r = await run(120_000);
    assert.ok(r.durationMs <= 120_000, `within the budget (${r.durationMs} ms on the run's clock)`);
    const throttled = proxy.log.filter(
      (e) => e.operation === 'Athena.StartQueryExecution' && e.error === 'TooManyRequestsException',
    ).length;
    assert.equal(throttled, 10);
    assert.deepEqual(r.partitions, { alerts: ['2026-11-02-00', '2026-11-02-01', '2026-11-02-02'] });
    assert.equal(r.messages.kept, 0);
    assert.ok(r.messages.deleted >= 30);
    assert.ok(r.calls.every((c) => c.ok));
  });

  it('when the budget runs out while throttled, the messages are kept, not deleted', async () => {
    await d.purge();
    await d.sendBodies(bodies);
    proxy.resetStats();
    proxy.setFaults([{ operation: 'Athena.StartQueryExecution', kind: 'throttle', rate: 1 }]);
    const r = await run(6_000);
    assert.ok(r.durationMs <= 6_000, `the run kept to its budget (${r.durationMs} ms on the run's clock)`);
    assert.ok(proxy.log.filter((e) => e.operation === 'Athena.StartQueryExecution').length >= 2, 'it retried while the budget lasted');
    assert.equal(r.messages.deleted, 0);
    assert.equal(r.messages.kept, r.messages.received);
    assert.ok(r.messages.received >= 30);
    // kept either way: the run's backoff gave up before the budget, or the deadline cut off the SDK's own retries
    for (const k of r.keptMessages)
      assert.match(k.reason, /could not start the query: .*(TooManyRequestsException|the run's time budget ran out)/);
    assert.equal(proxy.log.filter((e) => e.operation === 'SQS.DeleteMessageBatch').length, 0, 'no delete was even attempted');
  });
});
