/**
 * `export terraform`'s JSON from a plan: each resource kind's resource (table-driven), import
 * blocks for what exists, the "//" comment and warning for other teams' notification
 * configurations, stable ordering, and the provider constraint.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromObjects } from '../../../../src/core/config/load.js';
import { functionSpec } from '../../../../src/core/deploy/functions.js';
import type { PlannedFunction } from '../../../../src/core/deploy/planning.js';
import { awsProviderVersion, buildDocument, escapeTemplates } from '../../../../src/core/export/document.js';
import { lifecycleRuleBlock } from '../../../../src/core/export/resources/lifecycle-rules.js';
import { MAPPERS } from '../../../../src/core/export/resources/index.js';
import type { ExportInput } from '../../../../src/core/export/types.js';
import { initTarget, planInit, type LiveState } from '../../../../src/core/init/plan.js';
import { ownershipTags } from '../../../../src/core/account/ownership.js';

const config = configFromObjects(
  { account: { aws_account_id: '123456789012', prefix: 'p', region: 'us-east-1' }, tags: { team: 'data' } },
  {
    athena_partition_refresh_config: {
      buckets: { 'p-alerts': 'alerts', 'shared.logs': 'alerts' },
      results_bucket: 's3://p-results/athena/',
      trigger: 'schedule',
    },
  },
);
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:p_streamalert_athena_s3_notifications';
const OTHER = {
  Id: 'other-team',
  TopicArn: 'arn:aws:sns:us-east-1:123456789012:deletions',
  Events: ['s3:ObjectRemoved:*'],
  Filter: { Key: { FilterRules: [{ Name: 'Prefix', Value: 'logs/' }] } },
};

const OURS = { 'streamalert:managed': 'true', 'streamalert:prefix': 'p' };

const nothing: LiveState = {
  queue: null,
  dlq: null,
  buckets: { 'p-alerts': {}, 'shared.logs': { TopicConfigurations: [OTHER], EventBridgeConfiguration: {} } },
  results: null,
  database: { glue: false, athena: false },
  tables: {},
};

const everything: LiveState = {
  queue: {
    url: 'https://sqs/q',
    arn: QUEUE_ARN,
    attributes: {
      VisibilityTimeout: '900',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'Theirs', Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: QUEUE_ARN }],
      }),
    },
    tags: OURS,
  },
  dlq: { url: 'https://sqs/dlq', arn: `${QUEUE_ARN}_dlq`, attributes: {}, tags: OURS },
  buckets: {
    'p-alerts': { QueueConfigurations: [{ Id: 'streamalert-athena-refresh', QueueArn: QUEUE_ARN, Events: ['s3:ObjectCreated:*'] }] },
    'shared.logs': nothing.buckets['shared.logs']!,
  },
  results: {
    encrypted: true,
    publicAccessBlock: { BlockPublicAcls: true },
    lifecycleRules: [{ ID: 'theirs', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } }],
    tags: OURS,
  },
  database: { glue: true, athena: true, tags: OURS },
  tables: {
    alerts: {
      name: 'alerts',
      tableType: 'EXTERNAL_TABLE',
      location: 's3://p-alerts/alerts/',
      columns: [],
      partitionKeys: [],
      inputFormat: '',
      outputFormat: '',
      serializationLibrary: '',
      serdeParameters: {},
      parameters: { numRows: '5' },
    },
  },
};

function planned(exists: boolean, trigger: 'schedule' | 'sqs' = 'schedule'): PlannedFunction {
  const spec = functionSpec({ ...config, athena: { ...config.athena, trigger } }, 'athena');
  const fn = { arn: 'arn:f', version: '3', codeSha256: 'old', codeSize: 1, environment: {} };
  return {
    spec,
    pkg: { zip: new Uint8Array([1]), sha256: 'c2hh', sha256Hex: 'aa', size: 1 },
    live: exists ? { function: fn, alias: { arn: 'arn:f:production', version: '3' } } : { function: null, alias: null },
    plan: { action: exists ? 'update' : 'create', steps: [] },
    alias: 'arn:f:production',
    role: {
      spec: spec.managedRole!,
      live: exists ? { arn: spec.managedRole!.arn, policy: {} } : null,
      plan: { action: 'create', steps: [] },
    },
    logGroup: { live: exists ? { retentionDays: 1 } : null, plan: { action: 'create', steps: [] } },
    schedule: {
      live: exists
        ? { rule: { arn: 'arn:rule', enabled: true, expression: 'rate(1 hour)' }, targetsAlias: true, permitted: true }
        : { rule: null, targetsAlias: false, permitted: false },
      plan: { action: 'create', steps: [] },
    },
    mapping: {
      live: exists ? { uuid: 'uuid-1', enabled: false, state: 'Disabled', functionResponseTypes: [] } : null,
      plan: { action: 'unchanged', steps: [] },
    },
    warnings: [],
    blockers: [],
  };
}

function input(live: LiveState, exists: boolean, trigger: 'schedule' | 'sqs' = 'schedule'): ExportInput {
  const target = initTarget(config, []);
  return {
    region: 'us-east-1',
    tags: ownershipTags(config),
    init: { target, live, plan: planInit(target, live, { updateTables: true }) },
    functions: [{ planned: planned(exists, trigger), zipFile: 'f.zip' }],
  };
}

type Doc = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  import?: { to: string; id: string }[];
  terraform: { required_providers: { aws: { version: string } } };
  provider: unknown;
};
const parse = (i: ExportInput) => JSON.parse(buildDocument(i).text) as Doc;
const at = (doc: Doc, address: string, path: string): unknown => {
  const [type, name] = address.split('.');
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], doc.resource[type!]?.[name!]);
};

describe('export terraform: one resource per kind, from a plan with nothing in place', () => {
  const doc = parse(input(nothing, false));
  const tags = { 'streamalert:managed': 'true', 'streamalert:prefix': 'p', team: 'data' };
  const cases: [string, string, unknown][] = [
    ['aws_sqs_queue.notifications', 'name', 'p_streamalert_athena_s3_notifications'],
    ['aws_sqs_queue.notifications', 'visibility_timeout_seconds', 6 * config.athena.timeout],
    ['aws_sqs_queue.notifications', 'receive_wait_time_seconds', 20],
    ['aws_sqs_queue.notifications', 'sqs_managed_sse_enabled', true],
    [
      'aws_sqs_queue.notifications',
      'redrive_policy',
      JSON.stringify({ deadLetterTargetArn: `${QUEUE_ARN}_dlq`, maxReceiveCount: config.athena.max_receive_count }),
    ],
    ['aws_sqs_queue.notifications', 'tags', tags],
    ['aws_sqs_queue.dead_letter', 'message_retention_seconds', 1209600],
    ['aws_sqs_queue_policy.notifications', 'queue_url', '${aws_sqs_queue.notifications.id}'],
    [
      'aws_s3_bucket_notification.p-alerts',
      'queue',
      [{ id: 'streamalert-athena-refresh', queue_arn: '${aws_sqs_queue.notifications.arn}', events: ['s3:ObjectCreated:*'] }],
    ],
    ['aws_s3_bucket_notification.p-alerts', 'depends_on', ['aws_sqs_queue_policy.notifications']],
    [
      'aws_s3_bucket_notification.shared_logs',
      'topic',
      [{ id: 'other-team', topic_arn: OTHER.TopicArn, events: ['s3:ObjectRemoved:*'], filter_prefix: 'logs/' }],
    ],
    ['aws_s3_bucket_notification.shared_logs', 'eventbridge', true],
    ['aws_s3_bucket.results', 'bucket', 'p-results'],
    ['aws_s3_bucket_server_side_encryption_configuration.results', 'rule.apply_server_side_encryption_by_default.sse_algorithm', 'AES256'],
    ['aws_s3_bucket_public_access_block.results', 'restrict_public_buckets', true],
    [
      'aws_s3_bucket_lifecycle_configuration.results',
      'rule',
      [
        {
          id: 'streamalert-athena-results-expiry',
          status: 'Enabled',
          filter: { prefix: 'athena/' },
          expiration: { days: config.athena.results_retention_days },
        },
      ],
    ],
    ['aws_glue_catalog_database.catalog', 'name', 'streamalert'],
    ['aws_glue_catalog_table.alerts', 'database_name', '${aws_glue_catalog_database.catalog.name}'],
    ['aws_glue_catalog_table.alerts', 'partition_keys', [{ name: 'dt', type: 'string' }]],
    ['aws_glue_catalog_table.alerts', 'storage_descriptor.ser_de_info.serialization_library', 'org.openx.data.jsonserde.JsonSerDe'],
    ['aws_glue_catalog_table.alerts', 'storage_descriptor.location', 's3://p-alerts/alerts/'],
    ['aws_iam_role.athena', 'name', 'p_streamalert_athena_partition_refresh_role'],
    ['aws_iam_role_policy.athena', 'policy', JSON.stringify(functionSpec(config, 'athena').managedRole!.policy)],
    ['aws_cloudwatch_log_group.athena', 'retention_in_days', config.lambda.athena_partition_refresh_config!.log_retention_days],
    ['aws_lambda_function.athena', 'filename', '${path.module}/f.zip'],
    ['aws_lambda_function.athena', 'source_code_hash', 'c2hh'],
    ['aws_lambda_function.athena', 'role', '${aws_iam_role.athena.arn}'],
    ['aws_lambda_function.athena', 'publish', true],
    ['aws_lambda_alias.athena', 'function_version', '${aws_lambda_function.athena.version}'],
    ['aws_cloudwatch_event_rule.athena', 'schedule_expression', config.athena.schedule_expression],
    ['aws_cloudwatch_event_rule.athena', 'state', 'ENABLED'],
    ['aws_cloudwatch_event_target.athena', 'arn', '${aws_lambda_alias.athena.arn}'],
    ['aws_lambda_permission.athena', 'source_arn', '${aws_cloudwatch_event_rule.athena.arn}'],
    ['aws_lambda_permission.athena', 'qualifier', '${aws_lambda_alias.athena.name}'],
  ];
  for (const [address, path, expected] of cases) it(`${address} ${path}`, () => assert.deepEqual(at(doc, address, path), expected));

  it('imports nothing that does not exist, and makes no event-source mapping for the schedule trigger', () => {
    assert.deepEqual(
      doc.import?.map((i) => i.to),
      ['aws_s3_bucket_notification.shared_logs'],
    );
    assert.equal(doc.resource.aws_lambda_event_source_mapping, undefined);
  });
  it('the provider block has only the region', () => assert.deepEqual(doc.provider, { aws: { region: 'us-east-1' } }));
});

describe('export terraform: the sqs trigger', () => {
  const doc = parse(input(nothing, false, 'sqs'));
  const cases: [string, unknown][] = [
    ['function_name', '${aws_lambda_alias.athena.arn}'],
    ['event_source_arn', '${aws_sqs_queue.notifications.arn}'],
    ['batch_size', config.athena.batch_size],
    ['maximum_batching_window_in_seconds', config.athena.maximum_batching_window_seconds],
    ['scaling_config', { maximum_concurrency: config.athena.maximum_concurrency }],
    ['function_response_types', ['ReportBatchItemFailures']],
    ['enabled', true],
  ];
  for (const [path, expected] of cases) it(path, () => assert.deepEqual(at(doc, 'aws_lambda_event_source_mapping.athena', path), expected));
  it('no schedule rule is made for it', () => assert.equal(doc.resource.aws_cloudwatch_event_rule, undefined));
});

describe('export terraform: what exists is imported', () => {
  const doc = parse(input(everything, true));
  const ids = Object.fromEntries((doc.import ?? []).map((i) => [i.to, i.id]));
  const cases: [string, string | undefined][] = [
    ['aws_sqs_queue.notifications', 'https://sqs/q'],
    ['aws_sqs_queue.dead_letter', 'https://sqs/dlq'],
    ['aws_sqs_queue_policy.notifications', 'https://sqs/q'],
    ['aws_s3_bucket_notification.p-alerts', 'p-alerts'],
    ['aws_s3_bucket.results', 'p-results'],
    ['aws_s3_bucket_public_access_block.results', 'p-results'],
    ['aws_s3_bucket_lifecycle_configuration.results', 'p-results'],
    ['aws_glue_catalog_database.catalog', '123456789012:streamalert'],
    ['aws_glue_catalog_table.alerts', '123456789012:streamalert:alerts'],
    ['aws_iam_role.athena', 'p_streamalert_athena_partition_refresh_role'],
    ['aws_iam_role_policy.athena', 'p_streamalert_athena_partition_refresh_role:streamalert-athena-partition-refresh'],
    ['aws_cloudwatch_log_group.athena', '/aws/lambda/p_streamalert_athena_partition_refresh'],
    ['aws_lambda_function.athena', 'p_streamalert_athena_partition_refresh'],
    ['aws_lambda_alias.athena', 'p_streamalert_athena_partition_refresh/production'],
    ['aws_cloudwatch_event_rule.athena', 'p_streamalert_athena_partition_refresh'],
    ['aws_cloudwatch_event_target.athena', 'p_streamalert_athena_partition_refresh/p_streamalert_athena_partition_refresh'],
    ['aws_lambda_permission.athena', 'p_streamalert_athena_partition_refresh:production/streamalert-schedule'],
    // A disabled mapping that exists is kept (disabled), as deploy keeps it.
    ['aws_lambda_event_source_mapping.athena', 'uuid-1'],
  ];
  for (const [address, id] of cases) it(`${address} ← ${id}`, () => assert.equal(ids[address], id));

  it('keeps what is not ours: their policy statement, lifecycle rule, table parameters, a longer visibility timeout', () => {
    const policy = JSON.parse(at(doc, 'aws_sqs_queue_policy.notifications', 'policy') as string) as { Statement: { Sid: string }[] };
    assert.deepEqual(
      policy.Statement.map((s) => s.Sid),
      ['Theirs', 'StreamAlertAthenaS3Notifications'],
    );
    assert.deepEqual(
      (at(doc, 'aws_s3_bucket_lifecycle_configuration.results', 'rule') as { id: string }[]).map((r) => r.id),
      ['theirs', 'streamalert-athena-results-expiry'],
    );
    assert.equal((at(doc, 'aws_glue_catalog_table.alerts', 'parameters') as Record<string, string>).numRows, '5');
    assert.equal(at(doc, 'aws_sqs_queue.notifications', 'visibility_timeout_seconds'), 900);
    assert.equal(at(doc, 'aws_lambda_event_source_mapping.athena', 'enabled'), false);
  });
  it('leaves an encrypted results bucket’s encryption alone (init keeps it too)', () =>
    assert.equal(doc.resource.aws_s3_bucket_server_side_encryption_configuration, undefined));
});

describe('export terraform: other teams’ configurations', () => {
  const built = buildDocument(input(nothing, false));
  const doc = JSON.parse(built.text) as Doc;
  it('a "//" comment names them in the resource that carries them', () => {
    const comment = at(doc, 'aws_s3_bucket_notification.shared_logs', '//') as string;
    assert.match(comment, /owns the bucket's whole notification configuration/);
    assert.match(comment, /topic "other-team" → arn:aws:sns:us-east-1:123456789012:deletions/);
    assert.match(comment, /EventBridge/);
    assert.equal(at(doc, 'aws_s3_bucket_notification.p-alerts', '//'), undefined);
  });
  it('and the command warns, naming them', () => {
    assert.equal(built.warnings.length, 1);
    assert.match(built.warnings[0]!, /^bucket shared\.logs: .*topic "other-team"/);
  });
});

describe('export terraform: stable output', () => {
  it('resources sorted by address whatever order the mappers return them in', () => {
    const i = input(everything, true);
    const forward = buildDocument(i);
    assert.equal(buildDocument(i, [...MAPPERS].reverse()).text, forward.text);
    const addresses = forward.resources.map((r) => r.address);
    assert.deepEqual(addresses, [...addresses].sort());
  });
  it('the same input twice gives the same bytes, ending in a newline', () => {
    assert.equal(buildDocument(input(nothing, false)).text, buildDocument(input(nothing, false)).text);
    assert.ok(buildDocument(input(nothing, false)).text.endsWith('}\n'));
  });
});

describe('awsProviderVersion', () => {
  const cases: [string[], string][] = [
    [['nodejs22.x'], '>= 5.70.0, < 7.0.0'],
    [['nodejs22.x', 'nodejs24.x'], '>= 6.19.0, < 7.0.0'],
    [[], '>= 5.70.0, < 7.0.0'],
  ];
  for (const [runtimes, expected] of cases)
    it(`${runtimes.join(', ') || 'none'} → ${expected}`, () => assert.equal(awsProviderVersion(runtimes), expected));
});

describe('lifecycleRuleBlock', () => {
  const cases: [string, Parameters<typeof lifecycleRuleBlock>[0], unknown, string[]][] = [
    [
      'ours',
      { ID: 'a', Status: 'Enabled', Filter: { Prefix: 'x/' }, Expiration: { Days: 3 } },
      { id: 'a', status: 'Enabled', filter: { prefix: 'x/' }, expiration: { days: 3 } },
      [],
    ],
    [
      'legacy Prefix',
      { ID: 'b', Status: 'Disabled', Prefix: 'old/', Expiration: { Days: 1 } },
      { id: 'b', status: 'Disabled', filter: { prefix: 'old/' }, expiration: { days: 1 } },
      [],
    ],
    [
      'transitions and a tag filter',
      { ID: 'c', Status: 'Enabled', Filter: { Tag: { Key: 'k', Value: 'v' } }, Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] },
      { id: 'c', status: 'Enabled', filter: { tag: { key: 'k', value: 'v' } }, transition: [{ days: 30, storage_class: 'GLACIER' }] },
      [],
    ],
    [
      'an unknown field is reported',
      { ID: 'd', Status: 'Enabled', Filter: {}, Novel: 1 },
      { id: 'd', status: 'Enabled', filter: {} },
      ['Novel'],
    ],
  ];
  for (const [what, rule, block, unknown] of cases) {
    it(what, () => assert.deepEqual(lifecycleRuleBlock(rule), { block, unknown }));
  }
});

describe('escapeTemplates: literal ${ and %{ are escaped, the export’s own references are not', () => {
  const addresses = new Set(['aws_sqs_queue.notifications']);
  const cases: [string, string, string][] = [
    ['a projection template', 's3://b/AWSLogs/${account}/${day}/', 's3://b/AWSLogs/$${account}/$${day}/'],
    ['a directive', 'x%{if}', 'x%%{if}'],
    ['a reference to a resource in the document', '${aws_sqs_queue.notifications.arn}', '${aws_sqs_queue.notifications.arn}'],
    ['path.module', '${path.module}/f.zip', '${path.module}/f.zip'],
    ['a reference-like string naming no resource of the document', '${aws_sqs_queue.theirs.arn}', '$${aws_sqs_queue.theirs.arn}'],
    ['plain text', 'no templates here', 'no templates here'],
  ];
  for (const [what, input, expected] of cases) it(what, () => assert.equal(escapeTemplates(input, addresses), expected));
});
