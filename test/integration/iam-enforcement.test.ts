/**
 * The IAM policies `athena iam-policy --for <command>` prints, tested against moto's IAM
 * enforcement. Set up with admin rights (the deployment, an IAM user per command whose only policy
 * is the printed one), then enforcement goes on for the whole server (POST /moto-api/reset-auth):
 * every request after that is checked against the policies of the access key that signed it.
 * Each command then runs as its user and must succeed and do its work; with one needed action
 * taken out of the printed policy it must fail with the CLI's AccessDenied error, naming the action
 * (exit 4; exit 5 when the refresh keeps the message with that reason), and lose no message.
 * This file has its own moto server: enforcement is server-wide.
 *
 * What moto 5.2 checks, and so what this test can show (observed here; moto/iam/access_control.py):
 *   - Actions are checked for every service we call (SQS, S3, Glue, Athena, Lambda, IAM,
 *     EventBridge, CloudWatch Logs, CloudWatch); sts:GetCallerIdentity is always allowed, as on AWS.
 *   - Resources only for SQS (the queue named by QueueUrl), S3 (bucket, bucket/key) and IAM (a role
 *     that exists). Every other request is checked against the resource "*", which a statement
 *     naming ARNs never matches; so are sqs:GetQueueUrl and sqs:CreateQueue (the queue is named by
 *     QueueName, not QueueUrl) and IAM calls on a role not created yet (deploy creates it).
 *     motoView() gives every action but SQS's and S3's Resource "*": for those the printed
 *     actions are tested, not the printed resources.
 *   - moto names some calls by their API operation where IAM has another action: the batch calls
 *     (sqs:DeleteMessageBatch is sqs:DeleteMessage in IAM, SendMessageBatch is SendMessage),
 *     HeadBucket (s3:ListBucket), Get/PutPublicAccessBlock (s3:Get/PutBucketPublicAccessBlock);
 *     and it prefixes CloudWatch's actions with its signing name (monitoring:GetMetricData).
 *     motoView() grants moto's name wherever the printed policy grants IAM's (MOTO_NAMES).
 *     It checks GetBucketEncryption as s3:ListBucket and PutBucketEncryption as s3:CreateBucket, so
 *     s3:Get/PutEncryptionConfiguration are not tested.
 *   - Not tested at all: what AWS checks on a caller's behalf. moto's Athena runs no DDL against
 *     Glue and writes no results to S3 (the Glue actions of ALTER TABLE/MSCK REPAIR and the
 *     query-results grants); Lambda never checks iam:PassRole or assumes the execution role (so
 *     the refresh policy's logs:* grants, and the SQS actions the mapping polls with, are not used).
 *   - init on moto also runs CREATE DATABASE through Athena, which AWS never needs: LOCAL_ENDPOINT_INIT.
 * test/support/moto_server.py fixes two things enforcement needs: moto checked signatures against
 * decoded paths (an S3 key with "=" failed) and denied JSON-protocol clients in XML.
 */
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import { GetDatabaseCommand, GetPartitionsCommand, GetTableCommand } from '@aws-sdk/client-glue';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { GetBucketNotificationConfigurationCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  PurgeQueueCommand,
  SendMessageBatchCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AwsClients } from '../../src/aws/sdk/clients.js';
import type { BackfillResult } from '../../src/core/backfill/report.js';
import type { PolicyDocument, PolicyStatement } from '../../src/core/iam/policy.js';
import type { RefreshResult } from '../../src/core/refresh/index.js';
import { fromCliJson } from '../support/cli-json.js';
import { runCli, runInProcess } from '../support/cli.js';
import { ACCOUNT, createBuckets, createDeployment, writeConfig, type Deployment } from '../support/deployment.js';
import { s3Event } from '../support/factories.js';
import { startMoto, type MotoServer } from '../support/moto.js';

/** IAM's action → the names moto checks for the same calls. */
const MOTO_NAMES: Record<string, string[]> = {
  'sqs:DeleteMessage': ['sqs:DeleteMessageBatch'],
  'sqs:SendMessage': ['sqs:SendMessageBatch'],
  'sqs:ChangeMessageVisibility': ['sqs:ChangeMessageVisibilityBatch'],
  's3:ListBucket': ['s3:HeadBucket'],
  's3:GetBucketPublicAccessBlock': ['s3:GetPublicAccessBlock'],
  's3:PutBucketPublicAccessBlock': ['s3:PutPublicAccessBlock'],
};

