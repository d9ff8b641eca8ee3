/** The refresh function's IAM policy: only the actions it uses, only on the configured resources. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { configFromObjects } from '../../../../src/core/config/load.js';
import { ConfigError } from '../../../../src/core/kernel/errors.js';
import { arnPartition, buildIamPolicy, type PolicyDocument } from '../../../../src/core/iam/policy.js';
import { buildBackfillPolicy, buildRedrivePolicy } from '../../../../src/core/iam/recovery-policies.js';
import { buildMonitorPolicy } from '../../../../src/core/iam/monitor-policy.js';
import { buildRollbackPolicy } from '../../../../src/core/iam/rollback-policy.js';

const account = { aws_account_id: '210987654321', prefix: 'acme', region: 'eu-west-1' };
const base = {
  buckets: { 'acme-streamalerts': 'alerts', 'acme-streamalert-data': '*' },
  results_bucket: 's3://acme-athena-results/refresh/',
  database_name: 'acme_db',
};

const policyFor = (athena: Record<string, unknown>, acct: Record<string, unknown> = account) =>
  buildIamPolicy(configFromObjects({ account: acct }, { athena_partition_refresh_config: { ...base, ...athena } }));

/** "action resource" for every pair the policy allows, sorted. */
function grants(policy: PolicyDocument): string[] {
  return policy.Statement.flatMap((s) => s.Action.flatMap((a) => s.Resource.map((r) => `${a} ${r}`))).sort();
}

const A = 'arn:aws:';
const R = 'eu-west-1:210987654321';
const common = [
  `sqs:DeleteMessage ${A}sqs:${R}:acme_streamalert_athena_s3_notifications`,
  `sqs:GetQueueAttributes ${A}sqs:${R}:acme_streamalert_athena_s3_notifications`,
  `sqs:GetQueueUrl ${A}sqs:${R}:acme_streamalert_athena_s3_notifications`,
  `sqs:ReceiveMessage ${A}sqs:${R}:acme_streamalert_athena_s3_notifications`,
  `athena:GetDatabase ${A}athena:${R}:datacatalog/AwsDataCatalog`,
  ...['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'].flatMap((a) => [
    `${a} ${A}logs:${R}:log-group:/aws/lambda/acme_streamalert_athena_partition_refresh`,
    `${a} ${A}logs:${R}:log-group:/aws/lambda/acme_streamalert_athena_partition_refresh:*`,
  ]),
];
const catalog = [`${A}glue:${R}:catalog`, `${A}glue:${R}:database/acme_db`, `${A}glue:${R}:table/acme_db/*`];
// Every strategy reads where partitions are registered before deleting a message.
common.push(...catalog.map((r) => `glue:BatchGetPartition ${r}`));
const ddlGlue = [
  'glue:BatchCreatePartition',
  'glue:CreatePartition',
  'glue:GetDatabase',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:GetTable',
].flatMap((a) => catalog.map((r) => `${a} ${r}`));
const athenaDdl = [
  `athena:GetQueryExecution ${A}athena:${R}:workgroup/primary`,
  `athena:StartQueryExecution ${A}athena:${R}:workgroup/primary`,
  ...ddlGlue,
  ...['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'].map((a) => `${a} arn:aws:s3:::acme-athena-results`),
  ...['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'].map(
    (a) => `${a} arn:aws:s3:::acme-athena-results/refresh/*`,
  ),
];

