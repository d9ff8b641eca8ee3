/**
 * The AWS service-log layouts of docs/layouts.md, read with the example schema files shipped in
 * docs/schemas/: real key shapes → partition values and location, and the files AWS writes beside
 * the logs (digests, Insights, folder placeholders, error output) that must not be taken for data.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readJsonFile } from '../../../../src/core/config/read-json.js';
import { tableLayouts, tableSchema, tableSchemaFile } from '../../../../src/core/config/table-schemas.js';
import { classifyMessage } from '../../../../src/core/refresh/classify.js';
import { locateObject, partitionName, partitionValues, type Located } from '../../../../src/core/partitions/partition.js';
import { s3Event } from '../../../support/factories.js';

const DIR = join(import.meta.dirname, '../../../../docs/schemas');
const schema = (table: string) => tableSchema(table, join(DIR, `${table}.json`), readJsonFile(join(DIR, `${table}.json`), tableSchemaFile));
const TABLES = ['cloudtrail', 'vpc_flow_logs', 'vpc_flow_logs_hive', 'alb_logs', 's3_access_logs', 'firehose_events'];
const layouts = tableLayouts(TABLES.map(schema));
const buckets = Object.fromEntries(Object.values(layouts).map((l) => [l.bucket, l.table]));

const locate = (bucket: string, key: string): Located => locateObject({ bucket, key }, buckets, layouts);

describe('service-log layouts (docs/schemas)', () => {
  const found: [string, string, string, string, string][] = [
    // table, bucket, key → partition name, location
    [
      'cloudtrail',
      'acme-cloudtrail',
      'AWSLogs/111122223333/CloudTrail/us-east-2/2026/11/28/111122223333_CloudTrail_us-east-2_20261128T0210Z_Mu0KsOhtH1ar15ZZ.json.gz',
      'account=111122223333/region=us-east-2/day=2026/11/28',
      's3://acme-cloudtrail/AWSLogs/111122223333/CloudTrail/us-east-2/2026/11/28/',
    ],
    [
      'vpc_flow_logs',
      'acme-flow-logs',
      'AWSLogs/111122223333/vpcflowlogs/eu-west-1/2026/02/28/111122223333_vpcflowlogs_eu-west-1_fl-1234abcd_20260228T2355Z_hash.log.parquet',
      'account=111122223333/region=eu-west-1/day=2026/02/28',
      's3://acme-flow-logs/AWSLogs/111122223333/vpcflowlogs/eu-west-1/2026/02/28/',
    ],
    [
      'vpc_flow_logs_hive',
      'acme-flow-logs-hive',
      'AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=11/day=28/hour=09/111122223333_vpcflowlogs_us-east-1_fl-1234abcd_20261128T0905Z_hash.log.parquet',
      'account=111122223333/region=us-east-1/year=2026/month=11/day=28/hour=09',
      's3://acme-flow-logs-hive/AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=11/day=28/hour=09/',
    ],
    [
      'alb_logs',
      'acme-alb-logs',
      'AWSLogs/111122223333/elasticloadbalancing/us-west-2/2026/11/28/111122223333_elasticloadbalancing_us-west-2_app.my-lb.1234567890abcdef_20261128T0905Z_10.0.0.1_2q3r4s5t.log.gz',
      'account=111122223333/region=us-west-2/day=2026/11/28',
      's3://acme-alb-logs/AWSLogs/111122223333/elasticloadbalancing/us-west-2/2026/11/28/',
    ],
    [
      's3_access_logs',
      'acme-s3-access-logs',
      's3-logs/111122223333/us-east-1/acme-data/2026/11/28/2026-11-28-00-00-00-E568B2907131C0C0',
      'source_account=111122223333/source_region=us-east-1/source_bucket=acme-data/day=2026/11/28',
      's3://acme-s3-access-logs/s3-logs/111122223333/us-east-1/acme-data/2026/11/28/',
    ],
    [
      'firehose_events',
      'acme-firehose',
      'events/customer_id=c-42/2026/11/28/09/acme-stream-1-2026-11-28-09-14-03-5f0b4e3c-1d2e-4f5a-9b8c-7d6e5f4a3b2c.gz',
      'customer=c-42/hour=2026/11/28/09',
      's3://acme-firehose/events/customer_id=c-42/2026/11/28/09/',
    ],
  ];
  for (const [table, bucket, key, name, location] of found) {
    it(`${table}: ${key.slice(0, 60)}…`, () => {
      const r = locate(bucket, key);
      assert.equal(r.kind, 'partition', JSON.stringify(r));
      if (r.kind !== 'partition') return;
      assert.equal(r.partition.table, table);
      assert.equal(partitionName(r.partition), name);
      assert.equal(r.partition.location, location);
      assert.deepEqual(r.partition.keys, layouts[table]!.keyNames);
    });
  }

  it('gives values in key order, as the path writes them', () => {
    const r = locate('acme-cloudtrail', 'AWSLogs/111122223333/CloudTrail/us-east-2/2026/11/28/f.json.gz');
    assert.ok(r.kind === 'partition');
    assert.deepEqual(partitionValues(r.partition), ['111122223333', 'us-east-2', '2026/11/28']);
  });

  const ignored: [string, string][] = [
    [
      'acme-cloudtrail',
      'AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2026/11/28/111122223333_CloudTrail-Digest_us-east-2_trail_us-east-2_20261128T150131Z.json.gz',
    ],
    [
      'acme-cloudtrail',
      'AWSLogs/111122223333/CloudTrail-Insight/us-east-2/2026/11/28/111122223333_CloudTrail-Insight_us-east-2_20261128T1500Z_abc.json.gz',
    ],
    ['acme-firehose', 'events/errors/processing-failed/2026/11/28/09/acme-stream-1-2026-11-28-09-14-03-uuid'],
  ];
  for (const [bucket, key] of ignored)
    it(`ignores ${key.split('/').slice(0, 3).join('/')}/…`, () => assert.deepEqual(locate(bucket, key), { kind: 'skip', why: 'ignored' }));

  it('takes no folder placeholder or directory marker for data, and counts ignored files', () => {
    const records = [
      'AWSLogs/111122223333/CloudTrail_$folder$',
      'AWSLogs/111122223333/CloudTrail/us-east-2/2026/11/28/',
      'AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2026/11/28/d.json.gz',
    ].map((key): [string, string] => ['acme-cloudtrail', key]);
    assert.deepEqual(classifyMessage(s3Event(...records), buckets, layouts), { kind: 'no-work', skips: { ignored: 1, projected: 0 } });
  });

  const rejected: [string, string, RegExp][] = [
    ['acme-cloudtrail', 'AWSLogs/111122223333/CloudTrail/us-east-2/2026/02/30/f.json.gz', /day "2026\/02\/30" is not a real date/],
    ['acme-cloudtrail', 'AWSLogs/111122223333/CloudTrail/us-east-2/2026/11/f.json.gz', /outside table cloudtrail's layout/],
    ['acme-cloudtrail', 'AWSLogs/o-abc123/111122223333/CloudTrail/us-east-2/2026/11/28/f.json.gz', /outside table cloudtrail's layout/],
    [
      'acme-cloudtrail',
      'Other/111122223333/CloudTrail/us-east-2/2026/11/28/f.json.gz',
      /outside table cloudtrail's location "s3:\/\/acme-cloudtrail\/AWSLogs\/"/,
    ],
    ['acme-cloudtrail', 'AWSLogs/111122223333/CloudTrail/us-east-2/2026/11/28', /outside table cloudtrail's layout/],
    ['acme-firehose', 'events/customer_id=c-42/2026/11/28/24/f.gz', /hour "2026\/11\/28\/24" is not a real date and hour/],
  ];
  for (const [bucket, key, reason] of rejected) {
    it(`keeps ${key.slice(0, 70)} with a reason`, () => {
      const r = locate(bucket, key);
      assert.equal(r.kind, 'bad');
      assert.match((r as { reason: string }).reason, reason);
    });
  }
});
