/** Plans for the managed role, the log group and the SQS event-source mapping, and the queue check. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LAMBDA_TRUST_POLICY, type ManagedRoleSpec, type TriggerSpec } from '../../src/core/deploy/athena-spec.js';
import { describeMappingStep, planMapping, visibilityProblem, type LiveMapping } from '../../src/core/deploy/mapping-plan.js';
import { describeLogGroupStep, planLogGroup, planRole, samePolicy } from '../../src/core/deploy/resource-plans.js';

const policy = { Version: '2012-10-17' as const, Statement: [{ Sid: 'A', Effect: 'Allow' as const, Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], Resource: ['arn:q'] }] };
const role: ManagedRoleSpec = { name: 'f_role', arn: 'arn:aws:iam::123456789012:role/f_role', trustPolicy: LAMBDA_TRUST_POLICY, policyName: 'p', policy };
const ops = (plan: { action: string; steps: { op: string }[] }) => [plan.action, ...plan.steps.map((s) => s.op)].join(' ');

describe('planRole', () => {
  const cases: [string, Parameters<typeof planRole>[1], string][] = [
    ['no role', null, 'create create-role put-role-policy'],
    ['role and policy as configured', { arn: role.arn, trustPolicy: LAMBDA_TRUST_POLICY, policy }, 'unchanged'],
    ['role without the inline policy', { arn: role.arn, trustPolicy: LAMBDA_TRUST_POLICY }, 'update put-role-policy'],
    ['another policy', { arn: role.arn, trustPolicy: LAMBDA_TRUST_POLICY, policy: { ...policy, Statement: [{ ...policy.Statement[0], Resource: ['arn:other'] }] } }, 'update put-role-policy'],
    ['another trust', { arn: role.arn, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, policy }, 'update update-trust-policy'],
  ];
  for (const [what, live, expected] of cases) it(`${what} → ${expected}`, () => assert.equal(ops(planRole(role, live)), expected));
});

describe('samePolicy', () => {
  const cases: [string, unknown, unknown, boolean][] = [
    ['key order', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'a', Resource: 'r' }] }, { Statement: [{ Resource: 'r', Action: 'a', Effect: 'Allow' }], Version: '2012-10-17' }, true],
    ['"x" and ["x"]', { Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }] }, { Statement: [{ Action: ['sts:AssumeRole'], Principal: { Service: ['lambda.amazonaws.com'] } }] }, true],
    ['action order', { Statement: [{ Action: ['b', 'a'] }] }, { Statement: [{ Action: ['a', 'b'] }] }, true],
    ['one more action', { Statement: [{ Action: ['a'] }] }, { Statement: [{ Action: ['a', 'b'] }] }, false],
    ['another effect', { Statement: [{ Effect: 'Allow' }] }, { Statement: [{ Effect: 'Deny' }] }, false],
    ['missing', undefined, {}, false],
  ];
  for (const [what, a, b, same] of cases) it(`${what} → ${same}`, () => assert.equal(samePolicy(a, b), same));
});

describe('planLogGroup', () => {
  const cases: [string, Parameters<typeof planLogGroup>[1], string, string[]][] = [
    ['no group', null, 'create create-log-group', ['create log group /aws/lambda/f, keeping logs 30 days']],
    ['kept forever (as Lambda makes it)', {}, 'update put-retention', ['set the retention of /aws/lambda/f to 30 days (it keeps logs forever now)']],
    ['another retention', { retentionDays: 7 }, 'update put-retention', ['set the retention of /aws/lambda/f to 30 days (now 7)']],
    ['as configured', { retentionDays: 30 }, 'unchanged', []],
  ];
  for (const [what, live, expected, lines] of cases) {
    it(`${what} → ${expected}`, () => {
      const plan = planLogGroup(30, live);
      assert.equal(ops(plan), expected);
      assert.deepEqual(plan.steps.map((s) => describeLogGroupStep(s, '/aws/lambda/f')), lines);
    });
  }
});

describe('planMapping', () => {
  const sqs: TriggerSpec = { kind: 'sqs', queueName: 'q', queueArn: 'arn:aws:sqs:us-east-1:123456789012:q', enabled: true, batchSize: 1000, maximumBatchingWindowSeconds: 60, maximumConcurrency: 2 };
  const schedule: TriggerSpec = { ...sqs, kind: 'schedule', enabled: false };
  const mapping: LiveMapping = { uuid: 'u', state: 'Enabled', enabled: true, batchSize: 1000, maximumBatchingWindowSeconds: 60, maximumConcurrency: 2, functionResponseTypes: ['ReportBatchItemFailures'] };
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
  for (const [what, trigger, live, expected] of cases) it(`${what} → ${expected}`, () => assert.equal(ops(planMapping(trigger, live)), expected));

  it('says what it creates and what changes', () => {
    const create = planMapping(sqs, null).steps[0]!;
    assert.equal(
      describeMappingStep(create, sqs, 'f'),
      'create an event-source mapping q → f:production (enabled): batch size 1000, batching window 60s, maximum concurrency 2, ReportBatchItemFailures',
    );
    const update = planMapping({ ...sqs, batchSize: 5000, maximumBatchingWindowSeconds: 0 }, { ...mapping, state: 'Disabled', enabled: false, maximumBatchingWindowSeconds: undefined, functionResponseTypes: [] }).steps[0]!;
    assert.equal(
      describeMappingStep(update, sqs, 'f'),
      'update the event-source mapping q → f:production: enabled disabled → enabled; batch size 1000 → 5000; response types (none) → ReportBatchItemFailures',
    );
  });
});

describe('visibilityProblem', () => {
  const sqs: TriggerSpec = { kind: 'sqs', queueName: 'q', queueArn: 'arn:q', enabled: true, batchSize: 1000, maximumBatchingWindowSeconds: 60, maximumConcurrency: 2 };
  const queue = (visibilityTimeout: number) => ({ url: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', arn: 'arn:q', visibilityTimeout });
  const cases: [number, number, RegExp | undefined][] = [
    [60, 360, undefined],
    [60, 900, undefined],
    [60, 359, /visibility timeout of 359 s; .* at least 6 × the function's timeout \(s\.timeout 60 s\) = 360 s.*VisibilityTimeout=360.* or lower s\.timeout to 59, then deploy again/],
    [60, 30, /VisibilityTimeout to 360 .* or lower s\.timeout to 5,/],
    [10, 5, /VisibilityTimeout to 60 \(aws sqs set-queue-attributes --queue-url https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/q --attributes VisibilityTimeout=60, or streamalert athena init\), then deploy again$/],
  ];
  for (const [timeout, visibility, expected] of cases) {
    it(`timeout ${timeout} s, visibility ${visibility} s → ${expected ? 'a problem' : 'fine'}`, () => {
      const problem = visibilityProblem(sqs, timeout, queue(visibility), 's');
      if (!expected) assert.equal(problem, undefined);
      else assert.match(problem ?? '', expected);
    });
  }
});
