/** The alarms deploy keeps (spec and plan, pure) and the LoggingConfig as a setting. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromObjects } from '../../../../src/core/config/load.js';
import { planAlarms, type LiveAlarm } from '../../../../src/core/deploy/alarm-plan.js';
import { athenaAlarms, oldestMessageThreshold } from '../../../../src/core/deploy/alarm-spec.js';
import { settingChanges, type LiveFunction } from '../../../../src/core/deploy/function-plan.js';
import { functionSpec } from '../../../../src/core/deploy/functions.js';

const ACCOUNT = { account: { aws_account_id: '123456789012', prefix: 'acme', region: 'us-east-1' } };
const NAME = 'acme_streamalert_athena_partition_refresh';
const config = (athena: Record<string, unknown> = {}) =>
  configFromObjects(ACCOUNT, { athena_partition_refresh_config: { buckets: { 'acme-data': '*' }, ...athena } });
const NOW = new Date('2026-12-02T12:00:00Z'); // a Wednesday

describe('alarm thresholds', () => {
  const cases: [string, Record<string, unknown>, number][] = [
    ['rate(10 minutes): twice the interval', {}, 1200],
    ['rate(1 hour)', { schedule_expression: 'rate(1 hour)' }, 7200],
    ['a weekday cron: twice the weekend gap', { schedule_expression: 'cron(0 9 ? * MON-FRI *)' }, 2 * 72 * 3600],
    ['trigger sqs: 15 minutes', { trigger: 'sqs' }, 900],
    ['an override wins', { trigger: 'sqs', alarm_thresholds: { oldest_message_seconds: 3600 } }, 3600],
  ];
  for (const [name, athena, seconds] of cases) it(name, () => assert.equal(oldestMessageThreshold(config(athena), NOW), seconds));
});

describe('athenaAlarms', () => {
  it('schedule: three alarms named <function>-<what>, the topic as alarm and OK action; sqs adds Throttles', () => {
    const topic = 'arn:aws:sns:us-east-1:123456789012:oncall';
    const schedule = athenaAlarms(config({ alarm_topic_arn: topic }), NAME, NOW);
    assert.deepEqual(
      schedule.alarms.map((a) => [a.name, a.settings.metricName, a.settings.alarmActions, a.settings.okActions]),
      [
        [`${NAME}-oldest-message`, 'ApproximateAgeOfOldestMessage', [topic], [topic]],
        [`${NAME}-dead-letters`, 'ApproximateNumberOfMessagesVisible', [topic], [topic]],
        [`${NAME}-errors`, 'Errors', [topic], [topic]],
      ],
    );
    assert.deepEqual(schedule.tags, { 'streamalert:managed': 'true', 'streamalert:prefix': 'acme' });
    const sqs = athenaAlarms(config({ trigger: 'sqs', alarm_thresholds: { throttles: 3 } }), NAME, NOW);
    assert.deepEqual(
      sqs.alarms.map((a) => [a.kind, a.settings.threshold, a.settings.alarmActions]),
      [
        ['oldest-message', 900, []],
        ['dead-letters', 0, []],
        ['errors', 0, []],
        ['throttles', 3, []],
      ],
    );
  });

  it('alarms: false wants none and still names all four (ours among them get deleted)', () => {
    const off = athenaAlarms(config({ alarms: false }), NAME, NOW);
    assert.deepEqual([off.enabled, off.alarms, off.names.length], [false, [], 4]);
  });

  it('refuses an alarm_topic_arn that is not an SNS topic ARN', () => {
    assert.throws(() => config({ alarm_topic_arn: 'arn:aws:sqs:us-east-1:123456789012:q' }), /alarm_topic_arn must be an SNS topic ARN/);
  });
});

describe('planAlarms', () => {
  const spec = athenaAlarms(config({ trigger: 'sqs' }), NAME, NOW);
  const live = (
    name: string,
    tags: Record<string, string> | undefined,
    change: Partial<LiveAlarm['settings']> = {},
  ): [string, LiveAlarm] => {
    const want = spec.alarms.find((a) => a.name === name)!;
    return [
      name,
      { name, arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`, tags, settings: { ...want.settings, ...change } },
    ];
  };
  const ours = { 'streamalert:managed': 'true', 'streamalert:prefix': 'acme' };

  it('creates what is missing, updates what differs, leaves the rest; another prefix or no tag is blocked', () => {
    const plan = planAlarms(
      spec,
      new Map([
        live(`${NAME}-oldest-message`, ours, { threshold: 60 }),
        live(`${NAME}-dead-letters`, ours),
        live(`${NAME}-errors`, {}),
        live(`${NAME}-throttles`, { ...ours, 'streamalert:prefix': 'other' }),
      ]),
    );
    assert.deepEqual(
      plan.rows.map((r) => [r.name.slice(NAME.length + 1), r.action]),
      [
        ['oldest-message', 'update'],
        ['dead-letters', 'unchanged'],
        ['errors', 'blocked'],
        ['throttles', 'blocked'],
      ],
    );
    assert.deepEqual(
      plan.steps.map((s) => s.op),
      ['put-alarm'],
    );
    assert.match(plan.rows[3]!.reason!, /belongs to the streamalert deployment with prefix "other"/);
  });

  it('a tag-only difference tags the alarm; with alarms off ours are deleted and others kept', () => {
    const tagOnly = planAlarms(spec, new Map([live(`${NAME}-errors`, { 'streamalert:managed': 'true' })]));
    assert.deepEqual(
      tagOnly.steps.find((s) => s.op === 'tag-alarm'),
      {
        op: 'tag-alarm',
        name: `${NAME}-errors`,
        arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${NAME}-errors`,
        tags: { 'streamalert:prefix': 'acme' },
      },
    );
    const off = athenaAlarms(config({ alarms: false }), NAME, NOW);
    const plan = planAlarms(off, new Map([live(`${NAME}-errors`, ours), live(`${NAME}-throttles`, undefined)]));
    assert.deepEqual(plan.steps, [{ op: 'delete-alarm', name: `${NAME}-errors`, reason: 'alarms is false' }]);
  });
});

describe('LoggingConfig', () => {
  const spec = functionSpec(config({ log_level: 'warn' }), 'athena');
  const fn: LiveFunction = {
    arn: '',
    version: '$LATEST',
    codeSha256: '',
    codeSize: 0,
    environment: spec.environment,
    memory: spec.memory,
    timeout: spec.timeout,
    handler: spec.handler,
    runtime: spec.runtime,
    role: spec.roleArn!,
  };
  it('log_level maps to ApplicationLogLevel; a live Text format is an update; an unreported one is not', () => {
    assert.deepEqual(spec.logging, { format: 'JSON', applicationLevel: 'WARN', systemLevel: 'WARN' });
    assert.deepEqual(settingChanges(spec, { ...fn, logging: 'Text' }), [
      { setting: 'logging', from: 'Text', to: 'JSON, application WARN, system WARN' },
    ]);
    assert.deepEqual(settingChanges(spec, { ...fn, logging: 'JSON, application WARN, system WARN' }), []);
    assert.deepEqual(settingChanges(spec, fn), []);
  });
});

describe('iam-policy --for deploy', () => {
  it('includes the CloudWatch alarm actions on <function>-* and PassRole of the managed role', async () => {
    const { buildDeployPolicy } = await import('../../../../src/core/iam/deploy-policy.js');
    const policy = buildDeployPolicy(config());
    assert.deepEqual(
      policy.Statement.find((s) => s.Sid === 'FunctionAlarms'),
      {
        Sid: 'FunctionAlarms',
        Effect: 'Allow',
        Action: [
          'cloudwatch:DeleteAlarms',
          'cloudwatch:DescribeAlarms',
          'cloudwatch:ListTagsForResource',
          'cloudwatch:PutMetricAlarm',
          'cloudwatch:TagResource',
        ],
        Resource: [`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${NAME}-*`],
      },
    );
    assert.deepEqual(policy.Statement.find((s) => s.Sid === 'PassFunctionRoles')?.Resource, [
      `arn:aws:iam::123456789012:role/${NAME}_role`,
    ]);
    assert.ok(policy.Statement.find((s) => s.Sid === 'DeployFunctions')!.Action.includes('lambda:UpdateFunctionConfiguration'));
  });
});
