/**
 * `streamalert athena init` against moto, as a user runs it: from an empty account to a working
 * deployment, a second run that writes nothing (counted by the recording proxy), blocked plans
 * that apply nothing, --dry-run, --update-tables, and objects that then reach Athena's catalog.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetDatabaseCommand as AthenaGetDatabase } from '@aws-sdk/client-athena';
import { GetDatabaseCommand, GetPartitionsCommand, GetTableCommand } from '@aws-sdk/client-glue';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketNotificationConfigurationCommand,
  GetPublicAccessBlockCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  type NotificationConfiguration,
} from '@aws-sdk/client-s3';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { AwsClients } from '../../src/aws/sdk/clients.js';
import type { InitReport } from '../../src/core/init/types.js';
import { startAwsProxy, type AwsProxy } from '../support/aws-proxy/index.js';
import { runCli } from '../support/cli.js';
import { ACCOUNT, createBuckets, writeConfig, type SchemaFiles } from '../support/deployment.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const QUEUE = 'test_streamalert_athena_s3_notifications';
const QUEUE_ARN = `arn:aws:sqs:us-east-1:123456789012:${QUEUE}`;
const ATHENA = {
  buckets: { 'acme-alerts': 'alerts', 'acme-data': '*' },
  results_bucket: 's3://acme-athena-results/refresh/',
  refresh_strategy: 'glue',
  timeout: 30,
  max_receive_count: 5,
};
const SCHEMAS: SchemaFiles = {
  cloudtrail: {
    format: 'parquet',
    columns: {
      eventname: 'string',
      eventtime: 'timestamp',
      resources: 'array<struct<arn:string,type:string>>',
      requestparameters: 'map<string,string>',
    },
  },
};

let moto: MotoServer;
let proxy: AwsProxy;
let clients: AwsClients;
before(async () => {
  moto = await startMoto();
  proxy = await startAwsProxy({ target: moto.url, latency: false });
  clients = new AwsClients({ region: 'us-east-1', endpointUrl: moto.url });
});
after(async () => {
  clients?.destroy();
  await proxy?.stop();
  await moto?.stop();
});

async function init(configDir: string, args: string[] = [], endpoint = moto.url) {
  const r = await runCli(['athena', 'init', ...args, '--output', 'json', '--config-dir', configDir, '--endpoint-url', endpoint]);
  let report: InitJson | undefined;
  try {
    report = JSON.parse(r.stdout) as InitJson;
  } catch {
    // not JSON: left undefined, the assertions say what came out
  }
  return { ...r, report };
}
/** `--output json`: the library's InitReport with its keys in snake_case (docs/json-output.md). */
type InitJson = Omit<InitReport, 'dryRun'> & { dry_run: boolean };

const actions = (report: InitJson | undefined) => (report?.resources ?? []).map((r) => `${r.kind} ${r.name} ${r.action}`);
/** Calls that change something: everything but Get*, Head*, List*, Describe*. */
const writes = (p: AwsProxy) => Object.keys(p.counts()).filter((op) => !/^\w+\.(Get|Head|List|Describe)/.test(op));
const queueAttributes = async (name: string) => {
  const sqs = clients.sqs();
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes ?? {};
};
const notifications = async (Bucket: string) => {
  const { $metadata: _, ...config } = await clients.s3().send(new GetBucketNotificationConfigurationCommand({ Bucket }));
  return config;
};

