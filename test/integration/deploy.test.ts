/**
 * `streamalert deploy` and `rollback` against moto: first deploy, unchanged redeploy,
 * settings-only change, dry run, the schedule rule, new code, a directory source, `all` with a
 * disabled function, and rollback (the errors are in deploy-errors.test.ts). Text output, exit
 * codes, `package` and `rollback` run the CLI; the deploys whose outcome is the AWS state and
 * the report run in-process.
 */
import { DescribeRuleCommand, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
} from '@aws-sdk/client-lambda';
import { unzipSync } from 'fflate';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AwsClients } from '../../src/aws/sdk/clients.js';
import { LambdaFunctions } from '../../src/aws/deploy/functions.js';
import { loadConfig } from '../../src/core/config/load.js';
import { functionSpec } from '../../src/core/deploy/functions.js';
import type { DeployReport, FunctionDeployResult } from '../../src/core/deploy/result.js';
import { runRollback } from '../../src/core/deploy/rollback.js';
import { packageFunction } from '../../src/packaging/package.js';
import { deployInProcess } from '../support/deploy.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const BIN = new URL('../../bin/streamalert', import.meta.url).pathname;
const ATHENA_NAME = 'test_streamalert_athena_partition_refresh';
const RULE_NAME = 'test_streamalert_rule_processor';
const ALERT_NAME = 'test_streamalert_alert_processor';

let moto: MotoServer;
let clients: AwsClients;
let project: string;
let roleArn: string;
let lambdaJson: Record<string, Record<string, unknown>>;

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, NO_COLOR: '1' };
}

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, '--config-dir', join(project, 'conf'), '--endpoint-url', moto.url, ...args], {
    encoding: 'utf8',
    env: cleanEnv(),
    timeout: 280_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `deploy --function ... [--dry-run]`, in-process (see test/support/deploy.ts); the text and exit codes run the CLI. */
async function deployJson(...args: string[]): Promise<DeployReport> {
  const dryRun = args.includes('--dry-run');
  const names = args.filter((a) => a !== '--function' && a !== '--dry-run');
  return deployInProcess({ configDir: join(project, 'conf'), endpointUrl: moto.url, functions: names, dryRun });
}

function result(report: DeployReport, key: string): FunctionDeployResult {
  const r = report.functions.find((f) => f.function === key);
  assert.ok(r, `no result for ${key} in ${JSON.stringify(report)}`);
  return r;
}

function setSection(section: string, patch: Record<string, unknown>): void {
  lambdaJson[section] = { ...lambdaJson[section], ...patch };
  writeFileSync(join(project, 'conf', 'lambda.json'), JSON.stringify(lambdaJson, null, 2));
}

const lambda = () => clients.lambda();
const versions = async (name: string) =>
  ((await lambda().send(new ListVersionsByFunctionCommand({ FunctionName: name }))).Versions ?? [])
    .map((v) => v.Version)
    .filter((v) => v !== '$LATEST');
const aliasVersion = async (name: string) =>
  (await lambda().send(new GetAliasCommand({ FunctionName: name, Name: 'production' }))).FunctionVersion;
const configuration = async (name: string, qualifier?: string) =>
  lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name, ...(qualifier ? { Qualifier: qualifier } : {}) }));

