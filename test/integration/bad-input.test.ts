/**
 * Bad messages beside good ones, end to end against moto: the good ones are registered and
 * deleted; the bad ones stay on the queue, each reported with its message id and a precise
 * reason; the run does not crash (the CLI exits with "messages kept", not a failure).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreatePartitionCommand, GetTableCommand } from '@aws-sdk/client-glue';
import { ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { refresh } from '../../src/index.js';
import type { RefreshResult } from '../../src/core/refresh/index.js';
import { EXIT } from '../../src/cli/errors/exit-codes.js';
import { runCli, type CliResult } from '../support/cli.js';
import { createDeployment, DEFAULT_ATHENA, type Deployment } from '../support/deployment.js';
import { encodeKey, eventBridgeEvent, s3Event, s3Record, s3TestEvent, snsEnvelope } from '../support/factories.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { fromCliJson } from '../support/cli-json.js';

const ALERTS = 'test-streamalerts';
const DATA = 'test-streamalert-data';

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

/** A compact S3 record (SQS caps a message at 256 KB: 1,000 full records do not fit). */
const slim = (bucket: string, key: string) => ({
  eventSource: 'aws:s3',
  eventName: 'ObjectCreated:Put',
  s3: { bucket: { name: bucket }, object: { key: encodeKey(key) } },
});
const withRecord = (patch: (r: Record<string, any>) => void, key = 'alerts/dt=2026-11-28-09/x.json') => {
  const r: Record<string, any> = structuredClone(s3Record(ALERTS, key));
  patch(r);
  return JSON.stringify({ Records: [r] });
};

