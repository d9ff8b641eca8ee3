/**
 * `export terraform`'s mappers for what init and deploy grew: alarms (from deploy's alarm plan),
 * the function's logging_config, tables with multi-key layouts and partition projection (init's
 * own table input), per-prefix bucket notifications, and the results bucket by ownership.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validate } from '../../../../src/core/config/read-json.js';
import { configFromObjects } from '../../../../src/core/config/load.js';
import { tableSchema, tableSchemaFile, type TableSchema } from '../../../../src/core/config/table-schemas.js';
import { planAlarms, type LiveAlarm } from '../../../../src/core/deploy/alarm-plan.js';
import { functionSpec } from '../../../../src/core/deploy/functions.js';
import type { PlannedFunction } from '../../../../src/core/deploy/planning.js';
import { alarms } from '../../../../src/core/export/resources/alarms.js';
import { bucketNotifications } from '../../../../src/core/export/resources/bucket-notifications.js';
import { catalog } from '../../../../src/core/export/resources/catalog.js';
import { lambdaFunction } from '../../../../src/core/export/resources/function.js';
import { resultsBucket } from '../../../../src/core/export/resources/results-bucket.js';
import type { ExportInput, TfResource } from '../../../../src/core/export/types.js';
import { initTarget, planInit, type LiveState } from '../../../../src/core/init/plan.js';
import { tableDefinition } from '../../../../src/core/init/tables.js';
import type { LiveResultsBucket } from '../../../../src/core/init/types.js';
import { ownershipTags } from '../../../../src/core/account/ownership.js';

const ACCOUNT = { aws_account_id: '123456789012', prefix: 'p', region: 'us-east-1' };
const OURS = { 'streamalert:managed': 'true', 'streamalert:prefix': 'p' };
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:oncall';
type Athena = Record<string, unknown>;

const configOf = (athena: Athena = {}) =>
  configFromObjects(
    { account: ACCOUNT },
    { athena_partition_refresh_config: { buckets: { 'p-alerts': 'alerts' }, results_bucket: 's3://p-results/athena/', ...athena } },
  );

const emptyLive = (config: ReturnType<typeof configOf>, extra: Partial<LiveState> = {}): LiveState => ({
  queue: null,
  dlq: null,
  buckets: Object.fromEntries(Object.keys(config.athena.buckets).map((b) => [b, {}])),
  results: null,
  database: { glue: false, athena: false },
  tables: {},
  ...extra,
});

function planned(config: ReturnType<typeof configOf>, liveAlarms?: Map<string, LiveAlarm>): PlannedFunction {
  const spec = functionSpec(config, 'athena');
  return {
    spec,
    pkg: { zip: new Uint8Array([1]), sha256: 'c2hh', sha256Hex: 'aa', size: 1 },
    live: { function: null, alias: null },
    plan: { action: 'create', steps: [] },
    alias: 'arn:f:production',
    logGroup: { live: null, plan: { action: 'create', steps: [] } },
    ...(liveAlarms && spec.alarms ? { alarms: { plan: planAlarms(spec.alarms, liveAlarms) } } : {}),
    warnings: [],
    blockers: [],
  };
}

function inputOf(
  athena: Athena = {},
  options: { schemas?: TableSchema[]; live?: Partial<LiveState>; liveAlarms?: Map<string, LiveAlarm> } = {},
): ExportInput {
  const config = configOf(athena);
  const target = initTarget(config, options.schemas ?? []);
  const live = emptyLive(config, options.live);
  return {
    region: 'us-east-1',
    tags: ownershipTags(config),
    init: { target, live, plan: planInit(target, live, { updateTables: true }) },
    functions: [{ planned: planned(config, options.liveAlarms), zipFile: 'f.zip' }],
  };
}

const byAddress = (resources: TfResource[]) => Object.fromEntries(resources.map((r) => [`${r.type}.${r.name}`, r]));

describe('export: alarms, from the alarm plan deploy uses', () => {
  const cases: [string, Athena, string[]][] = [
    ['schedule trigger: oldest message, dead letters, errors', {}, ['athena_dead_letters', 'athena_errors', 'athena_oldest_message']],
    [
      'sqs trigger: and throttles',
      { trigger: 'sqs' },
      ['athena_dead_letters', 'athena_errors', 'athena_oldest_message', 'athena_throttles'],
    ],
    ['alarms: false: none', { alarms: false }, []],
  ];
  for (const [what, athena, names] of cases) {
    it(what, () =>
      assert.deepEqual(
        alarms(inputOf(athena))
          .map((r) => r.name)
          .sort(),
        names,
      ),
    );
  }

  const doc = byAddress(alarms(inputOf({ alarm_topic_arn: TOPIC, trigger: 'sqs' })));
  const errors = doc['aws_cloudwatch_metric_alarm.athena_errors']!.body;
  const fields: [string, unknown][] = [
    ['alarm_name', 'p_streamalert_athena_partition_refresh-errors'],
    ['namespace', 'AWS/Lambda'],
    ['metric_name', 'Errors'],
    ['dimensions', { FunctionName: 'p_streamalert_athena_partition_refresh' }],
    ['statistic', 'Sum'],
    ['period', 300],
    ['evaluation_periods', 1],
    ['threshold', 0],
    ['comparison_operator', 'GreaterThanThreshold'],
    ['treat_missing_data', 'notBreaching'],
    ['alarm_actions', [TOPIC]],
    ['ok_actions', [TOPIC]],
    ['tags', OURS],
  ];
  for (const [field, value] of fields) it(`errors alarm: ${field}`, () => assert.deepEqual(errors[field], value));
  it('the oldest-message alarm watches the queue', () =>
    assert.deepEqual(doc['aws_cloudwatch_metric_alarm.athena_oldest_message']!.body.dimensions, {
      QueueName: 'p_streamalert_athena_s3_notifications',
    }));
  it('without alarm_topic_arn: no actions', () => assert.deepEqual(alarms(inputOf())[0]!.body.alarm_actions, []));

  it('an alarm that exists and is ours is imported; one of our name that is not ours is left out', () => {
    const config = configOf();
    const spec = functionSpec(config, 'athena').alarms!;
    const [oldest, dead] = spec.alarms;
    const live = new Map<string, LiveAlarm>([
      [oldest!.name, { name: oldest!.name, arn: 'arn:a1', tags: OURS, settings: oldest!.settings }],
      [dead!.name, { name: dead!.name, arn: 'arn:a2', tags: { team: 'other' }, settings: dead!.settings }],
    ]);
    const out = byAddress(alarms(inputOf({}, { liveAlarms: live })));
    assert.equal(out['aws_cloudwatch_metric_alarm.athena_oldest_message']!.importId, oldest!.name);
    assert.equal(out['aws_cloudwatch_metric_alarm.athena_errors']!.importId, undefined);
    assert.equal(out['aws_cloudwatch_metric_alarm.athena_dead_letters'], undefined);
  });
});

describe('export: the function’s logging_config', () => {
  const cases: [string, Athena, unknown][] = [
    ['default log_level', {}, { log_format: 'JSON', application_log_level: 'INFO', system_log_level: 'WARN' }],
    ['log_level debug', { log_level: 'debug' }, { log_format: 'JSON', application_log_level: 'DEBUG', system_log_level: 'WARN' }],
    ['log_level error', { log_level: 'error' }, { log_format: 'JSON', application_log_level: 'ERROR', system_log_level: 'WARN' }],
  ];
  for (const [what, athena, expected] of cases) {
    it(what, () =>
      assert.deepEqual(lambdaFunction(inputOf(athena)).find((r) => r.type === 'aws_lambda_function')!.body.logging_config, expected),
    );
  }
});

const FILE = '/conf/schemas/trail.json';
const schemaOf = (extra: Record<string, unknown>) =>
  tableSchema(
    'trail',
    FILE,
    validate(
      tableSchemaFile,
      {
        format: 'json',
        columns: { message: 'string' },
        location: 's3://p-alerts/AWSLogs/',
        partition_keys: { account: 'string', year: 'int', day: 'string' },
        partition_layout: '{account}/{year}/{day:yyyy/MM/dd}/',
        ...extra,
      },
      FILE,
    ),
  );

describe('export: tables with multi-key layouts and projection, as init creates them', () => {
  const cases: [string, TableSchema][] = [
    ['multi-key, registered partitions', schemaOf({})],
    [
      'multi-key, projected',
      schemaOf({ projection: true, projection_keys: { account: { values: ['111122223333'] }, year: { range: '2020,2030' } } }),
    ],
  ];
  for (const [what, schema] of cases) {
    const table = catalog(inputOf({}, { schemas: [schema] })).find((r) => r.name === 'trail')!;
    const want = tableDefinition(schema, 's3://p-alerts/AWSLogs/');
    it(`${what}: partition keys in order with their Hive types`, () =>
      assert.deepEqual(table.body.partition_keys, [
        { name: 'account', type: 'string' },
        { name: 'year', type: 'int' },
        { name: 'day', type: 'string' },
      ]));
    it(`${what}: parameters are init's table input's`, () => assert.deepEqual(table.body.parameters, want.parameters));
  }
  it('projected: projection.* and storage.location.template', () => {
    const table = catalog(inputOf({}, { schemas: [cases[1]![1]] })).find((r) => r.name === 'trail')!;
    const p = table.body.parameters as Record<string, string>;
    assert.equal(p['projection.enabled'], 'true');
    assert.equal(p['projection.year.type'], 'integer');
    assert.equal(p['storage.location.template'], 's3://p-alerts/AWSLogs/${account}/${year}/${day}/');
  });
  it('an existing table keeps its other parameters and gets projection’s', () => {
    const schema = cases[1]![1];
    const old = { ...tableDefinition(schemaOf({}), 's3://p-alerts/AWSLogs/'), parameters: { EXTERNAL: 'TRUE', numRows: '7' } };
    const table = catalog(
      inputOf({}, { schemas: [schema], live: { tables: { trail: old }, database: { glue: true, athena: true, tags: OURS } } }),
    ).find((r) => r.name === 'trail')!;
    const p = table.body.parameters as Record<string, string>;
    assert.equal(p.numRows, '7');
    assert.equal(p['projection.enabled'], 'true');
    assert.equal(table.importId, '123456789012:streamalert:trail');
  });
});

describe('export: bucket notifications per prefix', () => {
  const queueArn = '${aws_sqs_queue.notifications.arn}';
  const cases: [string, Athena, unknown][] = [
    [
      'a whole bucket: one block without a filter',
      {},
      [{ id: 'streamalert-athena-refresh', queue_arn: queueArn, events: ['s3:ObjectCreated:*'] }],
    ],
    [
      'a prefixed mapping: its prefix, with init’s Id',
      { buckets: { 'p-alerts': { table: 'alerts', prefix: 'logs/' } } },
      [{ id: 'streamalert-athena-refresh:logs/', queue_arn: queueArn, events: ['s3:ObjectCreated:*'], filter_prefix: 'logs/' }],
    ],
  ];
  for (const [what, athena, expected] of cases)
    it(what, () => assert.deepEqual(bucketNotifications(inputOf(athena))[0]!.body.queue, expected));
  it('a live per-prefix configuration already in place is ours (no warning, references our queue)', () => {
    const live = {
      'p-alerts': {
        QueueConfigurations: [
          {
            Id: 'streamalert-athena-refresh:logs/',
            QueueArn: 'arn:aws:sqs:us-east-1:123456789012:p_streamalert_athena_s3_notifications',
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'Prefix', Value: 'logs/' }] } },
          },
        ],
      },
    };
    const [r] = bucketNotifications(
      inputOf({ buckets: { 'p-alerts': { table: 'alerts', prefix: 'logs/' } } }, { live: { buckets: live } }),
    );
    assert.equal(r!.warnings, undefined);
    assert.equal((r!.body.queue as { queue_arn: string }[])[0]!.queue_arn, queueArn);
    assert.equal(r!.importId, 'p-alerts');
  });
});

describe('export: the results bucket as init decides it', () => {
  const theirs = (extra: Partial<LiveResultsBucket> = {}): LiveResultsBucket => ({
    encrypted: false,
    publicAccessBlock: null,
    lifecycleRules: [{ ID: 'keep', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 9 } }],
    tags: { team: 'other' },
    ...extra,
  });
  const types = (rs: TfResource[]) => rs.map((r) => r.type).sort();
  const cases: [string, Athena, LiveResultsBucket | null, string[]][] = [
    [
      'none yet: made, encrypted, blocked, expiring',
      {},
      null,
      [
        'aws_s3_bucket',
        'aws_s3_bucket_lifecycle_configuration',
        'aws_s3_bucket_public_access_block',
        'aws_s3_bucket_server_side_encryption_configuration',
      ],
    ],
    [
      'ours, encrypted: no encryption resource',
      {},
      { ...theirs({ encrypted: true }), tags: OURS },
      ['aws_s3_bucket', 'aws_s3_bucket_lifecycle_configuration', 'aws_s3_bucket_public_access_block'],
    ],
    ['not ours: nothing at all', {}, theirs(), []],
    ['not ours, results_lifecycle: its lifecycle only', { results_lifecycle: true }, theirs(), ['aws_s3_bucket_lifecycle_configuration']],
    ['not ours, results_lifecycle without a prefix: nothing', { results_lifecycle: true, results_bucket: 's3://p-results/' }, theirs(), []],
  ];
  for (const [what, athena, live, expected] of cases)
    it(what, () => assert.deepEqual(types(resultsBucket(inputOf(athena, { live: { results: live } }))), expected));

  it('results_lifecycle on a bucket not ours: its rules kept, ours under the prefix, the bucket by name, imported, a warning', () => {
    const [r] = resultsBucket(inputOf({ results_lifecycle: true }, { live: { results: theirs() } }));
    assert.equal(r!.body.bucket, 'p-results');
    assert.deepEqual(
      (r!.body.rule as { id: string; filter: unknown }[]).map((x) => [x.id, x.filter]),
      [
        ['keep', { prefix: 'tmp/' }],
        ['streamalert-athena-results-expiry', { prefix: 'athena/' }],
      ],
    );
    assert.equal(r!.importId, 'p-results');
    assert.match(r!.warnings![0]!, /not streamalert's.*keep/);
  });
});
