import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configFromObjects, loadConfig } from '../../../../src/core/config/load.js';
import { ConfigError } from '../../../../src/core/kernel/errors.js';
import { cliMessage } from '../../../../src/cli/errors/messages.js';

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
    assert.deepEqual(
      [a.runtime, a.log_retention_days, a.trigger, a.batch_size, a.maximum_batching_window_seconds, a.maximum_concurrency, a.kms_key_arn],
      ['nodejs24.x', 30, 'schedule', 1000, 60, 2, undefined],
    );
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
      assert.equal(
        configFromObjects({ account }, { athena_partition_refresh_config: { ...athena, results_bucket: input } }).athena.results_location,
        out,
      );
    });
  }

  const good: [string, Record<string, unknown>][] = [
    ['sqs batches of 10 without a window', { trigger: 'sqs', batch_size: 10, maximum_batching_window_seconds: 0 }],
    ['the largest sqs settings', { trigger: 'sqs', batch_size: 10_000, maximum_batching_window_seconds: 300, maximum_concurrency: 1000 }],
    ['a schedule trigger ignores the window rule', { trigger: 'schedule', batch_size: 1000, maximum_batching_window_seconds: 0 }],
    ['a retention of 3653 days', { log_retention_days: 3653 }],
    ['a KMS key ARN', { kms_key_arn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }],
  ];
  for (const [name, extra] of good) {
    it(`accepts ${name}`, () => {
      const a = configFromObjects({ account }, { athena_partition_refresh_config: { ...athena, ...extra } }).athena;
      for (const [k, v] of Object.entries(extra)) assert.equal(a[k as keyof typeof a], v);
    });
  }

  const bad: [string, unknown, unknown, RegExp][] = [
    [
      'empty bucket map',
      { account },
      { athena_partition_refresh_config: { buckets: {} } },
      /athena_partition_refresh_config\.buckets: buckets must map at least one/,
    ],
    ['missing buckets', { account }, { athena_partition_refresh_config: {} }, /athena_partition_refresh_config\.buckets/],
    [
      'wrong type',
      { account },
      { athena_partition_refresh_config: { ...athena, memory: '128' } },
      /athena_partition_refresh_config\.memory: .*number/,
    ],
    ['unknown key', { account }, { athena_partition_refresh_config: { ...athena, timeoutt: 5 } }, /unknown key\(s\) "timeoutt"/],
    [
      'bad schedule',
      { account },
      { athena_partition_refresh_config: { ...athena, schedule_expression: 'rate(5 minute)' } },
      /schedule_expression: "rate\(5 minute\)": write rate\(5 minutes\)/,
    ],
    ['bad table name', { account }, { athena_partition_refresh_config: { buckets: { 'acme-x': 'drop table;' } } }, /buckets\["acme-x"\]/],
    [
      'bad bucket name',
      { account },
      { athena_partition_refresh_config: { buckets: { Bad_Bucket: 'alerts' } } },
      /buckets.Bad_Bucket: bucket name "Bad_Bucket" may hold only lower-case letters/,
    ],
    [
      'bad database',
      { account },
      { athena_partition_refresh_config: { ...athena, database_name: 'stream-alert' } },
      /database_name: database_name must be letters/,
    ],
    ['bad strategy', { account }, { athena_partition_refresh_config: { ...athena, refresh_strategy: 'msck' } }, /refresh_strategy/],
    [
      'bad account id',
      { account: { ...account, aws_account_id: '12' } },
      { athena_partition_refresh_config: athena },
      /global\.json: invalid configuration\n  account\.aws_account_id/,
    ],
    ['missing athena section', { account }, {}, /athena_partition_refresh_config/],
    [
      'bad trigger',
      { account },
      { athena_partition_refresh_config: { ...athena, trigger: 'kinesis' } },
      /athena_partition_refresh_config\.trigger/,
    ],
    ['batch_size over 10,000', { account }, { athena_partition_refresh_config: { ...athena, batch_size: 10_001 } }, /batch_size: .*10000/],
    ['batch_size 0', { account }, { athena_partition_refresh_config: { ...athena, batch_size: 0 } }, /batch_size/],
    [
      'batching window over 300 s',
      { account },
      { athena_partition_refresh_config: { ...athena, maximum_batching_window_seconds: 301 } },
      /maximum_batching_window_seconds/,
    ],
    [
      'maximum_concurrency 1',
      { account },
      { athena_partition_refresh_config: { ...athena, maximum_concurrency: 1 } },
      /maximum_concurrency: .*2/,
    ],
    [
      'maximum_concurrency over 1,000',
      { account },
      { athena_partition_refresh_config: { ...athena, maximum_concurrency: 1001 } },
      /maximum_concurrency/,
    ],
    [
      'sqs batches over 10 without a batching window (AWS refuses them)',
      { account },
      { athena_partition_refresh_config: { ...athena, trigger: 'sqs', batch_size: 11, maximum_batching_window_seconds: 0 } },
      /athena_partition_refresh_config\.maximum_batching_window_seconds: AWS needs a batching window of at least 1 s when batch_size is over 10 \(it is 11\)/,
    ],
    [
      'a retention CloudWatch Logs refuses',
      { account },
      { athena_partition_refresh_config: { ...athena, log_retention_days: 31 } },
      /log_retention_days: log_retention_days must be one of the values CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30/,
    ],
    [
      'a retention on rule_processor_config too',
      { account },
      { athena_partition_refresh_config: athena, rule_processor_config: { log_retention_days: 0 } },
      /rule_processor_config\.log_retention_days/,
    ],
    [
      'a KMS alias instead of a key ARN',
      { account },
      { athena_partition_refresh_config: { ...athena, kms_key_arn: 'arn:aws:kms:us-east-1:123456789012:alias/queue' } },
      /kms_key_arn must be a KMS key ARN/,
    ],
  ];
  for (const [name, g, l, message] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => configFromObjects(g, l),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError);
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }

  it('names the file, line and column of invalid JSON', () => {
    const dir = dirWith(JSON.stringify({ account }), '{\n  "athena_partition_refresh_config": {\n    "buckets": {,}\n  }\n}');
    assert.throws(
      () => loadConfig(dir),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /lambda\.json: invalid JSON at line 3, column 17/);
        return true;
      },
    );
  });

  it('says which file is missing and what to do', () => {
    // The CLI's wording (core names the option; the CLI writes --config-dir, the library `configDir`).
    assert.throws(
      () => loadConfig(join(tmpdir(), 'no-such-streamalert-conf')),
      (err: unknown) => /global\.json: file not found\. Pass --config-dir/.test(cliMessage(err)),
    );
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
