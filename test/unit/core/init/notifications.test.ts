/** athena init: S3's overlap rule and the merge of our queue configuration into a bucket's own. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  configurationsOverlap,
  eventsOverlap,
  filtersOverlap,
  NOTIFICATION_ID,
  ourQueueConfiguration,
  planBucketNotifications,
} from '../../../../src/core/init/bucket-notifications.js';
import type { BucketNotifications, NotificationEntry } from '../../../../src/core/init/types.js';

const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:acme_streamalert_athena_s3_notifications';
const ours = ourQueueConfiguration(QUEUE);
const filter = (prefix?: string, suffix?: string): NotificationEntry['Filter'] => ({
  Key: {
    FilterRules: [
      ...(prefix !== undefined ? [{ Name: 'Prefix', Value: prefix }] : []),
      ...(suffix !== undefined ? [{ Name: 'suffix', Value: suffix }] : []),
    ],
  },
});

describe('eventsOverlap', () => {
  const cases: [string[], string[], boolean][] = [
    [['s3:ObjectCreated:*'], ['s3:ObjectCreated:*'], true],
    [['s3:ObjectCreated:*'], ['s3:ObjectCreated:Put'], true],
    [['s3:ObjectCreated:Put'], ['s3:ObjectCreated:*'], true],
    [['s3:ObjectCreated:Put'], ['s3:ObjectCreated:Post'], false],
    [['s3:ObjectCreated:*'], ['s3:ObjectRemoved:*'], false],
    [['s3:ObjectRemoved:Delete', 's3:ObjectCreated:Copy'], ['s3:ObjectCreated:*'], true],
    [['s3:ObjectRestore:*'], ['s3:ObjectRestore:Completed'], true],
    [[], ['s3:ObjectCreated:*'], false],
  ];
  for (const [a, b, expected] of cases)
    it(`${a.join(',') || '(none)'} vs ${b.join(',')} → ${expected}`, () => assert.equal(eventsOverlap(a, b), expected));
});

describe('filtersOverlap (prefixes nest and suffixes nest; no filter overlaps everything)', () => {
  const f = (prefix: string, suffix: string) => ({ prefix, suffix });
  const cases: [string, ReturnType<typeof f>, ReturnType<typeof f>, boolean][] = [
    ['no filters', f('', ''), f('', ''), true],
    ['no filter vs a prefix', f('', ''), f('logs/', ''), true],
    ['no filter vs a suffix', f('', ''), f('', '.gz'), true],
    ['different prefixes', f('alerts/', ''), f('logs/', ''), false],
    ['nested prefixes', f('logs/', ''), f('logs/2026/', ''), true],
    ['same prefix, different suffixes', f('images/', '.jpg'), f('images/', '.png'), false],
    ['same prefix, one without suffix', f('images/', ''), f('images/', '.jpg'), true],
    ['nested suffixes', f('', '.json.gz'), f('', '.gz'), true],
    ['prefixes differ though suffixes match', f('a/', '.gz'), f('b/', '.gz'), false],
    ['prefix is no suffix match', f('x', ''), f('', 'x'), true],
  ];
  for (const [name, a, b, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      assert.equal(filtersOverlap(a, b), expected);
      assert.equal(filtersOverlap(b, a), expected, 'symmetric');
    });
  }
});

describe('configurationsOverlap', () => {
  const cases: [string, NotificationEntry, boolean][] = [
    ['another queue on removals', { Id: 'r', QueueArn: 'arn:q2', Events: ['s3:ObjectRemoved:*'], Filter: filter('archive/') }, false],
    [
      'a topic on puts with a suffix',
      { Id: 't', TopicArn: 'arn:t', Events: ['s3:ObjectCreated:Put'], Filter: filter(undefined, '.gz') },
      true,
    ],
    [
      'a Lambda on all creations under a prefix',
      { Id: 'l', LambdaFunctionArn: 'arn:l', Events: ['s3:ObjectCreated:*'], Filter: filter('logs/') },
      true,
    ],
    [
      'lower-case rule names',
      {
        Id: 'l',
        LambdaFunctionArn: 'arn:l',
        Events: ['s3:ObjectTagging:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'x/' }] } },
      },
      false,
    ],
  ];
  for (const [name, entry, expected] of cases)
    it(`ours vs ${name} → ${expected}`, () => assert.equal(configurationsOverlap(ours, entry), expected));
});

describe('planBucketNotifications', () => {
  const removals: NotificationEntry = {
    Id: 'archive-removals',
    QueueArn: 'arn:aws:sqs:us-east-1:123456789012:other',
    Events: ['s3:ObjectRemoved:*'],
    Filter: filter('archive/'),
  };
  const topic: NotificationEntry = { Id: 'restores', TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Events: ['s3:ObjectRestore:*'] };
  const cases: {
    name: string;
    live: BucketNotifications | null;
    action: string;
    configuration?: BucketNotifications;
    detail?: RegExp;
    conflicts?: string[];
  }[] = [
    { name: 'no such bucket', live: null, action: 'blocked', detail: /does not exist.*init does not create them.*remove it from buckets/ },
    { name: 'no configuration yet', live: {}, action: 'create', configuration: { QueueConfigurations: [ours] } },
    {
      name: 'others kept exactly, EventBridge too',
      live: { QueueConfigurations: [removals], TopicConfigurations: [topic], EventBridgeConfiguration: {} },
      action: 'create',
      configuration: { QueueConfigurations: [removals, ours], TopicConfigurations: [topic], EventBridgeConfiguration: {} },
      detail: /keeps 3 other configuration/,
    },
    {
      name: 'ours already there',
      live: { QueueConfigurations: [removals, { ...ours, Events: ['s3:ObjectCreated:*'] }] },
      action: 'unchanged',
    },
    {
      name: 'ours to another queue',
      live: { QueueConfigurations: [{ ...ours, QueueArn: 'arn:aws:sqs:us-east-1:123456789012:old' }, removals] },
      action: 'update',
      configuration: { QueueConfigurations: [ours, removals] },
    },
    {
      name: 'an unnamed configuration to our queue is adopted',
      live: { QueueConfigurations: [removals, { Id: 'Zm9v', QueueArn: QUEUE, Events: ['s3:ObjectCreated:*'] }] },
      action: 'update',
      configuration: { QueueConfigurations: [removals, ours] },
      detail: /replacing "Zm9v"/,
    },
    {
      name: 'an overlapping Lambda configuration',
      live: {
        LambdaFunctionConfigurations: [
          {
            Id: 'thumbnails',
            LambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:t',
            Events: ['s3:ObjectCreated:Put'],
            Filter: filter('img/'),
          },
        ],
      },
      action: 'blocked',
      conflicts: ['thumbnails'],
      detail: /"thumbnails" \(Lambda .*prefix "img\/"\) overlaps ours/,
    },
    {
      name: 'two overlapping, both named',
      live: {
        QueueConfigurations: [{ Id: 'a', QueueArn: 'arn:q', Events: ['s3:ObjectCreated:*'] }],
        TopicConfigurations: [{ Id: 'b', TopicArn: 'arn:t', Events: ['s3:ObjectCreated:Copy'] }],
      },
      action: 'blocked',
      conflicts: ['b', 'a'],
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.action}`, () => {
      const plan = planBucketNotifications('acme-data', c.live, ours);
      assert.equal(plan.action, c.action, plan.detail);
      if (c.configuration) assert.deepEqual('configuration' in plan ? plan.configuration : undefined, c.configuration);
      if (c.action === 'unchanged' || c.action === 'blocked')
        assert.equal('configuration' in plan ? plan.configuration : undefined, undefined);
      if (c.detail) assert.match(plan.detail, c.detail);
      if (c.conflicts) assert.deepEqual('conflicts' in plan ? plan.conflicts : [], c.conflicts);
    });
  }

  it('our configuration is the fixed Id, all object creations, to the queue, with no filter', () => {
    assert.deepEqual(ours, { Id: NOTIFICATION_ID, QueueArn: QUEUE, Events: ['s3:ObjectCreated:*'] });
    assert.equal(NOTIFICATION_ID, 'streamalert-athena-refresh');
  });
});
