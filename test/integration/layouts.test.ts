/**
 * Declared layouts end to end on moto, with the glue and add_partition strategies: a three-key
 * CloudTrail table created by init with its keys in order, refresh registering exactly its
 * partitions (from real S3 notifications) at their folders, backfill finding the same in an empty
 * catalog, and a table that uses partition projection getting its properties and no partition
 * while its messages leave the queue.
 */
import assert from 'node:assert/strict';
import { GetPartitionsCommand, GetTableCommand } from '@aws-sdk/client-glue';
import { PutBucketNotificationConfigurationCommand } from '@aws-sdk/client-s3';
import { after, before, describe, it } from 'node:test';
import { backfill, refresh } from '../../src/index.js';
import { createDeployment, type Deployment, type SchemaFiles } from '../support/deployment.js';
import { startMoto, type MotoServer } from '../support/moto.js';

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

const CLOUDTRAIL = {
  format: 'json' as const,
  columns: { records: 'array<struct<eventname:string,eventtime:string>>' },
  location: 's3://test-cloudtrail/AWSLogs/',
  partition_keys: { account: 'string', region: 'string', day: 'string' },
  partition_layout: '{account}/CloudTrail/{region}/{day:yyyy/MM/dd}/',
  ignore_layouts: ['{account}/CloudTrail-Digest/', '{account}/CloudTrail-Insight/'],
};
const SCHEMAS: SchemaFiles = {
  cloudtrail: CLOUDTRAIL,
  cloudtrail_projected: {
    ...CLOUDTRAIL,
    location: 's3://test-cloudtrail-projected/AWSLogs/',
    projection: true,
    projection_keys: { region: { values: ['us-east-1', 'eu-west-1'] }, day: { range: '2026/01/01,NOW' } },
  },
};
const athena = (strategy: string) => ({
  buckets: { 'test-cloudtrail': 'cloudtrail', 'test-cloudtrail-projected': 'cloudtrail_projected' },
  results_bucket: 's3://test-athena-results/refresh/',
  refresh_strategy: strategy,
});

const file = (account: string, region: string, day: string, n: number) =>
  `AWSLogs/${account}/CloudTrail/${region}/${day}/${account}_CloudTrail_${region}_${day.split('/').join('')}T0210Z_Mu0KsOhtH1ar15Z${n}.json.gz`;
const DATA = [
  file('111122223333', 'us-east-1', '2026/11/28', 1),
  file('111122223333', 'us-east-1', '2026/11/28', 2),
  file('111122223333', 'eu-west-1', '2026/11/28', 3),
  file('444455556666', 'us-east-1', '2026/12/01', 4),
];
const BESIDE = [
  'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/28/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20261128T150131Z.json.gz',
  'AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2026/11/28/111122223333_CloudTrail-Insight_us-east-1_20261128T1500Z_a.json.gz',
  'AWSLogs/111122223333/CloudTrail_$folder$',
];
/** The partitions, as Glue holds them: values in key order, and the folder. */
const EXPECTED = [
  ['111122223333,eu-west-1,2026/11/28', 's3://test-cloudtrail/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/28/'],
  ['111122223333,us-east-1,2026/11/28', 's3://test-cloudtrail/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/28/'],
  ['444455556666,us-east-1,2026/12/01', 's3://test-cloudtrail/AWSLogs/444455556666/CloudTrail/us-east-1/2026/12/01/'],
];
/** The same partitions as ALTER TABLE clauses. */
const CLAUSES = EXPECTED.map(([values, location]) => {
  const [account, region, day] = values!.split(',');
  return `PARTITION (\`account\` = '${account}', \`region\` = '${region}', \`day\` = '${day}') LOCATION '${location}'`;
});

async function partitions(d: Deployment, table: string): Promise<string[][]> {
  const out = await d.clients.glue().send(new GetPartitionsCommand({ DatabaseName: 'streamalert', TableName: table }));
  return (out.Partitions ?? [])
    .map((p) => [(p.Values ?? []).join(','), p.StorageDescriptor?.Location ?? ''])
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
}

const clauses = (queries: string[]) =>
  queries
    .filter((q) => q.startsWith('ALTER TABLE'))
    .flatMap((q) => q.split('\n').slice(1))
    .sort();

