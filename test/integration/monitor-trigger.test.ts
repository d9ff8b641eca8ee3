/**
 * `streamalert athena monitor` with trigger sqs, against moto: the function exists with an enabled
 * event-source mapping from the queue, the queue's AWS/SQS metrics show a backlog, and the
 * function's AWS/Lambda metrics show how much one invocation drains. The advice is about the
 * trigger, never the schedule.
 */
import { PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateEventSourceMappingCommand, CreateFunctionCommand } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MonitorReport } from '../../src/core/monitor/types.js';
import { deterministicZip } from '../../src/packaging/zip.js';
import { runCli } from '../support/cli.js';
import { fromCliJson } from '../support/cli-json.js';
import { createDeployment, DEFAULT_ATHENA, type Deployment } from '../support/deployment.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const H = 3_600_000;
const MIN = 60_000;
const FUNCTION = 'mon_sqs_refresh';

let moto: MotoServer;
let d: Deployment;

async function put(namespace: string, data: MetricDatum[]): Promise<void> {
  // Batches of 20: larger bodies are gzipped by the SDK, which moto 5.2 cannot decode.
  for (let i = 0; i < data.length; i += 20)
    await d.clients.cloudwatch().send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data.slice(i, i + 20) }));
}

before(async () => {
  moto = await startMoto();
  d = await createDeployment(moto.url, {
    ...DEFAULT_ATHENA,
    queue_name: 'mon_sqs',
    function_name: FUNCTION,
    trigger: 'sqs',
    batch_size: 100,
    maximum_batching_window_seconds: 10,
    maximum_concurrency: 2,
  });
  const role = (await (await d.clients.iam()).send(new CreateRoleCommand({ RoleName: 'mon_sqs_role', AssumeRolePolicyDocument: '{}' })))
    .Role!.Arn!;
  const zip = deterministicZip([{ path: 'index.mjs', data: new TextEncoder().encode('export const handler = async () => ({});') }]);
  await d.clients.lambda().send(
    new CreateFunctionCommand({
      FunctionName: FUNCTION,
      Role: role,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Code: { ZipFile: zip },
    }),
  );
  await d.clients.lambda().send(
    new CreateEventSourceMappingCommand({
      FunctionName: FUNCTION,
      EventSourceArn: `arn:aws:sqs:us-east-1:123456789012:mon_sqs`,
      BatchSize: 100,
      Enabled: true,
    }),
  );
  // Six complete hours: 9,000 notifications an hour arrive, 3,000 are received and deleted in
  // 60 invocations of 50 messages, 30 s each; the oldest message has waited 3 hours.
  const queue = [{ Name: 'QueueName', Value: 'mon_sqs' }];
  const fn = [{ Name: 'FunctionName', Value: FUNCTION }];
  const now = Date.now();
  const sqs: MetricDatum[] = [];
  const lambda: MetricDatum[] = [];
  for (let i = 0; i < 6; i++) {
    const Timestamp = new Date(now - H - 5 * MIN - i * H);
    sqs.push(
      { MetricName: 'NumberOfMessagesSent', Dimensions: queue, Timestamp, Value: 9000, Unit: 'Count' },
      { MetricName: 'NumberOfMessagesReceived', Dimensions: queue, Timestamp, Value: 3000, Unit: 'Count' },
      { MetricName: 'NumberOfMessagesDeleted', Dimensions: queue, Timestamp, Value: 3000, Unit: 'Count' },
    );
    lambda.push(
      { MetricName: 'Invocations', Dimensions: fn, Timestamp, Value: 60, Unit: 'Count' },
      { MetricName: 'Duration', Dimensions: fn, Timestamp, Value: 30_000, Unit: 'Milliseconds' },
    );
  }
  sqs.push({
    MetricName: 'ApproximateAgeOfOldestMessage',
    Dimensions: queue,
    Timestamp: new Date(now - 2 * MIN),
    Value: 3 * 3600,
    Unit: 'Seconds',
  });
  await put('AWS/SQS', sqs);
  await put('AWS/Lambda', lambda);
});
after(async () => {
  await moto?.stop();
});

describe('athena monitor with trigger sqs', () => {
  it('a backlog: adjust, with advice about the trigger (concurrency, batches) from the measured drain rate, never the schedule', async () => {
    const out = await runCli(['athena', 'monitor', '--config-dir', d.configDir, '--endpoint-url', moto.url, '--output', 'json']);
    assert.equal(out.code, 0, out.stderr);
    const report = fromCliJson<MonitorReport>(out.stdout);
    assert.equal(report.status, 'adjust');
    assert.equal(report.recommendation, null);
    assert.deepEqual(
      {
        ...report.trigger,
        averageDurationMs: Math.round(report.trigger.averageDurationMs!),
        drainPerMinute: Math.round(report.trigger.drainPerMinute!),
      },
      {
        kind: 'sqs',
        batchSize: 100,
        maximumBatchingWindowSeconds: 10,
        maximumConcurrency: 2,
        mappingState: 'Enabled',
        invocations: 360,
        errors: 0,
        throttles: 0,
        averageDurationMs: 30_000,
        perInvocation: 50,
        drainPerMinute: 200,
      },
    );
    const codes = report.findings.map((f) => f.code);
    assert.ok(codes.includes('trigger-behind'), codes.join(', '));
    assert.match(
      report.summary,
      /faster than the sqs trigger \(batch 100, window 10s, concurrency 2\) drains them; raise maximum_concurrency to 3/,
    );
    assert.ok(
      report.actions.some((a) => a.startsWith('Set "maximum_concurrency": 3 (now 2)')),
      report.actions.join('\n'),
    );
    assert.ok(
      report.actions.every((a) => !/schedule_expression|rate\(/.test(a)),
      report.actions.join('\n'),
    );
  });

  it('the text header names the trigger, its batch, window, concurrency and the mapping state', async () => {
    const out = await runCli(['athena', 'monitor', '--config-dir', d.configDir, '--endpoint-url', moto.url]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /Queue mon_sqs \(us-east-1\) · trigger sqs: batch 100, window 10s, concurrency 2 · mapping Enabled/);
    assert.match(out.stdout, /Function: 360 invocation\(s\), 30\.0 s on average, 50 message\(s\) each; 0 error\(s\), 0 throttle\(s\)/);
    assert.doesNotMatch(out.stdout, /schedule_expression/);
  });
});
