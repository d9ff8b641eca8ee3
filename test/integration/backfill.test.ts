/**
 * `athena backfill` against moto: objects written with the buckets' notifications switched off (so
 * no message ever reaches the queue), in both layouts and both bucket conventions, over 32
 * partitions and 3 tables; the glue strategy, checked with Glue GetPartitions. The number of
 * ListObjectsV2 calls is counted by the recording proxy on a bucket with 100 objects per partition.
 */
import assert from 'node:assert/strict';
import { GetPartitionsCommand, GetTableCommand, UpdateTableCommand } from '@aws-sdk/client-glue';
import { PutBucketNotificationConfigurationCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { copyFileSync, cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AwsClients } from '../../src/aws/sdk/clients.js';
import type { BackfillResult } from '../../src/core/backfill/report.js';
import { backfill, refresh } from '../../src/index.js';
import { startAwsProxy, type AwsProxy } from '../support/aws-proxy/index.js';
import { runCli } from '../support/cli.js';
import { createDeployment, type Deployment } from '../support/deployment.js';
import { s3Event } from '../support/factories.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { fromCliJson } from '../support/cli-json.js';

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

interface Spec {
  table: string;
  bucket: string;
  dt: string;
  /** The partition folder, e.g. `alerts/2026/11/08/00/`. */
  folder: string;
}

const hours = (day: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${day}-${String(from + i).padStart(2, '0')}`);
const hive = (table: string, bucket: string, dts: string[], withTable = true): Spec[] =>
  dts.map((dt) => ({ table, bucket, dt, folder: `${withTable ? `${table}/` : ''}dt=${dt}/` }));
const firehose = (table: string, bucket: string, dts: string[], withTable = true): Spec[] =>
  dts.map((dt) => ({ table, bucket, dt, folder: `${withTable ? `${table}/` : ''}${dt.split('-').join('/')}/` }));

/** 32 partitions: alerts in all four layouts of a named bucket; cloudtrail (Firehose, across a month's end) and osquery (Hive) in a "*" bucket. */
const SPECS: Spec[] = [
  ...hive(
    'alerts',
    'test-streamalerts',
    ['01', '02', '03', '04', '05', '06'].map((d) => `2026-11-${d}-10`),
  ),
  ...hive('alerts', 'test-streamalerts', hours('2026-11-07', 0, 2), false),
  ...firehose('alerts', 'test-streamalerts', hours('2026-11-08', 0, 2)),
  ...firehose('alerts', 'test-streamalerts', hours('2026-11-09', 0, 1), false),
  ...firehose('cloudtrail', 'test-streamalert-data', [...hours('2026-10-31', 22, 23), ...hours('2026-11-01', 0, 5)]),
  ...hive('osquery', 'test-streamalert-data', hours('2026-11-01', 0, 9)),
];
const TABLES = ['alerts', 'cloudtrail', 'osquery'];
const ATHENA = {
  buckets: { 'test-streamalerts': 'alerts', 'test-streamalert-data': '*' },
  results_bucket: 's3://test-athena-results/refresh/',
  refresh_strategy: 'glue',
};
const GLUE_TABLES = [
  { table: 'alerts', bucket: 'test-streamalerts' },
  { table: 'cloudtrail', bucket: 'test-streamalert-data' },
  { table: 'osquery', bucket: 'test-streamalert-data' },
];

const expected = (table: string, specs = SPECS) =>
  specs
    .filter((s) => s.table === table)
    .map((s) => ({ dt: s.dt, location: `s3://${s.bucket}/${s.folder}` }))
    .sort((a, b) => a.dt.localeCompare(b.dt));

/** A deployment whose buckets notify nobody: objects written now never reach the queue. */
async function silentDeployment(athena: Record<string, unknown>, glueTables: typeof GLUE_TABLES): Promise<Deployment> {
  await moto.reset();
  const d = await createDeployment(moto.url, athena, { glueTables });
  for (const bucket of Object.keys(athena.buckets as object)) {
    await d.clients.s3().send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: {} }));
  }
  await d.purge(); // the test events S3 sent when notifications were first enabled
  return d;
}

