import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configFromObjects, loadConfig } from '../../src/core/config/load.js';
import { ConfigError } from '../../src/core/errors.js';

const account = { aws_account_id: '123456789012', prefix: 'acme', region: 'us-east-1' };
const athena = { buckets: { 'acme-streamalerts': 'alerts' } };

function dirWith(global: string, lambda: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sa-conf-'));
  writeFileSync(join(dir, 'global.json'), global);
  writeFileSync(join(dir, 'lambda.json'), lambda);
  return dir;
}

describe('config', () => {
  it('fills in the seed defaults and derived names', () => {
    const c = configFromObjects({ account }, { athena_partition_refresh_config: athena });
    const a = c.athena;
    assert.deepEqual(
      [a.enabled, a.enable_custom_metrics, a.log_level, a.memory, a.timeout, a.schedule_expression, a.database_name, a.refresh_strategy],
      [true, false, 'info', 128, 60, 'rate(10 minutes)', 'streamalert', 'add_partition'],
    );
    assert.equal(a.queue_name, 'acme_streamalert_athena_s3_notifications');
    assert.equal(a.results_location, 's3://acme-streamalert-athena-results/');
    assert.equal(a.function_name, 'acme_streamalert_athena_partition_refresh');
  });

  const results: [string, string][] = [
    ['bucket-only', 's3://bucket-only/'],
    ['s3://bkt/prefix', 's3://bkt/prefix/'],
    ['s3://bkt/prefix/', 's3://bkt/prefix/'],
    ['bkt/a/b', 's3://bkt/a/b/'],
    ['s3://my.results-1/athena/2026/', 's3://my.results-1/athena/2026/'],
  ];
  for (const [input, out] of results) {
    it(`results_bucket ${input} → ${out}`, () => {
      assert.equal(configFromObjects({ account }, { athena_partition_refresh_config: { ...athena, results_bucket: input } }).athena.results_location, out);
    });
  }

  const bad: [string, unknown, unknown, RegExp][] = [
    ['empty bucket map', { account }, { athena_partition_refresh_config: { buckets: {} } }, /athena_partition_refresh_config\.buckets: buckets must map at least one/],
    ['missing buckets', { account }, { athena_partition_refresh_config: {} }, /athena_partition_refresh_config\.buckets/],
    ['wrong type', { account }, { athena_partition_refresh_config: { ...athena, memory: '128' } }, /athena_partition_refresh_config\.memory: .*number/],
    ['unknown key', { account }, { athena_partition_refresh_config: { ...athena, timeoutt: 5 } }, /unknown key\(s\) "timeoutt"/],
    ['bad schedule', { account }, { athena_partition_refresh_config: { ...athena, schedule_expression: 'rate(5 minute)' } }, /schedule_expression: "rate\(5 minute\)": write rate\(5 minutes\)/],
    ['bad table name', { account }, { athena_partition_refresh_config: { buckets: { 'acme-x': 'drop table;' } } }, /buckets\["acme-x"\]/],
    ['bad bucket name', { account }, { athena_partition_refresh_config: { buckets: { Bad_Bucket: 'alerts' } } }, /buckets.Bad_Bucket: bucket name "Bad_Bucket" may hold only lower-case letters/],
    ['bad database', { account }, { athena_partition_refresh_config: { ...athena, database_name: 'stream-alert' } }, /database_name: database_name must be letters/],
    ['bad strategy', { account }, { athena_partition_refresh_config: { ...athena, refresh_strategy: 'msck' } }, /refresh_strategy/],
    ['bad account id', { account: { ...account, aws_account_id: '12' } }, { athena_partition_refresh_config: athena }, /global\.json: invalid configuration\n  account\.aws_account_id/],
    ['missing athena section', { account }, {}, /athena_partition_refresh_config/],
  ];
  for (const [name, g, l, message] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(() => configFromObjects(g, l), (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, message);
        return true;
      });
    });
  }

  it('names the file, line and column of invalid JSON', () => {
    const dir = dirWith(JSON.stringify({ account }), '{\n  "athena_partition_refresh_config": {\n    "buckets": {,}\n  }\n}');
    assert.throws(() => loadConfig(dir), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /lambda\.json: invalid JSON at line 3, column 17/);
      return true;
    });
  });

  it('says which file is missing and what to do', () => {
    assert.throws(() => loadConfig(join(tmpdir(), 'no-such-streamalert-conf')), /global\.json: file not found\. Pass --config-dir/);
  });

  it('lets --region override the account region', () => {
    const dir = dirWith(JSON.stringify({ account }), JSON.stringify({ athena_partition_refresh_config: athena }));
    assert.equal(loadConfig(dir, { region: 'eu-west-1' }).account.region, 'eu-west-1');
  });

  it('loads the shipped example conf/', () => {
    const c = loadConfig('conf');
    assert.deepEqual(Object.keys(c.athena.buckets).sort(), ['acme-streamalert-data', 'acme-streamalerts']);
  });
});
