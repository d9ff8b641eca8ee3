/** athena init: the whole plan from conf/ and live state, the results bucket, and init's IAM policy. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromObjects } from '../../../../src/core/config/load.js';
import { buildInitIamPolicy } from '../../../../src/core/iam/init-policy.js';
import { initTarget, orderedSteps, planInit, type LiveState } from '../../../../src/core/init/plan.js';
import { queueAttributes } from '../../../../src/core/init/queue-attributes.js';
import { LIFECYCLE_RULE_ID, mergeLifecycleRules, ourLifecycleRule, planResultsBucket } from '../../../../src/core/init/results-bucket.js';
import type { LifecycleRule, LiveResultsBucket, PlanItem, Step } from '../../../../src/core/init/types.js';

const config = configFromObjects(
  { account: { aws_account_id: '123456789012', prefix: 'acme', region: 'us-east-1' } },
  {
    athena_partition_refresh_config: {
      buckets: { 'acme-alerts': 'alerts', 'acme-data': '*' },
      results_bucket: 's3://acme-results/refresh/',
      timeout: 60,
    },
  },
);
const target = initTarget(config, [
  { table: 'osquery', file: '/c/schemas/osquery.json', format: 'json', columns: [{ name: 'name', type: 'string' }] },
]);
const empty: LiveState = {
  queue: null,
  dlq: null,
  buckets: { 'acme-alerts': {}, 'acme-data': {} },
  results: null,
  database: { glue: false, athena: false },
  tables: { alerts: null, osquery: null },
};
const rows = (items: PlanItem[]) => items.map((i) => `${i.kind} ${i.name} ${i.action}`);
const ops = (items: PlanItem[]) =>
  orderedSteps(items).map(({ step }) => `${step.op} ${'name' in step ? step.name : 'bucket' in step ? step.bucket : step.table.name}`);

/** The live state after `steps` were applied (what a second run reads). */
function applied(steps: Step[]): LiveState {
  const queues: Record<string, Record<string, string>> = {};
  const live: LiveState = { ...empty, buckets: { ...empty.buckets }, tables: { ...empty.tables } };
  const queueTags: Record<string, Record<string, string>> = {};
  for (const s of steps) {
    if (s.op === 'createQueue') ((queues[s.name] = { ...s.attributes }), (queueTags[s.name] = s.tags));
    if (s.op === 'setQueueAttributes') Object.assign(queues[s.name]!, s.attributes);
    if (s.op === 'putBucketNotifications') live.buckets[s.bucket] = s.configuration;
    if (s.op === 'createBucket')
      live.results = {
        encrypted: true,
        publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        lifecycleRules: [],
        tags: s.tags,
      };
    if (s.op === 'putLifecycleRules') live.results!.lifecycleRules = s.rules;
    if (s.op === 'createDatabase') live.database = { glue: true, athena: true, tags: s.tags };
    if (s.op === 'createTable') live.tables[s.table.name] = s.table;
  }
  const q = (name: string) =>
    queues[name] && {
      url: `https://sqs/${name}`,
      arn: `arn:aws:sqs:us-east-1:123456789012:${name}`,
      attributes: { ...queues[name]!, SqsManagedSseEnabled: queues[name]!.SqsManagedSseEnabled ?? 'true' },
      tags: queueTags[name]!,
    };
  return { ...live, queue: q(target.queue.name) ?? null, dlq: q(target.dlq.name) ?? null };
}