/** Writes `perPartition` objects into every partition folder, a few at a time, straight to moto. */
async function writeObjects(clients: AwsClients, specs: Spec[], perPartition: number): Promise<void> {
  const keys = specs.flatMap((s) =>
    Array.from({ length: perPartition }, (_, i) => ({ bucket: s.bucket, key: `${s.folder}part-${String(i).padStart(4, '0')}.json` })),
  );
  for (let i = 0; i < keys.length; i += 25) {
    await Promise.all(
      keys.slice(i, i + 25).map((k) => clients.s3().send(new PutObjectCommand({ Bucket: k.bucket, Key: k.key, Body: '{}\n' }))),
    );
  }
}

async function cli(d: Deployment, ...args: string[]): Promise<{ code: number | null; result: BackfillResult; stderr: string }> {
  const r = await runCli(['athena', 'backfill', '--config-dir', d.configDir, '--endpoint-url', moto.url, '--output', 'json', ...args]);
  assert.ok(r.stdout.trim().startsWith('{'), `no JSON on stdout (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return { code: r.code, result: fromCliJson<BackfillResult>(r.stdout), stderr: r.stderr };
}

const row = (r: BackfillResult, table: string) => r.tables.find((t) => t.table === table)!;

describe('athena backfill: 32 partitions, 3 tables, both layouts, both bucket conventions (glue strategy)', () => {
  let d: Deployment;
  before(async () => {
    d = await silentDeployment(ATHENA, GLUE_TABLES);
    await writeObjects(d.clients, SPECS, 2);
    await d.putObject('test-streamalerts', 'odd notes+1/read me.txt'); // a folder S3 must URL-encode in the listing
    assert.deepEqual(await d.queueDepth(), { visible: 0, inFlight: 0 }, 'no notification reached the queue');
  });

  it('--dry-run finds every partition and registers nothing', async () => {
    const { code, result } = await cli(d, '--dry-run');
    assert.equal(code, 0);
    assert.deepEqual(
      result.tables.map((t) => [t.table, t.found, t.already, t.missing, t.registered]),
      TABLES.map((t) => [t, expected(t).length, 0, expected(t).length, 0]),
    );
    assert.deepEqual(
      row(result, 'cloudtrail').dt.missing,
      expected('cloudtrail').map((p) => p.dt),
    );
    assert.equal(result.totals.missing, 32);
    assert.equal(result.calls.length, 0);
    for (const t of TABLES) assert.deepEqual(await d.gluePartitions(t), [], `${t} has no partition`);
    assert.deepEqual(
      result.skipped.map((s) => s.location),
      ['s3://test-streamalerts/odd notes+1/'],
    );
  });

  it('registers exactly the partitions S3 holds, at their folders; a second run registers none', async () => {
    const { code, result } = await cli(d);
    assert.equal(code, 0);
    assert.deepEqual(
      result.tables.map((t) => [t.table, t.found, t.already, t.registered, t.failed]),
      TABLES.map((t) => [t, expected(t).length, 0, expected(t).length, 0]),
    );
    for (const t of TABLES) assert.deepEqual(await d.gluePartitions(t), expected(t), t);
    assert.deepEqual(await d.queries(), [], 'glue runs no Athena statement');

    const again = await backfill({ config: d.config, endpointUrl: moto.url });
    assert.deepEqual(again.totals, { found: 32, already: 32, missing: 0, registered: 0, failed: 0, rebuilt: 0 });
    assert.equal(again.calls.length, 0);
  });

  it('--rebuild after a column is added gives the partitions in the range the new schema, at their own locations', async () => {
    const glue = d.clients.glue();
    const table = (await glue.send(new GetTableCommand({ DatabaseName: 'streamalert', Name: 'osquery' }))).Table!;
    const sd = table.StorageDescriptor!;
    await glue.send(
      new UpdateTableCommand({
        DatabaseName: 'streamalert',
        TableInput: {
          Name: 'osquery',
          TableType: table.TableType,
          PartitionKeys: table.PartitionKeys,
          StorageDescriptor: { ...sd, Columns: [...sd.Columns!, { Name: 'host', Type: 'string' }] },
        },
      }),
    );
    const result = await backfill({ config: d.config, endpointUrl: moto.url, rebuild: true, tables: ['osquery'], since: '2026-11-01-05' });
    assert.deepEqual(row(result, 'osquery').dt.rebuilt, hours('2026-11-01', 5, 9));
    const parts = (await glue.send(new GetPartitionsCommand({ DatabaseName: 'streamalert', TableName: 'osquery' }))).Partitions!;
    const columns = Object.fromEntries(parts.map((p) => [p.Values![0]!, p.StorageDescriptor!.Columns!.map((c) => c.Name).join(',')]));
    assert.deepEqual(
      columns,
      Object.fromEntries(hours('2026-11-01', 0, 9).map((dt) => [dt, dt >= '2026-11-01-05' ? 'record,host' : 'record'])),
    );
    assert.deepEqual(
      parts.map((p) => ({ dt: p.Values![0]!, location: p.StorageDescriptor!.Location })).sort((a, b) => a.dt.localeCompare(b.dt)),
      expected('osquery'),
    );
    const again = await cli(d, '--rebuild', '--table', 'osquery', '--since', '2026-11-01-05');
    assert.equal(again.code, 0);
    assert.deepEqual(row(again.result, 'osquery').rebuilt, 0, 'nothing left to rebuild');
    assert.deepEqual(
      again.result.tables.map((t) => t.table),
      ['osquery'],
      '--table',
    );
  });

  it('text output: a row per table; a bad --since is a usage error (exit 2) before any AWS call', async () => {
    const text = await runCli(['athena', 'backfill', '--config-dir', d.configDir, '--endpoint-url', moto.url, '--dry-run']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Backfill of database streamalert \(glue\) — dry run: nothing registered/);
    assert.match(text.stdout, /│ osquery\s+│\s+10 │\s+10 │\s+0 │/);
    const bad = await runCli([
      'athena',
      'backfill',
      '--config-dir',
      d.configDir,
      '--endpoint-url',
      'http://127.0.0.1:9',
      '--since',
      '2026-02-30',
    ]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /--since must be a date YYYY-MM-DD/);
  });
});

describe('athena backfill --since/--until with the add_partition strategy', () => {
  it('registers only the range, with ALTER TABLE ADD IF NOT EXISTS', async () => {
    const d = await silentDeployment({ ...ATHENA, refresh_strategy: 'add_partition' }, GLUE_TABLES);
    await writeObjects(d.clients, SPECS, 1);
    const r = await backfill({ config: d.config, endpointUrl: moto.url, since: '2026-11-01-03', until: '2026-11-06', firstPollMs: 20 });
    const inRange = SPECS.filter((s) => s.dt >= '2026-11-01-03' && s.dt <= '2026-11-06-23');
    assert.equal(r.totals.registered, inRange.length);
    const added = (await d.queries()).flatMap((q) => [
      ...q.matchAll(/ALTER TABLE `streamalert`\.`(\w+)`|PARTITION \(dt = '([^']+)'\) LOCATION '([^']+)'/g),
    ]);
    let table = '';
    const clauses: string[] = [];
    for (const m of added) {
      if (m[1]) table = m[1];
      else clauses.push(`${table} ${m[2]} ${m[3]}`);
    }
    assert.deepEqual(clauses.sort(), inRange.map((s) => `${s.table} ${s.dt} s3://${s.bucket}/${s.folder}`).sort());
  });
});

