import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { partitionFor, partitionKey } from '../../../../src/core/partitions/partition.js';

const buckets = {
  'acme-alerts': 'alerts',
  'acme-data': '*',
  'acme-v3': { table: '*', prefix: 'parquet/' },
  'acme-logs': { table: 'logs', prefix: 'firehose/out/' },
  'acme-plain': { table: 'plain' },
};

describe('partitionFor', () => {
  const ok: [string, string, string, string, string][] = [
    // bucket, key → table, dt, location
    ['acme-alerts', 'alerts/dt=2026-11-28-09/rule_alerts.json', 'alerts', '2026-11-28-09', 's3://acme-alerts/alerts/dt=2026-11-28-09/'],
    ['acme-alerts', 'dt=2026-11-28-09/rule_alerts.json', 'alerts', '2026-11-28-09', 's3://acme-alerts/dt=2026-11-28-09/'],
    ['acme-alerts', 'alerts/2026/11/28/09/firehose-1.gz', 'alerts', '2026-11-28-09', 's3://acme-alerts/alerts/2026/11/28/09/'],
    ['acme-alerts', '2026/11/28/09/firehose-1.gz', 'alerts', '2026-11-28-09', 's3://acme-alerts/2026/11/28/09/'],
    [
      'acme-data',
      'cloudwatch_logs/2024/02/29/23/a b.gz',
      'cloudwatch_logs',
      '2024-02-29-23',
      's3://acme-data/cloudwatch_logs/2024/02/29/23/',
    ],
    ['acme-data', 'osquery/dt=2026-01-01-00/nested/deeper/x.json', 'osquery', '2026-01-01-00', 's3://acme-data/osquery/dt=2026-01-01-00/'],
    // StreamAlert v3's Parquet layout: a fixed folder, then the table, then the layout; locations keep the prefix.
    [
      'acme-v3',
      'parquet/cloudtrail/dt=2026-11-28-09/part-0.parquet',
      'cloudtrail',
      '2026-11-28-09',
      's3://acme-v3/parquet/cloudtrail/dt=2026-11-28-09/',
    ],
    ['acme-v3', 'parquet/alerts/2026/11/28/09/part-0.parquet', 'alerts', '2026-11-28-09', 's3://acme-v3/parquet/alerts/2026/11/28/09/'],
    ['acme-logs', 'firehose/out/logs/dt=2026-11-28-09/x', 'logs', '2026-11-28-09', 's3://acme-logs/firehose/out/logs/dt=2026-11-28-09/'],
    ['acme-logs', 'firehose/out/2026/11/28/09/x', 'logs', '2026-11-28-09', 's3://acme-logs/firehose/out/2026/11/28/09/'],
    ['acme-plain', 'dt=2026-11-28-09/x', 'plain', '2026-11-28-09', 's3://acme-plain/dt=2026-11-28-09/'],
  ];
  for (const [bucket, key, table, dt, location] of ok) {
    it(`${bucket}/${key}`, () =>
      assert.deepEqual(partitionFor({ bucket, key }, buckets), { ok: true, partition: { table, dt, location } }));
  }

  const rejected: [string, string, RegExp][] = [
    ['other-bucket', 'alerts/dt=2026-11-28-09/x', /not in athena_partition_refresh_config.buckets/],
    ['acme-alerts', 'alerts/x.json', /outside every key layout/],
    ['acme-alerts', 'alerts/dt=2026-11-28-09', /outside every key layout/],
    ['acme-alerts', 'other/dt=2026-11-28-09/x', /outside every key layout/],
    ['acme-alerts', 'alerts/dt=2026-02-30-10/x', /not a real date/],
    ['acme-alerts', 'alerts/dt=2026-11-28-24/x', /not a real date/],
    ['acme-alerts', 'alerts/2023/02/29/00/x', /not a real date/],
    ['acme-alerts', 'alerts/2026/13/01/00/x', /not a real date/],
    ['acme-data', "bad'table/dt=2026-11-28-09/x", /not a table name/],
    ['acme-data', 'dt=2026-11-28-09/x', /not a table name/],
    ['acme-data', '../dt=2026-11-28-09/x', /not a table name/],
    [
      'acme-v3',
      'cloudtrail/dt=2026-11-28-09/x',
      /outside the prefix "parquet\/" that athena_partition_refresh_config.buckets gives bucket "acme-v3"/,
    ],
    ['acme-v3', 'parquetx/cloudtrail/dt=2026-11-28-09/x', /outside the prefix "parquet\/"/],
    ['acme-v3', 'parquet/dt=2026-11-28-09/x', /first folder "dt=2026-11-28-09" is not a table name/],
    ['acme-logs', 'logs/dt=2026-11-28-09/x', /outside the prefix "firehose\/out\/"/],
  ];
  for (const [bucket, key, reason] of rejected) {
    it(`rejects ${bucket}/${key}`, () => {
      const r = partitionFor({ bucket, key }, buckets);
      assert.equal(r.ok, false);
      assert.match((r as { reason: string }).reason, reason);
    });
  }

  it('keys partitions by table and value only', () => {
    assert.equal(partitionKey({ table: 'a', dt: '1' }), partitionKey({ table: 'a', dt: '1' }));
    assert.notEqual(partitionKey({ table: 'a', dt: '1' }), partitionKey({ table: 'b', dt: '1' }));
  });
});
