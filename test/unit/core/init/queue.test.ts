/** athena init: the queue policy merge and the queue attributes it sets or changes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { queueAttributeChanges, queueAttributes, type QueueSettings } from '../../../../src/core/init/queue-attributes.js';
import { ourPolicyStatement, planQueuePolicy, POLICY_SID, samePolicyValue } from '../../../../src/core/init/queue-policy.js';

const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:q';
const BUCKETS = ['arn:aws:s3:::b-two', 'arn:aws:s3:::b-one'];
const ours = ourPolicyStatement(QUEUE, BUCKETS, '123456789012');
const theirs = {
  Sid: 'AllowSnsFanout',
  Effect: 'Allow',
  Principal: { Service: 'sns.amazonaws.com' },
  Action: 'sqs:SendMessage',
  Resource: QUEUE,
};

describe('ourPolicyStatement', () => {
  it('lets s3.amazonaws.com send from the buckets of this account only', () => {
    assert.deepEqual(ours, {
      Sid: POLICY_SID,
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: QUEUE,
      Condition: {
        ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::b-one', 'arn:aws:s3:::b-two'] },
        StringEquals: { 'aws:SourceAccount': '123456789012' },
      },
    });
  });
});

describe('planQueuePolicy', () => {
  const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Id: 'p', Statement });
  const cases: { name: string; live: string | undefined; action: string; statements?: unknown[]; detail?: RegExp }[] = [
    { name: 'no policy', live: undefined, action: 'create', statements: [ours] },
    { name: 'empty policy attribute', live: '', action: 'create', statements: [ours] },
    {
      name: 'only theirs: ours appended, theirs kept',
      live: doc(theirs),
      action: 'update',
      statements: [theirs, ours],
      detail: /adds statement.*keeps 1 other/,
    },
    { name: 'ours already, with theirs', live: doc(theirs, ours), action: 'unchanged' },
    {
      name: 'ours as AWS may return it (one-element list as a string, keys reordered)',
      live: doc({
        ...ours,
        Condition: { StringEquals: { 'aws:SourceAccount': ['123456789012'] }, ArnLike: { 'aws:SourceArn': [...BUCKETS].reverse() } },
      }),
      action: 'unchanged',
    },
    {
      name: 'ours outdated (a bucket less): replaced in place',
      live: doc(
        {
          ...ours,
          Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::b-one' }, StringEquals: { 'aws:SourceAccount': '123456789012' } },
        },
        theirs,
      ),
      action: 'update',
      statements: [ours, theirs],
      detail: /replaces statement/,
    },
    {
      name: 'a single Statement object',
      live: JSON.stringify({ Version: '2012-10-17', Statement: theirs }),
      action: 'update',
      statements: [theirs, ours],
    },
    { name: 'not JSON', live: '{oops', action: 'blocked', detail: /not a JSON policy document/ },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.action}`, () => {
      const plan = planQueuePolicy(c.live, ours);
      assert.equal(plan.action, c.action, plan.detail);
      if (c.detail) assert.match(plan.detail, c.detail);
      const policy =
        'policy' in plan && plan.policy ? (JSON.parse(plan.policy) as { Version: string; Id?: string; Statement: unknown[] }) : undefined;
      if (c.statements) {
        assert.deepEqual(policy?.Statement, c.statements);
        assert.equal(policy?.Version, '2012-10-17');
      } else assert.equal(policy, undefined);
      if (c.live?.includes('"Id":"p"') && policy) assert.equal(policy.Id, 'p', 'the policy Id is kept');
    });
  }

  it('samePolicyValue treats lists as sets and a one-element list as its element', () => {
    assert.ok(samePolicyValue({ a: ['x', 'y'], b: ['z'] }, { b: 'z', a: ['y', 'x'] }));
    assert.ok(!samePolicyValue({ a: ['x', 'y'] }, { a: ['x'] }));
  });
});

describe('queue attributes', () => {
  const kms = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const redrive = { deadLetterTargetArn: `${QUEUE}_dlq`, maxReceiveCount: 10 };
  const main: QueueSettings = { visibilityTimeout: 360, redrive };

  it('a new notification queue: SSE-SQS, 14 days, long polling, visibility, redrive', () => {
    assert.deepEqual(queueAttributes(main), {
      MessageRetentionPeriod: '1209600',
      SqsManagedSseEnabled: 'true',
      VisibilityTimeout: '360',
      ReceiveMessageWaitTimeSeconds: '20',
      RedrivePolicy: JSON.stringify(redrive),
    });
  });

  it('a new DLQ with a KMS key: SSE-KMS and 14 days only', () => {
    assert.deepEqual(queueAttributes({ kmsKeyArn: kms }), {
      MessageRetentionPeriod: '1209600',
      KmsMasterKeyId: kms,
      SqsManagedSseEnabled: 'false',
    });
  });

  const inPlace = {
    MessageRetentionPeriod: '1209600',
    SqsManagedSseEnabled: 'true',
    VisibilityTimeout: '360',
    ReceiveMessageWaitTimeSeconds: '20',
    RedrivePolicy: JSON.stringify(redrive),
  };
  const cases: { name: string; settings: QueueSettings; live: Record<string, string>; set: Record<string, string> }[] = [
    { name: 'in place', settings: main, live: inPlace, set: {} },
    { name: 'a longer visibility timeout is kept', settings: main, live: { ...inPlace, VisibilityTimeout: '900' }, set: {} },
    { name: 'a shorter one is raised', settings: main, live: { ...inPlace, VisibilityTimeout: '30' }, set: { VisibilityTimeout: '360' } },
    {
      name: 'SQS defaults',
      settings: main,
      live: { MessageRetentionPeriod: '345600', SqsManagedSseEnabled: 'true', VisibilityTimeout: '30', ReceiveMessageWaitTimeSeconds: '0' },
      set: {
        MessageRetentionPeriod: '1209600',
        VisibilityTimeout: '360',
        ReceiveMessageWaitTimeSeconds: '20',
        RedrivePolicy: JSON.stringify(redrive),
      },
    },
    {
      name: 'redrive count differs (string in the live policy is fine)',
      settings: main,
      live: { ...inPlace, RedrivePolicy: JSON.stringify({ ...redrive, maxReceiveCount: '10' }) },
      set: {},
    },
    {
      name: 'redrive count changed',
      settings: { ...main, redrive: { ...redrive, maxReceiveCount: 3 } },
      live: inPlace,
      set: { RedrivePolicy: JSON.stringify({ ...redrive, maxReceiveCount: 3 }) },
    },
    {
      name: 'to SSE-KMS',
      settings: { ...main, kmsKeyArn: kms },
      live: inPlace,
      set: { KmsMasterKeyId: kms, SqsManagedSseEnabled: 'false' },
    },
    {
      name: 'back to SSE-SQS',
      settings: main,
      live: { ...inPlace, SqsManagedSseEnabled: 'false', KmsMasterKeyId: kms },
      set: { SqsManagedSseEnabled: 'true', KmsMasterKeyId: '' },
    },
    {
      name: 'unencrypted',
      settings: {},
      live: { MessageRetentionPeriod: '1209600', SqsManagedSseEnabled: 'false' },
      set: { SqsManagedSseEnabled: 'true' },
    },
    {
      name: 'a DLQ ignores visibility and polling',
      settings: {},
      live: { MessageRetentionPeriod: '1209600', SqsManagedSseEnabled: 'true', VisibilityTimeout: '1' },
      set: {},
    },
  ];
  for (const c of cases) {
    it(`${c.name}: sets ${Object.keys(c.set).join(', ') || 'nothing'}`, () => {
      const out = queueAttributeChanges(c.settings, c.live);
      assert.deepEqual(out.attributes, c.set);
      assert.equal(out.changes.length > 0, Object.keys(c.set).length > 0, out.changes.join('; '));
    });
  }
});