describe('athena backfill lists folders, not objects (100 objects per partition, counted by the proxy)', () => {
  let proxy: AwsProxy;
  let d: Deployment;
  // osquery: 10 Hive partitions; cloudtrail: 10 Firehose partitions in 1 year, 2 months, 2 days.
  const specs = [
    ...hive('osquery', 'test-many', hours('2026-11-01', 0, 9)),
    ...firehose('cloudtrail', 'test-many', [...hours('2026-10-31', 20, 23), ...hours('2026-11-01', 0, 5)]),
  ];
  const athena = { buckets: { 'test-many': '*' }, results_bucket: 's3://test-athena-results/refresh/', refresh_strategy: 'glue' };

  before(async () => {
    d = await silentDeployment(athena, [
      { table: 'osquery', bucket: 'test-many' },
      { table: 'cloudtrail', bucket: 'test-many' },
    ]);
    await writeObjects(d.clients, specs, 100);
    proxy = await startAwsProxy({ target: moto.url, latency: false });
  });
  after(() => proxy?.stop());

  const run = async (extra: { since?: string; dryRun?: boolean } = {}) => {
    proxy.resetStats();
    const r = await backfill({ config: d.config, endpointUrl: proxy.url, ...extra });
    return { r, counts: proxy.counts() };
  };

  it('one call per folder level walked: the bucket root, each table folder, each Firehose year, month and day', async () => {
    const { r, counts } = await run();
    // root + osquery/ + cloudtrail/ + cloudtrail/2026/ + its 2 months + its 2 days = 8, for 20 partitions of 2,000 objects.
    assert.equal(counts['S3.ListObjectsV2'], 1 + 2 + 1 + 2 + 2);
    assert.equal(r.listCalls, counts['S3.ListObjectsV2']);
    assert.equal(r.totals.registered, 20);
    assert.ok(!Object.keys(counts).some((op) => /S3\.(GetObject|HeadObject|ListObjects)$/.test(op)), JSON.stringify(counts));
  });

  it('--since skips the months and days before it without listing them', async () => {
    const { r, counts } = await run({ since: '2026-11-01', dryRun: true });
    // root + osquery/ + cloudtrail/ + 2026/ + 2026/11/ + 2026/11/01/: October is not listed.
    assert.equal(counts['S3.ListObjectsV2'], 6);
    assert.equal(r.totals.found, 16);
  });
});

