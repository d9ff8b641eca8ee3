/** The refresh function's Lambda handler in both modes, against moto. */
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { handler, resetForTests, type SqsBatchResponse } from '../../src/lambda/athena.js';
import type { RefreshResult } from '../../src/core/refresh/index.js';
import { createDeployment, DEFAULT_ATHENA, type Deployment } from '../support/deployment.js';
import { s3Event } from '../support/factories.js';
import { startMoto, type MotoServer } from '../support/moto.js';

let moto: MotoServer;
const saved = { ...process.env };
before(async () => {
  moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

const context = {
  getRemainingTimeInMillis: () => 30_000,
  functionName: 'test_streamalert_athena_partition_refresh',
  awsRequestId: 'c793869b-ee49-115b-a5b6-4fd21e8dedac',
};

/** Runs `fn` capturing the JSON lines the handler logs. */
async function capture<T>(fn: () => Promise<T>): Promise<{ value: T; lines: Record<string, unknown>[] }> {
  const lines: string[] = [];
  const methods = ['log', 'debug', 'info', 'warn', 'error'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (s: string) => void lines.push(s);
  try {
    const value = await fn();
    return { value, lines: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  } finally {
    methods.forEach((m, i) => (console[m] = saved[i]!));
  }
}

describe('lambda handler', () => {
  let d: Deployment;
  beforeEach(async () => {
    await moto.reset();
    d = await createDeployment(moto.url, { ...DEFAULT_ATHENA, enable_custom_metrics: true, log_level: 'info' });
    resetForTests();
    Object.assign(process.env, {
      STREAMALERT_CONFIG_DIR: d.configDir,
      AWS_ENDPOINT_URL: moto.url,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
    });
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('drains the queue on a scheduled event, logs JSON and emits EMF metrics', async () => {
    await d.putObject('test-streamalerts', 'alerts/dt=2026-11-28-09/a.json');
    await d.putObject('test-streamalert-data', 'osquery/2026/11/28/09/b.json');
    const { value, lines } = await capture(() => handler({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, context));
    const result = value as RefreshResult;
    assert.deepEqual(result.partitions, { alerts: ['2026-11-28-09'], osquery: ['2026-11-28-09'] });
    assert.equal(result.messages.deleted, result.messages.received);
    assert.deepEqual(await d.queueDepth(), { visible: 0, inFlight: 0 });
    const finished = lines.find((l) => l.message === 'refresh finished');
    assert.ok(finished, JSON.stringify(lines));
    assert.equal(finished.level, 'info');
    assert.equal(finished.requestId, context.awsRequestId);
    const emf = lines.find((l) => l._aws !== undefined) as {
      _aws: { CloudWatchMetrics: { Namespace: string }[] };
      PartitionsRegistered: number;
      MessagesDeleted: number;
    };
    assert.ok(emf, 'an EMF line');
    assert.equal(emf._aws.CloudWatchMetrics[0]!.Namespace, 'StreamAlert/AthenaPartitionRefresh');
    assert.equal(emf.PartitionsRegistered, 2);
    assert.equal(emf.MessagesDeleted, result.messages.deleted);
  });

  it('processes an SQS event-source batch and reports the records it could not do', async () => {
    await d.purge();
    await d.sendBodies([
      s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-01/a.json']),
      'garbage',
      s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-02/b.json']),
      s3Event(['unknown-bucket', 'x/dt=2026-11-28-02/b.json']),
    ]);
    const received = await d.clients
      .sqs()
      .send(new ReceiveMessageCommand({ QueueUrl: d.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }));
    const records = (received.Messages ?? []).map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body!,
      eventSource: 'aws:sqs',
    }));
    assert.equal(records.length, 4);
    const { value } = await capture(() => handler({ Records: records }, context));
    const failures = (value as SqsBatchResponse).batchItemFailures.map((f) => f.itemIdentifier).sort();
    const bad = records
      .filter((r) => r.body === 'garbage' || r.body.includes('unknown-bucket'))
      .map((r) => r.messageId)
      .sort();
    assert.deepEqual(failures, bad);
    const statements = (await d.queries()).join('\n');
    assert.match(statements, /dt = '2026-11-28-01'/);
    assert.match(statements, /dt = '2026-11-28-02'/);
    // The handler deletes nothing itself in this mode: Lambda does, for the records not failed.
    assert.equal((await d.queueDepth()).inFlight, 4);
  });

  it('fails the invocation on a configuration error, naming the file', async () => {
    writeFileSync(join(d.configDir, 'lambda.json'), '{"athena_partition_refresh_config": {"buckets": {}}}');
    await assert.rejects(
      capture(() => handler({}, context)),
      /lambda\.json: invalid configuration\n {2}athena_partition_refresh_config\.buckets/,
    );
  });
});
