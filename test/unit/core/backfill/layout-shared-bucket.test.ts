/**
 * One bucket, several tables: a central log bucket holds CloudTrail, VPC flow logs and ALB logs side
 * by side under AWSLogs/<account>/. The bucket map names one table; a key another table's declared
 * layout fits goes to that table, and backfill reports none of the neighbours' folders as strays.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discoverPartitions } from '../../../../src/core/backfill/discovery.js';
import { validate } from '../../../../src/core/config/read-json.js';
import { tableLayouts, tableSchema, tableSchemaFile } from '../../../../src/core/config/table-schemas.js';
import { locateObject, partitionName } from '../../../../src/core/partitions/partition.js';
import { MemoryBuckets } from '../../../support/memory-bucket.js';

const layout = (table: string, partition_layout: string, extra: Record<string, unknown> = {}) =>
  tableSchema(
    table,
    `/conf/schemas/${table}.json`,
    validate(
      tableSchemaFile,
      {
        location: 's3://acme-logs/AWSLogs/',
        partition_keys: { account: 'string', region: 'string', day: 'string' },
        partition_layout,
        ...extra,
      },
      `/conf/schemas/${table}.json`,
    ),
  );
const layouts = tableLayouts([
  layout('cloudtrail', '{account}/CloudTrail/{region}/{day:yyyy/MM/dd}/', { ignore_layouts: ['{account}/CloudTrail-Digest/'] }),
  layout('vpc_flow_logs', '{account}/vpcflowlogs/{region}/{day:yyyy/MM/dd}/'),
  layout('alb_logs', '{account}/elasticloadbalancing/{region}/{day:yyyy/MM/dd}/', { projection: undefined }),
]);
const buckets = { 'acme-logs': 'cloudtrail' };

describe('one bucket, several declared layouts', () => {
  const cases: [string, string][] = [
    ['AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/28/a.json.gz', 'cloudtrail account=111122223333/region=us-east-1/day=2026/11/28'],
    [
      'AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/28/b.log.gz',
      'vpc_flow_logs account=111122223333/region=us-east-1/day=2026/11/28',
    ],
    [
      'AWSLogs/111122223333/elasticloadbalancing/eu-west-1/2026/11/27/c.log.gz',
      'alb_logs account=111122223333/region=eu-west-1/day=2026/11/27',
    ],
    ['AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/28/d.json.gz', 'skip ignored'],
    ['AWSLogs/111122223333/Config/us-east-1/2026/11/28/e.json.gz', /^bad key .*: outside table cloudtrail's layout/.source],
  ];
  for (const [key, expected] of cases) {
    it(key, () => {
      const r = locateObject({ bucket: 'acme-logs', key }, buckets, layouts);
      const got =
        r.kind === 'partition'
          ? `${r.partition.table} ${partitionName(r.partition)}`
          : r.kind === 'skip'
            ? `skip ${r.why}`
            : `bad ${r.reason}`;
      if (expected.startsWith('^')) assert.match(got, new RegExp(expected));
      else assert.equal(got, expected);
    });
  }

  it('backfill finds each table in its folders and reports only the folder no layout covers', async () => {
    const keys = { 'acme-logs': cases.map(([key]) => key) };
    const found = await discoverPartitions(buckets, new MemoryBuckets(keys), { range: {}, layouts });
    assert.deepEqual(
      found.partitions.map((p) => `${p.table} ${partitionName(p)}`).sort(),
      [cases[2]![1], cases[0]![1], cases[1]![1]].sort(),
    );
    assert.deepEqual(
      found.skipped.map((s) => s.location),
      ['s3://acme-logs/AWSLogs/111122223333/Config/'],
    );
  });
});