describe('StreamAlert v3 layout: parquet/<table>/dt=... under a prefixed "*" bucket', () => {
  it('refresh registers from notifications, backfill registers what had none; keys outside the prefix are kept with a reason', async () => {
    await moto.reset();
    const athena = {
      buckets: { 'test-v3': { table: '*', prefix: 'parquet/' } },
      results_bucket: 's3://test-athena-results/refresh/',
      refresh_strategy: 'glue',
    };
    const d = await createDeployment(moto.url, athena, {
      glueTables: [
        { table: 'cloudtrail', bucket: 'test-v3' },
        { table: 'alerts', bucket: 'test-v3' },
      ],
    });
    const table = (await d.clients.glue().send(new GetTableCommand({ DatabaseName: 'streamalert', Name: 'cloudtrail' }))).Table!;
    assert.equal(table.StorageDescriptor!.Location, 's3://test-v3/parquet/cloudtrail/', 'tableLocation keeps the prefix');

    await d.putObject('test-v3', 'parquet/cloudtrail/dt=2026-11-28-09/part-0.parquet');
    await d.putObject('test-v3', 'parquet/alerts/dt=2026-11-28-09/part-0.parquet');
    await d.putObject('test-v3', 'legacy/cloudtrail/dt=2026-11-28-10/part-0.parquet');
    // Init subscribes the bucket under its prefix only (issue 18), so S3 does not send the legacy/
    // key; one that reaches the queue another way is still kept, never deleted.
    await d.sendBodies([s3Event(['test-v3', 'legacy/cloudtrail/dt=2026-11-28-10/part-0.parquet'])]);
    const r = await refresh({ config: d.config, endpointUrl: moto.url, waitSeconds: 0 });
    assert.deepEqual(r.partitions, { alerts: ['2026-11-28-09'], cloudtrail: ['2026-11-28-09'] });
    assert.equal(r.messages.kept, 1);
    assert.match(r.keptMessages[0]!.reason, /key "legacy\/cloudtrail\/dt=2026-11-28-10\/part-0.parquet" is outside the prefix "parquet\/"/);

    await d.clients.s3().send(new PutBucketNotificationConfigurationCommand({ Bucket: 'test-v3', NotificationConfiguration: {} }));
    await d.putObject('test-v3', 'parquet/cloudtrail/dt=2026-11-28-11/part-0.parquet');
    await d.putObject('test-v3', 'parquet/cloudtrail/2026/11/28/12/part-0.parquet');
    const b = await backfill({ config: d.config, endpointUrl: moto.url });
    assert.deepEqual(
      b.tables.map((t) => [t.table, t.found, t.already, t.registered]),
      [
        ['alerts', 1, 1, 0],
        ['cloudtrail', 3, 1, 2],
      ],
    );
    assert.deepEqual(b.skippedCount, 0, 'legacy/ is outside the prefix: never listed');
    assert.deepEqual(await d.gluePartitions('cloudtrail'), [
      { dt: '2026-11-28-09', location: 's3://test-v3/parquet/cloudtrail/dt=2026-11-28-09/' },
      { dt: '2026-11-28-11', location: 's3://test-v3/parquet/cloudtrail/dt=2026-11-28-11/' },
      { dt: '2026-11-28-12', location: 's3://test-v3/parquet/cloudtrail/2026/11/28/12/' },
    ]);
  });
});

