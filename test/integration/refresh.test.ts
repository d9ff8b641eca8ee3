/** The refresh run end to end against moto: real S3 notifications, real SQS, Athena and Glue. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { refresh } from '../../src/index.js';
import { DatabaseNotFoundError } from '../../src/core/kernel/errors.js';
import type { RefreshResult } from '../../src/core/refresh/index.js';
import { createDeployment, DEFAULT_ATHENA, type Deployment } from '../support/deployment.js';
import { eventBridgeEvent, s3Event, s3TestEvent, snsEnvelope } from '../support/factories.js';
import { startMoto, type MotoServer } from '../support/moto.js';

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

const run = (d: Deployment, extra: Record<string, unknown> = {}): Promise<RefreshResult> =>
  refresh({ config: d.config, endpointUrl: moto.url, waitSeconds: 0, firstPollMs: 20, ...extra });

/** The partition clauses Athena was asked to add, as "table dt location". */
function added(queries: string[]): string[] {
  const out: string[] = [];
  for (const q of queries) {
    const table = /ALTER TABLE `\w+`\.`(\w+)`/.exec(q)?.[1];
    for (const m of q.matchAll(/PARTITION \(dt = '([^']+)'\) LOCATION '([^']+)'/g)) out.push(`${table} ${m[1]} ${m[2]}`);
  }
  return out.sort();
}

/**
 * Every message received was deleted. moto, like SQS, may hand the same message to two concurrent
 * receives, so a run can receive (and delete) a message twice: counts are at least `sent`.
 */
function assertAllDeleted(r: RefreshResult, sent: number): void {
  assert.ok(r.messages.received >= sent, `received ${r.messages.received} of ${sent}`);
  // A duplicate's second delete may be refused (its receipt is stale): harmless, reported.
  assert.equal(r.messages.deleted + r.messages.deleteFailed, r.messages.received);
  assert.equal(r.messages.kept, 0);
}

describe('refresh against moto', () => {
  let d: Deployment;
  beforeEach(async () => {
    await moto.reset();
    d = await createDeployment(moto.url);
  });

  it('registers partitions for both layouts and both bucket conventions, from real S3 notifications', async () => {
    await d.putObject('test-streamalerts', 'alerts/dt=2026-11-28-09/rule_a.json');
    await d.putObject('test-streamalerts', 'dt=2026-11-28-10/rule_b.json');
    await d.putObject('test-streamalerts', 'alerts/2026/11/28/11/firehose.gz');
    await d.putObject('test-streamalert-data', 'cloudwatch_logs/2026/11/28/09/part 1=a.gz');
    await d.putObject('test-streamalert-data', 'osquery/dt=2026-11-28-09/x y.json');
    const r = await run(d);
    assert.deepEqual(added(await d.queries()), [
      'alerts 2026-11-28-09 s3://test-streamalerts/alerts/dt=2026-11-28-09/',
      'alerts 2026-11-28-10 s3://test-streamalerts/dt=2026-11-28-10/',
      'alerts 2026-11-28-11 s3://test-streamalerts/alerts/2026/11/28/11/',
      'cloudwatch_logs 2026-11-28-09 s3://test-streamalert-data/cloudwatch_logs/2026/11/28/09/',
      'osquery 2026-11-28-09 s3://test-streamalert-data/osquery/dt=2026-11-28-09/',
    ]);
    assert.deepEqual(r.partitions, {
      alerts: ['2026-11-28-09', '2026-11-28-10', '2026-11-28-11'],
      cloudwatch_logs: ['2026-11-28-09'],
      osquery: ['2026-11-28-09'],
    });
    // 5 objects + the 2 test events S3 sent when notifications were enabled.
    assert.deepEqual(r.messages, { received: 7, deleted: 7, kept: 0, noWork: 2, deleteFailed: 0 });
    assert.deepEqual(await d.queueDepth(), { visible: 0, inFlight: 0 });
    assert.equal(r.calls.filter((c) => c.kind === 'athena').length, 3, 'one statement per table');
  });

  it('drains more than 10 messages, deduplicates partitions, and a second run adds nothing', async () => {
    const bodies = Array.from({ length: 95 }, (_, i) => s3Event(['test-streamalerts', `alerts/dt=2026-11-28-0${i % 3}/obj-${i}.json`]));
    bodies.push(bodies[0]!, bodies[1]!); // S3 delivers at least once
    await d.purge();
    await d.sendBodies(bodies);
    const first = await run(d);
    assertAllDeleted(first, 97);
    assert.deepEqual(await d.queueDepth(), { visible: 0, inFlight: 0 });
    assert.deepEqual(first.partitions, { alerts: ['2026-11-28-00', '2026-11-28-01', '2026-11-28-02'] });
    const statements = await d.queries();
    assert.equal(statements.length, 1);
    assert.equal(added(statements).length, 3);
    const second = await run(d);
    assert.equal(second.messages.received, 0);
    assert.deepEqual(second.partitions, {});
    assert.equal((await d.queries()).length, 1, 'no statement on an empty queue');
  });

  it('handles test events, SNS envelopes, EventBridge events and non-create events without work', async () => {
    await d.purge();
    await d.sendBodies([
      s3TestEvent('test-streamalerts'),
      snsEnvelope(s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-05/sns.json'])),
      snsEnvelope(s3TestEvent('test-streamalerts')),
      eventBridgeEvent('test-streamalert-data', 'osquery/2026/11/28/06/eb file.json'),
      s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-07/gone.json', 'ObjectRemoved:Delete']),
      s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-08_$folder$']),
    ]);
    const r = await run(d);
    assert.deepEqual(r.messages, { received: 6, deleted: 6, kept: 0, noWork: 4, deleteFailed: 0 });
    assert.deepEqual(added(await d.queries()), [
      'alerts 2026-11-28-05 s3://test-streamalerts/alerts/dt=2026-11-28-05/',
      'osquery 2026-11-28-06 s3://test-streamalert-data/osquery/2026/11/28/06/',
    ]);
  });

  it('keeps what it cannot act on, with message id and reason, and deletes the rest', async () => {
    await d.purge();
    await d.sendBodies([
      s3Event(['unknown-bucket', 'alerts/dt=2026-11-28-09/x.json']),
      'this is not json',
      s3Event(['test-streamalerts', 'alerts/no-partition/x.json']),
      s3Event(['test-streamalerts', "alerts/dt=2026-11-28-09'; DROP TABLE alerts; --/x.json"]),
      s3Event(['test-streamalert-data', "x' OR '1'='1/dt=2026-11-28-09/x.json"]),
      s3Event(['test-streamalerts', "alerts/dt=2026-11-28-12/it's'); DROP TABLE alerts; --.json"]),
      s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-13/good.json']),
    ]);
    const r = await run(d);
    assert.equal(r.messages.received, 7);
    assert.equal(r.messages.deleted, 2);
    assert.equal(r.messages.kept, 5);
    const reasons = r.keptMessages.map((k) => k.reason).sort();
    assert.match(reasons.join('\n'), /bucket "unknown-bucket" is not in athena_partition_refresh_config.buckets/);
    assert.match(reasons.join('\n'), /body is not JSON/);
    assert.match(reasons.join('\n'), /outside every key layout/);
    assert.match(reasons.join('\n'), /is not a table name/);
    for (const k of r.keptMessages) assert.match(k.messageId, /^[0-9a-f-]{36}$/);
    const queries = await d.queries();
    assert.ok(!queries.join('\n').includes('DROP'), queries.join('\n'));
    assert.deepEqual(added(queries), [
      'alerts 2026-11-28-12 s3://test-streamalerts/alerts/dt=2026-11-28-12/',
      'alerts 2026-11-28-13 s3://test-streamalerts/alerts/dt=2026-11-28-13/',
    ]);
    const depth = await d.queueDepth();
    assert.equal(depth.visible + depth.inFlight, 5, 'the kept messages are still on the queue');
  });

  it('fails clearly and deletes nothing when the database is missing', async () => {
    const missing = d;
    await missing.putObject('test-streamalerts', 'alerts/dt=2026-11-28-09/x.json');
    const config = { ...missing.config, athena: { ...missing.config.athena, database_name: 'no_such_db' } };
    await assert.rejects(refresh({ config, endpointUrl: moto.url, waitSeconds: 0 }), (err: unknown) => {
      assert.ok(err instanceof DatabaseNotFoundError);
      assert.match(err.message, /Athena database "no_such_db" does not exist.*no message was deleted/s);
      return true;
    });
    const depth = await missing.queueDepth();
    assert.equal(depth.visible, 3, 'the object notification and both test events are untouched');
  });

  it('respects max_messages: the rest wait for the next run', async () => {
    await d.purge();
    await d.sendBodies(Array.from({ length: 35 }, (_, i) => s3Event(['test-streamalerts', `alerts/dt=2026-11-28-01/${i}.json`])));
    const first = await refresh({
      config: { ...d.config, athena: { ...d.config.athena, max_messages: 20 } },
      endpointUrl: moto.url,
      waitSeconds: 0,
    });
    assert.equal(first.messages.received, 20);
    assert.equal(first.stoppedBy, 'max-messages');
    const second = await run(d);
    assertAllDeleted(second, 15);
    assert.deepEqual(await d.queueDepth(), { visible: 0, inFlight: 0 });
  });
});

describe('refresh strategies', () => {
  beforeEach(async () => {
    await moto.reset();
  });

  it('repair runs one MSCK REPAIR TABLE per touched table with Hive-layout partitions', async () => {
    const d = await createDeployment(moto.url, { ...DEFAULT_ATHENA, refresh_strategy: 'repair' });
    await d.purge();
    await d.sendBodies([
      s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-01/a.json'], ['test-streamalerts', 'alerts/dt=2026-11-28-02/b.json']),
      s3Event(['test-streamalert-data', 'osquery/2026/11/28/03/c.json']),
    ]);
    const r = await run(d);
    assert.equal(r.messages.deleted, 2);
    // MSCK REPAIR cannot discover Firehose-layout folders: those are added explicitly.
    assert.deepEqual((await d.queries()).sort(), [
      "ALTER TABLE `streamalert`.`osquery` ADD IF NOT EXISTS\nPARTITION (dt = '2026-11-28-03') LOCATION 's3://test-streamalert-data/osquery/2026/11/28/03/'",
      'MSCK REPAIR TABLE `streamalert`.`alerts`',
    ]);
  });

  it('glue creates the partitions with BatchCreatePartition, and a second run finds them existing', async () => {
    const d = await createDeployment(
      moto.url,
      { ...DEFAULT_ATHENA, refresh_strategy: 'glue' },
      // Nothing is kept, so nothing needs to come back soon: a long visibility keeps a slow drain
      // (a busy machine) from receiving the same messages again before they are deleted.
      { schemas: { osquery: { format: 'json', columns: { record: 'string' } } }, visibilityTimeout: 60 },
    );
    await d.purge();
    const bodies = Array.from({ length: 130 }, (_, i) =>
      s3Event([
        'test-streamalerts',
        `alerts/dt=2026-11-${String(1 + (i % 26)).padStart(2, '0')}-${String(i % 24).padStart(2, '0')}/x.json`,
      ]),
    );
    bodies.push(s3Event(['test-streamalert-data', 'osquery/2026/11/28/03/c.json']));
    await d.sendBodies(bodies);
    // Every message brings a new partition: registering only once the queue is drained makes the
    // chunking exact, however slowly moto serves the receives.
    const r = await run(d, { flushDelayMs: 600_000 });
    assertAllDeleted(r, 131);
    assert.deepEqual(await d.queueDepth(), { visible: 0, inFlight: 0 });
    const alerts = await d.gluePartitions('alerts');
    assert.equal(alerts.length, new Set(r.partitions.alerts).size);
    assert.ok(alerts.length > 100, 'more than one BatchCreatePartition chunk');
    assert.equal(r.calls.filter((c) => c.kind === 'glue' && c.table === 'alerts').length, Math.ceil(alerts.length / 100));
    assert.deepEqual(await d.gluePartitions('osquery'), [
      { dt: '2026-11-28-03', location: 's3://test-streamalert-data/osquery/2026/11/28/03/' },
    ]);
    assert.deepEqual(await d.queries(), [], 'glue runs no Athena statement');
    // The same partitions again: AlreadyExists counts as success.
    await d.sendBodies(bodies.slice(0, 5));
    const again = await run(d);
    assert.equal(again.messages.deleted, 5);
    assert.equal(again.messages.kept, 0);
  });

  it('glue keeps the messages of a table that does not exist in the catalog', async () => {
    const d = await createDeployment(moto.url, { ...DEFAULT_ATHENA, refresh_strategy: 'glue' });
    await d.purge();
    await d.sendBodies([
      s3Event(['test-streamalert-data', 'nosuchtable/2026/11/28/03/c.json']),
      s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-01/a.json']),
    ]);
    const r = await run(d);
    assert.equal(r.messages.deleted, 1);
    assert.equal(r.messages.kept, 1);
    assert.match(r.keptMessages[0]!.reason, /table nosuchtable: .*EntityNotFoundException/);
  });
});
