/** --function selection and function specs resolved from conf/lambda.json. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromObjects, type Config } from '../../../../src/core/config/load.js';
import { functionSpec, parseFunctionNames, resolveFunctions } from '../../../../src/core/deploy/functions.js';
import { ConfigError, UsageError } from '../../../../src/core/kernel/errors.js';
import { buildIamPolicy } from '../../../../src/core/iam/policy.js';

const ACCOUNT = { account: { aws_account_id: '123456789012', prefix: 'acme', region: 'us-east-1' } };
const ATHENA = { buckets: { 'acme-data': '*' } };

function config(lambda: Record<string, unknown>, dir = '/srv/project/conf'): Config {
  return { ...configFromObjects(ACCOUNT, { athena_partition_refresh_config: ATHENA, ...lambda }), dir };
}

describe('parseFunctionNames', () => {
  const cases: [string[] | string | undefined, { all: boolean; keys: string[] } | typeof UsageError][] = [
    [['athena'], { all: false, keys: ['athena'] }],
    ['athena', { all: false, keys: ['athena'] }],
    [['alert', 'athena'], { all: false, keys: ['athena', 'alert'] }],
    [['rule,alert'], { all: false, keys: ['rule', 'alert'] }],
    [[' Athena , RULE '], { all: false, keys: ['athena', 'rule'] }],
    [['all'], { all: true, keys: ['athena', 'rule', 'alert'] }],
    [['athena', 'all'], { all: true, keys: ['athena', 'rule', 'alert'] }],
    [['athena', 'athena'], { all: false, keys: ['athena'] }],
    [undefined, UsageError],
    [[], UsageError],
    [[','], UsageError],
    [['lambda'], UsageError],
    [['athena,classifier'], UsageError],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${typeof expected === 'function' ? 'UsageError' : JSON.stringify(expected)}`, () => {
      if (typeof expected === 'function') assert.throws(() => parseFunctionNames(input), expected);
      else assert.deepEqual(parseFunctionNames(input), expected);
    });
  }
});

describe('resolveFunctions', () => {
  it('names functions <prefix>_streamalert_<function> unless function_name is set', () => {
    const c = config({
      rule_processor_config: { source: 'rules/main.ts' },
      alert_processor_config: { source: 'alerts', handler: 'main.handler', runtime: 'python3.12', function_name: 'my_alerts' },
    });
    const { functions, skipped } = resolveFunctions(c, ['all']);
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      functions.map((f) => [f.key, f.name]),
      [
        ['athena', 'acme_streamalert_athena_partition_refresh'],
        ['rule', 'acme_streamalert_rule_processor'],
        ['alert', 'my_alerts'],
      ],
    );
  });

  it('with all, skips missing, code-less and disabled functions and says why', () => {
    const c = config({ rule_processor_config: { memory: 256 }, alert_processor_config: { source: 'alerts.ts', enabled: false } });
    const { functions, skipped } = resolveFunctions(c, ['all']);
    assert.deepEqual(
      functions.map((f) => f.key),
      ['athena'],
    );
    assert.deepEqual(
      skipped.map((s) => s.key),
      ['rule', 'alert'],
    );
    assert.match(skipped[0]!.reason, /rule_processor_config\.source is not set/);
    assert.match(skipped[1]!.reason, /disabled \(alert_processor_config\.enabled is false\)/);
    const none = resolveFunctions(config({}), ['all']);
    assert.match(none.skipped.find((s) => s.key === 'rule')!.reason, /no rule_processor_config section/);
  });

  it('a function named explicitly without a usable section is a ConfigError naming the section', () => {
    assert.throws(
      () => resolveFunctions(config({}), ['rule']),
      (err: unknown) =>
        err instanceof ConfigError && /no rule_processor_config section/.test(err.message) && err.keyPath === 'rule_processor_config',
    );
    assert.throws(
      () => resolveFunctions(config({ alert_processor_config: { memory: 256 } }), ['alert']),
      /alert_processor_config\.source is not set/,
    );
  });

  it('a disabled function named explicitly is deployed (athena: with its schedule disabled)', () => {
    const c = configFromObjects(ACCOUNT, { athena_partition_refresh_config: { ...ATHENA, enabled: false } });
    const { functions } = resolveFunctions(c, 'athena');
    assert.equal(functions[0]!.enabled, false);
    assert.deepEqual(functions[0]!.schedule, {
      ruleName: 'acme_streamalert_athena_partition_refresh',
      expression: 'rate(10 minutes)',
      enabled: false,
      required: true,
    });
    assert.equal(functions[0]!.trigger?.enabled, false);
  });
});

describe('functionSpec', () => {
  it('athena: built-in code, index.handler, nodejs24.x, LOG_LEVEL from log_level, the log group, the schedule trigger', () => {
    const c = configFromObjects(ACCOUNT, {
      athena_partition_refresh_config: {
        ...ATHENA,
        log_level: 'debug',
        memory: 256,
        timeout: 120,
        schedule_expression: 'rate(2 minutes)',
        role_arn: 'arn:aws:iam::123456789012:role/athena',
      },
    });
    const { alarms, ...spec } = functionSpec(c, 'athena');
    // The alarms have their own tests (deploy-alarms.test.ts); here: they are there, by name.
    assert.deepEqual(
      alarms?.alarms.map((a) => a.name),
      ['oldest-message', 'dead-letters', 'errors'].map((k) => `acme_streamalert_athena_partition_refresh-${k}`),
    );
    assert.deepEqual(spec, {
      key: 'athena',
      section: 'athena_partition_refresh_config',
      name: 'acme_streamalert_athena_partition_refresh',
      enabled: true,
      source: { kind: 'builtin', name: 'athena' },
      handler: 'index.handler',
      runtime: 'nodejs24.x',
      memory: 256,
      timeout: 120,
      environment: { LOG_LEVEL: 'debug' },
      logGroup: { name: '/aws/lambda/acme_streamalert_athena_partition_refresh', retentionDays: 30 },
      logging: { format: 'JSON', applicationLevel: 'DEBUG', systemLevel: 'WARN' },
      roleArn: 'arn:aws:iam::123456789012:role/athena',
      schedule: { ruleName: 'acme_streamalert_athena_partition_refresh', expression: 'rate(2 minutes)', enabled: true, required: true },
      trigger: {
        kind: 'schedule',
        queueName: 'acme_streamalert_athena_s3_notifications',
        queueArn: 'arn:aws:sqs:us-east-1:123456789012:acme_streamalert_athena_s3_notifications',
        enabled: false,
        batchSize: 1000,
        maximumBatchingWindowSeconds: 60,
        maximumConcurrency: 2,
      },
    });
  });

  it('athena with trigger sqs: the mapping is enabled with the configured settings, the schedule is not required', () => {
    const c = configFromObjects(ACCOUNT, {
      athena_partition_refresh_config: {
        ...ATHENA,
        trigger: 'sqs',
        batch_size: 5000,
        maximum_batching_window_seconds: 120,
        maximum_concurrency: 5,
        log_retention_days: 14,
      },
    });
    const spec = functionSpec(c, 'athena');
    assert.deepEqual(spec.schedule, {
      ruleName: 'acme_streamalert_athena_partition_refresh',
      expression: 'rate(10 minutes)',
      enabled: false,
      required: false,
    });
    assert.deepEqual(
      [
        spec.trigger?.kind,
        spec.trigger?.enabled,
        spec.trigger?.batchSize,
        spec.trigger?.maximumBatchingWindowSeconds,
        spec.trigger?.maximumConcurrency,
      ],
      ['sqs', true, 5000, 120, 5],
    );
    assert.equal(spec.logGroup.retentionDays, 14);
  });

  it('athena without role_arn: deploy manages <function_name>_role with the iam-policy of the strategy and trigger', () => {
    const c = configFromObjects(ACCOUNT, {
      athena_partition_refresh_config: {
        ...ATHENA,
        trigger: 'sqs',
        kms_key_arn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      },
    });
    const spec = functionSpec(c, 'athena');
    assert.equal(spec.managedRole?.name, 'acme_streamalert_athena_partition_refresh_role');
    assert.equal(spec.roleArn, 'arn:aws:iam::123456789012:role/acme_streamalert_athena_partition_refresh_role');
    assert.deepEqual(spec.managedRole?.trustPolicy, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    assert.deepEqual(spec.managedRole?.policy, buildIamPolicy(c));
    const mine = new Set(['EventSourceMappingPollsNotifications', 'DecryptNotifications']);
    assert.deepEqual(
      spec.managedRole?.policy.Statement.filter((s) => mine.has(s.Sid)).map((s) => [s.Sid, s.Action]),
      [
        ['EventSourceMappingPollsNotifications', ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage']],
        ['DecryptNotifications', ['kms:Decrypt']],
      ],
    );
  });

  it('rule and alert never get a managed role', () => {
    const spec = functionSpec(config({ rule_processor_config: { source: 'r.ts' } }), 'rule');
    assert.equal(spec.managedRole, undefined);
    assert.equal(spec.roleArn, undefined);
    assert.deepEqual(spec.logGroup, { name: '/aws/lambda/acme_streamalert_rule_processor', retentionDays: 30 });
  });

  const sources: [string, unknown][] = [
    ['rules/main.ts', { kind: 'entry', path: '/srv/project/rules/main.ts' }],
    ['./rules/handler.mjs', { kind: 'entry', path: '/srv/project/rules/handler.mjs' }],
    ['/opt/code/index.JS', { kind: 'entry', path: '/opt/code/index.JS' }],
    ['rules', { kind: 'directory', path: '/srv/project/rules' }],
    ['build/rules/', { kind: 'directory', path: '/srv/project/build/rules' }],
  ];
  for (const [source, expected] of sources) {
    it(`source "${source}" → ${JSON.stringify(expected)} (relative to the folder holding conf/)`, () => {
      const c = config({ rule_processor_config: { source, handler: source.match(/\.(m?ts|m?js|JS)$/) ? undefined : 'main.handler' } });
      assert.deepEqual(functionSpec(c, 'rule').source, expected);
    });
  }

  it('environment adds to LOG_LEVEL and may override it', () => {
    const c = config({ rule_processor_config: { source: 'r.ts', environment: { TABLE: 'x', LOG_LEVEL: 'warn' } } });
    assert.deepEqual(functionSpec(c, 'rule').environment, { LOG_LEVEL: 'warn', TABLE: 'x' });
  });

  const invalid: [string, Record<string, unknown>, RegExp][] = [
    ['a directory without a handler', { source: 'rules' }, /handler is required when source is a directory/],
    [
      'a bundled entry on a Python runtime',
      { source: 'r.ts', runtime: 'python3.12' },
      /runtime is "python3.12" but the code is bundled for Node.js/,
    ],
    ['a bundled entry with a handler outside index.mjs', { source: 'r.ts', handler: 'main.handler' }, /handler must be index\.<export>/],
  ];
  for (const [what, section, message] of invalid) {
    it(`rejects ${what}`, () => {
      assert.throws(
        () => functionSpec(config({ rule_processor_config: section }), 'rule'),
        (err: unknown) => err instanceof ConfigError && message.test(err.message),
      );
    });
  }

  it('accepts a directory on any runtime with its handler', () => {
    const spec = functionSpec(
      config({ rule_processor_config: { source: 'rules', handler: 'main.handler', runtime: 'python3.12' } }),
      'rule',
    );
    assert.equal(spec.runtime, 'python3.12');
    assert.equal(spec.handler, 'main.handler');
    assert.equal(spec.schedule, undefined);
  });
});
