/**
 * Deploy as a Lambda-native service, against moto through the recording proxy: the CloudWatch
 * alarms it keeps (per trigger, idempotent, `alarms: false` deleting ours and never another's),
 * and the function's LoggingConfig (moto does not keep it: the proxy shows what was asked). The
 * tests run in order: each starts from the account the one before left.
 */
import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AwsClients } from '../../src/aws/sdk/clients.js';
import type { FunctionDeployResult } from '../../src/core/deploy/result.js';
import { startAwsProxy, type AwsProxy } from '../support/aws-proxy/index.js';
import { deployInProcess } from '../support/deploy.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const NAME = 'test_streamalert_athena_partition_refresh';
const QUEUE = 'test_streamalert_athena_s3_notifications';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:oncall';
const TODAY = '2026-11-29';

let moto: MotoServer;
let proxy: AwsProxy;
let clients: AwsClients;
let conf: string;
let section: Record<string, unknown>;

async function deploy(dryRun = false): Promise<FunctionDeployResult> {
  return (await deployInProcess({ configDir: conf, endpointUrl: proxy.url, functions: ['athena'], today: TODAY, dryRun })).functions[0]!;
}

function configure(patch: Record<string, unknown>): void {
  section = { ...section, ...patch };
  for (const [k, v] of Object.entries(section)) if (v === undefined) delete section[k];
  writeFileSync(join(conf, 'lambda.json'), JSON.stringify({ athena_partition_refresh_config: section }, null, 2));
}

const writes = () =>
  proxy.log.map((e) => e.operation).filter((op) => !/^[A-Za-z]+\.(Get|List|Describe)[A-Za-z]*$/.test(op) && !/^Lambda\.GET /.test(op));

/** Every metric alarm in the account: name → its metric, threshold, actions and tags. */
async function alarms(): Promise<
  Map<
    string,
    {
      metric: string;
      dimensions: string[];
      threshold: number;
      actions: string[];
      ok: string[];
      tags: Record<string, string>;
      description: string;
    }
  >