/** Bad messages and the reason each must be reported with. */
function badMessages(): [label: string, body: string, reason: RegExp][] {
  const thousandOneBad: unknown[] = Array.from({ length: 1_000 }, (_, i) => slim(ALERTS, `alerts/dt=2026-11-28-13/big-bad-${i}.json`));
  thousandOneBad[617] = { eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: ALERTS } } };
  return [
    ['not JSON', 'this is not json', /^body is not JSON \(starts "this is not json"\)$/],
    ['JSON array', '[{"Records": []}]', /^body is JSON but not an object$/],
    ['JSON of another shape', '{"alert": "ssh login", "severity": 3}', /^not an S3 event notification/],
    ['empty Records', '{"Records": []}', /^Records is an empty array$/],
    ['S3 record without a key', withRecord((r) => delete r.s3.object.key), /^Records\[0\]\.s3\.object\.key is missing$/],
    ['S3 record without eventName', withRecord((r) => delete r.eventName), /^Records\[0\]\.eventName is missing$/],
    [
      'S3 record from another source',
      withRecord((r) => (r.eventSource = 'aws:kinesis')),
      /^Records\[0\]\.eventSource is "aws:kinesis", not aws:s3$/,
    ],
    ['256 KB of garbage', `#${'z'.repeat(256 * 1024 - 100)}`, /^body is not JSON \(starts "#zzz/],
    ['SNS envelope around garbage', snsEnvelope('<html>502 Bad Gateway</html>'), /^SNS envelope: body is not JSON/],
    ['SNS envelope around unrelated JSON', snsEnvelope('{"hello": "world"}'), /^SNS envelope: not an S3 event notification/],
    [
      'EventBridge Object Created without a key',
      JSON.stringify({ ...JSON.parse(eventBridgeEvent(ALERTS, 'x')), detail: { bucket: { name: ALERTS } } }),
      /^EventBridge detail\.object\.key is missing$/,
    ],
    [
      'invalid percent-encoding',
      withRecord((r) => (r.s3.object.key = 'alerts/dt%3D2026-11-28-09/%E0%A4%A.json')),
      /^Records\[0\]\.s3\.object\.key "alerts\/dt%3D2026-11-28-09\/%E0%A4%A\.json" has invalid percent-encoding$/,
    ],
    [
      'quote in the table folder',
      s3Event([DATA, `al'erts/dt=2026-11-28-09/x.json`]),
      /^key "al'erts\/dt=2026-11-28-09\/x\.json": first folder "al'erts" is not a table name/,
    ],
    [
      'backslash path',
      s3Event([ALERTS, 'alerts\\dt=2026-11-28-09\\x.json']),
      /^key "alerts\\\\dt=2026-11-28-09\\\\x\.json": outside every key layout/,
    ],
    [
      'newline in the date folder',
      s3Event([ALERTS, 'alerts/dt=2026-11-28-09\n/x.json']),
      /^key "alerts\/dt=2026-11-28-09\\n\/x\.json": outside every key layout/,
    ],
    [
      '.. as the table folder',
      s3Event([DATA, '../2026/11/28/09/x.json']),
      /^key "\.\.\/2026\/11\/28\/09\/x\.json": first folder "\.\." is not a table name/,
    ],
    ['unicode digits in the date', s3Event([ALERTS, 'dt=２０２６-11-28-09/x.json']), /outside every key layout/],
    [
      'very long key outside every layout',
      s3Event([ALERTS, `alerts/${'k'.repeat(1_000)}`]),
      /^key "alerts\/k{193}…": outside every key layout/,
    ],
    [
      'a date that does not exist',
      s3Event([ALERTS, 'alerts/dt=2026-02-30-25/x.json']),
      /^key "alerts\/dt=2026-02-30-25\/x\.json": 2026-02-30-25 is not a real date and hour$/,
    ],
    ['Firehose 29 February 2026', s3Event([DATA, 'cloudtrail/2026/02/29/00/x.json']), /2026-02-29-00 is not a real date and hour$/],
    [
      'a bucket not in the map',
      s3Event(['someone-elses-bucket', 'alerts/dt=2026-11-28-09/x.json']),
      /^bucket "someone-elses-bucket" is not in athena_partition_refresh_config\.buckets$/,
    ],
    [
      'a bucket named constructor',
      s3Event(['constructor', 'dt=2026-11-28-09/x.json']),
      /^bucket "constructor" is not in athena_partition_refresh_config\.buckets$/,
    ],
    ['1,000 records, one without a key', JSON.stringify({ Records: thousandOneBad }), /^Records\[617\]\.s3\.object\.key is missing$/],
    [
      'good and bad records in one message',
      s3Event([ALERTS, 'alerts/dt=2026-11-28-09/fine.json'], [ALERTS, 'alerts/nowhere.json'], [ALERTS, 'alerts/dt=2026-13-01-00/x']),
      /^key "alerts\/nowhere\.json": outside every key layout.*; key "alerts\/dt=2026-13-01-00\/x": 2026-13-01-00 is not a real date and hour$/,
    ],
  ];
}

/** Good messages (every one must be deleted) and the partitions they need. */
function goodMessages(): { bodies: string[]; partitions: string[] } {
  const thousand = Array.from({ length: 1_000 }, (_, i) => slim(ALERTS, `alerts/dt=2026-11-28-13/big-${i}.json`));
  return {
    bodies: [
      s3Event([ALERTS, 'alerts/dt=2026-11-28-09/a.json']),
      s3Event([DATA, 'cloudtrail/2026/11/28/10/b.json'], [DATA, 'cloudtrail/2026/11/28/10/b2.json']),
      snsEnvelope(s3Event([ALERTS, 'dt=2026-11-28-11/c.json'])),
      eventBridgeEvent(DATA, 'osquery/dt=2026-11-28-12/d e.json'),
      JSON.stringify({ Records: thousand }),
      // odd characters in the file name are fine: only the folder path makes the location
      s3Event([ALERTS, `alerts/dt=2026-11-28-14/it's "quoted" \\ back\nslash 日本 😀.json`]),
      s3Event([ALERTS, 'alerts/dt=2026-11-28-15/../../../etc/passwd']),
      // no work: deleted without a partition
      s3TestEvent(ALERTS),
      eventBridgeEvent(DATA, 'osquery/dt=2026-11-28-16/gone.json', 'Object Deleted'),
      s3Event([ALERTS, 'alerts/dt=2026-11-28-17/removed.json', 'ObjectRemoved:Delete']),
      s3Event([ALERTS, 'alerts/dt=2026-11-28-18_$folder$']),
    ],
    partitions: [
      'alerts 2026-11-28-09 s3://test-streamalerts/alerts/dt=2026-11-28-09/',
      'alerts 2026-11-28-11 s3://test-streamalerts/dt=2026-11-28-11/',
      'alerts 2026-11-28-13 s3://test-streamalerts/alerts/dt=2026-11-28-13/',
      'alerts 2026-11-28-14 s3://test-streamalerts/alerts/dt=2026-11-28-14/',
      'alerts 2026-11-28-15 s3://test-streamalerts/alerts/dt=2026-11-28-15/',
      'cloudtrail 2026-11-28-10 s3://test-streamalert-data/cloudtrail/2026/11/28/10/',
      'osquery 2026-11-28-12 s3://test-streamalert-data/osquery/dt=2026-11-28-12/',
    ],
  };
}

/** Sends bodies and returns their message ids, in order. */
async function send(d: Deployment, bodies: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const body of bodies) {
    // one at a time: a 256 KB body fills a whole batch
    const out = await d.clients
      .sqs()
      .send(new SendMessageBatchCommand({ QueueUrl: d.queueUrl, Entries: [{ Id: '0', MessageBody: body }] }));
    if (out.Failed?.length) throw new Error(`SendMessageBatch failed: ${JSON.stringify(out.Failed)}`);
    ids.push(out.Successful![0]!.MessageId!);
  }
  return ids;
}