/** moto takes an action's prefix from the signing name: CloudWatch signs as "monitoring". */
const MOTO_PREFIXES: Record<string, string> = { cloudwatch: 'monitoring' };

const motoNames = (action: string): string[] => {
  const prefix = action.split(':')[0]!;
  const names = [action, ...(MOTO_NAMES[action] ?? [])];
  return MOTO_PREFIXES[prefix] ? names.map((n) => `${MOTO_PREFIXES[prefix]}:${n.split(':')[1]}`) : names;
};

/** Whether moto checks this action against the resource the request names (else against "*"). */
const resourceChecked = (action: string) =>
  (action.startsWith('sqs:') && action !== 'sqs:GetQueueUrl' && action !== 'sqs:CreateQueue') || action.startsWith('s3:');

/** The printed policy as moto can check it (the file's comment): the same actions, in moto's names. */
function motoView(policy: PolicyDocument): PolicyDocument {
  const statements: PolicyStatement[] = [];
  for (const s of policy.Statement) {
    const actions = s.Action.flatMap(motoNames);
    const checked = actions.filter(resourceChecked);
    const unchecked = actions.filter((a) => !resourceChecked(a));
    if (checked.length) statements.push({ ...s, Action: checked });
    if (unchecked.length) statements.push({ ...s, Sid: `${s.Sid}AnyResource`, Action: unchecked, Resource: ['*'] });
  }
  return { ...policy, Statement: statements };
}

/**
 * init's one call that only a local endpoint sees: where Athena keeps its own catalog apart from
 * Glue's (moto), init also runs CREATE DATABASE through Athena (src/aws/init/provision-catalog.ts,
 * createAthenaDatabase). On AWS, Athena sees the Glue database and the step is never planned, so
 * the printed init policy rightly lacks it; the test's init users get it beside the printed policy.
 */
const LOCAL_ENDPOINT_INIT: PolicyStatement = {
  Sid: 'LocalEndpointCreateDatabaseThroughAthena',
  Effect: 'Allow',
  Action: ['athena:GetQueryExecution', 'athena:StartQueryExecution'],
  Resource: ['*'],
};
const withLocalInit = (p: PolicyDocument): PolicyDocument => ({ ...p, Statement: [...p.Statement, LOCAL_ENDPOINT_INIT] });

/** The policy without one action (and moto's names for it). */
function without(policy: PolicyDocument, action: string): PolicyDocument {
  const drop = new Set([action, ...(MOTO_NAMES[action] ?? [])]); // before motoView()
  assert.ok(
    policy.Statement.some((s) => s.Action.includes(action)),
    `the printed policy grants ${action}`,
  );
  return {
    ...policy,
    Statement: policy.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => !drop.has(a)) })).filter((s) => s.Action.length),
  };
}

interface Keys {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
}

let moto: MotoServer;
let iam: IAMClient;
let d: Deployment;
const users: Record<string, Keys> = {};

async function createUser(name: string, policy: PolicyDocument): Promise<Keys> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'streamalert', PolicyDocument: JSON.stringify(policy) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { AWS_ACCESS_KEY_ID: key.AccessKeyId!, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey! };
}

