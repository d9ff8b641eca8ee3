/**
 * `athena init` on a shared account (issue 18), against moto: what is not ours (no
 * streamalert:managed tag) is never changed, the results bucket never expires someone's data, the
 * account is checked before anything else, notification writes lose nothing (another writer put
 * between the plan and the write, through a hooked port), prefixes filter the notifications, an AWS
 * managed KMS key and a bucket in another region are blocked, and credential failures are exit 7.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CreateDatabaseCommand, GetTagsCommand } from '@aws-sdk/client-glue';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketTaggingCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  type NotificationConfiguration,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  TagQueueCommand,
} from '@aws-sdk/client-sqs';
import { AwsClients } from '../../src/aws/sdk/clients.js';
import { initPortFor } from '../../src/aws/init/provision.js';
import { exitCodeFor } from '../../src/cli/errors/handle-error.js';
import { loadConfig } from '../../src/core/config/load.js';
import { AwsError, InitBlockedError } from '../../src/core/kernel/errors.js';
import type { InitPort } from '../../src/core/init/ports.js';
import { runInit } from '../../src/core/init/run.js';
import type { InitReport } from '../../src/core/init/types.js';
import { startAwsProxy, type AwsProxy } from '../support/aws-proxy/index.js';
import { runCli } from '../support/cli.js';
import { ACCOUNT, createBuckets, writeConfig } from '../support/deployment.js';
import { s3Event } from '../support/factories.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const QUEUE = 'test_streamalert_athena_s3_notifications';
const ATHENA = {
  buckets: { 'acme-alerts': 'alerts' },
  results_bucket: 's3://acme-athena-results/refresh/',
  refresh_strategy: 'glue',
  timeout: 30,
};
const OURS = { 'streamalert:managed': 'true', 'streamalert:prefix': 'test' };

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

async function init(configDir: string, args: string[] = [], endpoint = moto.url, env: NodeJS.ProcessEnv = {}) {
  const r = await runCli(
    ['athena', 'init', ...args, '--output', 'json', '--config-dir', configDir, ...(endpoint ? ['--endpoint-url', endpoint] : [])],
    { env },
  );
  let report: InitReport | undefined;
  try {
    report = JSON.parse(r.stdout) as InitReport;
  } catch {
    // not JSON: the assertions say what came out
  }
  return { ...r, report };
}
const row = (report: InitReport | undefined, kind: string, name?: string) =>
  report?.resources.find((x) => x.kind === kind && (name === undefined || x.name === name));
const writes = (p: AwsProxy) => Object.keys(p.counts()).filter((op) => !/^\w+\.(Get|Head|List|Describe)/.test(op));
const notifications = async (Bucket: string) => {
  const { $metadata: _, ...config } = await clients.s3().send(new GetBucketNotificationConfigurationCommand({ Bucket }));
  return config;
};
const queueUrl = async (QueueName: string) => {
  try {
    return (await clients.sqs().send(new GetQueueUrlCommand({ QueueName }))).QueueUrl;
  } catch {
    return undefined;
  }
};
/** A config folder whose global.json also has `tags`. */
function configWith(athena: Record<string, unknown>, tags?: Record<string, string>, account = ACCOUNT): string {
  const dir = writeConfig(athena, {}, account);
  if (tags) writeFileSync(join(dir, 'global.json'), JSON.stringify({ account, tags }));
  return dir;
}