function added(queries: string[]): string[] {
  const out: string[] = [];
  for (const q of queries) {
    const table = /ALTER TABLE `\w+`\.`(\w+)`/.exec(q)?.[1];
    for (const m of q.matchAll(/PARTITION \(dt = '([^']+)'\) LOCATION '([^']+)'/g)) out.push(`${table} ${m[1]} ${m[2]}`);
  }
  return [...new Set(out)].sort();
}

const cli = (args: string[]): Promise<CliResult> => runCli(args);

/** Checks that exactly the bad messages were kept, each with its reason. */
function assertKept(result: RefreshResult, badIds: string[], bad: ReturnType<typeof badMessages>): void {
  const byId = new Map<string, string>();
  for (const k of result.keptMessages) byId.set(k.messageId, k.reason);
  assert.deepEqual([...byId.keys()].sort(), [...badIds].sort(), 'exactly the bad messages were kept');
  bad.forEach(([label, , reason], i) => assert.match(byId.get(badIds[i]!) ?? '(not kept)', reason, label));
}

describe('bad input beside good input', () => {
  let d: Deployment;
  before(async () => {
    d = await createDeployment(moto.url, DEFAULT_ATHENA);
    await d.purge(); // the S3 test events of provisioning
  });

  it('the CLI registers and deletes the good messages, keeps and reports the bad ones, and exits "messages kept"', async () => {
    const bad = badMessages();
    const good = goodMessages();
    // interleaved: bad messages sit in the same receive batches as good ones
    const order: ({ bad: number } | { good: number })[] = [];
    for (let i = 0; i < Math.max(bad.length, good.bodies.length); i++) {
      if (i < good.bodies.length) order.push({ good: i });
      if (i < bad.length) order.push({ bad: i });
    }
    const ids = await send(
      d,
      order.map((o) => ('bad' in o ? bad[o.bad]![1] : good.bodies[o.good]!)),
    );
    const badIds = bad.map((_, i) => ids[order.findIndex((o) => 'bad' in o && o.bad === i)]!);

    const out = await cli(['athena', 'refresh', '--once', '--config-dir', d.configDir, '--endpoint-url', moto.url, '--output', 'json']);
    assert.equal(out.code, EXIT.KEPT_MESSAGES, `exit code ${out.code}\n${out.stderr}`);
    assert.match(out.stderr, new RegExp(`streamalert: messages kept: ${bad.length} message\\(s\\) were kept on the queue`));
    assert.doesNotMatch(out.stderr, /TypeError|RangeError|at .*\.ts:\d+/, 'no stack trace');
    const result = fromCliJson<RefreshResult>(out.stdout, ['partitions']);
    assertKept(result, badIds, bad);
    assert.equal(result.messages.kept, bad.length);
    assert.ok(result.messages.deleted >= good.bodies.length, `deleted ${result.messages.deleted}`);
    assert.equal(result.messages.noWork, 4);
    assert.deepEqual(added(await d.queries()), good.partitions);
    assert.ok(
      result.calls.every((c) => c.ok),
      'every statement succeeded',
    );

    // What is left on the queue, once the kept messages are visible again, is exactly the bad ones.
    const left = await drainIds(d, bad.length);
    assert.deepEqual([...left.keys()].sort(), [...badIds].sort());
    assert.deepEqual([...left.values()].sort(), bad.map(([, body]) => body).sort());

    // The next run keeps them again, with the same reasons, and deletes nothing.
    await moto.releaseInFlight();
    const again = await refresh({ config: d.config, endpointUrl: moto.url, waitSeconds: 0, firstPollMs: 20, flushDelayMs: 50 });
    assert.equal(again.messages.deleted, 0);
    assertKept(again, badIds, bad);
  });
});

/** Makes every message visible, receives each once (hiding it): message id → body. */
async function drainIds(d: Deployment, expected: number): Promise<Map<string, string>> {
  await moto.releaseInFlight();
  const seen = new Map<string, string>();
  for (;;) {
    const out = await d.clients
      .sqs()
      .send(new ReceiveMessageCommand({ QueueUrl: d.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }));
    if (!out.Messages?.length) break;
    for (const m of out.Messages) seen.set(m.MessageId!, m.Body ?? '');
  }
  // nothing else is hiding behind them
  const depth = await d.queueDepth();
  assert.equal(depth.visible + depth.inFlight, expected, `queue depth ${JSON.stringify(depth)}`);
  return seen;
}

/**
 * Whoever can write to the queue must not be able to drive the terminal or forge output: every
 * value taken from a message is printed quoted and escaped, in the text summary and in the log
 * lines, and long ones are cut. Names S3 does not send are kept with the reason, not deleted.
 */
describe('hostile values in messages', () => {
  let d: Deployment;
  before(async () => {
    d = await createDeployment(moto.url, { ...DEFAULT_ATHENA, database_name: 'hostile' }, { visibilityTimeout: 30 });
    await d.purge();
  });
  after(() => d?.clients.destroy());

  const record = (patch: (r: Record<string, any>) => void) => {
    const r: Record<string, any> = structuredClone(s3Record(ALERTS, 'alerts/dt=2026-11-28-09/x.json'));
    patch(r);
    return JSON.stringify({ Records: [r] });
  };
  const hostile: [label: string, body: string, reason: RegExp][] = [
    [
      'ANSI clear-screen in the bucket name',
      s3Event(['evil\u001b[2J\u001b[H-bucket', 'alerts/dt=2026-11-28-09/a.json']),
      /^bucket "evil\\u001b\[2J\\u001b\[H-bucket" is not in athena_partition_refresh_config\.buckets$/,
    ],
    [
      'a forged output line in the bucket name',
      s3Event(['x\nstreamalert: AWS error: forged line\n', 'alerts/dt=2026-11-28-09/a.json']),
      /^bucket "x\\nstreamalert: AWS error: forged line\\n" is not in/,
    ],
    ['a carriage return in the bucket name', s3Event(['ok\rFAILED', 'alerts/dt=2026-11-28-09/a.json']), /^bucket "ok\\rFAILED" is not in/],
    ['a C1 CSI in the bucket name', s3Event(['c1\u009b31mred', 'alerts/dt=2026-11-28-09/a.json']), /^bucket "c1\\u009b31mred" is not in/],
    [
      'a bidi override in the bucket name',
      s3Event(['abc\u202egpj.exe', 'alerts/dt=2026-11-28-09/a.json']),
      /^bucket "abc\\u202egpj\.exe" is not in/,
    ],
    [
      'an OSC title sequence in the table folder',
      s3Event([DATA, '\u001b]0;owned\u0007/dt=2026-11-28-09/a.json']),
      /^key "\\u001b\]0;owned\\u0007\/dt=2026-11-28-09\/a\.json": first folder "\\u001b\]0;owned\\u0007" is not a table name/,
    ],
    [
      'an escape sequence in the eventName',
      record((r) => (r.eventName = 'ObjectCreated:Put\u001b[2K')),
      /^Records\[0\]\.eventName "ObjectCreated:Put\\u001b\[2K" is not an S3 event name/,
    ],
    [
      'an escape sequence in the eventSource',
      record((r) => (r.eventSource = 'aws:s3\u001b[8m')),
      /^Records\[0\]\.eventSource is "aws:s3\\u001b\[8m", not aws:s3$/,
    ],
    [
      'an escape sequence in an EventBridge detail-type',
      JSON.stringify({
        ...JSON.parse(eventBridgeEvent(ALERTS, 'alerts/dt=2026-11-28-09/e.json')),
        'detail-type': 'Object Created\u001b[1A',
      }),
      /^EventBridge detail-type "Object Created\\u001b\[1A" is not an S3 event type$/,
    ],
    ['a bucket name of 200 KB', s3Event(['b'.repeat(200 * 1024), 'alerts/dt=2026-11-28-09/a.json']), /^bucket "b{200}…" is not in/],
    [
      'an eventSource of 200 KB',
      record((r) => (r.eventSource = 'e'.repeat(200 * 1024))),
      /^Records\[0\]\.eventSource is "e{200}…", not aws:s3$/,
    ],
    // Names S3 does not send: kept, not taken for "no work"
    [
      's3:ObjectCreated:Put (with the s3: prefix)',
      record((r) => (r.eventName = 's3:ObjectCreated:Put')),
      /^Records\[0\]\.eventName "s3:ObjectCreated:Put" is not an S3 event name/,
    ],
    [
      'objectcreated:put (lower case)',
      record((r) => (r.eventName = 'objectcreated:put')),
      /^Records\[0\]\.eventName "objectcreated:put" is not an S3 event name/,
    ],
    [
      'ObjectCreated:* (a wildcard)',
      record((r) => (r.eventName = 'ObjectCreated:*')),
      /^Records\[0\]\.eventName "ObjectCreated:\*" is not an S3 event name/,
    ],
    [
      'an EventBridge detail-type S3 does not send',
      eventBridgeEvent(ALERTS, 'alerts/dt=2026-11-28-09/e.json', 'Object Modified'),
      /^EventBridge detail-type "Object Modified" is not an S3 event type$/,
    ],
    // Wrong types say so
    ['a key that is a number', record((r) => (r.s3.object.key = 12345)), /^Records\[0\]\.s3\.object\.key must be a string, not a number$/],
    [
      'a bucket name that is an object',
      record((r) => (r.s3.bucket.name = { name: ALERTS })),
      /^Records\[0\]\.s3\.bucket\.name must be a string, not an object$/,
    ],
  ];
  /** Characters a terminal acts on, besides the line feeds of our own output. */
  const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  it('are kept with escaped reasons; the text summary and the log lines carry no control character and no forged line', async () => {
    const good = s3Event([ALERTS, 'alerts/dt=2026-11-28-21/good.json']);
    const ids = await send(d, [...hostile.map(([, body]) => body), good]);
    const text = await cli(['athena', 'refresh', '--once', '--config-dir', d.configDir, '--endpoint-url', moto.url, '--log-level', 'info']);
    assert.equal(text.code, EXIT.KEPT_MESSAGES, text.stderr.slice(0, 3_000));
    const all = text.stdout + text.stderr;
    const at = ACTIVE.exec(all);
    assert.equal(
      at,
      null,
      `a raw control character U+${at?.[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(all.slice(Math.max(0, (at?.index ?? 0) - 60), (at?.index ?? 0) + 20))}`,
    );
    assert.ok(!all.split('\n').some((line) => line.startsWith('streamalert: AWS error: forged')), 'no forged line');
    assert.ok(all.length < 60_000, `the 200 KB values are cut: ${all.length} characters printed`);
    assert.match(text.stderr, /info message kept on the queue messageId=\S+ reason="bucket \\"evil\\\\u001b/);

    // The summary lists each kept message with its escaped reason.
    const reasons = new Map(
      text.stdout
        .split('\n')
        .map((l) => /^\s+(\S+): (.*)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, m[2]!]),
    );
    hostile.forEach(([label, , reason], i) => assert.match(reasons.get(ids[i]!) ?? '(not listed)', reason, label));
    assert.ok(!reasons.has(ids[hostile.length]!), 'the good message was not kept');
  });

  it('JSON output escapes what JSON.stringify leaves raw (C1 controls, bidi overrides, line separators)', async () => {
    await d.purge();
    await send(d, [s3Event(['c1\u009b31m-\u202e-\u2028-bucket', 'alerts/dt=2026-11-28-09/a.json'])]);
    const r = await cli([
      'athena',
      'refresh',
      '--once',
      '--config-dir',
      d.configDir,
      '--endpoint-url',
      moto.url,
      '--output',
      'json',
      '--log-level',
      'info',
    ]);
    assert.equal(r.code, EXIT.KEPT_MESSAGES, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, ACTIVE);
    const result = fromCliJson<RefreshResult>(r.stdout, ['partitions']);
    assert.equal(
      result.keptMessages[0]!.reason,
      'bucket "c1\\u009b31m-\\u202e-\\u2028-bucket" is not in athena_partition_refresh_config.buckets',
    );
  });
});

