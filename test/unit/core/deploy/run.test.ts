/**
 * The deploy run against an in-memory account behind the deploy ports (our own interfaces, not
 * the SDK): what is checked before any call, that a blocked plan writes nothing, and the order of
 * the writes (role before function before mapping; the new trigger on before the old one off).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromObjects } from '../../../../src/core/config/load.js';
import { resolveFunctions } from '../../../../src/core/deploy/functions.js';
import type { LiveMapping, LiveQueue } from '../../../../src/core/deploy/mapping-plan.js';
import type { LiveFunction, LiveState } from '../../../../src/core/deploy/function-plan.js';
import type { LiveSchedule } from '../../../../src/core/deploy/schedule-plan.js';
import type { DeployPorts } from '../../../../src/core/deploy/ports.js';
import type { LiveLogGroup, LiveRole } from '../../../../src/core/deploy/resource-plans.js';
import { runDeploy } from '../../../../src/core/deploy/run.js';
import { ownershipTags } from '../../../../src/core/account/ownership.js';
import { ConfigError } from '../../../../src/core/kernel/errors.js';

const ACCOUNT = { account: { aws_account_id: '123456789012', prefix: 'acme', region: 'us-east-1' } };
const TODAY = new Date('2026-11-29T00:00:00Z');
const NAME = 'acme_streamalert_athena_partition_refresh';

/** An account in memory; `calls` lists every port call in order. */
function account(queueVisibility = 360) {
  const calls: string[] = [];
  let fn: LiveFunction | null = null;
  let alias: LiveState['alias'] = null;
  let role: LiveRole | null = null;
  let logs: LiveLogGroup | null = null;
  let rule: LiveSchedule['rule'] = null;
  let mapping: LiveMapping | null = null;
  const queue: LiveQueue = {
    url: 'https://sqs/q',
    arn: 'arn:aws:sqs:us-east-1:123456789012:acme_streamalert_athena_s3_notifications',
    visibilityTimeout: queueVisibility,
  };
  let versions = 0;
  const ports: DeployPorts = {
    packager: async () => (calls.push('package'), { zip: new Uint8Array([1]), sha256: 'SHA=', sha256Hex: 'ab', size: 1 }),
    functions: {
      getState: async () => (
        calls.push('getFunction'),
        { function: fn, alias: alias && { ...alias, ...(fn ? { target: { ...fn, version: alias.version } } : {}) } }
      ),
      create: async (spec, _zip, tags) => (
        calls.push(`createFunction role=${spec.roleArn}`),
        (fn = {
          arn: 'arn:fn',
          version: '$LATEST',
          codeSha256: 'SHA=',
          codeSize: 1,
          handler: spec.handler,
          runtime: spec.runtime,
          memory: spec.memory,
          timeout: spec.timeout,
          role: spec.roleArn!,
          environment: spec.environment,
          ...(tags ? { tags } : {}),
        })
      ),
      tag: async (_n, tags) => void (calls.push('tagFunction'), (fn = { ...fn!, tags: { ...fn!.tags, ...tags } })),
      updateCode: async () => (calls.push('updateCode'), fn!),
      updateConfiguration: async () => (calls.push('updateConfiguration'), fn!),
      publishVersion: async () => (calls.push('publishVersion'), String(++versions)),
      setAlias: async (_n, v) => (calls.push(`setAlias ${v}`), (alias = { arn: `arn:fn:production`, version: v }), 'arn:fn:production'),
      listVersions: async () => [],
    },
    roles: {
      get: async () => (calls.push('getRole'), role),
      apply: async (spec, steps) =>
        void (
          calls.push(...steps.map((s) => s.op)),
          (role = {
            arn: spec.arn,
            trustPolicy: spec.trustPolicy,
            policy: spec.policy,
            inlinePolicies: [spec.policyName],
            tags: { ...role?.tags, ...steps.reduce((t, s) => ('tags' in s ? { ...t, ...s.tags } : t), {}) },
          })
        ),
    },
    logGroups: {
      get: async () => (calls.push('getLogGroup'), logs),
      apply: async (_n, steps) =>
        void (
          calls.push(...steps.map((s) => s.op)),
          (logs = { retentionDays: 30, tags: { ...logs?.tags, ...steps.reduce((t, s) => ('tags' in s ? { ...t, ...s.tags } : t), {}) } })
        ),
    },
    schedules: {
      getState: async () => (calls.push('getRule'), { rule, targetsAlias: rule !== null, permitted: rule !== null }),
      apply: async (s, _f, _a, steps) =>
        void (
          calls.push(...steps.map((x) => `${x.op}${x.op === 'put-rule' ? ` ${s.enabled ? 'ENABLED' : 'DISABLED'}` : ''}`)),
          (rule = {
            arn: 'arn:rule',
            expression: s.expression,
            enabled: s.enabled,
            tags: { ...rule?.tags, ...steps.reduce((t, x) => ('tags' in x && x.tags ? { ...t, ...x.tags } : t), {}) },
          })
        ),
    },
    eventSources: {
      queue: async () => (calls.push('getQueue'), queue),
      getMapping: async () => (calls.push('getMapping'), mapping),
      apply: async (t, _a, _l, steps) => {
        calls.push(...steps.map((s) => s.op));
        mapping = {
          uuid: 'u',
          state: t.enabled ? 'Enabled' : 'Disabled',
          enabled: steps[0]!.op !== 'disable-mapping' && t.enabled,
          batchSize: t.batchSize,
          maximumBatchingWindowSeconds: t.maximumBatchingWindowSeconds,
          maximumConcurrency: t.maximumConcurrency,
          functionResponseTypes: ['ReportBatchItemFailures'],
        };
      },
    },
  };
  return { calls, ports };
}

