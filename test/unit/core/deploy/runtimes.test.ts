/** Lambda's Node.js runtimes on a given day: ok, a warning within 90 days of a block, blocked. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromObjects } from '../../../../src/core/config/load.js';
import { functionSpec } from '../../../../src/core/deploy/functions.js';
import { preflight } from '../../../../src/core/deploy/preflight.js';
import { ConfigError } from '../../../../src/core/kernel/errors.js';
import { DEFAULT_RUNTIME, recommendedRuntime, runtimeStatus } from '../../../../src/core/deploy/runtimes.js';
import { nodeTarget } from '../../../../src/packaging/bundle.js';

const day = (d: string) => new Date(`${d}T12:00:00Z`);

describe('runtimeStatus', () => {
  const cases: [string, string, string, RegExp?][] = [
    ['nodejs24.x', '2026-11-29', 'ok'],
    ['nodejs22.x', '2026-11-29', 'ok'],
    ['nodejs22.x', '2027-03-02', 'ok'],
    [
      'nodejs22.x',
      '2027-03-03',
      'warn',
      /nodejs22\.x is deprecated from 2027-04-30; AWS Lambda blocks creating functions on it from 2027-06-01 \(in 90 days\) and updating them from 2027-07-01; move to nodejs24\.x/,
    ],
    ['nodejs22.x', '2027-05-31', 'warn', /is deprecated since 2027-04-30; .*\(in 1 days\)/],
    [
      'nodejs22.x',
      '2027-06-01',
      'create-blocked',
      /blocks creating functions on nodejs22\.x since 2027-06-01 and updating them from 2027-07-01 \(in 30 days\); use nodejs24\.x/,
    ],
    ['nodejs22.x', '2027-07-01', 'blocked', /since 2027-07-01; use nodejs24\.x/],
    ['nodejs20.x', '2026-06-01', 'ok'],
    ['nodejs20.x', '2026-06-02', 'warn', /from 2026-08-31 \(in 90 days\)/],
    ['nodejs20.x', '2026-09-01', 'create-blocked', /since 2026-08-31 and updating them from 2026-09-30/],
    [
      'nodejs20.x',
      '2026-09-30',
      'blocked',
      /blocks creating functions on nodejs20\.x since 2026-08-31 and updating them since 2026-09-30; use nodejs24\.x/,
    ],
    ['nodejs20.x', '2026-11-29', 'blocked', /since 2026-09-30; use nodejs24\.x/],
    ['nodejs18.x', '2026-11-29', 'blocked', /nodejs18\.x/],
    ['nodejs12.x', '2026-11-29', 'blocked', /AWS Lambda blocked nodejs12\.x before 2024-02-08/],
    ['nodejs8.10', '2026-11-29', 'blocked'],
    ['nodejs', '2026-11-29', 'blocked'],
    ['nodejs24.x', '2028-03-02', 'ok'],
    ['nodejs24.x', '2028-03-03', 'warn', /from 2028-06-01 \(in 90 days\)/],
    ['nodejs24.x', '2028-07-01', 'blocked'],
    ['nodejs26.x', '2026-11-29', 'ok'],
    ['python3.12', '2026-11-29', 'ok'],
  ];
  for (const [runtime, today, state, message] of cases) {
    it(`${runtime} on ${today} → ${state}`, () => {
      const status = runtimeStatus(runtime, day(today));
      assert.equal(status.state, state);
      if (message) assert.match((status as { message: string }).message, message);
    });
  }
  it('recommends the newest runtime AWS still creates functions on', () => {
    assert.equal(recommendedRuntime(day('2026-11-29')), 'nodejs24.x');
    assert.equal(DEFAULT_RUNTIME, 'nodejs24.x');
  });
});

describe('esbuild target', () => {
  const cases: [string, string][] = [
    ['nodejs24.x', 'node24'],
    ['nodejs22.x', 'node22'],
    ['nodejs20.x', 'node20'],
    ['provided.al2023', 'node24'],
  ];
  for (const [runtime, target] of cases) it(`${runtime} → ${target}`, () => assert.equal(nodeTarget(runtime), target));
});

describe('preflight', () => {
  const account = { account: { aws_account_id: '123456789012', prefix: 'acme', region: 'us-east-1' } };
  const spec = (athena: Record<string, unknown>) =>
    functionSpec(configFromObjects(account, { athena_partition_refresh_config: { buckets: { 'acme-data': '*' }, ...athena } }), 'athena');

  it('a blocked runtime is a ConfigError naming the key, the date and the runtime to use', () => {
    assert.throws(
      () => preflight(spec({ runtime: 'nodejs20.x' }), day('2026-11-29'), 'conf/lambda.json'),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.keyPath === 'athena_partition_refresh_config.runtime' &&
        /^conf\/lambda\.json: athena_partition_refresh_config\.runtime is "nodejs20\.x": .*2026-09-30; use nodejs24\.x/.test(err.message),
    );
  });
  it('a runtime within 90 days of its block date is a warning; the default runtime is fine', () => {
    assert.deepEqual(preflight(spec({}), day('2026-11-29')), { warnings: [] });
    const { warnings } = preflight(spec({ runtime: 'nodejs22.x' }), day('2027-04-01'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^athena_partition_refresh_config\.runtime: nodejs22\.x .* \(in 61 days\)/);
  });
  it('between the two block dates, only creating is refused (decided once deploy knows whether the function exists)', () => {
    const checks = preflight(spec({ runtime: 'nodejs20.x' }), day('2026-09-15'));
    assert.match(
      checks.createBlocked ?? '',
      /runtime is "nodejs20\.x": AWS Lambda blocks creating functions on nodejs20\.x since 2026-08-31/,
    );
  });
  it('a function name too long for its managed role name is a ConfigError, unless role_arn is set', () => {
    const long = 'f'.repeat(60);
    assert.throws(
      () => preflight(spec({ function_name: long }), day('2026-11-29')),
      (err: unknown) => err instanceof ConfigError && /is 65 characters, over IAM's 64/.test(err.message),
    );
    assert.deepEqual(preflight(spec({ function_name: long, role_arn: 'arn:aws:iam::123456789012:role/x' }), day('2026-11-29')), {
      warnings: [],
    });
    assert.deepEqual(preflight(spec({ function_name: 'f'.repeat(59) }), day('2026-11-29')), { warnings: [] });
  });
});