/**
 * A message is deleted only when its partition is registered where its object is, across runs
 * and for every strategy: the catalog (Glue, which Athena reads) may already hold the partition
 * at the other valid layout's location, where ADD IF NOT EXISTS and AlreadyExists change nothing.
 */
describe('partitions already registered elsewhere', () => {
  for (const strategy of ['add_partition', 'repair', 'glue'] as const) {
    it(`${strategy}: the message is kept with both locations; one at the registered location is deleted`, async () => {
      const d = await createDeployment(
        moto.url,
        { ...DEFAULT_ATHENA, refresh_strategy: strategy, database_name: `where_${strategy}` },
        {
          visibilityTimeout: 30,
          glueTables: [
            { table: 'alerts', bucket: ALERTS },
            { table: 'osquery', bucket: DATA },
          ],
        },
      );
      try {
        await d.purge();
        // An earlier run (or a person) registered dt=...-09 at the layout without the table folder.
        const sd = (await d.clients.glue().send(new GetTableCommand({ DatabaseName: `where_${strategy}`, Name: 'alerts' }))).Table!
          .StorageDescriptor!;
        await d.clients.glue().send(
          new CreatePartitionCommand({
            DatabaseName: `where_${strategy}`,
            TableName: 'alerts',
            PartitionInput: { Values: ['2026-11-28-09'], StorageDescriptor: { ...sd, Location: `s3://${ALERTS}/dt=2026-11-28-09/` } },
          }),
        );
        const [elsewhere, fresh, lower, upper] = await send(d, [
          s3Event([ALERTS, 'alerts/dt=2026-11-28-09/a.json']),
          s3Event([ALERTS, 'alerts/dt=2026-11-28-10/b.json']),
          s3Event([DATA, 'osquery/dt=2026-11-28-11/c.json']),
          s3Event([DATA, 'OSQUERY/dt=2026-11-28-11/d.json']), // the same table to Athena, another folder
        ]);
        const first = await refresh({ config: d.config, endpointUrl: moto.url, waitSeconds: 0, firstPollMs: 20, flushDelayMs: 50 });
        const kept = new Map(first.keptMessages.map((k) => [k.messageId, k.reason]));
        assert.deepEqual([...kept.keys()].sort(), [elsewhere!, upper!].sort(), JSON.stringify(first.keptMessages));
        assert.equal(
          kept.get(elsewhere!),
          `partition alerts/dt=2026-11-28-09 is registered at "s3://${ALERTS}/dt=2026-11-28-09/", not at "s3://${ALERTS}/alerts/dt=2026-11-28-09/" where this object is: ` +
            'Athena would not find it. Move the object, or point the partition at one location (ALTER TABLE ... PARTITION ... SET LOCATION)',
        );
        assert.match(
          kept.get(upper!)!,
          /^partition osquery\/dt=2026-11-28-11 is already at "s3:\/\/test-streamalert-data\/osquery\/dt=2026-11-28-11\/", not "s3:\/\/test-streamalert-data\/OSQUERY\/dt=2026-11-28-11\/"$/,
        );
        assert.ok(first.messages.deleted >= 2, `deleted ${first.messages.deleted}`);
        assert.deepEqual(Object.keys(first.partitions).sort(), ['alerts', 'osquery']);
        void fresh;
        void lower;
        // A later object at the registered location is fine.
        await d.purge();
        await send(d, [s3Event([ALERTS, 'dt=2026-11-28-09/e.json'])]);
        const second = await refresh({ config: d.config, endpointUrl: moto.url, waitSeconds: 0, firstPollMs: 20, flushDelayMs: 50 });
        assert.equal(second.messages.kept, 0, JSON.stringify(second.keptMessages));
        assert.equal(second.messages.deleted, 1);
      } finally {
        d.clients.destroy();
      }
    });
  }
});