const deploy = (ports: DeployPorts, athena: Record<string, unknown>, options: { dryRun?: boolean; today?: Date } = {}) => {
  const config = configFromObjects(ACCOUNT, { athena_partition_refresh_config: { buckets: { 'acme-data': '*' }, ...athena } });
  const { functions, skipped } = resolveFunctions(config, ['athena']);
  return runDeploy(
    functions,
    skipped,
    { region: 'us-east-1', accountId: '123456789012', tags: ownershipTags(config), configFile: 'conf/lambda.json' },
    ports,
    { today: TODAY, ...options },
  );
};

const writes = (calls: string[]) => calls.filter((c) => !/^(package|get)/.test(c));

describe('runDeploy', () => {
  it('a blocked runtime stops it before packaging or any port call', async () => {
    const a = account();
    await assert.rejects(
      deploy(a.ports, { runtime: 'nodejs18.x' }),
      (err: unknown) => err instanceof ConfigError && /runtime is "nodejs18\.x"/.test(err.message),
    );
    assert.deepEqual(a.calls, []);
  });

  it('between the block dates: an existing function is updated, a missing one is not created', async () => {
    const a = account();
    await deploy(
      a.ports,
      { runtime: 'nodejs20.x', role_arn: 'arn:aws:iam::123456789012:role/r' },
      { today: new Date('2026-08-01T00:00:00Z') },
    );
    const report = await deploy(
      a.ports,
      { runtime: 'nodejs20.x', role_arn: 'arn:aws:iam::123456789012:role/r', memory: 256 },
      { today: new Date('2026-09-15T00:00:00Z') },
    );
    assert.equal(report.functions[0]!.action, 'updated');
    assert.match(
      report.functions[0]!.warnings[0]!,
      /blocks creating functions on nodejs20\.x since 2026-08-31 and updating them from 2026-09-30 \(in 15 days\)/,
    );
    const fresh = account();
    await assert.rejects(
      deploy(fresh.ports, { runtime: 'nodejs20.x' }, { today: new Date('2026-09-15T00:00:00Z') }),
      (err: unknown) => err instanceof ConfigError && /nothing was changed:\n {2}athena .*runtime is "nodejs20\.x"/.test(err.message),
    );
    assert.deepEqual(writes(fresh.calls), []);
  });

  it('first deploy with trigger sqs: role, log group, function, alias, then the mapping; no rule is made', async () => {
    const a = account();
    const report = await deploy(a.ports, { trigger: 'sqs' });
    assert.deepEqual(writes(a.calls), [
      'create-role',
      'put-role-policy',
      'create-log-group',
      `createFunction role=arn:aws:iam::123456789012:role/${NAME}_role`,
      'publishVersion',
      'setAlias 1',
      'create-mapping',
    ]);
    assert.equal(report.functions[0]!.schedule?.state, 'NONE');
    assert.equal(report.functions[0]!.eventSource?.state, 'ENABLED');
  });

  it('switching triggers turns the new one on before the old one off, and a redeploy writes nothing', async () => {
    const a = account();
    await deploy(a.ports, {});
    a.calls.length = 0;
    await deploy(a.ports, { trigger: 'sqs' });
    assert.deepEqual(writes(a.calls), ['put-role-policy', 'create-mapping', 'put-rule DISABLED']);
    a.calls.length = 0;
    await deploy(a.ports, {});
    assert.deepEqual(writes(a.calls), ['put-role-policy', 'put-rule ENABLED', 'disable-mapping']);
    a.calls.length = 0;
    const report = await deploy(a.ports, {});
    assert.equal(report.functions[0]!.action, 'unchanged');
    assert.deepEqual(writes(a.calls), []);
  });

  it('a queue whose visibility timeout is too short: the dry run reports the blocker, the deploy writes nothing', async () => {
    const a = account(30);
    const dry = await deploy(a.ports, { trigger: 'sqs' }, { dryRun: true });
    assert.match(dry.functions[0]!.blockers[0]!, /VisibilityTimeout to 360/);
    await assert.rejects(
      deploy(a.ports, { trigger: 'sqs' }),
      (err: unknown) => err instanceof ConfigError && /nothing was changed/.test(err.message),
    );
    assert.deepEqual(writes(a.calls), []);
  });
});