describe('planInit', () => {
  it('an empty account: everything is created, the DLQ before the queue, notifications last', () => {
    const plan = planInit(target, empty);
    assert.deepEqual(rows(plan), [
      'queue acme_streamalert_athena_s3_notifications create',
      'dlq acme_streamalert_athena_s3_notifications_dlq create',
      'queue_policy acme_streamalert_athena_s3_notifications create',
      'bucket_notification acme-alerts create',
      'bucket_notification acme-data create',
      'results_bucket acme-results create',
      'database streamalert create',
      'table alerts create',
      'table osquery create',
    ]);
    assert.deepEqual(ops(plan), [
      'createQueue acme_streamalert_athena_s3_notifications_dlq',
      'createQueue acme_streamalert_athena_s3_notifications',
      'setQueueAttributes acme_streamalert_athena_s3_notifications',
      'createBucket acme-results',
      'putBucketEncryption acme-results',
      'putPublicAccessBlock acme-results',
      'putLifecycleRules acme-results',
      'createDatabase streamalert',
      'createTable alerts',
      'createTable osquery',
      'putBucketNotifications acme-alerts',
      'putBucketNotifications acme-data',
    ]);
    const queue = orderedSteps(plan).find(({ step }) => step.op === 'createQueue' && step.name === target.queue.name)!.step;
    assert.deepEqual(
      queue.op === 'createQueue' && queue.attributes,
      queueAttributes({ visibilityTimeout: 360, redrive: { deadLetterTargetArn: target.dlq.arn, maxReceiveCount: 10 } }),
    );
  });

  it('a second run over what the first made: all unchanged, no step', () => {
    const plan = planInit(target, applied(orderedSteps(planInit(target, empty)).map(({ step }) => step)));
    assert.deepEqual(
      plan.map((i) => i.action),
      Array(9).fill('unchanged'),
      rows(plan).join('\n'),
    );
    assert.deepEqual(ops(plan), []);
  });

  it('any blocked row is reported with the rest', () => {
    const plan = planInit(target, {
      ...empty,
      buckets: {
        'acme-alerts': null,
        'acme-data': { TopicConfigurations: [{ Id: 'all', TopicArn: 'arn:t', Events: ['s3:ObjectCreated:*'] }] },
      },
    });
    assert.deepEqual(
      plan.filter((i) => i.action === 'blocked').map((i) => i.name),
      ['acme-alerts', 'acme-data'],
    );
  });

  it('the database in Glue but not seen by Athena (a local endpoint): created in Athena only', () => {
    const item = planInit(target, { ...empty, database: { glue: true, athena: false, tags: target.tags } }).find(
      (i) => i.kind === 'database',
    )!;
    assert.deepEqual(
      [item.action, item.steps],
      ['create', [{ op: 'createDatabase', name: 'streamalert', glue: false, tags: target.tags }]],
    );
  });

  it('an existing queue: its live ARN is used for the policy, the notifications and the redrive', () => {
    const live = applied(orderedSteps(planInit(target, empty)).map(({ step }) => step));
    const other = { ...live, queue: { ...live.queue!, arn: 'arn:aws:sqs:us-east-1:999999999999:x' } };
    const plan = planInit(target, other);
    assert.deepEqual(
      plan.filter((i) => i.action !== 'unchanged').map((i) => i.kind),
      ['queue_policy', 'bucket_notification', 'bucket_notification'],
    );
  });
});

describe('results bucket', () => {
  const s = { bucket: 'acme-results', prefix: 'refresh/', retentionDays: 30 };
  const ours = ourLifecycleRule(s);
  const theirs = { ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 90 } };
  const owner = { tags: { 'streamalert:managed': 'true', 'streamalert:prefix': 'acme' }, prefix: 'acme' };
  const good: LiveResultsBucket = {
    encrypted: true,
    publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    lifecycleRules: [theirs, ours],
    tags: owner.tags,
  };
  const cases: [string, LiveResultsBucket | null, string, string[]][] = [
    ['missing', null, 'create', ['createBucket', 'putBucketEncryption', 'putPublicAccessBlock', 'putLifecycleRules']],
    ['in place', good, 'unchanged', []],
    [
      'unencrypted, public access open',
      { ...good, encrypted: false, publicAccessBlock: null },
      'update',
      ['putBucketEncryption', 'putPublicAccessBlock'],
    ],
    [
      'one public access setting off',
      { ...good, publicAccessBlock: { ...good.publicAccessBlock, RestrictPublicBuckets: false } },
      'update',
      ['putPublicAccessBlock'],
    ],
    ['no lifecycle rules', { ...good, lifecycleRules: [] }, 'update', ['putLifecycleRules']],
  ];
  for (const [name, live, action, steps] of cases) {
    it(`${name} → ${action}`, () => {
      const plan = planResultsBucket(s, live, owner);
      assert.equal(plan.action, action, plan.detail);
      assert.deepEqual(
        plan.steps.map((x) => x.op),
        steps,
      );
    });
  }

  const merges: [string, LifecycleRule[], LifecycleRule[] | undefined][] = [
    ['none: ours added', [], [ours]],
    ['theirs kept, ours appended', [theirs], [theirs, ours]],
    ['ours in place', [ours, theirs], undefined],
    ['ours outdated: replaced where it was', [{ ...ours, Expiration: { Days: 7 } }, theirs], [ours, theirs]],
    [
      'ours with a legacy top-level Prefix: replaced',
      [theirs, { ID: LIFECYCLE_RULE_ID, Status: 'Enabled', Prefix: 'refresh/', Expiration: { Days: 30 } }],
      [theirs, ours],
    ],
    ['ours disabled: replaced', [{ ...ours, Status: 'Disabled' }], [ours]],
  ];
  for (const [name, live, expected] of merges)
    it(`mergeLifecycleRules: ${name}`, () => assert.deepEqual(mergeLifecycleRules(live, ours), expected));

  it('our rule expires results under the prefix after the retention', () => {
    assert.deepEqual(ours, {
      ID: 'streamalert-athena-results-expiry',
      Status: 'Enabled',
      Filter: { Prefix: 'refresh/' },
      Expiration: { Days: 30 },
    });
  });
});