async function printedPolicy(command: string, configDir: string): Promise<PolicyDocument> {
  const r = await runInProcess(['athena', 'iam-policy', '--for', command, '--config-dir', configDir]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as PolicyDocument;
}

/** A user whose only policy is the printed one for `command` (after `change`), as moto checks it. */
async function userFor(name: string, command: string, configDir: string, change = (p: PolicyDocument) => p): Promise<Keys> {
  return createUser(name, motoView(change(await printedPolicy(command, configDir))));
}

before(async () => {
  moto = await startMoto();
  iam = new IAMClient({ region: ACCOUNT.region, endpoint: moto.url, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  // The test's own calls (setup, and reading back what each command did) go as an administrator.
  const admin = await createUser('admin', {
    Version: '2012-10-17',
    Statement: [{ Sid: 'All', Effect: 'Allow', Action: ['*'], Resource: ['*'] }],
  });
  process.env.AWS_ACCESS_KEY_ID = admin.AWS_ACCESS_KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = admin.AWS_SECRET_ACCESS_KEY;
  iam.destroy();
  iam = new IAMClient({ region: ACCOUNT.region, endpoint: moto.url });
  d = await createDeployment(moto.url);
  for (const command of ['refresh', 'backfill', 'redrive', 'deploy', 'rollback', 'monitor'])
    users[command] = await userFor(command, command, d.configDir);
  users.refreshNoDelete = await userFor('refresh-no-delete', 'refresh', d.configDir, (p) => without(p, 'sqs:DeleteMessage'));
  users.refreshNoQuery = await userFor('refresh-no-query', 'refresh', d.configDir, (p) => without(p, 'athena:StartQueryExecution'));
  users.redriveNoSend = await userFor('redrive-no-send', 'redrive', d.configDir, (p) => without(p, 'sqs:SendMessage'));
  users.monitorNoMetrics = await userFor('monitor-no-metrics', 'monitor', d.configDir, (p) => without(p, 'cloudwatch:GetMetricData'));
  users.rollbackNoUpdate = await userFor('rollback-no-update', 'rollback', d.configDir, (p) => without(p, 'lambda:UpdateAlias'));
  users.nobody = await createUser('nobody', {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Whoami', Effect: 'Allow', Action: ['sts:GetCallerIdentity'], Resource: ['*'] }],
  });
  const res = await fetch(`${moto.url}/moto-api/reset-auth`, { method: 'POST', body: '0' });
  assert.equal(res.status, 200, await res.text());
});
after(async () => {
  iam?.destroy();
  await moto?.stop();
});

const as = (keys: Keys, ...args: string[]) =>
  runCli([...args, '--config-dir', d.configDir, '--endpoint-url', moto.url], { env: { ...keys } });
const depth = async () => {
  const q = await d.queueDepth();
  return q.visible + q.inFlight;
};

describe('IAM enforcement (moto)', () => {
  it('is on: a user with no policy is refused, with the CLI AccessDenied error', async () => {
    const r = await as(users.nobody!, 'athena', 'refresh', '--once');
    assert.equal(r.code, 4, r.stderr);
    assert.match(
      r.stderr,
      /AccessDeniedException \(HTTP 403\): User: arn:aws:iam::123456789012:user\/nobody is not authorized to perform: /,
    );
    assert.match(r.stderr, /the credentials in use lack this permission/);
  });

  it('refresh with the printed policy drains the queue: partitions registered, messages deleted', async () => {
    await d.purge();
    await d.putObject('test-streamalerts', 'alerts/dt=2026-11-28-09/a.json');
    await d.putObject('test-streamalert-data', 'cloudtrail/2026/11/28/10/c.json.gz');
    assert.equal(await depth(), 2);
    const before = (await d.queries()).length;
    const r = await as(users.refresh!, 'athena', 'refresh', '--once', '--output', 'json');
    assert.equal(r.code, 0, r.stderr);
    const result = fromCliJson<RefreshResult>(r.stdout, ['partitions']);
    assert.deepEqual(result.partitions, { alerts: ['2026-11-28-09'], cloudtrail: ['2026-11-28-10'] });
    assert.equal(result.messages.deleted, 2);
    assert.equal(await depth(), 0);
    const ran = (await d.queries()).slice(before);
    assert.equal(ran.length, 2, ran.join('\n'));
    assert.ok(
      ran.every((q) => /^ALTER TABLE .* ADD IF NOT EXISTS/.test(q)),
      ran.join('\n'),
    );
  });

  it('refresh without sqs:DeleteMessage fails with AccessDenied and keeps every message', async () => {
    await d.sendBodies([
      s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-11/a.json'], ['test-streamalerts', 'alerts/dt=2026-11-28-12/b.json']),
    ]);
    const r = await as(users.refreshNoDelete!, 'athena', 'refresh', '--once');
    // exit 4: done but not deleted (the partitions were registered; the message comes back)
    assert.equal(r.code, 4, r.stdout);
    assert.match(
      r.stderr,
      /1 message\(s\) were done but could not be deleted .*AccessDenied\w* \(HTTP 403\): .*user\/refresh-no-delete is not authorized to perform: sqs:DeleteMessage/,
    );
    await moto.releaseInFlight();
    assert.equal(await depth(), 1, 'the message is still on the queue');
    // and the printed policy takes it off
    const again = await as(users.refresh!, 'athena', 'refresh', '--once');
    assert.equal(again.code, 0, again.stderr);
    assert.equal(await depth(), 0);
  });

  it('refresh without athena:StartQueryExecution fails with AccessDenied and keeps every message', async () => {
    await d.sendBodies([s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-13/a.json'])]);
    const r = await as(users.refreshNoQuery!, 'athena', 'refresh', '--once');
    // exit 5: the message is kept, with the reason
    assert.equal(r.code, 5, r.stderr);
    assert.match(
      r.stdout,
      /1 message\(s\) kept on the queue:\n.*could not start the query: Athena StartQueryExecution failed: AccessDenied\w* \(HTTP 403\): .*is not authorized to perform: athena:StartQueryExecution/,
    );
    await moto.releaseInFlight();
    assert.equal(await depth(), 1);
    await d.purge();
  });

  it('backfill with the printed policy registers what is missing', async () => {
    await d.putObject('test-streamalerts', 'alerts/dt=2026-11-20-01/a.json');
    await d.purge();
    const before = (await d.queries()).length;
    const r = await as(
      users.backfill!,
      'athena',
      'backfill',
      '--table',
      'alerts',
      '--since',
      '2026-11-20',
      '--until',
      '2026-11-20-23',
      '--output',
      'json',
    );
    assert.equal(r.code, 0, r.stderr);
    const result = fromCliJson<BackfillResult>(r.stdout);
    assert.deepEqual(
      result.tables.map((t) => [t.table, t.dt.registered]),
      [['alerts', ['2026-11-20-01']]],
    );
    const ran = (await d.queries()).slice(before);
    assert.ok(
      ran.some((q) => q.includes("'2026-11-20-01'")),
      ran.join('\n'),
    );
  });

  it('redrive with the printed policy moves our dead letters back; without sqs:SendMessage it moves none', async () => {
    await d.purge();
    const bodies = [1, 2, 3].map((i) => s3Event(['test-streamalerts', `alerts/dt=2026-11-28-0${i}/x.json`]));
    // another team's dead letter (a bucket not in conf/): redrive gives it back (ChangeMessageVisibility)
    const theirs = s3Event(['someone-elses-bucket', 'x/y.json']);
    const Entries = [...bodies, theirs].map((MessageBody, i) => ({ Id: String(i), MessageBody }));
    await d.clients.sqs().send(new SendMessageBatchCommand({ QueueUrl: d.deadLetterQueueUrl, Entries }));

    const denied = await as(users.redriveNoSend!, 'athena', 'redrive');
    assert.equal(denied.code, 4, denied.stdout);
    assert.match(denied.stderr, /is not authorized to perform: sqs:SendMessage/);
    await moto.releaseInFlight();
    assert.equal((await d.peekBodies(d.deadLetterQueueUrl)).length, 4, 'every dead letter is still there');
    await moto.releaseInFlight();
    assert.equal(await depth(), 0);

    const r = await as(users.redrive!, 'athena', 'redrive');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Moved 3 message\(s\)/m);
    assert.deepEqual((await d.peekBodies()).sort(), [...bodies].sort());
    assert.deepEqual(await d.peekBodies(d.deadLetterQueueUrl), [theirs], "the other team's dead letter stays");
    await d.purge();
  });

  it('monitor with the printed policy reads the metrics and the queues; without cloudwatch:GetMetricData it fails', async () => {
    const r = await as(users.monitor!, 'athena', 'monitor', '--output', 'json');
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as {
      status: string;
      queue: { exists: boolean; visible: number; dead_letter: { exists: boolean } };
    };
    // the queue's state comes from SQS (GetQueueUrl, GetQueueAttributes); the verdict from CloudWatch's (empty) metrics
    assert.deepEqual([report.queue.exists, report.queue.visible, report.queue.dead_letter.exists], [true, 0, true]);
    assert.equal(report.status, 'no-data');
    const denied = await as(users.monitorNoMetrics!, 'athena', 'monitor');
    assert.equal(denied.code, 4, denied.stdout);
    // moto names CloudWatch's actions by its signing name, monitoring:
    assert.match(denied.stderr, /is not authorized to perform: (cloudwatch|monitoring):GetMetricData/);
  });

  it('deploy --dry-run and deploy with the printed policy', async () => {
    const dry = await as(users.deploy!, 'deploy', '--function', 'athena', '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /dry run: nothing was changed/);
    const r = await as(users.deploy!, 'deploy', '--function', 'athena');
    assert.equal(r.code, 0, r.stderr);
    const lambda = d.clients.lambda();
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: d.config.athena.function_name }));
    assert.ok(fn.Configuration?.FunctionArn);
    const first = await lambda.send(new GetAliasCommand({ FunctionName: d.config.athena.function_name, Name: 'production' }));
    // a changed setting: UpdateFunctionConfiguration, PublishVersion, UpdateAlias
    const file = join(d.configDir, 'lambda.json');
    const settings = JSON.parse(readFileSync(file, 'utf8')) as { athena_partition_refresh_config: Record<string, unknown> };
    settings.athena_partition_refresh_config.memory = 256;
    writeFileSync(file, JSON.stringify(settings, null, 2));
    const again = await as(users.deploy!, 'deploy', '--function', 'athena');
    assert.equal(again.code, 0, again.stderr);
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: d.config.athena.function_name, Name: 'production' }));
    assert.notEqual(alias.FunctionVersion, first.FunctionVersion);
    const config = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: d.config.athena.function_name, Qualifier: alias.FunctionVersion }),
    );
    assert.equal(config.MemorySize, 256);
  });

  // After the deploys above: two published versions, the alias on the second.
  it('rollback with the printed policy moves the alias back; without lambda:UpdateAlias it fails and the alias stays', async () => {
    const name = d.config.athena.function_name;
    const lambda = d.clients.lambda();
    const on = async () => (await lambda.send(new GetAliasCommand({ FunctionName: name, Name: 'production' }))).FunctionVersion;
    const current = await on();
    const denied = await as(users.rollbackNoUpdate!, 'rollback', '--function', 'athena');
    assert.equal(denied.code, 4, denied.stderr);
    assert.match(denied.stderr, /AccessDenied/);
    assert.match(denied.stderr, /UpdateAlias/);
    assert.equal(await on(), current);
    const r = await as(users.rollback!, 'rollback', '--function', 'athena');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await on(), String(Number(current) - 1));
  });
});

