/** Plans for the managed role, the log group and the SQS event-source mapping, and the queue check. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LAMBDA_TRUST_POLICY, type ManagedRoleSpec, type TriggerSpec } from '../../../../src/core/deploy/athena-spec.js';
import { describeMappingStep, planMapping, visibilityProblem, type LiveMapping } from '../../../../src/core/deploy/mapping-plan.js';
import { describeLogGroupStep, planLogGroup, planRole, samePolicy } from '../../../../src/core/deploy/resource-plans.js';

const policy = {
  Version: '2012-10-17' as const,
  Statement: [{ Sid: 'A', Effect: 'Allow' as const, Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], Resource: ['arn:q'] }],
};
const role: ManagedRoleSpec = {
  name: 'f_role',
  arn: 'arn:aws:iam::123456789012:role/f_role',
  trustPolicy: LAMBDA_TRUST_POLICY,
  policyName: 'p',
  policy,
};
const ops = (plan: { action: string; steps: { op: string }[] }) => [plan.action, ...plan.steps.map((s) => s.op)].join(' ');
const own = { tags: { team: 'data', 'streamalert:managed': 'true', 'streamalert:prefix': 'acme' } };
const ours = { arn: role.arn, tags: own.tags, inlinePolicies: ['p'], attachedPolicies: [] };
const ec2Trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

describe('planRole', () => {
  const cases: [string, Parameters<typeof planRole>[1], string, boolean?][] = [
    ['no role', null, 'create create-role put-role-policy'],
    ['role and policy as configured', { ...ours, trustPolicy: LAMBDA_TRUST_POLICY, policy }, 'unchanged'],
    ['role without the inline policy', { ...ours, inlinePolicies: [], trustPolicy: LAMBDA_TRUST_POLICY }, 'update put-role-policy'],
    [
      'another policy',
      {
        ...ours,
        trustPolicy: LAMBDA_TRUST_POLICY,
        policy: { ...policy, Statement: [{ ...policy.Statement[0], Resource: ['arn:other'] }] },
      },
      'update put-role-policy',
    ],
    ['another trust', { ...ours, trustPolicy: ec2Trust, policy }, 'update update-trust-policy'],
    [
      "ours without the user's tag",
      { ...ours, tags: { 'streamalert:managed': 'true', 'streamalert:prefix': 'acme' }, trustPolicy: LAMBDA_TRUST_POLICY, policy },
      'update tag-role',
    ],
    // Not ours: never changed, whatever it holds.
    [
      'an untagged role of the same name',
      { arn: role.arn, trustPolicy: ec2Trust, inlinePolicies: ['admin'], attachedPolicies: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'] },
      'blocked',
    ],
    [
      "another prefix's role",
      { ...ours, tags: { ...own.tags, 'streamalert:prefix': 'other' }, trustPolicy: LAMBDA_TRUST_POLICY, policy },
      'blocked',
    ],
    // Ours, widened by hand: blocked, unless forced back.
    ['ours with another inline policy', { ...ours, inlinePolicies: ['p', 'extra'], trustPolicy: LAMBDA_TRUST_POLICY, policy }, 'blocked'],
    [
      'ours with an attached policy and a boundary',
      { ...ours, attachedPolicies: ['arn:a'], permissionsBoundary: 'arn:b', trustPolicy: LAMBDA_TRUST_POLICY, policy },
      'blocked',
    ],
    [
      '… with --force-role',
      {
        ...ours,
        inlinePolicies: ['p', 'extra'],
        attachedPolicies: ['arn:a'],
        permissionsBoundary: 'arn:b',
        trustPolicy: LAMBDA_TRUST_POLICY,
        policy,
      },
      'update delete-role-policy detach-role-policy delete-permissions-boundary',
      true,
    ],
  ];
  for (const [what, live, expected, forceRole] of cases)
    it(`${what} → ${expected}`, () => assert.equal(ops(planRole(role, live, { ...own, forceRole: Boolean(forceRole) })), expected));

  it('says why it is blocked and what to do', () => {
    assert.match(
      planRole(role, { arn: role.arn }, own).blocker!,
      /^role f_role exists and is not streamalert's \(no tag streamalert:managed=true\).*: name another function .*or set athena_partition_refresh_config\.role_arn to its ARN to use it as it is/,
    );
    assert.match(
      planRole(role, { ...ours, inlinePolicies: ['p', 'extra'], attachedPolicies: ['arn:a'] }, own).blocker!,
      /widened it by hand: inline policy "extra"; attached policy "arn:a"\. .*--force-role/,
    );
  });
});

describe('samePolicy', () => {
  const cases: [string, unknown, unknown, boolean][] = [
    [
      'key order',
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'a', Resource: 'r' }] },
      { Statement: [{ Resource: 'r', Action: 'a', Effect: 'Allow' }], Version: '2012-10-17' },
      true,
    ],
    [
      '"x" and ["x"]',
      { Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }] },
      { Statement: [{ Action: ['sts:AssumeRole'], Principal: { Service: ['lambda.amazonaws.com'] } }] },
      true,
    ],
    ['action order', { Statement: [{ Action: ['b', 'a'] }] }, { Statement: [{ Action: ['a', 'b'] }] }, true],
    ['one more action', { Statement: [{ Action: ['a'] }] }, { Statement: [{ Action: ['a', 'b'] }] }, false],
    ['another effect', { Statement: [{ Effect: 'Allow' }] }, { Statement: [{ Effect: 'Deny' }] }, false],
    ['missing', undefined, {}, false],
  ];
  for (const [what, a, b, same] of cases) it(`${what} → ${same}`, () => assert.equal(samePolicy(a, b), same));
});

describe('planLogGroup', () => {
  const cases: [string, Parameters<typeof planLogGroup>[1], string, string[], boolean?][] = [
    ['no group', null, 'create create-log-group', ['create log group /aws/lambda/f, keeping logs 30 days']],
    [
      'ours, kept forever',
      { tags: own.tags },
      'update put-retention',
      ['set the retention of /aws/lambda/f to 30 days (it keeps logs forever now)'],
    ],
    [
      'ours, another retention',
      { retentionDays: 7, tags: own.tags },
      'update put-retention',
      ['set the retention of /aws/lambda/f to 30 days (now 7)'],
    ],
    ['ours, as configured', { retentionDays: 30, tags: own.tags }, 'unchanged', []],
    [
      'untagged, its function ours (Lambda made it)',
      {},
      'update put-retention tag-log-group',
      [
        'set the retention of /aws/lambda/f to 30 days (it keeps logs forever now)',
        'tag log group /aws/lambda/f team=data, streamalert:managed=true, streamalert:prefix=acme',
      ],
      true,
    ],
    ['untagged, its function not ours or missing', { retentionDays: 7 }, 'blocked', [], false],
  ];
  for (const [what, live, expected, lines, functionIsOurs] of cases) {
    it(`${what} → ${expected}`, () => {
      const plan = planLogGroup(30, live, own, '/aws/lambda/f', functionIsOurs);
      assert.equal(ops(plan), expected);
      assert.deepEqual(
        plan.steps.map((s) => describeLogGroupStep(s, '/aws/lambda/f')),
        lines,
      );
    });
  }
});

describe('planMapping', () => {
  const sqs: TriggerSpec = {
    kind: 'sqs',
    queueName: 'q',
    queueArn: 'arn:aws:sqs:us-east-1:123456789012:q',
    enabled: true,
    batchSize: 1000,
    maximumBatchingWindowSeconds: 60,
    maximumConcurrency: 2,
  };
  const schedule: TriggerSpec = { ...sqs, kind: 'schedule', enabled: false };
  const mapping: LiveMapping = {
    uuid: 'u',
    state: 'Enabled',
    enabled: true,
    batchSize: 1000,
    maximumBatchingWindowSeconds: 60,
    maximumConcurrency: 2,
    functionResponseTypes: ['ReportBatchItemFailures'],
  };
  const cases: [string, TriggerSpec, LiveMapping | null, string][] = [
    ['sqs, no mapping', sqs, null, 'create create-mapping'],
    ['sqs, mapping as configured', sqs, mapping, 'unchanged'],
    ['sqs, mapping disabled (switched back to sqs)', sqs, { ...mapping, state: 'Disabled', enabled: false }, 'update update-mapping'],
    ['sqs, other batch size', sqs, { ...mapping, batchSize: 10 }, 'update update-mapping'],
    ['sqs, no ReportBatchItemFailures', sqs, { ...mapping, functionResponseTypes: [] }, 'update update-mapping'],
    ['sqs, function disabled', { ...sqs, enabled: false }, mapping, 'update update-mapping'],
    ['schedule, no mapping', schedule, null, 'unchanged'],
    ['schedule, mapping enabled', schedule, mapping, 'update disable-mapping'],
    ['schedule, mapping disabled', schedule, { ...mapping, state: 'Disabled', enabled: false }, 'unchanged'],
  ];
  for (const [what, trigger, live, expected] of cases)
    it(`${what} → ${expected}`, () => assert.equal(ops(planMapping(trigger, live)), expected));

  it('created tagged; one on our alias missing a tag gets it, alongside any settings change', () => {
    assert.deepEqual(planMapping(sqs, null, own.tags).steps, [{ op: 'create-mapping', tags: own.tags }]);
    assert.equal(ops(planMapping(sqs, { ...mapping, arn: 'arn:esm', tags: own.tags }, own.tags)), 'unchanged');
    assert.equal(ops(planMapping(sqs, { ...mapping, arn: 'arn:esm', batchSize: 10 }, own.tags)), 'update update-mapping tag-mapping');
    assert.deepEqual(planMapping(schedule, { ...mapping, arn: 'arn:esm', tags: { 'streamalert:managed': 'true' } }, own.tags).steps, [
      { op: 'disable-mapping' },
      { op: 'tag-mapping', tags: { team: 'data', 'streamalert:prefix': 'acme' } },
    ]);
  });

  it('says what it creates and what changes', () => {
    const create = planMapping(sqs, null).steps[0]!;
    assert.equal(
      describeMappingStep(create, sqs, 'f'),
      'create an event-source mapping q → f:production (enabled): batch size 1000, batching window 60s, maximum concurrency 2, ReportBatchItemFailures',
    );
    const update = planMapping(
      { ...sqs, batchSize: 5000, maximumBatchingWindowSeconds: 0 },
      { ...mapping, state: 'Disabled', enabled: false, maximumBatchingWindowSeconds: undefined, functionResponseTypes: [] },
    ).steps[0]!;
    assert.equal(
      describeMappingStep(update, sqs, 'f'),
      'update the event-source mapping q → f:production: enabled disabled → enabled; batch size 1000 → 5000; response types (none) → ReportBatchItemFailures',
    );
  });
});

describe('visibilityProblem', () => {
  const sqs: TriggerSpec = {
    kind: 'sqs',
    queueName: 'q',
    queueArn: 'arn:q',
    enabled: true,
    batchSize: 1000,
    maximumBatchingWindowSeconds: 60,
    maximumConcurrency: 2,
  };
  const queue = (visibilityTimeout: number) => ({
    url: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
    arn: 'arn:q',
    visibilityTimeout,
  });
  const cases: [number, number, RegExp | undefined][] = [
    [60, 360, undefined],
    [60, 900, undefined],
    [
      60,
      359,
      /visibility timeout of 359 s; .* at least 6 × the function's timeout \(s\.timeout 60 s\) = 360 s.*VisibilityTimeout=360.* or lower s\.timeout to 59, then deploy again/,
    ],
    [60, 30, /VisibilityTimeout to 360 .* or lower s\.timeout to 5,/],
    [
      10,
      5,
      /VisibilityTimeout to 60 \(aws sqs set-queue-attributes --queue-url https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/q --attributes VisibilityTimeout=60, or streamalert athena init\), then deploy again$/,
    ],
  ];
  for (const [timeout, visibility, expected] of cases) {
    it(`timeout ${timeout} s, visibility ${visibility} s → ${expected ? 'a problem' : 'fine'}`, () => {
      const problem = visibilityProblem(sqs, timeout, queue(visibility), 's');
      if (!expected) assert.equal(problem, undefined);
      else assert.match(problem ?? '', expected);
    });
  }
});