describe('the results bucket never expires somebody else’s objects', () => {
  beforeEach(() => moto.reset());

  it('results_bucket naming a data bucket, or the bucket of a table’s location, is a configuration error before any AWS call', async () => {
    proxy.resetStats();
    const same = await init(configWith({ ...ATHENA, results_bucket: 's3://acme-alerts/' }), [], proxy.url);
    assert.equal(same.code, 3, same.stderr);
    assert.match(
      same.stderr,
      /configuration error: athena_partition_refresh_config\.results_bucket is acme-alerts, a data bucket \(buckets\): query results must go to a bucket of their own/,
    );
    const dir = writeConfig(ATHENA, {}, ACCOUNT, {
      flows: { format: 'json', columns: { x: 'string' }, location: 's3://acme-athena-results/flows/' },
    });
    const holds = await init(dir, [], proxy.url);
    assert.equal(holds.code, 3, holds.stderr);
    assert.match(holds.stderr, /results_bucket holds table flows's location s3:\/\/acme-athena-results\/flows\//);
    assert.deepEqual(proxy.counts(), {}, 'no AWS call at all');
  });

  it('an existing bucket that is not ours is used as it is: no lifecycle, encryption or public-access change; the plan says what it would set and how to opt in', async () => {
    await createBuckets(clients, ['acme-alerts', 'acme-athena-results']);
    const theirRules = [{ ID: 'keep-audit', Status: 'Enabled' as const, Filter: { Prefix: 'audit/' }, Expiration: { Days: 400 } }];
    await clients
      .s3()
      .send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'acme-athena-results', LifecycleConfiguration: { Rules: theirRules } }));
    const r = await init(configWith(ATHENA));
    assert.equal(r.code, 0, r.stderr);
    const results = row(r.report, 'results_bucket');
    assert.equal(results?.action, 'unchanged');
    assert.match(
      results?.detail ?? '',
      /bucket acme-athena-results exists and is not streamalert's .*: used as it is; init would have set .*lifecycle rule streamalert-athena-results-expiry \(results under refresh\/ expire after 30 day\(s\)\): set "results_lifecycle": true/,
    );
    const rules = (await clients.s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'acme-athena-results' }))).Rules;
    assert.deepEqual(
      rules?.map((x) => x.ID),
      ['keep-audit'],
      'their lifecycle rules exactly',
    );
    await assert.rejects(
      clients.s3().send(new GetBucketEncryptionCommand({ Bucket: 'acme-athena-results' })),
      /ServerSideEncryptionConfigurationNotFound/,
      'no encryption set',
    );
    const tags = await clients
      .s3()
      .send(new GetBucketTaggingCommand({ Bucket: 'acme-athena-results' }))
      .catch(() => ({ TagSet: [] }));
    assert.deepEqual(tags.TagSet ?? [], [], 'not tagged ours');

    // Opted in: our rule, under the prefix only, beside theirs; nothing else changes.
    const optIn = await init(configWith({ ...ATHENA, results_lifecycle: true }));
    assert.equal(optIn.code, 0, optIn.stderr);
    assert.equal(row(optIn.report, 'results_bucket')?.action, 'update');
    const after = (await clients.s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'acme-athena-results' }))).Rules ?? [];
    assert.deepEqual(
      after.map((x) => [x.ID, x.Filter?.Prefix, x.Expiration?.Days]),
      [
        ['keep-audit', 'audit/', 400],
        ['streamalert-athena-results-expiry', 'refresh/', 30],
      ],
    );

    // Opted in without a prefix: no rule at all (it would expire the whole bucket).
    const whole = await init(configWith({ ...ATHENA, results_bucket: 's3://acme-athena-results/', results_lifecycle: true }));
    assert.equal(whole.code, 0, whole.stderr);
    assert.equal(row(whole.report, 'results_bucket')?.action, 'unchanged');
    assert.match(row(whole.report, 'results_bucket')?.detail ?? '', /results_bucket has no prefix, so no rule is written here/);
  });

  it('a results bucket init creates without a prefix is tagged ours, and only there does the rule cover the whole bucket', async () => {
    await createBuckets(clients, ['acme-alerts']);
    const r = await init(configWith({ ...ATHENA, results_bucket: 's3://acme-athena-results/' }, { team: 'secops' }));
    assert.equal(r.code, 0, r.stderr);
    const tags = (await clients.s3().send(new GetBucketTaggingCommand({ Bucket: 'acme-athena-results' }))).TagSet ?? [];
    assert.deepEqual(Object.fromEntries(tags.map((t) => [t.Key, t.Value])), { ...OURS, team: 'secops' });
    const rules = (await clients.s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'acme-athena-results' }))).Rules ?? [];
    assert.deepEqual(
      rules.map((x) => [x.ID, x.Filter?.Prefix ?? '']),
      [['streamalert-athena-results-expiry', '']],
    );
  });
});

