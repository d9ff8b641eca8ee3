/** athena init on a shared account: what is ours, what is blocked, prefixes, the results bucket, the notification write. Pure. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromObjects } from '../../../../src/core/config/load.js';
import { ConfigError } from '../../../../src/core/kernel/errors.js';
import {
  missingConfigurations,
  notificationId,
  ourQueueConfigurations,
  planBucketNotifications,
  sameConfiguration,
} from '../../../../src/core/init/bucket-notifications.js';
import { buildInitIamPolicy } from '../../../../src/core/iam/init-policy.js';
import { initTarget, planInit, type LiveState } from '../../../../src/core/init/plan.js';
import { keyProblem } from '../../../../src/core/init/queue-plan.js';
import { ourLifecycleRule, planResultsBucket } from '../../../../src/core/init/results-bucket.js';
import type { LiveResultsBucket } from '../../../../src/core/init/types.js';

const account = { aws_account_id: '123456789012', prefix: 'acme', region: 'us-east-1' };
const athena = {
  buckets: { 'acme-alerts': 'alerts', 'acme-v3': { table: '*', prefix: 'parquet/' } },
  results_bucket: 's3://acme-results/refresh/',
};
const config = configFromObjects({ account, tags: { team: 'secops' } }, { athena_partition_refresh_config: athena });
const target = initTarget(config, []);
const OURS = { team: 'secops', 'streamalert:managed': 'true', 'streamalert:prefix': 'acme' };
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:acme_streamalert_athena_s3_notifications';
const empty: LiveState = {
  queue: null,
  dlq: null,
  buckets: { 'acme-alerts': {}, 'acme-v3': {} },
  results: null,
  database: { glue: false, athena: false },
  tables: { alerts: null },
};
const theirQueue = (name: string, tags: Record<string, string> = {}) => ({
  url: `https://sqs/${name}`,
  arn: `arn:aws:sqs:us-east-1:123456789012:${name}`,
  attributes: { VisibilityTimeout: '5' },
  tags,
});

describe('ownership in the plan', () => {
  it('everything init creates carries our tags and the user’s', () => {
    assert.deepEqual(target.tags, OURS);
    const steps = planInit(target, empty).flatMap((i) => i.steps);
    for (const op of ['createQueue', 'createBucket', 'createDatabase']) {
      for (const s of steps.filter((x) => x.op === op)) assert.deepEqual('tags' in s && s.tags, OURS, op);
    }
  });

  const blocked: [string, Partial<LiveState>, string[], RegExp][] = [
    [
      'an untagged queue',
      { queue: theirQueue('acme_streamalert_athena_s3_notifications') },
      ['queue', 'queue_policy'],
      /not streamalert's.*aws sqs tag-queue --queue-url https:\/\/sqs\/acme_streamalert_athena_s3_notifications --tags streamalert:managed=true,streamalert:prefix=acme/,
    ],
    [
      'an untagged DLQ',
      { dlq: theirQueue('acme_streamalert_athena_s3_notifications_dlq') },
      ['dlq'],
      /dead-letter queue .* not streamalert's/,
    ],
    [
      'another deployment’s queue',
      { queue: theirQueue('acme_streamalert_athena_s3_notifications', { 'streamalert:managed': 'true', 'streamalert:prefix': 'prod' }) },
      ['queue', 'queue_policy'],
      /belongs to the streamalert deployment with prefix "prod"/,
    ],
    [
      'an untagged Glue database',
      { database: { glue: true, athena: true, tags: {} } },
      ['database'],
      /aws glue tag-resource --resource-arn arn:aws:glue:us-east-1:123456789012:database\/streamalert/,
    ],
    [
      'a bucket in another region',
      { regions: { 'acme-alerts': 'eu-west-1', 'acme-v3': 'us-east-1' } },
      ['bucket_notification'],
      /is in eu-west-1, the queue in us-east-1/,
    ],
  ];
  for (const [name, live, kinds, detail] of blocked) {
    it(`${name} → blocked, no step for it`, () => {
      const plan = planInit(target, { ...empty, ...live });
      const rows = plan.filter((i) => i.action === 'blocked');
      assert.deepEqual(
        rows.map((i) => i.kind),
        kinds,
      );
      assert.match(rows[0]!.detail, detail);
      assert.deepEqual(
        rows.flatMap((i) => i.steps),
        [],
      );
    });
  }

  it('our queue lacking a user tag: only the tag is added', () => {
    const ours = { ...theirQueue('x', { 'streamalert:managed': 'true', 'streamalert:prefix': 'acme' }) };
    const plan = planInit(target, {
      ...empty,
      dlq: { ...ours, attributes: { MessageRetentionPeriod: '1209600', SqsManagedSseEnabled: 'true' } },
    });
    const dlq = plan.find((i) => i.kind === 'dlq')!;
    assert.deepEqual(
      [dlq.action, dlq.detail, dlq.steps],
      ['update', 'adds tag(s) team', [{ op: 'tagQueue', name: 'acme_streamalert_athena_s3_notifications_dlq', tags: { team: 'secops' } }]],
    );
  });

  const keys: [string, Parameters<typeof keyProblem>[1], RegExp | undefined][] = [
    ['an AWS managed key', { manager: 'AWS' }, /AWS managed key .*S3 cannot publish .*"SSE-KMS: the key policy"/],
    ['no such key', null, /does not exist/],
    ['a customer managed key', { manager: 'CUSTOMER' }, undefined],
  ];
  for (const [name, key, problem] of keys) {
    it(`kms_key_arn: ${name}`, () => {
      const got = keyProblem('arn:aws:kms:us-east-1:123456789012:key/k', key);
      if (problem) assert.match(got ?? '', problem);
      else assert.equal(got, undefined);
    });
  }
});

describe('the results bucket', () => {
  it('naming a data bucket, or the bucket of a table location, is a ConfigError', () => {
    assert.throws(
      () =>
        initTarget(
          configFromObjects({ account }, { athena_partition_refresh_config: { ...athena, results_bucket: 's3://acme-v3/out/' } }),
          [],
        ),
      (e: unknown) => e instanceof ConfigError && /is acme-v3, a data bucket/.test(e.message),
    );
    const schema = {
      table: 'flows',
      file: 'f.json',
      format: 'json' as const,
      columns: [{ name: 'x', type: 'string' }],
      location: 's3://acme-results/flows/',
    };
    assert.throws(() => initTarget(config, [schema]), /holds table flows's location/);
  });

  const s = { bucket: 'acme-results', prefix: 'refresh/', retentionDays: 30 };
  const owner = { tags: OURS, prefix: 'acme' };
  const theirs: LiveResultsBucket = {
    encrypted: false,
    publicAccessBlock: null,
    lifecycleRules: [{ ID: 'keep', Status: 'Enabled', Filter: { Prefix: 'a/' }, Expiration: { Days: 9 } }],
    tags: { owner: 'data-team' },
  };
  it('not ours: used as it is, the plan says what it would set and how to opt in', () => {
    const plan = planResultsBucket(s, theirs, owner);
    assert.deepEqual([plan.action, plan.steps], ['unchanged', []]);
    assert.match(
      plan.detail,
      /used as it is; init would have set default encryption \(SSE-S3\); all public access blocked; lifecycle rule .*"results_lifecycle": true/,
    );
  });
  it('not ours, results_lifecycle: our rule only, under the prefix, theirs kept', () => {
    const plan = planResultsBucket({ ...s, lifecycleOnTheirs: true }, theirs, owner);
    assert.deepEqual(plan.steps, [
      { op: 'putLifecycleRules', bucket: 'acme-results', rules: [theirs.lifecycleRules[0]!, ourLifecycleRule(s)] },
    ]);
  });
  it('not ours, no prefix: never a rule, even opted in', () => {
    const plan = planResultsBucket({ ...s, prefix: '', lifecycleOnTheirs: true }, theirs, owner);
    assert.deepEqual([plan.action, plan.steps], ['unchanged', []]);
    assert.match(plan.detail, /results_bucket has no prefix, so no rule is written here/);
  });
  it('ours (init made it): a rule without a prefix is fine; tags it lacks are added, keeping its others', () => {
    const created = planResultsBucket({ ...s, prefix: '' }, null, owner);
    assert.deepEqual(
      created.steps.find((x) => x.op === 'putLifecycleRules'),
      {
        op: 'putLifecycleRules',
        bucket: 'acme-results',
        rules: [{ ID: 'streamalert-athena-results-expiry', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 30 } }],
      },
    );
    const live: LiveResultsBucket = {
      encrypted: true,
      publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      lifecycleRules: [ourLifecycleRule(s)],
      tags: { 'streamalert:managed': 'true', 'streamalert:prefix': 'acme', extra: 'x' },
    };
    const plan = planResultsBucket(s, live, owner);
    assert.deepEqual(
      [plan.action, plan.steps],
      ['update', [{ op: 'putBucketTags', bucket: 'acme-results', tags: { ...live.tags, team: 'secops' } }]],
    );
  });
});

describe('prefixes filter the notifications', () => {
  it('one configuration per prefix, with an Id derived from ours; none: the plain Id, no filter', () => {
    assert.deepEqual(target.bucketPrefixes, { 'acme-alerts': [''], 'acme-v3': ['parquet/'] });
    assert.deepEqual(ourQueueConfigurations(QUEUE, ['parquet/']), [
      {
        Id: 'streamalert-athena-refresh:parquet/',
        QueueArn: QUEUE,
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'parquet/' }] } },
      },
    ]);
    assert.deepEqual(ourQueueConfigurations(QUEUE, ['']), [
      { Id: 'streamalert-athena-refresh', QueueArn: QUEUE, Events: ['s3:ObjectCreated:*'] },
    ]);
    assert.equal(notificationId('logs/'), 'streamalert-athena-refresh:logs/');
  });
  it('our old unfiltered configuration is replaced; one under another prefix is not in the way; an overlapping one blocks', () => {
    const ours = ourQueueConfigurations(QUEUE, ['parquet/']);
    const old = { Id: 'streamalert-athena-refresh', QueueArn: QUEUE, Events: ['s3:ObjectCreated:*'] };
    const upgraded = planBucketNotifications('b', { QueueConfigurations: [old] }, ours);
    assert.equal(upgraded.action, 'update');
    assert.deepEqual('configuration' in upgraded && upgraded.configuration, { QueueConfigurations: ours });
    const elsewhere = {
      Id: 'raw',
      LambdaFunctionArn: 'arn:l',
      Events: ['s3:ObjectCreated:*'],
      Filter: { Key: { FilterRules: [{ Name: 'Prefix', Value: 'raw/' }] } },
    };
    assert.equal(planBucketNotifications('b', { LambdaFunctionConfigurations: [elsewhere] }, ours).action, 'create');
    const inside = { ...elsewhere, Filter: { Key: { FilterRules: [{ Name: 'Prefix', Value: 'parquet/cloudtrail/' }] } } };
    assert.equal(planBucketNotifications('b', { LambdaFunctionConfigurations: [inside] }, ours).action, 'blocked');
    // S3 answers `Prefix` where `prefix` was written: still ours, unchanged.
    const asRead = ours.map((o) => ({ ...o, Filter: { Key: { FilterRules: [{ Name: 'Prefix', Value: 'parquet/' }] } } }));
    assert.equal(planBucketNotifications('b', { QueueConfigurations: asRead }, ours).action, 'unchanged');
  });
  it('configurations compare as S3 means them; what a write lost is named', () => {
    const t = { Id: 't', TopicArn: 'arn:t', Events: ['s3:ObjectRemoved:*', 's3:ObjectRestore:*'] };
    assert.ok(sameConfiguration({ TopicConfigurations: [t] }, { TopicConfigurations: [{ ...t, Events: [...t.Events].reverse() }] }));
    assert.ok(!sameConfiguration({ TopicConfigurations: [t] }, { TopicConfigurations: [t], EventBridgeConfiguration: {} }));
    assert.deepEqual(missingConfigurations({ TopicConfigurations: [t], EventBridgeConfiguration: {} }, {}), [
      '"t" (topic arn:t, s3:ObjectRemoved:* s3:ObjectRestore:*, no filter)',
      'EventBridge delivery',
    ]);
  });
});

describe('iam-policy --for init', () => {
  const grants = (t: typeof target) =>
    buildInitIamPolicy(config, t).Statement.flatMap((s) => s.Action.flatMap((a) => s.Resource.map((r) => `${a} ${r}`)));
  it('the region check, the tagging calls; kms:DescribeKey only with kms_key_arn', () => {
    const g = grants(target);
    for (const want of [
      's3:GetBucketLocation arn:aws:s3:::acme-v3',
      'sqs:ListQueueTags arn:aws:sqs:us-east-1:123456789012:acme_streamalert_athena_s3_notifications',
      'sqs:TagQueue arn:aws:sqs:us-east-1:123456789012:acme_streamalert_athena_s3_notifications_dlq',
      's3:GetBucketTagging arn:aws:s3:::acme-results',
      's3:PutBucketTagging arn:aws:s3:::acme-results',
      'glue:GetTags arn:aws:glue:us-east-1:123456789012:database/streamalert',
      'glue:TagResource arn:aws:glue:us-east-1:123456789012:database/streamalert',
    ]) {
      assert.ok(g.includes(want), `missing ${want}`);
    }
    assert.ok(!g.some((x) => x.startsWith('kms:')));
    const key = 'arn:aws:kms:us-east-1:123456789012:key/abcd';
    const withKey = grants({ ...target, queue: { ...target.queue, settings: { ...target.queue.settings, kmsKeyArn: key } } });
    assert.ok(withKey.includes(`kms:DescribeKey ${key}`));
    assert.ok(!withKey.some((x) => x.startsWith('sts:')), 'GetCallerIdentity needs no permission');
  });
});
