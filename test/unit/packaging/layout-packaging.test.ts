/** A Lambda zip carries the schema files of tables with a declared layout: the function reads keys by them. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../src/core/config/load.js';
import { configEntries } from '../../../src/packaging/package.js';

function configDir(schemas: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamalert-layout-zip-'));
  writeFileSync(
    join(dir, 'global.json'),
    JSON.stringify({ account: { aws_account_id: '123456789012', prefix: 'test', region: 'us-east-1' } }),
  );
  writeFileSync(
    join(dir, 'lambda.json'),
    JSON.stringify({ athena_partition_refresh_config: { buckets: { 'acme-cloudtrail': 'cloudtrail', 'acme-data': '*' } } }),
  );
  mkdirSync(join(dir, 'schemas'));
  for (const [table, schema] of Object.entries(schemas)) writeFileSync(join(dir, 'schemas', `${table}.json`), JSON.stringify(schema));
  return dir;
}

describe('Lambda config entries', () => {
  it('add conf/schemas/<table>.json for tables with a layout only, and the function reads them back', () => {
    const dir = configDir({
      osquery: { format: 'json', columns: { name: 'string' } },
      cloudtrail: {
        location: 's3://acme-cloudtrail/AWSLogs/',
        partition_keys: { account: 'string', day: 'string' },
        partition_layout: '{account}/CloudTrail/{day:yyyy/MM/dd}/',
      },
    });
    const entries = configEntries(loadConfig(dir));
    assert.deepEqual(
      entries.map((e) => e.path),
      ['conf/global.json', 'conf/lambda.json', 'conf/schemas/cloudtrail.json'],
    );
    const zipped = configDir({ cloudtrail: JSON.parse(new TextDecoder().decode(entries[2]!.data)) });
    assert.deepEqual(Object.keys(loadConfig(zipped).athena.layouts), ['cloudtrail']);
  });

  it('stay the two files for a config without layouts', () => {
    assert.deepEqual(
      configEntries(loadConfig(configDir({ osquery: { format: 'json', columns: { name: 'string' } } }))).map((e) => e.path),
      ['conf/global.json', 'conf/lambda.json'],
    );
  });
});