describe('the account', () => {
  before(() => moto.reset());

  it('credentials of another account than aws_account_id: exit 3 naming both, nothing read or created (also with --dry-run)', async () => {
    await createBuckets(clients, ['acme-alerts']);
    const dir = configWith(ATHENA, undefined, { ...ACCOUNT, aws_account_id: '111111111111' });
    for (const args of [['--dry-run'], []]) {
      proxy.resetStats();
      const r = await init(dir, args, proxy.url);
      assert.equal(r.code, 3, r.stderr);
      assert.match(
        r.stderr,
        /configuration error: the credentials in use belong to account 123456789012, but .*global\.json says account\.aws_account_id is 111111111111: nothing was changed/,
      );
      assert.deepEqual(Object.keys(proxy.counts()), ['STS.GetCallerIdentity'], `${args.join(' ')}: only the account check`);
    }
    assert.equal(await queueUrl(`${QUEUE}_dlq`), undefined, 'no DLQ made in the wrong account');
  });
});

describe('what exists and is not ours is blocked, never changed', () => {
  beforeEach(() => moto.reset());

  it('an untagged queue and Glue database (another team’s, or an earlier version’s): blocked with the fix, exit 3, nothing applied; tagged, they are adopted', async () => {
    await createBuckets(clients, ['acme-alerts']);
    const made = await clients.sqs().send(new CreateQueueCommand({ QueueName: QUEUE, Attributes: { VisibilityTimeout: '5' } }));
    await clients.glue().send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'streamalert' } }));
    const dir = configWith(ATHENA);
    proxy.resetStats();
    const r = await init(dir, [], proxy.url);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(row(r.report, 'queue')?.action, 'blocked');
    assert.match(
      row(r.report, 'queue')?.detail ?? '',
      /queue test_streamalert_athena_s3_notifications exists and is not streamalert's \(no tag streamalert:managed=true\).*set another queue_name .*adopt it: aws sqs tag-queue --queue-url \S+ --tags streamalert:managed=true,streamalert:prefix=test/,
    );
    assert.equal(row(r.report, 'queue_policy')?.action, 'blocked');
    assert.equal(row(r.report, 'database')?.action, 'blocked');
    assert.match(
      row(r.report, 'database')?.detail ?? '',
      /aws glue tag-resource --resource-arn arn:aws:glue:us-east-1:123456789012:database\/streamalert --tags-to-add streamalert:managed=true,streamalert:prefix=test/,
    );
    assert.deepEqual(writes(proxy), []);
    const attrs =
      (await clients.sqs().send(new GetQueueAttributesCommand({ QueueUrl: made.QueueUrl, AttributeNames: ['All'] }))).Attributes ?? {};
    assert.deepEqual([attrs.VisibilityTimeout, attrs.Policy, attrs.RedrivePolicy], ['5', undefined, undefined], 'their queue untouched');
    assert.equal(await queueUrl(`${QUEUE}_dlq`), undefined);

    // The documented adoption step: tag them ours; init then updates them (and adds the user's tags).
    await clients.sqs().send(new TagQueueCommand({ QueueUrl: made.QueueUrl, Tags: OURS }));
    await clients.glue().send(
      new (await import('@aws-sdk/client-glue')).TagResourceCommand({
        ResourceArn: 'arn:aws:glue:us-east-1:123456789012:database/streamalert',
        TagsToAdd: OURS,
      }),
    );
    const adopted = await init(configWith(ATHENA, { team: 'secops' }));
    assert.equal(adopted.code, 0, adopted.stderr);
    assert.equal(row(adopted.report, 'queue')?.action, 'update');
    assert.match(row(adopted.report, 'queue')?.detail ?? '', /visibility timeout 5 s → 180 s.*adds tag\(s\) team/);
    // (create on moto, whose Athena keeps its own catalog: the database is also made there)
    assert.match(row(adopted.report, 'database')?.detail ?? '', /^adds tag\(s\) team/);
    const qtags = (await clients.sqs().send(new ListQueueTagsCommand({ QueueUrl: made.QueueUrl }))).Tags;
    assert.deepEqual(qtags, { ...OURS, team: 'secops' });
    const dbtags = (
      await clients.glue().send(new GetTagsCommand({ ResourceArn: 'arn:aws:glue:us-east-1:123456789012:database/streamalert' }))
    ).Tags;
    assert.deepEqual(dbtags, { ...OURS, team: 'secops' });
  });

  it('what init made carries our tags and the user’s; a new user tag is only added (an update row); then all unchanged', async () => {
    await createBuckets(clients, ['acme-alerts']);
    const first = await init(configWith(ATHENA, { team: 'secops' }));
    assert.equal(first.code, 0, first.stderr);
    const url = (await queueUrl(QUEUE))!;
    await clients.sqs().send(new TagQueueCommand({ QueueUrl: url, Tags: { 'their-own': 'kept' } }));
    const more = await init(configWith(ATHENA, { team: 'secops', costcenter: '42' }));
    assert.equal(more.code, 0, more.stderr);
    assert.deepEqual(
      more.report?.resources.filter((x) => x.action !== 'unchanged').map((x) => `${x.kind} ${x.action} ${x.detail}`),
      [
        'queue update adds tag(s) costcenter',
        'dlq update adds tag(s) costcenter',
        'results_bucket update adds tag(s) costcenter',
        'database update adds tag(s) costcenter',
      ],
    );
    assert.deepEqual((await clients.sqs().send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, {
      ...OURS,
      team: 'secops',
      costcenter: '42',
      'their-own': 'kept',
    });
    proxy.resetStats();
    const again = await init(configWith(ATHENA, { team: 'secops', costcenter: '42' }), [], proxy.url);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(new Set(again.report?.resources.map((x) => x.action)), new Set(['unchanged']));
    assert.deepEqual(writes(proxy), [], 'no write call');
  });

  it('an AWS managed KMS key (aws/sqs) is blocked: S3 cannot publish to a queue encrypted with it', async () => {
    await createBuckets(clients, ['acme-alerts']);
    const kms = await clients.kms();
    const key = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/sqs' }))).KeyMetadata!;
    assert.equal(key.KeyManager, 'AWS', 'the test endpoint makes reserved-alias keys AWS managed, as AWS does');
    proxy.resetStats();
    const r = await init(configWith({ ...ATHENA, kms_key_arn: key.Arn }), [], proxy.url);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(row(r.report, 'queue')?.action, 'blocked');
    assert.match(
      row(r.report, 'queue')?.detail ?? '',
      /is an AWS managed key .*S3 cannot publish to a queue encrypted with it.*docs\/init\.md, "SSE-KMS: the key policy"/,
    );
    assert.deepEqual(writes(proxy), []);
  });

  it('a data bucket in another region than the queue is blocked before anything is created', async () => {
    await createBuckets(clients, ['acme-alerts']);
    const eu = new AwsClients({ region: 'eu-west-1', endpointUrl: moto.url });
    await eu.s3().send(new CreateBucketCommand({ Bucket: 'acme-eu-logs', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    eu.destroy();
    proxy.resetStats();
    const r = await init(configWith({ ...ATHENA, buckets: { 'acme-alerts': 'alerts', 'acme-eu-logs': 'alerts' } }), [], proxy.url);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(
      row(r.report, 'bucket_notification', 'acme-alerts')?.action,
      'create',
      'us-east-1 (GetBucketLocation answers empty) is the queue’s region',
    );
    assert.equal(row(r.report, 'bucket_notification', 'acme-eu-logs')?.action, 'blocked');
    assert.match(
      row(r.report, 'bucket_notification', 'acme-eu-logs')?.detail ?? '',
      /bucket acme-eu-logs is in eu-west-1, the queue in us-east-1: S3 sends notifications only to a queue in the bucket's own region/,
    );
    assert.deepEqual(writes(proxy), []);
  });

  it('--dry-run shows every blocked item at once', async () => {
    await createBuckets(clients, ['acme-alerts', 'acme-data']);
    await clients.sqs().send(new CreateQueueCommand({ QueueName: `${QUEUE}_dlq` }));
    const overlapping = {
      TopicConfigurations: [
        { Id: 'everything', TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Events: ['s3:ObjectCreated:*' as const] },
      ],
    };
    await clients.s3().send(new PutBucketNotificationConfigurationCommand({ Bucket: 'acme-data', NotificationConfiguration: overlapping }));
    await clients.glue().send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'streamalert' } }));
    const r = await init(configWith({ ...ATHENA, buckets: { 'acme-alerts': 'alerts', 'acme-data': 'alerts', 'acme-gone': 'alerts' } }), [
      '--dry-run',
    ]);
    assert.equal(r.code, 3, r.stderr);
    assert.deepEqual(
      r.report?.resources.filter((x) => x.action === 'blocked').map((x) => `${x.kind} ${x.name}`),
      [`dlq ${QUEUE}_dlq`, 'bucket_notification acme-data', 'bucket_notification acme-gone', 'database streamalert'],
    );
    assert.match(r.stderr, /4 resource\(s\) blocked/);
  });
});