describe('from an empty account with two data buckets, one with notifications of its own', () => {
  let configDir: string;
  let theirs: NotificationConfiguration;
  before(async () => {
    await moto.reset();
    configDir = writeConfig(ATHENA, {}, ACCOUNT, SCHEMAS);
    await createBuckets(clients, ['acme-alerts', 'acme-data']);
    const audit = await clients.sqs().send(new CreateQueueCommand({ QueueName: 'audit-removals' }));
    const auditArn = (await clients.sqs().send(new GetQueueAttributesCommand({ QueueUrl: audit.QueueUrl, AttributeNames: ['QueueArn'] })))
      .Attributes!.QueueArn!;
    theirs = {
      QueueConfigurations: [
        {
          Id: 'audit-removals',
          QueueArn: auditArn,
          Events: ['s3:ObjectRemoved:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'archive/' }] } },
        },
      ],
      EventBridgeConfiguration: {},
    };
    await clients.s3().send(new PutBucketNotificationConfigurationCommand({ Bucket: 'acme-data', NotificationConfiguration: theirs }));
  });

  it('creates every resource and exits 0', async () => {
    const r = await init(configDir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.report?.dry_run, false);
    assert.deepEqual(actions(r.report), [
      `queue ${QUEUE} create`,
      `dlq ${QUEUE}_dlq create`,
      `queue_policy ${QUEUE} create`,
      'bucket_notification acme-alerts create',
      'bucket_notification acme-data create',
      'results_bucket acme-athena-results create',
      'database streamalert create',
      'table alerts create',
      'table cloudtrail create',
    ]);
    for (const row of r.report!.resources) assert.ok(row.detail.length > 0, `${row.kind} has a detail`);
  });

  it('the queues: encryption, retention, long polling, visibility ≥ 6 × timeout, redrive to the DLQ', async () => {
    const q = await queueAttributes(QUEUE);
    const dlq = await queueAttributes(`${QUEUE}_dlq`);
    assert.deepEqual(
      [
        q.SqsManagedSseEnabled,
        q.MessageRetentionPeriod,
        q.ReceiveMessageWaitTimeSeconds,
        q.VisibilityTimeout,
        JSON.parse(q.RedrivePolicy!),
      ],
      ['true', '1209600', '20', '180', { deadLetterTargetArn: dlq.QueueArn, maxReceiveCount: 5 }],
    );
    assert.deepEqual([dlq.SqsManagedSseEnabled, dlq.MessageRetentionPeriod], ['true', '1209600']);
  });

  it('the queue policy lets S3 send from the two buckets of this account', async () => {
    const policy = JSON.parse((await queueAttributes(QUEUE)).Policy!) as { Statement: Record<string, unknown>[] };
    assert.deepEqual(policy.Statement, [
      {
        Sid: 'StreamAlertAthenaS3Notifications',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: QUEUE_ARN,
        Condition: {
          ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::acme-alerts', 'arn:aws:s3:::acme-data'] },
          StringEquals: { 'aws:SourceAccount': '123456789012' },
        },
      },
    ]);
  });

  it("ours is merged into each bucket's notifications; theirs (another queue, another prefix, EventBridge) is kept exactly", async () => {
    const ours = { Id: 'streamalert-athena-refresh', QueueArn: QUEUE_ARN, Events: ['s3:ObjectCreated:*'] };
    assert.deepEqual(await notifications('acme-alerts'), { QueueConfigurations: [ours] });
    assert.deepEqual(await notifications('acme-data'), {
      QueueConfigurations: [...theirs.QueueConfigurations!, ours],
      EventBridgeConfiguration: {},
    });
  });

  it('the results bucket: encrypted, public access blocked, results expire under the prefix', async () => {
    const s3 = clients.s3();
    const Bucket = 'acme-athena-results';
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
    assert.equal(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
    const pab = (await s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration;
    assert.deepEqual(pab, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const rules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules ?? [];
    assert.deepEqual(
      rules.map((x) => [x.ID, x.Status, x.Filter?.Prefix, x.Expiration?.Days]),
      [['streamalert-athena-results-expiry', 'Enabled', 'refresh/', 30]],
    );
  });

  it('the database is seen by both Athena and Glue; the tables read back with Glue GetTable', async () => {
    await clients.athena().send(new AthenaGetDatabase({ CatalogName: 'AwsDataCatalog', DatabaseName: 'streamalert' }));
    await clients.glue().send(new GetDatabaseCommand({ Name: 'streamalert' }));
    const table = async (Name: string) => (await clients.glue().send(new GetTableCommand({ DatabaseName: 'streamalert', Name }))).Table!;
    const alerts = await table('alerts');
    assert.equal(alerts.TableType, 'EXTERNAL_TABLE');
    assert.deepEqual(
      alerts.PartitionKeys?.map((c) => [c.Name, c.Type]),
      [['dt', 'string']],
    );
    assert.equal(alerts.StorageDescriptor?.Location, 's3://acme-alerts/alerts/');
    assert.equal(alerts.StorageDescriptor?.SerdeInfo?.SerializationLibrary, 'org.openx.data.jsonserde.JsonSerDe');
    assert.deepEqual(
      alerts.StorageDescriptor?.Columns?.map((c) => `${c.Name} ${c.Type}`),
      [
        'cluster string',
        'context map<string,string>',
        'created string',
        'id string',
        'log_source string',
        'log_type string',
        'outputs array<string>',
        'publishers map<string,string>',
        'record map<string,string>',
        'rule_description string',
        'rule_name string',
        'source_entity string',
        'source_service string',
        'staged boolean',
      ],
    );
    const ct = await table('cloudtrail');
    assert.equal(ct.StorageDescriptor?.Location, 's3://acme-data/cloudtrail/');
    assert.equal(ct.StorageDescriptor?.SerdeInfo?.SerializationLibrary, 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    assert.equal(ct.StorageDescriptor?.InputFormat, 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat');
    assert.deepEqual(
      ct.StorageDescriptor?.Columns?.map((c) => `${c.Name} ${c.Type}`),
      [
        'eventname string',
        'eventtime timestamp',
        'resources array<struct<arn:string,type:string>>',
        'requestparameters map<string,string>',
      ],
    );
    assert.deepEqual(
      ct.PartitionKeys?.map((c) => [c.Name, c.Type]),
      [['dt', 'string']],
    );
  });

  it('a second run changes nothing and makes no write call', async () => {
    proxy.resetStats();
    const r = await init(configDir, [], proxy.url);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(new Set(r.report?.resources.map((x) => x.action)), new Set(['unchanged']), actions(r.report).join('\n'));
    assert.ok(Object.keys(proxy.counts()).length >= 10, 'it read the live state through the proxy');
    assert.deepEqual(writes(proxy), []);
  });

  it('objects written to the buckets reach the queue, and athena refresh --once registers their partitions (glue)', async () => {
    const s3 = clients.s3();
    await s3.send(new PutObjectCommand({ Bucket: 'acme-alerts', Key: 'alerts/dt=2026-11-28-09/rule.json', Body: '{}' }));
    await s3.send(new PutObjectCommand({ Bucket: 'acme-data', Key: 'cloudtrail/2026/11/28/10/events.parquet', Body: 'x' }));
    const r = await runCli(['athena', 'refresh', '--once', '--output', 'json', '--config-dir', configDir, '--endpoint-url', moto.url]);
    assert.equal(r.code, 0, r.stderr);
    const partitions = async (TableName: string) =>
      ((await clients.glue().send(new GetPartitionsCommand({ DatabaseName: 'streamalert', TableName }))).Partitions ?? []).map(
        (p) => `${p.Values?.join(',')} ${p.StorageDescriptor?.Location}`,
      );
    assert.deepEqual(await partitions('alerts'), ['2026-11-28-09 s3://acme-alerts/alerts/dt=2026-11-28-09/']);
    assert.deepEqual(await partitions('cloudtrail'), ['2026-11-28-10 s3://acme-data/cloudtrail/2026/11/28/10/']);
  });

  it('a table whose schema changed is planned update, applied only with --update-tables, keeping its partitions', async () => {
    const file = join(configDir, 'schemas', 'cloudtrail.json');
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { columns: Record<string, string> };
    writeFileSync(file, JSON.stringify({ ...schema, columns: { ...schema.columns, eventtime: 'string', useragent: 'string' } }));
    const columns = async () =>
      (
        await clients.glue().send(new GetTableCommand({ DatabaseName: 'streamalert', Name: 'cloudtrail' }))
      ).Table?.StorageDescriptor?.Columns?.map((c) => `${c.Name} ${c.Type}`);
    const before = await columns();

    const planned = await init(configDir);
    assert.equal(planned.code, 0, planned.stderr);
    const row = planned.report?.resources.find((x) => x.kind === 'table' && x.name === 'cloudtrail');
    assert.equal(row?.action, 'update');
    assert.match(
      row?.detail ?? '',
      /adds column\(s\) useragent string; retypes eventtime timestamp → string — not applied: run with --update-tables/,
    );
    assert.deepEqual(await columns(), before, 'not applied');

    const applied = await init(configDir, ['--update-tables']);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(applied.report?.resources.find((x) => x.name === 'cloudtrail')?.action, 'update');
    assert.deepEqual(await columns(), [
      'eventname string',
      'eventtime string',
      'resources array<struct<arn:string,type:string>>',
      'requestparameters map<string,string>',
      'useragent string',
    ]);
    const kept = await clients.glue().send(new GetPartitionsCommand({ DatabaseName: 'streamalert', TableName: 'cloudtrail' }));
    assert.equal(kept.Partitions?.length, 1, 'the partition is still there');
    const again = await init(configDir);
    assert.equal(again.report?.resources.find((x) => x.name === 'cloudtrail')?.action, 'unchanged');
  });

  it('a KMS key in conf/ moves both queues to SSE-KMS and changes nothing else', async () => {
    // A customer managed key that exists (init asks KMS DescribeKey who manages it).
    const key = (await (await clients.kms()).send(new CreateKeyCommand({ Description: 'streamalert queues' }))).KeyMetadata!.Arn!;
    const lambda = join(configDir, 'lambda.json');
    writeFileSync(lambda, JSON.stringify({ athena_partition_refresh_config: { ...ATHENA, kms_key_arn: key } }));
    const r = await init(configDir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.report?.resources.filter((x) => x.action !== 'unchanged').map((x) => `${x.kind} ${x.action}`),
      ['queue update', 'dlq update'],
    );
    for (const name of [QUEUE, `${QUEUE}_dlq`]) {
      const a = await queueAttributes(name);
      assert.deepEqual([a.KmsMasterKeyId, a.SqsManagedSseEnabled], [key, 'false']);
    }
  });
});

describe('plans that apply nothing', () => {
  before(() => moto.reset());

  it('--dry-run prints the plan from an empty account and makes no write call', async () => {
    await createBuckets(clients, ['acme-alerts', 'acme-data']);
    proxy.resetStats();
    const r = await init(writeConfig(ATHENA, {}, ACCOUNT, SCHEMAS), ['--dry-run'], proxy.url);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.report?.dry_run, true);
    assert.deepEqual(new Set(r.report?.resources.map((x) => x.action)), new Set(['create']));
    assert.equal(r.report?.resources.length, 9);
    assert.deepEqual(writes(proxy), []);
  });

  it('a configuration overlapping ours blocks the bucket, names it, exits 3 and applies nothing', async () => {
    const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:thumbnails';
    const theirs = {
      LambdaFunctionConfigurations: [
        {
          Id: 'thumbnails',
          LambdaFunctionArn: lambda,
          Events: ['s3:ObjectCreated:Put' as const],
          Filter: { Key: { FilterRules: [{ Name: 'prefix' as const, Value: 'img/' }] } },
        },
      ],
    };
    await clients.s3().send(new PutBucketNotificationConfigurationCommand({ Bucket: 'acme-data', NotificationConfiguration: theirs }));
    proxy.resetStats();
    const r = await init(writeConfig(ATHENA, {}, ACCOUNT, SCHEMAS), [], proxy.url);
    assert.equal(r.code, 3, r.stderr);
    const row = r.report?.resources.find((x) => x.name === 'acme-data');
    assert.equal(row?.action, 'blocked');
    assert.match(row?.detail ?? '', /"thumbnails" \(Lambda .*s3:ObjectCreated:Put, prefix "img\/"\) overlaps ours/);
    assert.match(
      r.stderr,
      /blocked: 1 resource\(s\) blocked, so nothing was applied:\n {2}bucket_notification acme-data: configuration "thumbnails"/,
    );
    assert.deepEqual(writes(proxy), []);
    assert.deepEqual(await notifications('acme-data'), theirs, 'their configuration is untouched');
  });

  it('a configured bucket that does not exist is blocked; the text plan says so; nothing is applied', async () => {
    proxy.resetStats();
    const dir = writeConfig({ ...ATHENA, buckets: { 'acme-alerts': 'alerts', 'acme-missing': 'alerts' } });
    const r = await runCli(['athena', 'init', '--config-dir', dir, '--endpoint-url', proxy.url]);
    assert.equal(r.code, 3, r.stderr);
    const line = r.stdout.split('\n').find((l) => l.includes('acme-missing'));
    assert.match(line ?? '', /│ bucket_notification\s*│ acme-missing\s*│ blocked\s*│ bucket acme-missing does not exist/);
    assert.match(r.stdout, /1 blocked: nothing was changed/);
    assert.match(r.stderr, /streamalert: blocked: 1 resource\(s\) blocked/);
    assert.deepEqual(writes(proxy), []);
  });

  it('a bucket mapped to a table with neither a table nor a schema file is blocked, naming the file to add', async () => {
    const r = await init(writeConfig({ ...ATHENA, buckets: { 'acme-alerts': 'findings' } }));
    assert.equal(r.code, 3, r.stderr);
    const row = r.report?.resources.find((x) => x.kind === 'table');
    assert.deepEqual([row?.name, row?.action], ['findings', 'blocked']);
    assert.match(row?.detail ?? '', /add conf\/schemas\/findings\.json/);
  });
});

describe('configuration errors', () => {
  it('an invalid schema file is a configuration error naming the file and key, before any AWS call', async () => {
    proxy.resetStats();
    const dir = writeConfig(ATHENA, {}, ACCOUNT, { osquery: { format: 'json', columns: { name: 'string', hosts: 'array<strng>' } } });
    const r = await init(dir, [], proxy.url);
    assert.equal(r.code, 3, r.stderr);
    assert.match(
      r.stderr,
      /configuration error: .*schemas\/osquery\.json: invalid configuration\n {2}columns\.hosts: "array<strng>" is not a Hive type: unknown type "strng"/,
    );
    assert.deepEqual(proxy.counts(), {});
  });
});

describe('AWS errors', () => {
  before(() => moto.reset());
  after(() => proxy.setFaults([]));

  it('AccessDenied names the resource and the operation, points at iam-policy --for init, exits 4', async () => {
    await createBuckets(clients, ['acme-alerts', 'acme-data']);
    proxy.setFaults([{ operation: 'S3.PutBucketNotificationConfiguration', kind: 'denied', rate: 1 }]);
    const r = await init(writeConfig(ATHENA), [], proxy.url);
    assert.equal(r.code, 4, r.stderr);
    assert.match(
      r.stderr,
      /streamalert: AWS error: bucket_notification acme-alerts: S3 PutBucketNotificationConfiguration failed: AccessDenied \(HTTP 403\)/,
    );
    assert.match(r.stderr, /`streamalert athena iam-policy --for init` prints what athena init needs/);
  });
});