describe('athena backfill on keys it did not choose, and in the wrong account', () => {
  let d: Deployment;
  before(async () => {
    d = await silentDeployment(ATHENA, GLUE_TABLES);
    await writeObjects(d.clients, hive('osquery', 'test-streamalert-data', ['2026-11-01-00']), 1);
    // Folder names carrying terminal escape sequences: a colour change and a window-title change.
    for (const key of ['osquery/\u001b[31mred\u001b[0m/x.json', '\u001b]0;owned\u0007evil/x.json', 'osquery/\u009b2J/x.json']) {
      await d.clients.s3().send(new PutObjectCommand({ Bucket: 'test-streamalert-data', Key: key, Body: '{}\n' }));
    }
  });

  it('folder names are printed escaped: no control character reaches the terminal', async () => {
    const r = await runCli(['athena', 'backfill', '--config-dir', d.configDir, '--endpoint-url', moto.url, '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /folder\(s\) fit no key layout/);
    assert.doesNotMatch(r.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, 'no raw control character on stdout');
    assert.ok(r.stdout.includes('\\u001b[31mred\\u001b[0m'), r.stdout);
    assert.ok(r.stdout.includes('\\u001b]0;owned\\u0007evil'), r.stdout);
    assert.ok(r.stdout.includes('\\u009b2J'), r.stdout);
  });

  it('credentials of another account: exit 3 naming both, nothing registered', async () => {
    const other = mkdtempSync(join(tmpdir(), 'streamalert-other-account-'));
    copyFileSync(join(d.configDir, 'lambda.json'), join(other, 'lambda.json'));
    cpSync(join(d.configDir, 'schemas'), join(other, 'schemas'), { recursive: true });
    writeFileSync(
      join(other, 'global.json'),
      JSON.stringify({ account: { aws_account_id: '111111111111', prefix: 'test', region: 'us-east-1' } }),
    );
    const r = await runCli(['athena', 'backfill', '--config-dir', other, '--endpoint-url', moto.url]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /belong to account 123456789012, but .*account\.aws_account_id is 111111111111: nothing was changed/);
    assert.deepEqual(await d.gluePartitions('osquery'), []);
  });
});