before(async () => {
  moto = await startMoto();
  clients = new AwsClients({ region: 'us-east-1', endpointUrl: moto.url });
  const iam = new IAMClient({
    region: 'us-east-1',
    endpoint: moto.url,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
  roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'streamalert-test', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!
    .Arn!;
  iam.destroy();

  project = mkdtempSync(join(tmpdir(), 'streamalert-deploy-'));
  mkdirSync(join(project, 'conf'));
  mkdirSync(join(project, 'rules'));
  mkdirSync(join(project, 'alerts'));
  writeFileSync(
    join(project, 'conf', 'global.json'),
    JSON.stringify({ account: { aws_account_id: '123456789012', prefix: 'test', region: 'us-east-1' } }),
  );
  writeFileSync(join(project, 'rules', 'handler.ts'), "export const handler = async (): Promise<string> => 'rules v1';\n");
  writeFileSync(join(project, 'alerts', 'main.py'), 'def handler(event, context):\n    return "alerts"\n');
  lambdaJson = {
    athena_partition_refresh_config: {
      buckets: { 'test-data': '*' },
      role_arn: roleArn,
      memory: 128,
      timeout: 60,
      schedule_expression: 'rate(10 minutes)',
    },
    rule_processor_config: { source: 'rules/handler.ts', role_arn: roleArn, memory: 256 },
    alert_processor_config: { source: 'alerts', handler: 'main.handler', runtime: 'python3.12', role_arn: roleArn },
  };
  setSection('athena_partition_refresh_config', {});
});

after(async () => {
  clients?.destroy();
  await moto?.stop();
});

describe('deploy', () => {
  it('--dry-run on an empty account plans the creation and changes nothing', async () => {
    const report = await deployJson('--function', 'athena', '--dry-run');
    assert.equal(report.dryRun, true);
    const athena = result(report, 'athena');
    assert.equal(athena.action, 'created');
    assert.equal(athena.version, undefined);
    assert.deepEqual(
      athena.steps.map((s) => s.split(' ')[0]),
      ['create', 'publish', 'create'],
    );
    assert.match(
      athena.steps[0]!,
      new RegExp(
        `create function ${ATHENA_NAME} \\(nodejs24\\.x, index\\.handler, 128 MB, 60s, role ${roleArn.replace(/[/.]/g, '\\$&')}\\)`,
      ),
    );
    assert.equal(athena.schedule?.action, 'created');
    assert.deepEqual((await lambda().send(new ListFunctionsCommand({}))).Functions ?? [], []);
    assert.deepEqual((await clients.eventbridge().send(new ListRulesCommand({}))).Rules ?? [], []);
  });

  it('a first deploy creates the function with the packaged code, version 1, the production alias and the schedule', async () => {
    const athena = result(await deployJson('--function', 'athena'), 'athena');
    assert.equal(athena.action, 'created');
    assert.equal(athena.version, '1');
    assert.equal(athena.alias, `arn:aws:lambda:us-east-1:123456789012:function:${ATHENA_NAME}:production`);
    const fn = (await lambda().send(new GetFunctionCommand({ FunctionName: ATHENA_NAME }))).Configuration!;
    assert.equal(fn.CodeSha256, athena.codeSha256);
    assert.equal(fn.CodeSize, athena.size);
    assert.deepEqual([fn.Runtime, fn.Handler, fn.MemorySize, fn.Timeout, fn.Role], ['nodejs24.x', 'index.handler', 128, 60, roleArn]);
    assert.deepEqual(fn.Environment?.Variables, { LOG_LEVEL: 'info' });
    assert.equal(await aliasVersion(ATHENA_NAME), '1');
    assert.deepEqual(await versions(ATHENA_NAME), ['1']);

    // `package` writes exactly what deploy uploaded.
    const out = mkdtempSync(join(tmpdir(), 'streamalert-out-'));
    const pkg = cli('--output', 'json', 'package', '--function', 'athena', '--out', out);
    assert.equal(pkg.status, 0, pkg.stderr);
    assert.equal((JSON.parse(pkg.stdout) as { packages: { code_sha256: string }[] }).packages[0]!.code_sha256, fn.CodeSha256);
    // The entry and config, beside the chunks the entry loads on demand (chunk-<hash>.mjs).
    assert.deepEqual(
      Object.keys(unzipSync(readFileSync(join(out, `${ATHENA_NAME}.zip`)))).filter((p) => !/^chunk-[A-Z0-9]{8}\.mjs$/.test(p)),
      ['conf/global.json', 'conf/lambda.json', 'index.mjs'],
    );

    const rule = await clients.eventbridge().send(new DescribeRuleCommand({ Name: ATHENA_NAME }));
    assert.deepEqual([rule.ScheduleExpression, rule.State], ['rate(10 minutes)', 'ENABLED']);
    const targets = (await clients.eventbridge().send(new ListTargetsByRuleCommand({ Rule: ATHENA_NAME }))).Targets ?? [];
    assert.deepEqual(
      targets.map((t) => t.Arn),
      [athena.alias],
    );
    const policy = JSON.parse(
      (await lambda().send(new GetPolicyCommand({ FunctionName: ATHENA_NAME, Qualifier: 'production' }))).Policy!,
    ) as { Statement: Record<string, unknown>[] };
    assert.deepEqual(
      policy.Statement.map((s) => [s.Sid, s.Principal, s.Condition]),
      [['streamalert-schedule', { Service: 'events.amazonaws.com' }, { ArnLike: { 'AWS:SourceArn': rule.Arn } }]],
    );
  });

  it('an unchanged redeploy uploads nothing and publishes no new version', async () => {
    const before = (await configuration(ATHENA_NAME)).LastModified;
    const athena = result(await deployJson('--function', 'athena'), 'athena');
    assert.equal(athena.action, 'unchanged');
    assert.deepEqual(athena.steps, []);
    assert.equal(athena.version, '1');
    assert.equal(athena.schedule?.action, 'unchanged');
    assert.deepEqual(await versions(ATHENA_NAME), ['1']);
    assert.equal((await configuration(ATHENA_NAME)).LastModified, before);
  });

  it('a settings-only change updates the configuration, not the code, and publishes version 2', async () => {
    setSection('athena_partition_refresh_config', { memory: 256, log_level: 'debug' });
    const sha = (await configuration(ATHENA_NAME)).CodeSha256;
    const athena = result(await deployJson('--function', 'athena'), 'athena');
    assert.equal(athena.action, 'updated');
    assert.equal(athena.codeSha256, sha, 'deploy-only keys do not change the zip');
    assert.deepEqual(athena.steps, [
      'update configuration: memory 128 → 256; environment LOG_LEVEL=info → LOG_LEVEL=debug',
      'publish a version',
      'move alias production from version 1 to it',
    ]);
    assert.equal(athena.version, '2');
    assert.equal(athena.previousVersion, '1');
    const v2 = await configuration(ATHENA_NAME, '2');
    assert.deepEqual([v2.CodeSha256, v2.MemorySize, v2.Environment?.Variables?.LOG_LEVEL], [sha, 256, 'debug']);
    assert.equal(await aliasVersion(ATHENA_NAME), '2');
  });

  it('--dry-run shows the pending changes (settings and schedule) and changes nothing', async () => {
    setSection('athena_partition_refresh_config', { timeout: 120, schedule_expression: 'rate(5 minutes)', enabled: false });
    const r = cli('deploy', '--function', 'athena', '--dry-run');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /would update/);
    assert.match(r.stdout, /update configuration: timeout 60 → 120/);
    assert.match(
      r.stdout,
      /update rule test_streamalert_athena_partition_refresh: schedule rate\(10 minutes\) → rate\(5 minutes\), enabled → disabled/,
    );
    assert.match(r.stdout, /dry run: nothing was changed/);
    assert.equal((await configuration(ATHENA_NAME)).Timeout, 60);
    assert.deepEqual(await versions(ATHENA_NAME), ['1', '2']);
    const rule = await clients.eventbridge().send(new DescribeRuleCommand({ Name: ATHENA_NAME }));
    assert.deepEqual([rule.ScheduleExpression, rule.State], ['rate(10 minutes)', 'ENABLED']);
  });

  it('the schedule rule follows schedule_expression and enabled', async () => {
    const athena = result(await deployJson('--function', 'athena'), 'athena');
    assert.equal(athena.version, '3');
    assert.deepEqual(athena.schedule, {
      rule: ATHENA_NAME,
      expression: 'rate(5 minutes)',
      state: 'DISABLED',
      action: 'updated',
      steps: ['update rule test_streamalert_athena_partition_refresh: schedule rate(10 minutes) → rate(5 minutes), enabled → disabled'],
    });
    const rule = await clients.eventbridge().send(new DescribeRuleCommand({ Name: ATHENA_NAME }));
    assert.deepEqual([rule.ScheduleExpression, rule.State], ['rate(5 minutes)', 'DISABLED']);
    const targets = (await clients.eventbridge().send(new ListTargetsByRuleCommand({ Rule: ATHENA_NAME }))).Targets ?? [];
    assert.deepEqual(
      targets.map((t) => t.Arn),
      [athena.alias],
    );
  });

  it('an update with new code uploads it, publishes and moves the alias', async () => {
    const created = result(await deployJson('--function', 'rule'), 'rule');
    assert.deepEqual([created.action, created.version, created.schedule], ['created', '1', undefined]);
    writeFileSync(join(project, 'rules', 'handler.ts'), "export const handler = async (): Promise<string> => 'rules v2';\n");
    const updated = result(await deployJson('--function', 'rule'), 'rule');
    assert.equal(updated.action, 'updated');
    assert.notEqual(updated.codeSha256, created.codeSha256);
    assert.deepEqual(
      updated.steps.map((s) => s.split(' (')[0]),
      ['upload new code', 'publish a version', 'move alias production from version 1 to it'],
    );
    assert.equal(updated.version, '2');
    assert.equal((await configuration(RULE_NAME)).CodeSha256, updated.codeSha256);
    assert.equal((await configuration(RULE_NAME, '1')).CodeSha256, created.codeSha256);
    assert.equal(await aliasVersion(RULE_NAME), '2');
    assert.equal((await configuration(RULE_NAME)).MemorySize, 256);
  });

  it('a directory source is zipped as it is and deployed on its own runtime', async () => {
    const alert = result(await deployJson('--function', 'alert'), 'alert');
    assert.equal(alert.action, 'created');
    const fn = await configuration(ALERT_NAME);
    assert.deepEqual([fn.Runtime, fn.Handler, fn.CodeSha256], ['python3.12', 'main.handler', alert.codeSha256]);
    const config = loadConfig(join(project, 'conf'));
    const zip = await packageFunction(functionSpec(config, 'alert'), config);
    assert.equal(zip.sha256, alert.codeSha256);
    assert.deepEqual(Object.keys(unzipSync(zip.zip)), ['main.py']);
  });

  it('--function all deploys every enabled function and lists the disabled one it skipped', async () => {
    setSection('athena_partition_refresh_config', { enabled: true });
    setSection('alert_processor_config', { enabled: false, memory: 512 });
    const r = cli('deploy', '--function', 'all');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /athena .*updated .*rate\(5 minutes\) enabled \(updated\)/);
    assert.match(r.stdout, /rule .*unchanged/);
    assert.match(r.stdout, /skipped alert: disabled \(alert_processor_config\.enabled is false\)/);
    assert.equal((await clients.eventbridge().send(new DescribeRuleCommand({ Name: ATHENA_NAME }))).State, 'ENABLED');
    assert.deepEqual(await versions(ATHENA_NAME), ['1', '2', '3'], 'a schedule change publishes no version');
    assert.equal((await configuration(ALERT_NAME)).MemorySize, 128, 'the skipped function is left alone');
  });

  it('rollback moves the alias to the previous version; deploy moves it forward again without a new version', async () => {
    const r = cli('--output', 'json', 'rollback', '--function', 'athena');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { functions: unknown[] }).functions, [
      {
        function: 'athena',
        name: ATHENA_NAME,
        alias: `arn:aws:lambda:us-east-1:123456789012:function:${ATHENA_NAME}:production`,
        from: '3',
        to: '2',
        dry_run: false,
      },
    ]);
    assert.equal(await aliasVersion(ATHENA_NAME), '2');
    const dry = cli('rollback', '--function', 'athena', '--dry-run');
    assert.match(dry.stdout, /2 → 1 \(dry run\)/);
    assert.equal(await aliasVersion(ATHENA_NAME), '2');

    const athena = result(await deployJson('--function', 'athena'), 'athena');
    assert.deepEqual([athena.action, athena.previousVersion, athena.version], ['updated', '2', '3']);
    assert.deepEqual(await versions(ATHENA_NAME), ['1', '2', '3']);

    const config = loadConfig(join(project, 'conf'));
    assert.deepEqual(await runRollback(functionSpec(config, 'athena'), new LambdaFunctions(clients), { to: '1' }), {
      function: 'athena',
      name: ATHENA_NAME,
      alias: `arn:aws:lambda:us-east-1:123456789012:function:${ATHENA_NAME}:production`,
      from: '3',
      to: '1',
      dryRun: false,
    });
    assert.equal(await aliasVersion(ATHENA_NAME), '1');
    const none = cli('rollback', '--function', 'athena');
    assert.equal(none.status, 8, 'nothing to roll back: not a usage error');
    assert.match(
      none.stderr,
      /nothing to roll back: cannot roll back test_streamalert_athena_partition_refresh: alias production is on version 1 and there is no earlier published version/,
    );
  });
});