/** A configuration init has not seen: its own bucket, queue, database and results bucket; the glue strategy. */
const FRESH = {
  buckets: { 'fresh-alerts': 'alerts' },
  queue_name: 'fresh_notifications',
  database_name: 'fresh_db',
  results_bucket: 's3://fresh-athena-results/refresh/',
  refresh_strategy: 'glue',
};

describe('athena init on a fresh configuration, then the glue strategy (refresh, backfill)', () => {
  let dir: string;
  let admin: AwsClients;
  let queueUrl: string;
  const fresh: Record<string, Keys> = {};
  const run = (keys: Keys, ...args: string[]) => runCli([...args, '--config-dir', dir, '--endpoint-url', moto.url], { env: { ...keys } });
  const queueDepth = async () => {
    const a = (
      await admin.sqs().send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      )
    ).Attributes!;
    return Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible);
  };
  const partitions = async () =>
    ((await admin.glue().send(new GetPartitionsCommand({ DatabaseName: 'fresh_db', TableName: 'alerts' }))).Partitions ?? [])
      .map((p) => p.Values!.join('/'))
      .sort();
  const put = (Key: string) => admin.s3().send(new PutObjectCommand({ Bucket: 'fresh-alerts', Key, Body: '{"rule_name":"x"}\n' }));

  before(async () => {
    admin = new AwsClients({ region: ACCOUNT.region, endpointUrl: moto.url });
    dir = writeConfig(FRESH, {}, ACCOUNT);
    await createBuckets(admin, ['fresh-alerts']); // the data bucket is its owner's, not init's
    fresh.init = await userFor('init', 'init', dir, withLocalInit);
    fresh.initNoRead = await userFor('init-no-read', 'init', dir, (p) => withLocalInit(without(p, 's3:GetBucketNotification')));
    fresh.refresh = await userFor('refresh-glue', 'refresh', dir);
    fresh.refreshNoCreate = await userFor('refresh-glue-no-create', 'refresh', dir, (p) => without(p, 'glue:BatchCreatePartition'));
    fresh.backfill = await userFor('backfill-glue', 'backfill', dir);
  });
  after(() => admin?.destroy());

  it('init --dry-run with the printed policy plans and changes nothing', async () => {
    const r = await run(fresh.init!, 'athena', 'init', '--dry-run');
    assert.equal(r.code, 0, r.stderr);
    await assert.rejects(
      admin.sqs().send(new GetQueueUrlCommand({ QueueName: 'fresh_notifications' })),
      /NonExistentQueue|QueueDoesNotExist/,
    );
  });

  it('init with the printed policy makes the queue, the notifications, the results bucket, the database and the table', async () => {
    const r = await run(fresh.init!, 'athena', 'init');
    assert.equal(r.code, 0, r.stderr);
    queueUrl = (await admin.sqs().send(new GetQueueUrlCommand({ QueueName: 'fresh_notifications' }))).QueueUrl!;
    const config = await admin.s3().send(new GetBucketNotificationConfigurationCommand({ Bucket: 'fresh-alerts' }));
    assert.deepEqual(
      config.QueueConfigurations?.map((q) => q.QueueArn),
      ['arn:aws:sqs:us-east-1:123456789012:fresh_notifications'],
    );
    await admin.s3().send(new HeadBucketCommand({ Bucket: 'fresh-athena-results' }));
    await admin.glue().send(new GetDatabaseCommand({ Name: 'fresh_db' }));
    await admin.glue().send(new GetTableCommand({ DatabaseName: 'fresh_db', Name: 'alerts' }));
    // as createDeployment does: no long polling, and no kept message comes back during a run
    await admin
      .sqs()
      .send(
        new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: '60', ReceiveMessageWaitTimeSeconds: '0' } }),
      );
    await admin.sqs().send(new PurgeQueueCommand({ QueueUrl: queueUrl })); // S3's test event
  });

  it('init again without s3:GetBucketNotification fails with AccessDenied and changes nothing', async () => {
    const r = await run(fresh.initNoRead!, 'athena', 'init');
    assert.equal(r.code, 4, r.stdout);
    assert.match(r.stderr, /S3 GetBucketNotificationConfiguration failed: AccessDenied \(HTTP 403\)/);
    assert.match(r.stderr, /athena iam-policy --for init/);
    const config = await admin.s3().send(new GetBucketNotificationConfigurationCommand({ Bucket: 'fresh-alerts' }));
    assert.equal(config.QueueConfigurations?.length, 1);
  });

  it('refresh (glue) without glue:BatchCreatePartition fails with AccessDenied and keeps the message', async () => {
    await put('alerts/dt=2026-11-28-09/a.json');
    const r = await run(fresh.refreshNoCreate!, 'athena', 'refresh', '--once');
    assert.equal(r.code, 5, r.stderr);
    assert.match(
      r.stdout,
      /1 message\(s\) kept on the queue:\n.*Glue BatchCreatePartition failed: AccessDenied\w* \(HTTP 403\): .*is not authorized to perform: glue:BatchCreatePartition/,
    );
    assert.deepEqual(await partitions(), []);
    await moto.releaseInFlight();
    assert.equal(await queueDepth(), 1);
  });

  it('refresh (glue) with the printed policy registers the partition and deletes the message', async () => {
    const r = await run(fresh.refresh!, 'athena', 'refresh', '--once', '--output', 'json');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fromCliJson<RefreshResult>(r.stdout, ['partitions']).partitions, { alerts: ['2026-11-28-09'] });
    assert.deepEqual(await partitions(), ['2026-11-28-09']);
    assert.equal(await queueDepth(), 0);
  });

  it('backfill (glue) with the printed policy registers what is missing', async () => {
    await put('alerts/dt=2026-11-20-01/a.json');
    await admin.sqs().send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
    const r = await run(fresh.backfill!, 'athena', 'backfill', '--output', 'json');
    assert.equal(r.code, 0, r.stderr);
    const result = fromCliJson<BackfillResult>(r.stdout);
    assert.deepEqual(
      result.tables.map((t) => [t.table, t.dt.registered]),
      [['alerts', ['2026-11-20-01']]],
    );
    assert.deepEqual(await partitions(), ['2026-11-20-01', '2026-11-28-09']);
  });
});