describe('prefixes filter the notifications', () => {
  before(() => moto.reset());

  it('a bucket mapped under a prefix gets a configuration filtered on it; our old unfiltered one is replaced; objects outside it never reach the queue', async () => {
    await createBuckets(clients, ['acme-v3']);
    const dir = configWith({ ...ATHENA, buckets: { 'acme-v3': { table: '*', prefix: 'parquet/' } } });
    const first = await init(configWith({ ...ATHENA, buckets: { 'acme-v3': '*' } }));
    assert.equal(first.code, 0, first.stderr);
    const queueArn = `arn:aws:sqs:us-east-1:123456789012:${QUEUE}`;
    assert.deepEqual(
      await notifications('acme-v3'),
      { QueueConfigurations: [{ Id: 'streamalert-athena-refresh', QueueArn: queueArn, Events: ['s3:ObjectCreated:*'] }] },
      'as an earlier version made it',
    );

    const r = await init(dir);
    assert.equal(r.code, 0, r.stderr);
    const bucket = row(r.report, 'bucket_notification', 'acme-v3');
    assert.equal(bucket?.action, 'update');
    assert.match(
      bucket?.detail ?? '',
      /prefix "parquet\/" \(Id streamalert-athena-refresh:parquet\/\), replacing "streamalert-athena-refresh"/,
    );
    const config = await notifications('acme-v3');
    assert.deepEqual(
      config.QueueConfigurations?.map((c) => [
        c.Id,
        c.Events,
        c.Filter?.Key?.FilterRules?.map((f) => `${f.Name?.toLowerCase()}=${f.Value}`),
      ]),
      [['streamalert-athena-refresh:parquet/', ['s3:ObjectCreated:*'], ['prefix=parquet/']]],
    );
    const again = await init(dir);
    assert.equal(row(again.report, 'bucket_notification', 'acme-v3')?.action, 'unchanged');

    const url = (await queueUrl(QUEUE))!;
    const drain = async () => {
      const bodies: string[] = [];
      for (;;) {
        const out = await clients
          .sqs()
          .send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 300 }));
        if (!out.Messages?.length) return bodies;
        bodies.push(...out.Messages.map((m) => m.Body ?? ''));
      }
    };
    await drain();
    await clients.s3().send(new PutObjectCommand({ Bucket: 'acme-v3', Key: 'raw/cloudtrail/2026/11/28/10/x.json', Body: 'x' }));
    await clients.s3().send(new PutObjectCommand({ Bucket: 'acme-v3', Key: 'parquet/cloudtrail/2026/11/28/10/x.parquet', Body: 'x' }));
    const keys = (await drain()).flatMap((b) =>
      ((JSON.parse(b) as { Records?: { s3: { object: { key: string } } }[] }).Records ?? []).map((x) =>
        decodeURIComponent(x.s3.object.key),
      ),
    );
    assert.deepEqual(keys, ['parquet/cloudtrail/2026/11/28/10/x.parquet']);
  });

  it('the refresh still keeps (never deletes) a key outside every prefix that reaches the queue anyway', async () => {
    const dir = configWith({ ...ATHENA, buckets: { 'acme-v3': { table: '*', prefix: 'parquet/' } } });
    const url = (await queueUrl(QUEUE))!;
    await clients
      .sqs()
      .send(new SendMessageCommand({ QueueUrl: url, MessageBody: s3Event(['acme-v3', 'raw/cloudtrail/2026/11/28/10/x.json']) }));
    const r = await runCli(['athena', 'refresh', '--once', '--output', 'json', '--config-dir', dir, '--endpoint-url', moto.url]);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stdout, /is outside the prefix \\"parquet\/\\" that athena_partition_refresh_config\.buckets gives bucket/);
  });
});