> {
  const out = await clients.cloudwatch().send(new DescribeAlarmsCommand({}));
  const found = new Map();
  for (const a of out.MetricAlarms ?? []) {
    const tags = (await clients.cloudwatch().send(new ListTagsForResourceCommand({ ResourceARN: a.AlarmArn }))).Tags ?? [];
    found.set(a.AlarmName, {
      metric: `${a.Namespace} ${a.MetricName} ${a.Statistic}`,
      dimensions: (a.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`),
      threshold: a.Threshold,
      actions: a.AlarmActions ?? [],
      ok: a.OKActions ?? [],
      tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
      description: a.AlarmDescription ?? '',
    });
  }
  return found;
}

before(async () => {
  moto = await startMoto();
  proxy = await startAwsProxy({ target: moto.url, latency: false });
  clients = new AwsClients({ region: 'us-east-1', endpointUrl: moto.url });
  await clients.sqs().send(new CreateQueueCommand({ QueueName: QUEUE, Attributes: { VisibilityTimeout: '360' } }));
  const project = mkdtempSync(join(tmpdir(), 'streamalert-alarms-'));
  conf = join(project, 'conf');
  mkdirSync(conf);
  writeFileSync(
    join(conf, 'global.json'),
    JSON.stringify({ account: { aws_account_id: '123456789012', prefix: 'test', region: 'us-east-1' }, tags: { team: 'data' } }),
  );
  section = { buckets: { 'test-data': '*' }, alarm_topic_arn: TOPIC, log_level: 'warn' };
  configure({});
});

after(async () => {
  clients?.destroy();
  await proxy?.stop();
  await moto?.stop();
});

describe('deploy: alarms and structured logs', () => {
  it('the dry run plans the alarms and creates nothing', async () => {
    const athena = await deploy(true);
    assert.deepEqual(
      athena.alarms?.map((a) => [a.name, a.action]),
      [
        [`${NAME}-oldest-message`, 'created'],
        [`${NAME}-dead-letters`, 'created'],
        [`${NAME}-errors`, 'created'],
      ],
    );
    assert.match(
      athena.alarms![0]!.steps[0]!,
      /^create alarm test_streamalert_athena_partition_refresh-oldest-message: ApproximateAgeOfOldestMessage \(QueueName=test_streamalert_athena_s3_notifications\) Maximum > 1200 over 5 min, notifying arn:aws:sns:us-east-1:123456789012:oncall$/,
    );
    assert.equal((await alarms()).size, 0);
  });

  it('trigger schedule: the first deploy creates exactly three alarms, tagged ours, notifying the topic, and sends LoggingConfig JSON', async () => {
    proxy.resetStats();
    const athena = await deploy();
    assert.equal(athena.action, 'created');
    const live = await alarms();
    assert.deepEqual([...live.keys()].sort(), [`${NAME}-dead-letters`, `${NAME}-errors`, `${NAME}-oldest-message`]);
    const tags = { team: 'data', 'streamalert:managed': 'true', 'streamalert:prefix': 'test' };
    assert.deepEqual(live.get(`${NAME}-oldest-message`), {
      metric: 'AWS/SQS ApproximateAgeOfOldestMessage Maximum',
      dimensions: [`QueueName=${QUEUE}`],
      threshold: 1200, // 2 × rate(10 minutes)
      actions: [TOPIC],
      ok: [TOPIC],
      tags,
      description: live.get(`${NAME}-oldest-message`)!.description,
    });
    assert.match(live.get(`${NAME}-oldest-message`)!.description, /streamalert athena monitor/);
    assert.deepEqual(
      [live.get(`${NAME}-dead-letters`)!.metric, live.get(`${NAME}-dead-letters`)!.dimensions, live.get(`${NAME}-dead-letters`)!.threshold],
      ['AWS/SQS ApproximateNumberOfMessagesVisible Maximum', [`QueueName=${QUEUE}_dlq`], 0],
    );
    assert.match(live.get(`${NAME}-dead-letters`)!.description, /streamalert athena redrive/);
    assert.deepEqual(
      [live.get(`${NAME}-errors`)!.metric, live.get(`${NAME}-errors`)!.dimensions, live.get(`${NAME}-errors`)!.actions],
      ['AWS/Lambda Errors Sum', [`FunctionName=${NAME}`], [TOPIC]],
    );
    for (const alarm of live.values()) assert.deepEqual(alarm.tags, tags);

    const create = proxy.log.filter((e) => e.operation === 'Lambda.POST /2015-03-31/functions');
    assert.equal(create.length, 1, proxy.log.map((e) => e.operation).join(', '));
    assert.deepEqual(create[0]!.loggingConfig, { LogFormat: 'JSON', ApplicationLogLevel: 'WARN', SystemLogLevel: 'WARN' });
  });

  it('a second deploy changes nothing', async () => {
    proxy.resetStats();
    const athena = await deploy();
    assert.equal(athena.action, 'unchanged');
    assert.deepEqual(
      athena.alarms?.map((a) => a.action),
      ['unchanged', 'unchanged', 'unchanged'],
    );
    assert.deepEqual(writes(), []);
  });

  it('a changed log_level updates the configuration with the new LoggingConfig', async () => {
    configure({ log_level: 'debug' });
    proxy.resetStats();
    await deploy();
    const update = proxy.log.filter((e) => e.operation.startsWith('Lambda.PUT') && e.operation.endsWith('/configuration'));
    assert.equal(update.length, 1, proxy.log.map((e) => e.operation).join(', '));
    assert.deepEqual(update[0]!.loggingConfig, { LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'WARN' });
  });

  it('trigger sqs: adds the Throttles alarm and the oldest message waits 15 minutes; then nothing changes', async () => {
    configure({ trigger: 'sqs', batch_size: 100, maximum_batching_window_seconds: 10 });
    const athena = await deploy();
    assert.deepEqual(
      athena.alarms?.map((a) => [a.name, a.action]),
      [
        [`${NAME}-oldest-message`, 'updated'],
        [`${NAME}-dead-letters`, 'unchanged'],
        [`${NAME}-errors`, 'unchanged'],
        [`${NAME}-throttles`, 'created'],
      ],
    );
    const live = await alarms();
    assert.equal(live.size, 4);
    assert.equal(live.get(`${NAME}-oldest-message`)!.threshold, 900);
    assert.deepEqual(
      [live.get(`${NAME}-throttles`)!.metric, live.get(`${NAME}-throttles`)!.actions, live.get(`${NAME}-throttles`)!.ok],
      ['AWS/Lambda Throttles Sum', [TOPIC], [TOPIC]],
    );
    proxy.resetStats();
    assert.equal((await deploy()).action, 'unchanged');
    assert.deepEqual(writes(), []);
  });

  it("someone else's alarm under our name blocks the deploy and is left alone; alarms: false deletes ours and only ours", async () => {
    // Another team's alarm with one of our names (no tags), and one of theirs beside.
    // Moto keeps a deleted alarm's tags for its ARN (AWS does not): untag before deleting ours.
    const ours = (await clients.cloudwatch().send(new DescribeAlarmsCommand({ AlarmNames: [`${NAME}-throttles`] }))).MetricAlarms![0]!
      .AlarmArn!;
    await clients
      .cloudwatch()
      .send(new UntagResourceCommand({ ResourceARN: ours, TagKeys: ['team', 'streamalert:managed', 'streamalert:prefix'] }));
    await clients.cloudwatch().send(new DeleteAlarmsCommand({ AlarmNames: [`${NAME}-throttles`] }));
    for (const name of [`${NAME}-throttles`, 'other-team-queue-depth']) {
      await clients.cloudwatch().send(
        new PutMetricAlarmCommand({
          AlarmName: name,
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 5,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      );
    }
    const plan = await deploy(true);
    const throttles = plan.alarms!.find((a) => a.name === `${NAME}-throttles`)!;
    assert.equal(throttles.action, 'blocked');
    assert.match(throttles.reason!, /is not streamalert's \(no tag streamalert:managed=true\)/);
    assert.ok(
      plan.blockers.some((b) => b.startsWith(`alarm ${NAME}-throttles: `)),
      plan.blockers.join('\n'),
    );
    proxy.resetStats();
    await assert.rejects(
      deploy(),
      (err: Error) => err.name === 'ConfigError' && /nothing was changed:[\s\S]*alarm .*-throttles: .*not streamalert's/.test(err.message),
    );
    assert.deepEqual(writes(), [], 'a blocked deploy writes nothing');
    assert.equal((await alarms()).get(`${NAME}-throttles`)!.threshold, 5);

    configure({ alarms: false });
    const off = await deploy();
    assert.deepEqual(
      off.alarms?.map((a) => [a.name, a.action]),
      [
        [`${NAME}-oldest-message`, 'deleted'],
        [`${NAME}-dead-letters`, 'deleted'],
        [`${NAME}-errors`, 'deleted'],
      ],
    );
    assert.deepEqual([...(await alarms()).keys()].sort(), ['other-team-queue-depth', `${NAME}-throttles`]);
    proxy.resetStats();
    await deploy();
    assert.deepEqual(writes(), []);
  });
});