describe('buildIamPolicy', () => {
  it('add_partition: queue, Athena in the workgroup, the Glue actions of its DDL, the results location, its logs', () => {
    assert.deepEqual(grants(policyFor({})), [...common, ...athenaDdl].sort());
  });

  it('repair: as add_partition, plus listing the data buckets (MSCK REPAIR lists the table location)', () => {
    const data = ['acme-streamalert-data', 'acme-streamalerts'].flatMap((b) => [
      `s3:GetBucketLocation arn:aws:s3:::${b}`,
      `s3:ListBucket arn:aws:s3:::${b}`,
    ]);
    assert.deepEqual(grants(policyFor({ refresh_strategy: 'repair' })), [...common, ...athenaDdl, ...data].sort());
  });

  it('glue: GetTable and BatchCreatePartition on the tables; no query, no S3', () => {
    const glue = ['glue:BatchCreatePartition', 'glue:GetDatabase', 'glue:GetTable'].flatMap((a) => catalog.map((r) => `${a} ${r}`));
    assert.deepEqual(grants(policyFor({ refresh_strategy: 'glue' })), [...common, ...glue].sort());
  });

  it('names each table when no bucket maps "*"', () => {
    const g = grants(policyFor({ buckets: { 'acme-streamalerts': 'alerts', 'acme-other': 'cloudtrail', 'acme-more': 'alerts' } }));
    const tables = [...new Set(g.filter((x) => x.includes(':table/')).map((x) => x.split(' ')[1]))].sort();
    assert.deepEqual(tables, [`${A}glue:${R}:table/acme_db/alerts`, `${A}glue:${R}:table/acme_db/cloudtrail`]);
  });

  it('reads tables from the object form of a bucket value', () => {
    const g = grants(policyFor({ buckets: { 'acme-v3': { table: 'cloudtrail', prefix: 'parquet/' }, 'acme-streamalerts': 'alerts' } }));
    const tables = [...new Set(g.filter((x) => x.includes(':table/')).map((x) => x.split(' ')[1]))].sort();
    assert.deepEqual(tables, [`${A}glue:${R}:table/acme_db/alerts`, `${A}glue:${R}:table/acme_db/cloudtrail`]);
    const any = grants(policyFor({ buckets: { 'acme-v3': { table: '*', prefix: 'parquet/' } } }));
    assert.ok(any.includes(`glue:GetTable ${A}glue:${R}:table/acme_db/*`));
  });

  it('uses the configured queue, workgroup, function name and results bucket', () => {
    const g = grants(
      policyFor({ queue_name: 'custom_queue', workgroup: 'refresh_wg', function_name: 'my_fn', results_bucket: 'bare-results-bucket' }),
    );
    assert.ok(g.includes(`sqs:ReceiveMessage ${A}sqs:${R}:custom_queue`));
    assert.ok(g.includes(`athena:StartQueryExecution ${A}athena:${R}:workgroup/refresh_wg`));
    assert.ok(g.includes(`logs:PutLogEvents ${A}logs:${R}:log-group:/aws/lambda/my_fn:*`));
    assert.ok(g.includes('s3:PutObject arn:aws:s3:::bare-results-bucket/*'));
    assert.ok(!g.some((x) => /acme_streamalert_athena_s3_notifications|workgroup\/primary|acme-athena-results/.test(x)));
  });

  it('an SSE-KMS queue (kms_key_arn): kms:Decrypt with that key, and only then', () => {
    const key = 'arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    assert.deepEqual(grants(policyFor({ kms_key_arn: key })), [...common, ...athenaDdl, `kms:Decrypt ${key}`].sort());
  });

  it('trigger sqs: the event-source mapping polls with the role (Receive, Delete, GetQueueAttributes), the function needs no GetQueueUrl', () => {
    const queue = `${A}sqs:${R}:acme_streamalert_athena_s3_notifications`;
    const sqs = policyFor({ trigger: 'sqs' });
    assert.deepEqual(sqs.Statement[0], {
      Sid: 'EventSourceMappingPollsNotifications',
      Effect: 'Allow',
      Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
      Resource: [queue],
    });
    assert.deepEqual(grants(sqs), [...common.filter((g) => !g.startsWith('sqs:GetQueueUrl')), ...athenaDdl].sort());
    assert.equal(policyFor({}).Statement[0]!.Sid, 'ReadAndDeleteNotifications');
  });

  it('kms_key_arn: kms:Decrypt on that key, for either trigger (receiving from an encrypted queue decrypts)', () => {
    const key = 'arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    for (const trigger of ['schedule', 'sqs']) {
      const policy = policyFor({ trigger, kms_key_arn: key });
      assert.deepEqual(
        policy.Statement.filter((s) => s.Action.some((a) => a.startsWith('kms:'))),
        [{ Sid: 'DecryptNotifications', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [key] }],
      );
    }
    assert.ok(!grants(policyFor({})).some((g) => g.startsWith('kms:')));
  });

  it('uses the partition of the region', () => {
    assert.equal(arnPartition('cn-north-1'), 'aws-cn');
    assert.equal(arnPartition('us-gov-west-1'), 'aws-us-gov');
    assert.equal(arnPartition('eu-west-1'), 'aws');
    const g = grants(policyFor({}, { ...account, region: 'cn-north-1' }));
    assert.ok(
      g.every((x) => x.split(' ')[1]!.startsWith('arn:aws-cn:')),
      g.join('\n'),
    );
  });

  it('folds table names to lower case, as the catalog holds them', () => {
    const g = grants(policyFor({ buckets: { 'acme-streamalerts': 'Alerts' } }));
    assert.ok(g.includes(`glue:BatchGetPartition ${A}glue:${R}:table/acme_db/alerts`), g.join('\n'));
    assert.ok(!g.some((x) => x.includes('/Alerts')));
  });

  // The reviewer's cases: each used to widen the policy (or name the wrong bucket).
  const widening: [string, Record<string, unknown>, RegExp][] = [
    ['results_bucket s3://*/', { results_bucket: 's3://*/' }, /results_bucket: bucket name "\*"/],
    ['results_bucket with a wildcard prefix', { results_bucket: 's3://acme-results/a*/' }, /results_bucket: prefix "a\*\/"/],
    ['results_bucket with a ? in the prefix', { results_bucket: 's3://acme-results/a?b/' }, /results_bucket: prefix/],
    ['results_bucket with a policy variable', { results_bucket: 's3://acme-results/${aws:username}/' }, /results_bucket: prefix/],
    [
      'results_bucket https://evil.example/x',
      { results_bucket: 'https://evil.example/x' },
      /results_bucket: "https:\/\/evil\.example\/x" must be an s3:\/\/ location/,
    ],
    ['results_bucket with .. in the prefix', { results_bucket: 's3://acme-results/a/../b/' }, /results_bucket: prefix/],
    ['results_bucket a..b', { results_bucket: 'a..b' }, /two adjacent periods/],
    ['results_bucket an IP address', { results_bucket: 's3://192.168.1.1/' }, /IP address/],
    ['workgroup *', { workgroup: '*' }, /workgroup: workgroup must be 1-128 letters/],
    ['workgroup with a slash', { workgroup: 'primary/../other' }, /workgroup: workgroup must be/],
    ['workgroup of 129 characters', { workgroup: 'w'.repeat(129) }, /workgroup: workgroup must be/],
  ];
  for (const [name, athena, message] of widening) {
    it(`refuses ${name} when the configuration loads`, () =>
      assert.throws(
        () => policyFor(athena),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
      ));
  }

  it('emits no wildcard that came from configuration, whatever the configured names (property)', () => {
    // Mostly valid names, each sometimes replaced by a hostile one: wildcards, policy variables, other schemes, junk.
    const hostile = fc.oneof(
      fc.constantFrom(
        '*',
        '?',
        '$',
        '${aws:userid}',
        'a*',
        'x?y',
        '*/*',
        's3://*/',
        's3://*',
        'https://evil.example/x',
        's3://acme-results/a*/',
        's3://acme-results/${aws:username}/',
        's3://acme-results/?/',
        'acme*results',
      ),
      fc.string({ maxLength: 12 }),
    );
    const field = (...valid: string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: hostile });
    let loaded = 0;
    fc.assert(
      fc.property(
        fc.record({
          results_bucket: field('acme-results', 's3://acme-results/', 's3://acme-results/p/q/'),
          workgroup: field('primary', 'refresh_wg'),
          queue_name: field('q', 'custom_queue'),
          function_name: field('fn', 'my-fn'),
          database_name: field('db', 'acme_db'),
          bucket: field('acme-data', 'acme.logs'),
          table: field('alerts', '*'),
        }),
        (v) => {
          let policy: PolicyDocument;
          try {
            policy = policyFor({
              results_bucket: v.results_bucket,
              workgroup: v.workgroup,
              queue_name: v.queue_name,
              function_name: v.function_name,
              database_name: v.database_name,
              buckets: { [v.bucket]: v.table },
            });
          } catch (e) {
            assert.ok(e instanceof ConfigError, String(e));
            return;
          }
          loaded++;
          for (const r of policy.Statement.flatMap((s) => s.Resource)) {
            // Our own wildcards only: all tables of the database ("*" map), objects under the results prefix, log streams.
            const ours = r
              .replace(/:table\/[A-Za-z0-9_]+\/\*$/, ':table/db/ALL')
              .replace(/^(arn:aws:s3:::[a-z0-9.-]+\/(?:[A-Za-z0-9!_.'()=+-]+\/)*)\*$/, '$1ALL')
              .replace(/(:log-group:[^*]+):\*$/, '$1:ALL');
            assert.doesNotMatch(ours, /[*?$]/, r);
          }
        },
      ),
      { numRuns: 1_000, seed: 14 },
    );
    assert.ok(loaded > 100, `enough configurations loaded to test the policy (${loaded})`);
  });

  for (const strategy of ['add_partition', 'repair', 'glue']) {
    it(`${strategy}: names only configured resources, no wildcard action, no "*" resource, nothing it does not use`, () => {
      const policy = policyFor({ refresh_strategy: strategy });
      const allowed = [
        /^arn:aws:sqs:eu-west-1:210987654321:acme_streamalert_athena_s3_notifications$/,
        /^arn:aws:athena:eu-west-1:210987654321:(datacatalog\/AwsDataCatalog|workgroup\/primary)$/,
        /^arn:aws:glue:eu-west-1:210987654321:(catalog|database\/acme_db|table\/acme_db\/[*\w]+)$/,
        /^arn:aws:s3:::acme-athena-results(\/refresh\/\*)?$/,
        /^arn:aws:s3:::(acme-streamalerts|acme-streamalert-data)$/,
        /^arn:aws:logs:eu-west-1:210987654321:log-group:\/aws\/lambda\/acme_streamalert_athena_partition_refresh(:\*)?$/,
      ];
      const used = new Set<string>();
      for (const s of policy.Statement) {
        assert.equal(s.Effect, 'Allow');
        assert.match(s.Sid, /^[A-Za-z0-9]+$/);
        for (const a of s.Action) assert.match(a, /^[a-z0-9]+:[A-Za-z]+$/, `no wildcard in action ${a}`);
        for (const r of s.Resource) {
          assert.ok(
            allowed.some((re) => re.test(r)),
            `unexpected resource ${r}`,
          );
          used.add(r);
        }
      }
      // no dead-letter queue, no other queue, no data objects (the function never reads data)
      assert.ok(![...used].some((r) => /_dlq|:::acme-streamalerts\/|:::acme-streamalert-data\//.test(r)));
      // the data buckets only where MSCK REPAIR lists them
      assert.equal(
        [...used].some((r) => r === 'arn:aws:s3:::acme-streamalerts'),
        strategy === 'repair',
      );
      // Athena queries and the results bucket never for the glue strategy
      assert.equal(
        [...used].some((r) => r.includes('workgroup/') || r.includes('acme-athena-results')),
        strategy !== 'glue',
      );
      assert.deepEqual(JSON.parse(JSON.stringify(policy)), policy, 'plain JSON');
    });
  }
});

const forTool = (build: typeof buildBackfillPolicy, athena: Record<string, unknown>) =>
  build(configFromObjects({ account }, { athena_partition_refresh_config: { ...base, ...athena } }));

describe('buildBackfillPolicy', () => {
  const list = ['acme-streamalert-data', 'acme-streamalerts'].map((b) => `s3:ListBucket arn:aws:s3:::${b}`);
  const read = ['glue:BatchUpdatePartition', 'glue:GetPartitions', 'glue:GetTable'].flatMap((a) => catalog.map((r) => `${a} ${r}`));

  it('glue: lists the data buckets (no GetObject), reads and rebuilds partitions, registers with Glue', () => {
    const glue = ['glue:BatchCreatePartition', 'glue:GetDatabase', 'glue:GetTable'].flatMap((a) => catalog.map((r) => `${a} ${r}`));
    assert.deepEqual(grants(forTool(buildBackfillPolicy, { refresh_strategy: 'glue' })), [...list, ...read, ...glue].sort());
  });

  it('add_partition: registers the way the refresh does (Athena DDL, results bucket); no queue, no logs', () => {
    assert.deepEqual(grants(forTool(buildBackfillPolicy, {})), [...list, ...read, ...athenaDdl].sort());
  });
});

describe('buildRedrivePolicy', () => {
  it('takes from the dead-letter queue and sends to the notification queue, nothing else', () => {
    const q = `${A}sqs:${R}:acme_streamalert_athena_s3_notifications`;
    assert.deepEqual(grants(forTool(buildRedrivePolicy, {})), [
      `sqs:ChangeMessageVisibility ${q}_dlq`,
      `sqs:DeleteMessage ${q}_dlq`,
      `sqs:GetQueueAttributes ${q}`,
      `sqs:GetQueueAttributes ${q}_dlq`,
      `sqs:GetQueueUrl ${q}`,
      `sqs:GetQueueUrl ${q}_dlq`,
      `sqs:ReceiveMessage ${q}_dlq`,
      `sqs:SendMessage ${q}`,
    ]);
  });

  it('with kms_key_arn: Decrypt (receive) and GenerateDataKey (send) with that key', () => {
    const key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const kms = grants(forTool(buildRedrivePolicy, { kms_key_arn: key })).filter((g) => g.startsWith('kms:'));
    assert.deepEqual(kms, [`kms:Decrypt ${key}`, `kms:GenerateDataKey ${key}`]);
  });
});

describe('buildMonitorPolicy', () => {
  it('reads the metrics, the mapping and both queues, nothing else', () => {
    const q = `${A}sqs:${R}:acme_streamalert_athena_s3_notifications`;
    assert.deepEqual(grants(forTool(buildMonitorPolicy, {})), [
      'cloudwatch:GetMetricData *',
      'lambda:ListEventSourceMappings *',
      `sqs:GetQueueAttributes ${q}`,
      `sqs:GetQueueAttributes ${q}_dlq`,
      `sqs:GetQueueUrl ${q}`,
      `sqs:GetQueueUrl ${q}_dlq`,
    ]);
  });

  it('names the configured queue', () => {
    const g = grants(forTool(buildMonitorPolicy, { queue_name: 'custom_queue' }));
    assert.ok(g.includes(`sqs:GetQueueUrl ${A}sqs:${R}:custom_queue_dlq`), g.join('\n'));
    assert.ok(!g.some((x) => x.includes('acme_streamalert_athena_s3_notifications')));
  });
});

describe('buildRollbackPolicy', () => {
  it('moves the alias of the configured functions only: no code, settings, role or other function', () => {
    const config = configFromObjects(
      { account },
      {
        athena_partition_refresh_config: base,
        rule_processor_config: { function_name: 'acme_rules' },
      },
    );
    const fns = ['acme_rules', 'acme_streamalert_athena_partition_refresh'];
    assert.deepEqual(
      grants(buildRollbackPolicy(config)),
      ['lambda:GetAlias', 'lambda:GetFunction', 'lambda:GetFunctionConfiguration', 'lambda:ListVersionsByFunction', 'lambda:UpdateAlias']
        .flatMap((a) => fns.flatMap((n) => [`${a} ${A}lambda:${R}:function:${n}`, `${a} ${A}lambda:${R}:function:${n}:*`]))
        .sort(),
    );
  });
});
