/**
 * Deploying the athena function without role_arn, against moto through the recording proxy: the
 * runtime check, the managed role, the log group's retention, the SQS trigger and its queue
 * check, switching triggers, and redeploys that call no write API. What the CLI itself decides
 * (exit codes, the text plan and table) runs the CLI; the other steps run the same deploy
 * in-process (runDeploy with the SDK adapters), which spares a process start and a TypeScript
 * compile per step on a busy machine. The tests run in order: each starts from the account the
 * one before left.
 */
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetRoleCommand, GetRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  GetFunctionConfigurationCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AwsClients } from '../../src/aws/sdk/clients.js';
import { loadConfig } from '../../src/core/config/load.js';
import type { FunctionDeployResult } from '../../src/core/deploy/result.js';
import { ConfigError } from '../../src/core/kernel/errors.js';
import { buildIamPolicy } from '../../src/core/iam/policy.js';
import { startAwsProxy, type AwsProxy } from '../support/aws-proxy/index.js';
import { BIN } from '../support/cli.js';
import { deployInProcess } from '../support/deploy.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const NAME = 'test_streamalert_athena_partition_refresh';
const ROLE = `${NAME}_role`;
const ROLE_ARN = `arn:aws:iam::123456789012:role/${ROLE}`;
const QUEUE = 'test_streamalert_athena_s3_notifications';
const QUEUE_ARN = `arn:aws:sqs:us-east-1:123456789012:${QUEUE}`;
const ALIAS_ARN = `arn:aws:lambda:us-east-1:123456789012:function:${NAME}:production`;
const LOG_GROUP = `/aws/lambda/${NAME}`;
/** The day every deploy here checks runtimes against (the tests must not depend on the clock). */
const TODAY = '2026-11-29';

let moto: MotoServer;
let proxy: AwsProxy;
let clients: AwsClients;
let conf: string;
let queueUrl: string;
let section: Record<string, unknown>;

/** The CLI, run asynchronously: the proxy lives in this process and must keep serving meanwhile. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('AWS_') && k !== 'NODE_OPTIONS' && k !== 'STREAMALERT_TODAY') base[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--config-dir', conf, '--endpoint-url', proxy.url, ...args], {
      env: { ...base, NO_COLOR: '1', STREAMALERT_TODAY: TODAY, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** One deploy of the athena function, in-process, through the proxy. */
async function deploy(): Promise<FunctionDeployResult> {
  return (await deployInProcess({ configDir: conf, endpointUrl: proxy.url, functions: ['athena'], today: TODAY })).functions[0]!;
}

function configure(patch: Record<string, unknown>): void {
  section = { ...section, ...patch };
  for (const [k, v] of Object.entries(section)) if (v === undefined) delete section[k];
  writeFileSync(join(conf, 'lambda.json'), JSON.stringify({ athena_partition_refresh_config: section }, null, 2));
}

/** The calls the proxy saw since the last reset, and those among them that change something. */
function calls(): { all: string[]; writes: string[] } {
  const all = proxy.log.map((e) => e.operation);
  const read = (op: string) => /^[A-Za-z]+\.(Get|List|Describe)[A-Za-z]*$/.test(op) || /^Lambda\.GET /.test(op);
  return { all, writes: all.filter((op) => !read(op)) };
}

/** What `streamalert athena iam-policy` prints for the configuration now. */
const iamPolicy = () => JSON.parse(JSON.stringify(buildIamPolicy(loadConfig(conf)))) as unknown;
const rolePolicy = async () =>
  JSON.parse(
    decodeURIComponent(
      (await (await clients.iam()).send(new GetRolePolicyCommand({ RoleName: ROLE, PolicyName: 'streamalert-athena-partition-refresh' })))
        .PolicyDocument!,
    ),
  ) as unknown;
const mappings = async () =>
  (await clients.lambda().send(new ListEventSourceMappingsCommand({ FunctionName: ALIAS_ARN }))).EventSourceMappings ?? [];
const rule = async () => clients.eventbridge().send(new DescribeRuleCommand({ Name: NAME }));
const versions = async () =>
  ((await clients.lambda().send(new ListVersionsByFunctionCommand({ FunctionName: NAME }))).Versions ?? [])
    .map((v) => v.Version)
    .filter((v) => v !== '$LATEST');
