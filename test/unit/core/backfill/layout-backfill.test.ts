/** Backfill discovery of declared layouts: the template walked level by level, dates pruned by the range. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discoverPartitions } from '../../../../src/core/backfill/discovery.js';
import { parseRange } from '../../../../src/core/backfill/range.js';
import { validate } from '../../../../src/core/config/read-json.js';
import { tableLayouts, tableSchema, tableSchemaFile } from '../../../../src/core/config/table-schemas.js';
import { partitionName } from '../../../../src/core/partitions/partition.js';
import { MemoryBuckets } from '../../../support/memory-bucket.js';

const FILE = '/conf/schemas/cloudtrail.json';
const cloudtrail = (extra: Record<string, unknown> = {}) =>
  tableLayouts([
    tableSchema(
      'cloudtrail',
      FILE,
      validate(
        tableSchemaFile,
        {
          format: 'json',
          columns: { records: 'array<string>' },
          location: 's3://acme-cloudtrail/AWSLogs/',
          partition_keys: { account: 'string', region: 'string', day: 'string' },
          partition_layout: '{account}/CloudTrail/{region}/{day:yyyy/MM/dd}/',
          ignore_layouts: ['{account}/CloudTrail-Digest/'],
          ...extra,
        },
        FILE,
      ),
    ),
  ]);

const KEYS = {
  'acme-cloudtrail': [
    'AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/27/a.json.gz',
    'AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/28/b.json.gz',
    'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/28/c.json.gz',
    'AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/01/old.json.gz',
    'AWSLogs/444455556666/CloudTrail/us-east-1/2026/12/01/d.json.gz',
    'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/28/digest.json.gz',
    'AWSLogs/111122223333/Config/us-east-1/2026/11/28/config.json.gz',
    'AWSLogs/111122223333/CloudTrail/us-east-1/2026/02/30/bad.json.gz',
  ],
};

describe('discoverPartitions with a declared layout', () => {
  it('finds every partition with its values and folder; digests pass silently, other folders are reported', async () => {
    const found = await discoverPartitions({ 'acme-cloudtrail': 'cloudtrail' }, new MemoryBuckets(KEYS), {
      range: {},
      layouts: cloudtrail(),
    });
    assert.deepEqual(
      found.partitions.map((p) => `${p.table} ${partitionName(p)} ${p.location}`),
      [
        'cloudtrail account=111122223333/region=eu-west-1/day=2025/01/01 s3://acme-cloudtrail/AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/01/',
        'cloudtrail account=111122223333/region=eu-west-1/day=2026/11/28 s3://acme-cloudtrail/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/28/',
        'cloudtrail account=111122223333/region=us-east-1/day=2026/11/27 s3://acme-cloudtrail/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/27/',
        'cloudtrail account=111122223333/region=us-east-1/day=2026/11/28 s3://acme-cloudtrail/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/28/',
        'cloudtrail account=444455556666/region=us-east-1/day=2026/12/01 s3://acme-cloudtrail/AWSLogs/444455556666/CloudTrail/us-east-1/2026/12/01/',
      ],
    );
    assert.deepEqual(
      found.skipped.map((s) => s.location),
      ['s3://acme-cloudtrail/AWSLogs/111122223333/CloudTrail/us-east-1/2026/02/30/', 's3://acme-cloudtrail/AWSLogs/111122223333/Config/'],
    );
  });

  it('lists only the dates inside --since/--until', async () => {
    const lister = new MemoryBuckets(KEYS);
    const found = await discoverPartitions({ 'acme-cloudtrail': 'cloudtrail' }, lister, {
      range: parseRange('2026-11-28', '2026-11-30'),
      layouts: cloudtrail(),
    });
    assert.deepEqual(found.partitions.map(partitionName), [
      'account=111122223333/region=eu-west-1/day=2026/11/28',
      'account=111122223333/region=us-east-1/day=2026/11/28',
    ]);
    assert.ok(!lister.listed.some((p) => p.endsWith('/2025/')), 'the year 2025 is never listed');
    assert.ok(!lister.listed.some((p) => p.endsWith('/2026/12/')), 'nor December 2026');
    assert.ok(!lister.listed.some((p) => p.includes('CloudTrail-Digest')), 'nor the digests');
  });

  it('walks no table that uses partition projection', async () => {
    const lister = new MemoryBuckets(KEYS);
    const found = await discoverPartitions({ 'acme-cloudtrail': 'cloudtrail' }, lister, {
      range: {},
      layouts: cloudtrail({ projection: true }),
    });
    assert.deepEqual([found.partitions, lister.listed], [[], []]);
  });
});
