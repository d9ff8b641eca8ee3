/** The deploy plan (live vs desired → steps), the schedule plan, rollback targets and waiting. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FunctionSpec } from '../../../../src/core/deploy/functions.js';
import { planFunction, settingChanges, type LiveFunction, type LiveState } from '../../../../src/core/deploy/function-plan.js';
import { rollbackTarget } from '../../../../src/core/deploy/rollback.js';
import { planSchedule } from '../../../../src/core/deploy/schedule-plan.js';
import { waitUntilSettled, type UpdateStatus } from '../../../../src/core/deploy/wait.js';
import { AwsError, ConfigError, NothingToRollBackError, UsageError } from '../../../../src/core/kernel/errors.js';
import { exitCodeFor } from '../../../../src/cli/errors/handle-error.js';
import { cliMessage } from '../../../../src/cli/errors/messages.js';

const spec: FunctionSpec = {
  key: 'athena',
  section: 'athena_partition_refresh_config',
  name: 'acme_streamalert_athena_partition_refresh',
  enabled: true,
  source: { kind: 'builtin', name: 'athena' },
  handler: 'index.handler',
  runtime: 'nodejs24.x',
  memory: 128,
  timeout: 60,
  roleArn: 'arn:aws:iam::123456789012:role/r',
  environment: { LOG_LEVEL: 'info' },
  logGroup: { name: '/aws/lambda/acme_streamalert_athena_partition_refresh', retentionDays: 30 },
};
const pkg = { sha256: 'NEW=', size: 1000 };

function live(over: Partial<LiveFunction> = {}): LiveFunction {
  return {
    arn: 'arn:fn',
    version: '$LATEST',
    codeSha256: 'NEW=',
    codeSize: 1000,
    handler: 'index.handler',
    runtime: 'nodejs24.x',
    memory: 128,
    timeout: 60,
    role: spec.roleArn!,
    environment: { LOG_LEVEL: 'info' },
    ...over,
  };
}
function state(
  fn: LiveFunction | null,
  aliasVersion?: string,
  target: LiveFunction | undefined = fn ? { ...fn, version: aliasVersion ?? '1' } : undefined,
): LiveState {
  return { function: fn, alias: aliasVersion ? { arn: 'arn:fn:production', version: aliasVersion, ...(target ? { target } : {}) } : null };
}
const ops = (s: LiveState, sp: FunctionSpec = spec) => {
  const plan = planFunction(sp, pkg, s, 'us-east-1');
  return [plan.action, ...plan.steps.map((x) => x.op)].join(' ');
};

describe('planFunction', () => {
  const cases: [string, LiveState, string][] = [
    ['missing function', state(null), 'create create-function publish-version create-alias'],
    ['everything matches', state(live(), '3'), 'unchanged'],
    ['new code', state(live({ codeSha256: 'OLD=' }), '3', live({ codeSha256: 'OLD=' })), 'update update-code publish-version update-alias'],
    [
      'memory changed',
      state(live({ memory: 256 }), '3', live({ memory: 256 })),
      'update update-configuration publish-version update-alias',
    ],
    [
      'LOG_LEVEL changed',
      state(live({ environment: { LOG_LEVEL: 'debug' } }), '3', live({ environment: { LOG_LEVEL: 'debug' } })),
      'update update-configuration publish-version update-alias',
    ],
    [
      'code and settings changed',
      state(live({ codeSha256: 'OLD=', timeout: 30 }), '3', live({ codeSha256: 'OLD=', timeout: 30 })),
      'update update-code update-configuration publish-version update-alias',
    ],
    ['no alias yet', state(live()), 'update publish-version create-alias'],
    ['alias on an older version (rolled back)', state(live(), '2', live({ codeSha256: 'OLD=' })), 'update publish-version update-alias'],
    [
      'alias on an unreadable version',
      { function: live(), alias: { arn: 'arn:fn:production', version: '2' } },
      'update publish-version update-alias',
    ],
  ];
  for (const [what, s, expected] of cases) it(`${what} → ${expected}`, () => assert.equal(ops(s), expected));

  it('a missing function without role_arn is a ConfigError naming role_arn', () => {
    const { roleArn: _, ...noRole } = spec;
    assert.throws(
      () => planFunction(noRole, pkg, state(null), 'us-east-1'),
      (err: unknown) =>
        err instanceof ConfigError &&
        /does not exist in us-east-1 and athena_partition_refresh_config\.role_arn is not set/.test(err.message),
    );
  });

  it("with ownership: an untagged or another prefix's function is blocked; ours missing a user tag gets it, and is created tagged", () => {
    const own = { tags: { team: 'data', 'streamalert:managed': 'true', 'streamalert:prefix': 'acme' } };
    const opsOwn = (s: LiveState) => {
      const plan = planFunction(spec, pkg, s, 'us-east-1', own);
      return [plan.blocker ? 'blocked' : plan.action, ...plan.steps.map((x) => x.op)].join(' ');
    };
    assert.equal(opsOwn(state(live(), '3')), 'blocked');
    assert.equal(opsOwn(state(live({ tags: { ...own.tags, 'streamalert:prefix': 'other' } }), '3')), 'blocked');
    assert.equal(opsOwn(state(live({ tags: own.tags }), '3')), 'unchanged');
    assert.equal(
      opsOwn(state(live({ tags: { 'streamalert:managed': 'true', 'streamalert:prefix': 'acme' } }), '3')),
      'update tag-function',
    );
    assert.deepEqual(planFunction(spec, pkg, state(null), 'us-east-1', own).steps[0], { op: 'create-function', tags: own.tags });
    assert.match(
      planFunction(spec, pkg, state(live(), '3'), 'us-east-1', own).blocker!,
      /^function acme_streamalert_athena_partition_refresh exists and is not streamalert's/,
    );
  });

  it('an existing function without role_arn keeps its role', () => {
    const { roleArn: _, ...noRole } = spec;
    assert.equal(ops(state(live({ role: 'arn:aws:iam::123456789012:role/other' }), '1'), noRole), 'unchanged');
    assert.equal(
      ops(state(live({ role: 'arn:aws:iam::123456789012:role/other' }), '1')),
      'update update-configuration publish-version update-alias',
    );
  });
});

describe('settingChanges', () => {
  it('lists each differing setting with from → to', () => {
    assert.deepEqual(
      settingChanges({ ...spec, memory: 512, environment: { LOG_LEVEL: 'debug', A: '1' } }, live({ handler: 'old.handler' })),
      [
        { setting: 'memory', from: '128', to: '512' },
        { setting: 'handler', from: 'old.handler', to: 'index.handler' },
        { setting: 'environment', from: 'A unset, LOG_LEVEL=info', to: 'A=(set), LOG_LEVEL=debug' },
      ],
    );
  });
  it('names changed variables but never prints their values, except LOG_LEVEL', () => {
    const [change] = settingChanges(
      { ...spec, environment: { LOG_LEVEL: 'info', TOKEN: 'new-secret', ADDED: 's3' } },
      live({ environment: { LOG_LEVEL: 'info', TOKEN: 'old-secret', GONE: 's1' } }),
    );
    assert.deepEqual(change, {
      setting: 'environment',
      from: 'ADDED unset, GONE=(hidden), TOKEN=(hidden)',
      to: 'ADDED=(set), GONE unset, TOKEN=(new value)',
    });
    assert.doesNotMatch(JSON.stringify(change), /secret|s1|s3/);
  });
  it('treats environment order as irrelevant and a missing environment as empty', () => {
    assert.deepEqual(settingChanges({ ...spec, environment: { B: '2', A: '1' } }, live({ environment: { A: '1', B: '2' } })), []);
    assert.deepEqual(settingChanges({ ...spec, environment: {} }, live({ environment: {} })), []);
  });
});

describe('planSchedule', () => {
  const schedule = { ruleName: 'r', expression: 'rate(10 minutes)', enabled: true, required: true };
  // The sqs trigger: the rule is not needed (disabled if it exists, not created if it does not).
  const standby = { ...schedule, enabled: false, required: false };
  const own = { tags: { team: 'data', 'streamalert:managed': 'true', 'streamalert:prefix': 'acme' } };
  const rule = { arn: 'arn:rule', expression: 'rate(10 minutes)', enabled: true, tags: own.tags };
  const { team: _team, ...withoutTeam } = own.tags;
  const cases: [string, [Parameters<typeof planSchedule>[0], Parameters<typeof planSchedule>[1]], string][] = [
    ['no rule', [schedule, { rule: null, targetsAlias: false, permitted: false }], 'create put-rule put-targets add-permission'],
    ['all in place', [schedule, { rule, targetsAlias: true, permitted: true }], 'unchanged'],
    [
      'other expression',
      [
        { ...schedule, expression: 'rate(1 minute)' },
        { rule, targetsAlias: true, permitted: true },
      ],
      'update put-rule',
    ],
    [
      'disabled in config',
      [
        { ...schedule, enabled: false },
        { rule, targetsAlias: true, permitted: true },
      ],
      'update put-rule',
    ],
    ['target missing', [schedule, { rule, targetsAlias: false, permitted: true }], 'update put-targets'],
    ['permission missing', [schedule, { rule, targetsAlias: true, permitted: false }], 'update add-permission'],
    ['sqs trigger, no rule', [standby, { rule: null, targetsAlias: false, permitted: false }], 'unchanged'],
    ['sqs trigger, rule enabled', [standby, { rule, targetsAlias: true, permitted: true }], 'update put-rule'],
    ['sqs trigger, rule enabled, no target or permission', [standby, { rule, targetsAlias: false, permitted: false }], 'update put-rule'],
    [
      'sqs trigger, rule already disabled',
      [standby, { rule: { ...rule, enabled: false }, targetsAlias: true, permitted: true }],
      'unchanged',
    ],
    [
      'back to the schedule: rule disabled',
      [schedule, { rule: { ...rule, enabled: false }, targetsAlias: true, permitted: true }],
      'update put-rule',
    ],
    // Ownership: a rule of the same name without our tags is another team's.
    [
      'an untagged rule of the same name',
      [schedule, { rule: { ...rule, tags: undefined }, targetsAlias: false, permitted: false }],
      'blocked',
    ],
    [
      "another prefix's rule",
      [schedule, { rule: { ...rule, tags: { ...own.tags, 'streamalert:prefix': 'other' } }, targetsAlias: true, permitted: true }],
      'blocked',
    ],
    [
      'sqs trigger, an untagged enabled rule: left alone',
      [standby, { rule: { ...rule, tags: undefined }, targetsAlias: false, permitted: false }],
      'unchanged',
    ],
    [
      "our rule without the user's tag",
      [schedule, { rule: { ...rule, tags: withoutTeam }, targetsAlias: true, permitted: true }],
      'update tag-rule',
    ],
  ];
  for (const [what, args, expected] of cases) {
    it(`${what} → ${expected}`, () => {
      const plan = planSchedule(...args, own);
      assert.equal([plan.action, ...plan.steps.map((s) => s.op)].join(' '), expected);
    });
  }
  it('says what changes in the rule', () => {
    const plan = planSchedule(
      { ...schedule, expression: 'rate(1 minute)', enabled: false },
      { rule, targetsAlias: true, permitted: true },
      own,
    );
    assert.deepEqual(plan.steps, [
      { op: 'put-rule', reason: 'update rule r: schedule rate(10 minutes) → rate(1 minute), enabled → disabled' },
    ]);
    assert.deepEqual(planSchedule(standby, { rule, targetsAlias: true, permitted: true }, own).steps, [
      { op: 'put-rule', reason: 'update rule r: enabled → disabled (the sqs trigger invokes the function)' },
    ]);
    const blocked = planSchedule(schedule, { rule: { ...rule, tags: undefined }, targetsAlias: false, permitted: false }, own);
    assert.match(
      blocked.blocker ?? '',
      /^EventBridge rule r exists and is not streamalert's \(no tag streamalert:managed=true\).*: name another function/,
    );
  });
});

describe('rollbackTarget', () => {
  const cases: [string[], string, string | undefined, string | RegExp][] = [
    [['1', '2', '3'], '3', undefined, '2'],
    [['1', '2', '10'], '10', undefined, '2'],
    [['1', '3', '4'], '4', undefined, '3'],
    [['1', '2', '3'], '2', undefined, '1'],
    [['1', '2', '3'], '3', '1', '1'],
    [['1', '2', '3'], '1', '3', '3'],
    [['1'], '1', undefined, /no earlier published version \(versions: 1\)/],
    [[], '1', undefined, /versions: \(none\)/],
    [['1', '2'], '2', '7', /has no version 7/],
    [['1', '2'], '2', '2', /already on version 2/],
    [['1', '2'], '2', 'latest', /--to must be a published version number/],
  ];
  for (const [versions, current, to, expected] of cases) {
    it(`versions ${versions.join(',') || '-'} at ${current}${to ? ` --to ${to}` : ''} → ${expected}`, () => {
      if (typeof expected === 'string') assert.equal(rollbackTarget('f', versions, current, to), expected);
      // The CLI's wording: core names the option, the CLI writes its flag (--to).
      // No earlier version is the deployment's state, not bad usage: its own error and exit code 8.
      else if (/versions: /.test(expected.source))
        assert.throws(
          () => rollbackTarget('f', versions, current, to),
          (err: unknown) =>
            err instanceof NothingToRollBackError &&
            !(err instanceof UsageError) &&
            exitCodeFor(err) === 8 &&
            expected.test(cliMessage(err)),
        );
      else
        assert.throws(
          () => rollbackTarget('f', versions, current, to),
          (err: unknown) => err instanceof UsageError && exitCodeFor(err) === 2 && expected.test(cliMessage(err)),
        );
    });
  }
});

describe('waitUntilSettled', () => {
  const run = async (statuses: UpdateStatus[], timeoutMs = 60_000) => {
    let polls = 0;
    let clock = 0;
    const slept: number[] = [];
    const result = await waitUntilSettled('f', 'UpdateFunctionCode', async () => statuses[Math.min(polls++, statuses.length - 1)]!, {
      timeoutMs,
      clock: { sleep: async (ms) => void (slept.push(ms), (clock += ms)), now: () => clock },
    });
    return { result, polls, slept };
  };
  it('returns at once when the update is done', async () => {
    const { polls, slept } = await run([{ state: 'Active', lastUpdateStatus: 'Successful' }]);
    assert.equal(polls, 1);
    assert.deepEqual(slept, []);
  });
  it('polls with growing delays while Pending or InProgress', async () => {
    const { polls, slept, result } = await run([
      { state: 'Pending' },
      { state: 'Active', lastUpdateStatus: 'InProgress' },
      { state: 'Active', lastUpdateStatus: 'InProgress' },
      { state: 'Active', lastUpdateStatus: 'Successful' },
    ]);
    assert.equal(polls, 4);
    assert.deepEqual(slept, [500, 1000, 2000]);
    assert.equal(result.lastUpdateStatus, 'Successful');
  });
  it('turns Failed into an AwsError with Lambda’s reason', async () => {
    await assert.rejects(
      run([
        { state: 'Active', lastUpdateStatus: 'InProgress' },
        { state: 'Active', lastUpdateStatus: 'Failed', reason: 'bad zip' },
      ]),
      (err: unknown) => err instanceof AwsError && /UpdateFunctionCode failed: bad zip/.test(err.message),
    );
  });
  it('gives up after the timeout', async () => {
    await assert.rejects(
      run([{ state: 'Active', lastUpdateStatus: 'InProgress' }], 10_000),
      (err: unknown) => err instanceof AwsError && err.code === 'Timeout' && /still updating after 10s/.test(err.message),
    );
  });
});