describe('the repair strategy (MSCK REPAIR TABLE)', () => {
  it('refresh with the printed policy repairs the table and deletes the message', async () => {
    const r = await createDeployment(moto.url, {
      buckets: { 'repair-alerts': 'alerts' },
      queue_name: 'repair_notifications',
      database_name: 'repair_db',
      results_bucket: 's3://repair-athena-results/refresh/',
      refresh_strategy: 'repair',
    });
    const keys = await userFor('refresh-repair', 'refresh', r.configDir);
    await r.purge();
    await r.putObject('repair-alerts', 'alerts/dt=2026-11-28-09/a.json');
    const before = (await r.queries()).length;
    const out = await runCli(['athena', 'refresh', '--once', '--config-dir', r.configDir, '--endpoint-url', moto.url], {
      env: { ...keys },
    });
    assert.equal(out.code, 0, out.stderr);
    const ran = (await r.queries()).slice(before);
    assert.deepEqual(ran, ['MSCK REPAIR TABLE `repair_db`.`alerts`']);
    const q = await r.queueDepth();
    assert.equal(q.visible + q.inFlight, 0);
  });
});

describe('deploy with trigger: sqs (the event-source mapping)', () => {
  it('deploy with the printed policy creates the mapping from the queue to the function', async () => {
    const t = await createDeployment(moto.url, {
      buckets: { 'trigger-alerts': 'alerts' },
      queue_name: 'trigger_notifications',
      database_name: 'trigger_db',
      results_bucket: 's3://trigger-athena-results/refresh/',
      function_name: 'trigger_refresh',
      trigger: 'sqs',
      timeout: 10, // the queue's 60 s visibility is 6 × this, as AWS advises for an SQS trigger
    });
    const keys = await userFor('deploy-trigger', 'deploy', t.configDir);
    const r = await runCli(['deploy', '--function', 'athena', '--config-dir', t.configDir, '--endpoint-url', moto.url], {
      env: { ...keys },
    });
    assert.equal(r.code, 0, r.stderr);
    const mappings = await t.clients.lambda().send(new ListEventSourceMappingsCommand({ EventSourceArn: t.queueArn }));
    // (moto lists a mapping made on the alias with the version the alias points at)
    assert.deepEqual(
      mappings.EventSourceMappings?.map((m) => m.FunctionArn?.split(':')[6]),
      ['trigger_refresh'],
    );
  });
});