for (const strategy of ['glue', 'add_partition']) {
  describe(`declared layouts on moto (${strategy})`, () => {
    let d: Deployment;
    before(async () => {
      await moto.reset();
      d = await createDeployment(moto.url, athena(strategy), { schemas: SCHEMAS });
      await d.purge(); // S3's test events
    });

    it('init creates the tables with their keys in order; the projected one with its properties', async () => {
      const glue = d.clients.glue();
      const table = (name: string) => glue.send(new GetTableCommand({ DatabaseName: 'streamalert', Name: name })).then((out) => out.Table!);
      const ct = await table('cloudtrail');
      assert.deepEqual(
        ct.PartitionKeys?.map((k) => `${k.Name} ${k.Type}`),
        ['account string', 'region string', 'day string'],
      );
      assert.equal(ct.StorageDescriptor?.Location, 's3://test-cloudtrail/AWSLogs/');
      assert.equal(ct.Parameters?.['projection.enabled'], undefined);
      const projected = await table('cloudtrail_projected');
      assert.deepEqual(
        projected.PartitionKeys?.map((k) => k.Name),
        ['account', 'region', 'day'],
      );
      const props = Object.fromEntries(
        Object.entries(projected.Parameters ?? {}).filter(([k]) => k.startsWith('projection.') || k.startsWith('storage.')),
      );
      assert.deepEqual(props, {
        'projection.enabled': 'true',
        'projection.account.type': 'injected',
        'projection.region.type': 'enum',
        'projection.region.values': 'us-east-1,eu-west-1',
        'projection.day.type': 'date',
        'projection.day.format': 'yyyy/MM/dd',
        'projection.day.range': '2026/01/01,NOW',
        'projection.day.interval': '1',
        'projection.day.interval.unit': 'DAYS',
        'storage.location.template': 's3://test-cloudtrail-projected/AWSLogs/${account}/CloudTrail/${region}/${day}/',
      });
    });

    it('refresh registers exactly the partitions at their folders; ignored and projected objects leave the queue', async () => {
      for (const key of [...DATA, ...BESIDE]) await d.putObject('test-cloudtrail', key);
      for (const key of DATA.slice(0, 2)) await d.putObject('test-cloudtrail-projected', key);
      const r = await refresh({ config: d.config, endpointUrl: moto.url, waitSeconds: 0, firstPollMs: 20 });
      assert.equal(r.messages.kept, 0, JSON.stringify(r.keptMessages));
      assert.ok(r.messages.received >= 9);
      assert.deepEqual(r.layoutSkips, { ignored: 2, projected: 2 });
      assert.deepEqual(r.partitions, {
        cloudtrail: [
          'account=111122223333/region=eu-west-1/day=2026/11/28',
          'account=111122223333/region=us-east-1/day=2026/11/28',
          'account=444455556666/region=us-east-1/day=2026/12/01',
        ],
      });
      assert.deepEqual(await d.queueDepth(), { visible: 0, inFlight: 0 });
      if (strategy === 'glue') assert.deepEqual(await partitions(d, 'cloudtrail'), EXPECTED);
      else assert.deepEqual(clauses(await d.queries()), CLAUSES);
      assert.deepEqual(await partitions(d, 'cloudtrail_projected'), [], 'a projected table gets no partition');
    });

    it('backfill finds the same partitions in an empty catalog, and skips the projected table', async () => {
      await moto.reset();
      const fresh = await createDeployment(moto.url, athena(strategy), { schemas: SCHEMAS });
      for (const bucket of ['test-cloudtrail', 'test-cloudtrail-projected'])
        await fresh.clients.s3().send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: {} }));
      for (const key of [...DATA, ...BESIDE]) await fresh.putObject('test-cloudtrail', key);
      await fresh.putObject('test-cloudtrail-projected', DATA[0]!);
      const r = await backfill({ config: fresh.config, endpointUrl: moto.url, firstPollMs: 20 });
      const row = (t: string) => r.tables.find((x) => x.table === t)!;
      assert.deepEqual([row('cloudtrail').found, row('cloudtrail').registered, row('cloudtrail').failed], [3, 3, 0]);
      assert.deepEqual(r.skipped, [], 'digests, Insights and placeholders are not reported as strays');
      assert.match(row('cloudtrail_projected').note ?? '', /table uses partition projection/);
      assert.equal(row('cloudtrail_projected').registered, 0);
      if (strategy === 'glue') assert.deepEqual(await partitions(fresh, 'cloudtrail'), EXPECTED);
      else assert.deepEqual(clauses(await fresh.queries()), CLAUSES);
      assert.deepEqual(await partitions(fresh, 'cloudtrail_projected'), []);
    });
  });
}