describe('buildInitIamPolicy', () => {
  it('every action init calls, on the resources conf/ names', () => {
    const grants = buildInitIamPolicy(config, target).Statement.flatMap((s) => s.Action.flatMap((a) => s.Resource.map((r) => `${a} ${r}`)));
    const R = 'us-east-1:123456789012';
    for (const g of [
      `sqs:CreateQueue arn:aws:sqs:${R}:acme_streamalert_athena_s3_notifications_dlq`,
      `sqs:SetQueueAttributes arn:aws:sqs:${R}:acme_streamalert_athena_s3_notifications`,
      's3:PutBucketNotification arn:aws:s3:::acme-data',
      's3:GetBucketNotification arn:aws:s3:::acme-alerts',
      's3:PutLifecycleConfiguration arn:aws:s3:::acme-results',
      's3:PutBucketPublicAccessBlock arn:aws:s3:::acme-results',
      's3:PutEncryptionConfiguration arn:aws:s3:::acme-results',
      `glue:CreateTable arn:aws:glue:${R}:table/streamalert/osquery`,
      `glue:UpdateTable arn:aws:glue:${R}:table/streamalert/alerts`,
      `glue:CreateDatabase arn:aws:glue:${R}:database/streamalert`,
      `athena:GetDatabase arn:aws:athena:${R}:datacatalog/AwsDataCatalog`,
    ]) {
      assert.ok(grants.includes(g), `missing ${g}`);
    }
    assert.ok(
      !grants.some((g) => g.startsWith('s3:PutBucketNotification arn:aws:s3:::acme-results')),
      'no notification rights on the results bucket',
    );
    assert.ok(!grants.some((g) => /\*/.test(g.split(' ')[1]!)), 'no wildcard resources');
  });

  // A hand-built Config or target gets around the schema: the policy itself refuses what would widen a grant.
  const widening: [string, typeof target, RegExp][] = [
    ['a wildcard bucket', { ...target, buckets: ['acme-*'] }, /buckets: "acme-\*" cannot go into an IAM policy/],
    ['a wildcard table', { ...target, tables: [{ ...target.tables[0]!, name: '*' }] }, /buckets: "\*" cannot go into an IAM policy/],
    ['a policy variable in the database', { ...target, database: '${aws:username}' }, /database_name: .* cannot go into an IAM policy/],
    [
      'a wildcard results bucket',
      { ...target, results: { ...target.results, bucket: 'acme-?' } },
      /results_bucket: "acme-\?" cannot go into an IAM policy/,
    ],
    ['a wildcard queue', { ...target, queue: { ...target.queue, name: 'q*' } }, /queue_name: "q\*" cannot go into an IAM policy/],
  ];
  for (const [name, bad, message] of widening) {
    it(`refuses ${name}`, () => assert.throws(() => buildInitIamPolicy(config, bad), message));
  }
});