describe('notification writes that lose nothing (another writer between the plan and the write)', () => {
  const theirs = (arn: string): NotificationConfiguration => ({
    TopicConfigurations: [{ Id: 'their-removals', TopicArn: arn, Events: ['s3:ObjectRemoved:*'] }],
  });
  const TOPIC = 'arn:aws:sns:us-east-1:123456789012:removals';
  beforeEach(async () => {
    await moto.reset();
    await createBuckets(clients, ['acme-alerts']);
  });

  /** The port init uses, with `hook` run after the plan's read of the bucket (or after our write). */
  function hookedPort(
    config: ReturnType<typeof loadConfig>,
    hooks: { afterPlanRead?: () => Promise<void>; afterWrite?: () => Promise<void> },
  ): InitPort {
    const port = initPortFor(config, clients);
    let reads = 0;
    return {
      ...port,
      getBucketNotifications: async (bucket) => {
        const out = await port.getBucketNotifications(bucket);
        if (++reads === 1) await hooks.afterPlanRead?.();
        return out;
      },
      putBucketNotifications: async (bucket, configuration) => {
        await port.putBucketNotifications(bucket, configuration);
        await hooks.afterWrite?.();
      },
    };
  }
  const put = (configuration: NotificationConfiguration) =>
    clients.s3().send(new PutBucketNotificationConfigurationCommand({ Bucket: 'acme-alerts', NotificationConfiguration: configuration }));

  it('a configuration added after the plan read is kept: init reads again and plans that bucket anew', async () => {
    const config = loadConfig(configWith(ATHENA));
    await runInit(config, [], hookedPort(config, { afterPlanRead: () => put(theirs(TOPIC)).then(() => undefined) }));
    const now = await notifications('acme-alerts');
    assert.deepEqual(
      now.TopicConfigurations?.map((c) => c.Id),
      ['their-removals'],
      'the other writer’s configuration is still there',
    );
    assert.deepEqual(
      now.QueueConfigurations?.map((c) => c.Id),
      ['streamalert-athena-refresh'],
    );
  });

  it('a change that now overlaps ours blocks the bucket (exit 3), and theirs stays', async () => {
    const config = loadConfig(configWith(ATHENA));
    const overlapping: NotificationConfiguration = {
      TopicConfigurations: [{ Id: 'all-new', TopicArn: TOPIC, Events: ['s3:ObjectCreated:Put'] }],
    };
    const err = await runInit(config, [], hookedPort(config, { afterPlanRead: () => put(overlapping).then(() => undefined) })).catch(
      (e: unknown) => e,
    );
    assert.ok(err instanceof InitBlockedError, String(err));
    assert.match(
      err.message,
      /bucket_notification acme-alerts: its notification configuration changed while init ran: configuration "all-new" .* overlaps ours/,
    );
    assert.equal(exitCodeFor(err), 3);
    assert.deepEqual(await notifications('acme-alerts'), overlapping);
  });

  it('a configuration gone when read back after our write fails loudly (an AWS error, exit 4)', async () => {
    await put(theirs(TOPIC));
    const config = loadConfig(configWith(ATHENA));
    // Another writer, working from an old read, puts back a configuration without theirs.
    const err = await runInit(config, [], hookedPort(config, { afterWrite: () => put({}).then(() => undefined) })).catch((e: unknown) => e);
    assert.ok(err instanceof AwsError, String(err));
    assert.match(
      err.message,
      /read back after the write, "their-removals" \(topic .*\); "streamalert-athena-refresh" .* are missing — another writer changed the bucket's notification configuration/,
    );
    assert.equal(exitCodeFor(err), 4);
  });
});

describe('credentials', () => {
  before(() => moto.reset());
  after(() => proxy.setFaults([]));

  it('no credentials at all: exit 7 naming the credential chain, not a resource', async () => {
    const r = await init(configWith(ATHENA), [], '', {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      HOME: '/nonexistent',
    });
    assert.equal(r.code, 7, r.stderr);
    assert.match(r.stderr, /credentials error: no AWS credentials found/);
  });

  it('credentials refused on a read after the account check: exit 7, not 4 naming whichever resource met it first', async () => {
    await createBuckets(clients, ['acme-alerts']);
    proxy.setFaults([{ operation: 'SQS.GetQueueUrl', kind: 'expired-token', rate: 1 }]);
    const r = await init(configWith(ATHENA), [], proxy.url, { AWS_SESSION_TOKEN: 'expired' });
    assert.equal(r.code, 7, r.stderr);
    assert.match(r.stderr, /credentials error: the session token in AWS_SESSION_TOKEN has expired/);
    assert.doesNotMatch(r.stderr, /^streamalert: credentials error: (queue|dlq) /m);
  });
});