describe('athena init with kms_key_arn (CheckQueueKey)', () => {
  it('init with the printed policy checks the key and makes the encrypted queue; without kms:DescribeKey it fails', async () => {
    const admin = new AwsClients({ region: ACCOUNT.region, endpointUrl: moto.url });
    try {
      const key = (await (await admin.kms()).send(new CreateKeyCommand({ Description: 'streamalert queues' }))).KeyMetadata!.Arn!;
      const dir = writeConfig(
        { buckets: { 'kms-alerts': 'alerts' }, queue_name: 'kms_notifications', database_name: 'kms_db', kms_key_arn: key },
        {},
        ACCOUNT,
      );
      await createBuckets(admin, ['kms-alerts']);
      const init = (keys: Keys) => runCli(['athena', 'init', '--config-dir', dir, '--endpoint-url', moto.url], { env: { ...keys } });
      const noDescribe = await userFor('init-kms-no-describe', 'init', dir, (p) => withLocalInit(without(p, 'kms:DescribeKey')));
      const denied = await init(noDescribe);
      assert.equal(denied.code, 4, denied.stdout);
      assert.match(denied.stderr, /is not authorized to perform: kms:DescribeKey/);
      await assert.rejects(
        admin.sqs().send(new GetQueueUrlCommand({ QueueName: 'kms_notifications' })),
        /NonExistentQueue|QueueDoesNotExist/,
      );

      const r = await init(await userFor('init-kms', 'init', dir, withLocalInit));
      assert.equal(r.code, 0, r.stderr);
      const { QueueUrl } = await admin.sqs().send(new GetQueueUrlCommand({ QueueName: 'kms_notifications' }));
      const attributes = await admin.sqs().send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['KmsMasterKeyId'] }));
      assert.equal(attributes.Attributes?.KmsMasterKeyId, key);
    } finally {
      admin.destroy();
    }
  });
});