const retention = async () =>
  (await (await clients.logs()).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: LOG_GROUP }))).logGroups?.find(
    (g) => g.logGroupName === LOG_GROUP,
  )?.retentionInDays;

before(async () => {
  moto = await startMoto();
  proxy = await startAwsProxy({ target: moto.url, latency: false });
  clients = new AwsClients({ region: 'us-east-1', endpointUrl: moto.url });
  // 30 s: too short for an SQS trigger on a 60 s function (AWS advises 6 × 60 = 360 s).
  queueUrl = (await clients.sqs().send(new CreateQueueCommand({ QueueName: QUEUE, Attributes: { VisibilityTimeout: '30' } }))).QueueUrl!;
  const project = mkdtempSync(join(tmpdir(), 'streamalert-trigger-'));
  conf = join(project, 'conf');
  mkdirSync(conf);
  writeFileSync(
    join(conf, 'global.json'),
    JSON.stringify({ account: { aws_account_id: '123456789012', prefix: 'test', region: 'us-east-1' } }),
  );
  section = { buckets: { 'test-data': '*' } };
  configure({});
});

after(async () => {
  clients?.destroy();
  await proxy?.stop();
  await moto?.stop();
});

describe('deploy: runtime, role, logs and triggers', () => {
  it('a blocked runtime (nodejs20.x) is exit 3 naming the key, the date and the runtime to use, before any AWS call', async () => {
    configure({ runtime: 'nodejs20.x' });
    proxy.resetStats();
    const r = await cli(['deploy', '--function', 'all']);
    assert.equal(r.status, 3, r.stderr);
    assert.match(
      r.stderr,
      /configuration error: athena \(test_streamalert_athena_partition_refresh\): .*lambda\.json: athena_partition_refresh_config\.runtime is "nodejs20\.x": AWS Lambda blocks creating functions on nodejs20\.x since 2026-08-31 and updating them since 2026-09-30; use nodejs24\.x/,
    );
    // The dry run checks first too.
    await assert.rejects(
      deployInProcess({ configDir: conf, endpointUrl: proxy.url, functions: ['athena'], dryRun: true, today: TODAY }),
      (err: unknown) => err instanceof ConfigError && err.keyPath === 'athena_partition_refresh_config.runtime',
    );
    assert.deepEqual(calls().all, []);
  });

  it('--dry-run on an empty account lists the role, the log group, the function and the schedule in order, and a runtime near its block date is a warning', async () => {
    configure({ runtime: 'nodejs22.x' });
    const r = await cli(['deploy', '--function', 'athena', '--dry-run'], { STREAMALERT_TODAY: '2027-04-01' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('  - '))
      .map((l) => l.slice(4));
    assert.deepEqual(
      lines.map((l) => l.split(/[:(]/)[0]!.trim()),
      [
        `create role ${ROLE}`,
        `add inline policy streamalert-athena-partition-refresh on role ${ROLE}`,
        `create log group ${LOG_GROUP}, keeping logs 30 days`,
        `create function ${NAME}`,
        'publish a version',
        'create alias production on it',
        `create rule ${NAME}`,
        `point rule ${NAME} at ${NAME}`,
        `allow EventBridge rule ${NAME} to invoke ${NAME}`,
        `create alarm ${NAME}-oldest-message`,
        `create alarm ${NAME}-dead-letters`,
        `create alarm ${NAME}-errors`,
      ],
    );
    assert.match(
      r.stdout,
      new RegExp(`create function ${NAME} \\(nodejs22\\.x, index\\.handler, 128 MB, 60s, role ${ROLE_ARN.replace(/[/.]/g, '\\$&')}\\)`),
    );
    assert.match(
      r.stdout,
      /athena .* would create .* rate\(10 minutes\) enabled \(would create\) .* test_streamalert_athena_partition_refresh_role \(would create\) .* 30 days \(would create\)/,
    );
    assert.match(
      r.stdout,
      /warning: athena \(test_streamalert_athena_partition_refresh\): athena_partition_refresh_config\.runtime: nodejs22\.x is deprecated from 2027-04-30; AWS Lambda blocks creating functions on it from 2027-06-01 \(in 61 days\) and updating them from 2027-07-01; move to nodejs24\.x/,
    );
    assert.deepEqual((await clients.lambda().send(new ListFunctionsCommand({}))).Functions, []);
    configure({ runtime: undefined });
  });

  it('a first deploy without role_arn creates <function_name>_role with exactly `athena iam-policy`, the log group, and the function on nodejs24.x', async () => {
    const athena = await deploy();
    assert.equal(athena.action, 'created');
    assert.deepEqual(athena.role, { name: ROLE, arn: ROLE_ARN, managed: true, action: 'created', steps: athena.role!.steps });
    assert.deepEqual(athena.logGroup, {
      name: LOG_GROUP,
      retentionDays: 30,
      action: 'created',
      steps: [`create log group ${LOG_GROUP}, keeping logs 30 days`],
    });
    assert.equal(athena.trigger, 'schedule');
    assert.equal(athena.eventSource, undefined);
    assert.deepEqual([athena.runtime, athena.warnings, athena.blockers], ['nodejs24.x', [], []]);

    const role = (await (await clients.iam()).send(new GetRoleCommand({ RoleName: ROLE }))).Role!;
    assert.equal(role.Arn, ROLE_ARN);
    assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    assert.deepEqual(await rolePolicy(), iamPolicy());
    const fn = await clients.lambda().send(new GetFunctionConfigurationCommand({ FunctionName: NAME }));
    assert.deepEqual([fn.Runtime, fn.Role], ['nodejs24.x', ROLE_ARN]);
    assert.equal(await retention(), 30);
    assert.deepEqual([(await rule()).State, await mappings()], ['ENABLED', []]);
  });

  it('an unchanged redeploy calls no write API', async () => {
    proxy.resetStats();
    const athena = await deploy();
    assert.equal(athena.action, 'unchanged');
    assert.deepEqual([athena.role?.action, athena.logGroup.action, athena.schedule?.action], ['unchanged', 'unchanged', 'unchanged']);
    const { all, writes } = calls();
    assert.ok(all.includes('IAM.GetRole') && all.includes('CloudWatchLogs.DescribeLogGroups'), all.join(', '));
    assert.deepEqual(writes, []);
  });

  it('trigger sqs on a queue whose visibility timeout is under 6 × timeout: the plan says what to set, deploy exits 3 having changed nothing', async () => {
    configure({ trigger: 'sqs', batch_size: 5000, maximum_batching_window_seconds: 30, maximum_concurrency: 3 });
    proxy.resetStats();
    const dry = await cli(['deploy', '--function', 'athena', '--dry-run']);
    assert.equal(dry.status, 3, dry.stderr);
    assert.match(
      dry.stdout,
      /blocked: athena \(test_streamalert_athena_partition_refresh\): queue test_streamalert_athena_s3_notifications has a visibility timeout of 30 s; .* = 360 s.* Set the queue's VisibilityTimeout to 360/,
    );
    assert.match(dry.stdout, /create an event-source mapping/);
    await assert.rejects(
      deploy(),
      (err: unknown) =>
        err instanceof ConfigError &&
        /^nothing was changed:\n {2}athena \(test_streamalert_athena_partition_refresh\): queue .* VisibilityTimeout=360/.test(err.message),
    );
    assert.deepEqual(calls().writes, []);
    assert.deepEqual([(await rule()).State, await mappings()], ['ENABLED', []]);
  });

  it('trigger sqs creates the mapping to the alias with the configured values and ReportBatchItemFailures, disables the rule, and grants the mapping its SQS actions', async () => {
    await clients.sqs().send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: '360' } }));
    const athena = await deploy();
    assert.equal(athena.action, 'updated');
    assert.deepEqual(athena.steps, [], 'no new code, settings or version');
    assert.deepEqual(athena.eventSource, {
      queue: QUEUE,
      state: 'ENABLED',
      batchSize: 5000,
      maximumBatchingWindowSeconds: 30,
      maximumConcurrency: 3,
      functionResponseTypes: ['ReportBatchItemFailures'],
      action: 'created',
      steps: [
        `create an event-source mapping ${QUEUE} → ${NAME}:production (enabled): batch size 5000, batching window 30s, maximum concurrency 3, ReportBatchItemFailures`,
      ],
    });
    assert.deepEqual(athena.schedule?.steps, [`update rule ${NAME}: enabled → disabled (the sqs trigger invokes the function)`]);
    const [m, ...more] = await mappings();
    assert.deepEqual(more, []);
    assert.deepEqual(
      [
        m!.EventSourceArn,
        m!.State,
        m!.BatchSize,
        m!.MaximumBatchingWindowInSeconds,
        m!.ScalingConfig?.MaximumConcurrency,
        m!.FunctionResponseTypes,
      ],
      [QUEUE_ARN, 'Enabled', 5000, 30, 3, ['ReportBatchItemFailures']],
    );
    assert.equal((await rule()).State, 'DISABLED');
    const policy = await rolePolicy();
    assert.deepEqual(policy, iamPolicy());
    assert.deepEqual((policy as { Statement: { Sid: string; Action: string[] }[] }).Statement[0], {
      Sid: 'EventSourceMappingPollsNotifications',
      Effect: 'Allow',
      Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
      Resource: [QUEUE_ARN],
    });
    assert.deepEqual(await versions(), ['1']);
  });

  it('with trigger sqs, an unchanged redeploy calls no write API; the table shows the mapping', async () => {
    proxy.resetStats();
    const r = await cli(['deploy', '--function', 'athena']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /athena .* unchanged .* sqs enabled: batch 5000, window 30s, concurrency 3; rate\(10 minutes\) disabled .* test_streamalert_athena_partition_refresh_role .* 30 days/,
    );
    assert.deepEqual(calls().writes, []);
  });

  it('changed mapping settings and retention are updated in place', async () => {
    configure({ batch_size: 10_000, maximum_batching_window_seconds: 300, log_retention_days: 7 });
    const athena = await deploy();
    assert.deepEqual(athena.eventSource?.steps, [
      `update the event-source mapping ${QUEUE} → ${NAME}:production: batch size 5000 → 10000; batching window 30s → 300s`,
    ]);
    assert.deepEqual(athena.logGroup.steps, [`set the retention of ${LOG_GROUP} to 7 days (now 30)`]);
    const [m] = await mappings();
    assert.deepEqual([m!.UUID !== undefined, m!.BatchSize, m!.MaximumBatchingWindowInSeconds], [true, 10_000, 300]);
    assert.equal(await retention(), 7);
  });

  it('switching back to schedule disables the mapping and enables the rule; then nothing changes', async () => {
    configure({ trigger: undefined });
    const athena = await deploy();
    assert.equal(athena.trigger, 'schedule');
    assert.deepEqual(athena.schedule?.steps, [`update rule ${NAME}: disabled → enabled`]);
    assert.deepEqual(athena.eventSource?.steps, [
      `disable the event-source mapping ${QUEUE} → ${NAME}:production (the schedule drains the queue)`,
    ]);
    assert.equal(athena.eventSource?.state, 'DISABLED');
    assert.equal((await rule()).State, 'ENABLED');
    assert.deepEqual(
      (await mappings()).map((m) => m.State),
      ['Disabled'],
    );
    assert.deepEqual(await rolePolicy(), iamPolicy());
    proxy.resetStats();
    assert.equal((await deploy()).action, 'unchanged');
    assert.deepEqual(calls().writes, []);
  });

  it('kms_key_arn adds kms:Decrypt on the key to the role', async () => {
    const key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    configure({ kms_key_arn: key });
    const athena = await deploy();
    assert.deepEqual(athena.role?.steps, [athena.role!.steps[0]!]);
    assert.match(
      athena.role!.steps[0]!,
      /^update inline policy streamalert-athena-partition-refresh on role test_streamalert_athena_partition_refresh_role/,
    );
    const statements = (await rolePolicy()) as { Statement: { Sid: string; Action: string[]; Resource: string[] }[] };
    assert.deepEqual(
      statements.Statement.find((s) => s.Sid === 'DecryptNotifications'),
      { Sid: 'DecryptNotifications', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [key] },
    );
    assert.deepEqual(statements, iamPolicy());
  });
});
