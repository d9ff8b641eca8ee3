/**
 * The AWS proxy (test/support/aws-proxy/) with real SDK clients against moto: operations are
 * named and counted, latency is added, DDL queries are held RUNNING, the memory queue behaves like
 * SQS, and every injected fault surfaces the way AWS's would (the SDK retries what it retries).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CreateDatabaseCommand, GetDatabasesCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { identifyOperation, startAwsProxy, type AwsProxy, type FaultRule } from '../support/aws-proxy/index.js';
import { manualClock } from '../support/clock.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const region = 'us-east-1';
const sqsClient = (endpoint: string, maxAttempts = 3) =>
  new SQSClient({ region, endpoint, credentials, maxAttempts, useQueueUrlAsEndpoint: false });
const athenaClient = (endpoint: string, maxAttempts = 3) => new AthenaClient({ region, endpoint, credentials, maxAttempts });
const glueClient = (endpoint: string, maxAttempts = 3) => new GlueClient({ region, endpoint, credentials, maxAttempts });
const s3Client = (endpoint: string, maxAttempts = 3) => new S3Client({ region, endpoint, credentials, maxAttempts, forcePathStyle: true });

async function rejects(
  p: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number }; Code?: string; Reason?: string; code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as never;
  }
  throw new Error('expected the call to fail');
}

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

describe('identifyOperation', () => {
  const auth = (svc: string) => ({
    authorization: `AWS4-HMAC-SHA256 Credential=testing/20261128/us-east-1/${svc}/aws4_request, SignedHeaders=host, Signature=x`,
  });
  const cases: [string, Parameters<typeof identifyOperation>[0], string][] = [
    [
      'JSON target',
      { method: 'POST', path: '/', headers: { ...auth('sqs'), 'x-amz-target': 'AmazonSQS.ReceiveMessage' }, body: '{}' },
      'SQS.ReceiveMessage',
    ],
    [
      'Athena',
      { method: 'POST', path: '/', headers: { ...auth('athena'), 'x-amz-target': 'AmazonAthena.StartQueryExecution' }, body: '{}' },
      'Athena.StartQueryExecution',
    ],
    [
      'Glue, no auth',
      { method: 'POST', path: '/', headers: { 'x-amz-target': 'AWSGlue.BatchCreatePartition' }, body: '{}' },
      'Glue.BatchCreatePartition',
    ],
    [
      'query protocol',
      {
        method: 'POST',
        path: '/',
        headers: { ...auth('sqs'), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=DeleteMessageBatch&Version=2012-11-05',
      },
      'SQS.DeleteMessageBatch',
    ],
    [
      'rpc v2',
      { method: 'POST', path: '/service/GraniteServiceVersion20100801/operation/GetMetricData', headers: auth('monitoring'), body: '' },
      'CloudWatch.GetMetricData',
    ],
    ['S3 put object', { method: 'PUT', path: '/bucket/dt%3D2026/x.json', headers: auth('s3'), body: 'x' }, 'S3.PutObject'],
    ['S3 create bucket', { method: 'PUT', path: '/bucket', headers: auth('s3'), body: '' }, 'S3.CreateBucket'],
    ['S3 list v2', { method: 'GET', path: '/bucket?list-type=2&prefix=a', headers: auth('s3'), body: '' }, 'S3.ListObjectsV2'],
    [
      'S3 notification',
      { method: 'PUT', path: '/bucket?notification', headers: auth('s3'), body: '' },
      'S3.PutBucketNotificationConfiguration',
    ],
    [
      'S3 public access block',
      { method: 'GET', path: '/bucket?publicAccessBlock', headers: auth('s3'), body: '' },
      'S3.GetPublicAccessBlock',
    ],
    ['S3 lifecycle', { method: 'PUT', path: '/bucket?lifecycle', headers: auth('s3'), body: '' }, 'S3.PutBucketLifecycleConfiguration'],
  ];
  for (const [name, input, expected] of cases) test(name, () => assert.equal(identifyOperation(input), expected));
});

describe('counting, latency and the log (SQS forwarded to moto)', () => {
  let proxy: AwsProxy;
  before(async () => {
    proxy = await startAwsProxy({ target: moto.url, latency: { 'SQS.*': 60, 'S3.*': 0 } });
  });
  after(() => proxy.stop());

  test('every call is counted by operation, delayed by the model and logged', async () => {
    const sqs = sqsClient(proxy.url);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'counted' }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [0, 1, 2].map((i) => ({ Id: String(i), MessageBody: `m${i}` })) }));
    const t0 = Date.now();
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    assert.ok(Date.now() - t0 >= 60, 'ReceiveMessage took at least the modelled 60 ms');
    assert.equal(got.Messages?.length, 3);
    const del = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: got.Messages!.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
    assert.equal(del.Successful?.length, 3);
    const s3 = s3Client(proxy.url);
    await s3.send(new CreateBucketCommand({ Bucket: 'proxy-counted' }));
    await s3.send(new PutObjectCommand({ Bucket: 'proxy-counted', Key: 'a/b.json', Body: '{}' }));
    await s3.send(new ListObjectsV2Command({ Bucket: 'proxy-counted' }));
    assert.deepEqual(proxy.counts(), {
      'S3.CreateBucket': 1,
      'S3.ListObjectsV2': 1,
      'S3.PutObject': 1,
      'SQS.CreateQueue': 1,
      'SQS.DeleteMessageBatch': 1,
      'SQS.ReceiveMessage': 1,
      'SQS.SendMessageBatch': 1,
    });
    const receive = proxy.log.find((e) => e.operation === 'SQS.ReceiveMessage')!;
    assert.equal(receive.status, 200);
    assert.equal(receive.addedMs, 60);
    assert.deepEqual(receive.received!.map((m) => m.body).sort(), ['m0', 'm1', 'm2']);
    const deletion = proxy.log.find((e) => e.operation === 'SQS.DeleteMessageBatch')!;
    assert.deepEqual(deletion.deleteEntries!.map((e) => e.receiptHandle).sort(), receive.received!.map((m) => m.receiptHandle).sort());
    assert.deepEqual(deletion.deleteFailed, []);
  });

  test('the direct URL reaches moto without latency, counts or log', async () => {
    const before = proxy.log.length;
    const sqs = sqsClient(proxy.directUrl);
    await sqs.send(new CreateQueueCommand({ QueueName: 'direct' }));
    assert.equal(proxy.log.length, before);
    assert.equal(proxy.counts()['SQS.CreateQueue'], 1);
  });
});

describe('Athena: DDL held RUNNING, queries ending FAILED or CANCELLED', () => {
  // RUNNING time on a manual clock: a slow round trip cannot outlast it.
  const clock = manualClock();
  let proxy: AwsProxy;
  before(async () => {
    proxy = await startAwsProxy({
      target: moto.url,
      latency: false,
      ddlRunningMs: 400,
      clock: clock.now,
      seed: 3,
      faults: [
        { operation: 'Athena.StartQueryExecution', kind: 'query-failed', nth: [2], reason: 'FAILED: partition location is invalid' },
        { operation: 'Athena.StartQueryExecution', kind: 'query-cancelled', nth: [3] },
      ],
    });
  });
  after(() => proxy.stop());

  const start = (athena: AthenaClient, sql: string) =>
    athena
      .send(new StartQueryExecutionCommand({ QueryString: sql, ResultConfiguration: { OutputLocation: 's3://results/' } }))
      .then((o) => o.QueryExecutionId!);
  const state = (athena: AthenaClient, id: string) =>
    athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id })).then((o) => o.QueryExecution!.Status!);

  test('a DDL query reads RUNNING for ddlRunningMs, then SUCCEEDED; a SELECT is not held', async () => {
    const athena = athenaClient(proxy.url);
    const id = await start(athena, "ALTER TABLE `db`.`t` ADD IF NOT EXISTS PARTITION (dt = '2026-11-28-01') LOCATION 's3://b/t/'");
    assert.equal((await state(athena, id)).State, 'RUNNING');
    clock.advance(399);
    assert.equal((await state(athena, id)).State, 'RUNNING');
    clock.advance(1);
    assert.equal((await state(athena, id)).State, 'SUCCEEDED');
    const failed = await start(athena, 'MSCK REPAIR TABLE `db`.`t`');
    const cancelled = await start(athena, 'MSCK REPAIR TABLE `db`.`u`');
    assert.equal((await state(athena, failed)).State, 'RUNNING');
    clock.advance(400);
    const f = await state(athena, failed);
    assert.equal(f.State, 'FAILED');
    assert.equal(f.StateChangeReason, 'FAILED: partition location is invalid');
    assert.equal(f.AthenaError?.ErrorMessage, 'FAILED: partition location is invalid');
    const c = await state(athena, cancelled);
    assert.equal(c.State, 'CANCELLED');
    assert.match(c.StateChangeReason ?? '', /cancelled/i);
    const select = await start(athena, 'SELECT 1');
    assert.notEqual((await state(athena, select)).State, 'RUNNING');
    assert.deepEqual(
      proxy.queries().map((q) => [q.fate, q.lastState]),
      [
        ['SUCCEEDED', 'SUCCEEDED'],
        ['FAILED', 'FAILED'],
        ['CANCELLED', 'CANCELLED'],
        ['SUCCEEDED', 'SUCCEEDED'],
      ],
    );
    const starts = proxy.log.filter((e) => e.operation === 'Athena.StartQueryExecution');
    assert.deepEqual(
      starts.map((e) => [e.query?.slice(0, 11), e.fault]),
      [
        ['ALTER TABLE', undefined],
        ['MSCK REPAIR', 'query-failed'],
        ['MSCK REPAIR', 'query-cancelled'],
        ['SELECT 1', undefined],
      ],
    );
    assert.ok(starts.every((e) => e.queryExecutionId));
  });
});

describe('faults surface as AWS would send them', () => {
  // The memory queue's visibility on a manual clock: messages come back when the test says so.
  const clock = manualClock();
  let proxy: AwsProxy;
  let queueUrl: string;
  before(async () => {
    proxy = await startAwsProxy({ target: moto.url, latency: false, sqs: 'memory', clock: clock.now });
    queueUrl = (await sqsClient(proxy.directUrl).send(new CreateQueueCommand({ QueueName: 'faults' }))).QueueUrl!;
  });
  after(() => proxy.stop());
  const reset = (rules: FaultRule[], seed = 1) => {
    proxy.resetStats();
    proxy.setFaults(rules, seed);
  };

  test('SQS throttling: RequestThrottled, retried by the SDK; surfaced when it persists', async () => {
    reset([{ operation: 'SQS.SendMessage', kind: 'throttle', nth: [1] }]);
    const out = await sqsClient(proxy.url).send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x' }));
    assert.equal(out.$metadata.attempts, 2);
    assert.deepEqual(proxy.counts(), { 'SQS.SendMessage': 2 });
    assert.deepEqual(proxy.counts(true), { 'SQS.SendMessage': 1 });
    assert.equal(proxy.log[0]!.error, 'RequestThrottled');
    reset([{ operation: 'SQS.*', kind: 'throttle', rate: 1 }]);
    const err = await rejects(sqsClient(proxy.url, 2).send(new ReceiveMessageCommand({ QueueUrl: queueUrl })));
    assert.equal(err.name, 'RequestThrottled');
    assert.equal(err.$metadata?.httpStatusCode, 403);
    assert.equal(err.$metadata?.attempts, 2);
  });

  test('Athena TooManyRequestsException (with its Reason) and Glue ThrottlingException', async () => {
    reset([
      { operation: 'Athena.StartQueryExecution', kind: 'throttle', rate: 1 },
      { operation: 'Glue.*', kind: 'throttle', rate: 1 },
    ]);
    const err = await rejects(
      athenaClient(proxy.url, 2).send(
        new StartQueryExecutionCommand({ QueryString: 'MSCK REPAIR TABLE t', ResultConfiguration: { OutputLocation: 's3://r/' } }),
      ),
    );
    assert.equal(err.name, 'TooManyRequestsException');
    assert.equal(err.Reason, 'CONCURRENT_QUERY_LIMIT_EXCEEDED');
    assert.equal(err.$metadata?.attempts, 2);
    const glueErr = await rejects(glueClient(proxy.url, 3).send(new GetDatabasesCommand({})));
    assert.equal(glueErr.name, 'ThrottlingException');
    assert.equal(glueErr.$metadata?.attempts, 3);
    assert.deepEqual(proxy.counts(), { 'Athena.StartQueryExecution': 2, 'Glue.GetDatabases': 3 });
  });

  test('HTTP 500 and 503 are retried; the error shape names the code', async () => {
    reset([
      { operation: 'Glue.CreateDatabase', kind: 'http500', nth: [1] },
      { operation: 'Glue.GetDatabases', kind: 'http503', rate: 1 },
      { operation: 'S3.CreateBucket', kind: 'http503', nth: [1] },
    ]);
    const glue = glueClient(proxy.url, 2);
    const made = await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'proxy_faults' } }));
    assert.equal(made.$metadata.attempts, 2);
    const err = await rejects(glue.send(new GetDatabasesCommand({})));
    assert.equal(err.$metadata?.httpStatusCode, 503);
    assert.equal(err.name, 'ServiceUnavailable');
    const s3 = await s3Client(proxy.url).send(new CreateBucketCommand({ Bucket: 'proxy-faults' }));
    assert.equal(s3.$metadata.attempts, 2);
    assert.deepEqual(
      proxy.log.map((e) => [e.operation, e.status, e.fault]),
      [
        ['Glue.CreateDatabase', 500, 'http500'],
        ['Glue.CreateDatabase', 200, undefined],
        ['Glue.GetDatabases', 503, 'http503'],
        ['Glue.GetDatabases', 503, 'http503'],
        ['S3.CreateBucket', 503, 'http503'],
        ['S3.CreateBucket', 200, undefined],
      ],
    );
  });

  test('connection resets: before (not done, retried) and after (done, then retried: done twice)', async () => {
    const sqs = sqsClient(proxy.url);
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: '0' } }));
    const drain = async () => {
      const bodies: string[] = [];
      for (;;) {
        const got = await sqsClient(proxy.directUrl).send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
        );
        if (!got.Messages?.length) return bodies.sort();
        bodies.push(...got.Messages.map((m) => m.Body!));
        await sqsClient(proxy.directUrl).send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: got.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
    };
    await drain();
    reset([{ operation: 'SQS.SendMessage', kind: 'reset', nth: [1] }]);
    const out = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'before' }));
    assert.equal(out.$metadata.attempts, 2);
    assert.deepEqual(await drain(), ['before']);
    reset([{ operation: 'SQS.SendMessage', kind: 'reset-after', nth: [1] }]);
    const again = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'after' }));
    assert.equal(again.$metadata.attempts, 2);
    assert.deepEqual(await drain(), ['after', 'after']);
    reset([{ operation: 'SQS.SendMessage', kind: 'reset', rate: 1 }]);
    const err = await rejects(sqsClient(proxy.url, 2).send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'never' })));
    assert.match(`${err.name} ${err.code} ${err.message}`, /ECONNRESET|socket hang up/);
    assert.deepEqual(await drain(), []);
  });

  test('DeleteMessageBatch answers some entries in Failed, and those stay on the queue', async () => {
    proxy.setFaults([]);
    const sqs = sqsClient(proxy.url);
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: '60' } }));
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: `d${i}` })),
      }),
    );
    const got: { ReceiptHandle?: string; Body?: string }[] = [];
    while (got.length < 10)
      got.push(...((await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }))).Messages ?? []));
    reset([{ operation: 'SQS.DeleteMessageBatch', kind: 'partial-delete', rate: 1, entryRate: 0.4 }], 11);
    const out = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: got.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
    const failed = out.Failed ?? [];
    assert.ok(failed.length >= 1 && failed.length < 10, `some entries failed (${failed.length})`);
    assert.equal(failed.length + (out.Successful?.length ?? 0), 10);
    assert.ok(failed.every((f) => f.Code === 'InternalError' && f.SenderFault === false));
    assert.deepEqual(proxy.log[0]!.deleteFailed!.map((f) => f.id).sort(), failed.map((f) => f.Id).sort());
    clock.advance(60_001);
    const back =
      (
        await sqsClient(proxy.directUrl).send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
        )
      ).Messages ?? [];
    assert.deepEqual(back.map((m) => m.Body).sort(), failed.map((f) => got[Number(f.Id)]!.Body).sort());
  });

  test('latency spikes add time; the same seed hits the same calls, another seed others', async () => {
    reset([{ operation: 'SQS.GetQueueAttributes', kind: 'latency', nth: [2], spikeMs: 300 }]);
    const sqs = sqsClient(proxy.url);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }));
      times.push(Date.now() - t0);
    }
    // which calls were slowed comes from the proxy's log, not the machine's speed
    assert.deepEqual(
      proxy.log.map((e) => e.fault ?? null),
      [null, 'latency', null],
      'only the 2nd call is slowed',
    );
    assert.ok(times[1]! >= 300, `the slowed call took at least the spike: ${times}`);
    const pattern = async (seed: number) => {
      reset([{ operation: 'SQS.GetQueueAttributes', kind: 'http500', rate: 0.3 }], seed);
      const client = sqsClient(proxy.url, 1);
      for (let i = 0; i < 30; i++) await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl })).catch(() => undefined);
      return proxy.log.map((e) => (e.fault ? 1 : 0)).join('');
    };
    const a = await pattern(42);
    assert.equal(await pattern(42), a);
    assert.notEqual(await pattern(43), a);
    const hits = [...a].filter((c) => c === '1').length;
    assert.ok(hits > 2 && hits < 20, `about 30% of 30 calls: ${hits}`);
  });
});

describe('the memory queue behaves like SQS', () => {
  // Visibility and long polls on a manual clock: a slow machine cannot outlast a timeout.
  const clock = manualClock();
  let proxy: AwsProxy;
  before(async () => {
    proxy = await startAwsProxy({ target: moto.url, latency: false, sqs: 'memory', clock: clock.now });
  });
  after(() => proxy.stop());

  test('visibility timeout, receive counts, redrive to the dead-letter queue, approximate counts', async () => {
    const sqs = sqsClient(proxy.url);
    const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: 'mem_dlq' }))).QueueUrl!;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const q = (await sqs.send(new CreateQueueCommand({ QueueName: 'mem' }))).QueueUrl!;
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: q,
        Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) },
      }),
    );
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q,
        Entries: Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: `b${i}` })),
      }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl: q, MessageBody: 'b10' }));
    const depth = async (url: string) => {
      const a = (
        await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: url,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        )
      ).Attributes!;
      return [Number(a.ApproximateNumberOfMessages), Number(a.ApproximateNumberOfMessagesNotVisible)];
    };
    assert.deepEqual(await depth(q), [11, 0]);
    const first = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: q, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    assert.equal(first.Messages?.length, 10);
    assert.deepEqual(
      first.Messages!.map((m) => m.Body),
      Array.from({ length: 10 }, (_, i) => `b${i}`),
      'oldest first',
    );
    assert.ok(first.Messages!.every((m) => m.Attributes?.ApproximateReceiveCount === '1'));
    assert.deepEqual(await depth(q), [1, 10]);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: q,
        Entries: first.Messages!.slice(0, 5).map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
    assert.deepEqual(await depth(q), [1, 5]);
    clock.advance(999);
    assert.deepEqual(await depth(q), [1, 5], 'still hidden just before the timeout');
    clock.advance(2);
    assert.deepEqual(await depth(q), [6, 0]);
    const second = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: q, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }),
    );
    assert.equal(second.Messages?.length, 6);
    clock.advance(1_001);
    // b5..b9 were received twice (maxReceiveCount 2): the next receive moves them to the DLQ;
    // b10 was received once and comes again.
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q, MaxNumberOfMessages: 10 }));
    assert.deepEqual(
      (third.Messages ?? []).map((m) => m.Body),
      ['b10'],
    );
    assert.deepEqual(await depth(dlq), [5, 0]);
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10 }));
    assert.deepEqual(dead.Messages!.map((m) => m.Body).sort(), ['b5', 'b6', 'b7', 'b8', 'b9']);
    const invalid = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: q, Entries: [{ Id: 'x', ReceiptHandle: 'nonsense' }] }));
    assert.equal(invalid.Failed?.[0]?.Code, 'ReceiptHandleIsInvalid');
    assert.equal(invalid.Failed?.[0]?.SenderFault, true);
    const missing = await rejects(sqs.send(new GetQueueAttributesCommand({ QueueUrl: `${proxy.url}/123456789012/nope` })));
    assert.equal(missing.name, 'QueueDoesNotExist');
  });

  test('long polling waits for a message', async () => {
    const sqs = sqsClient(proxy.url);
    const q = (await sqs.send(new CreateQueueCommand({ QueueName: 'mem_wait' }))).QueueUrl!;
    setTimeout(() => void sqsClient(proxy.directUrl).send(new SendMessageCommand({ QueueUrl: q, MessageBody: 'late' })), 300);
    // On the manual clock the 2 s wait never runs out: only the message's arrival ends the poll.
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q, WaitTimeSeconds: 2 }));
    assert.equal(got.Messages?.[0]?.Body, 'late');
  });
});
