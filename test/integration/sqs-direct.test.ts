/**
 * The refresh's hot SQS calls without the SDK's middleware stack (src/aws/sqs-direct/), over HTTP
 * against the AWS proxy's memory queue: what SQSClient.send guaranteed still holds. Every
 * behaviour runs in both modes (sqs_client "direct" and "sdk"), so the switch is a true fallback. Retries of
 * throttles, 5xx and dropped connections by the client's retry strategy; errors with the codes
 * the SDK gives; the MD5 of every received body checked; aborts; the SDK's path where this one
 * does not reproduce the client's endpoint.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ClientFactory } from '../../src/aws/sdk/client-factory.js';
import { sqsClient, SqsQueue } from '../../src/aws/refresh/queue.js';
import { SqsDirect, type SqsClientMode } from '../../src/aws/sqs-direct/index.js';
import { AwsError, ConfigError } from '../../src/core/kernel/errors.js';
import { startAwsProxy, type AwsProxy } from '../support/aws-proxy/index.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
let moto: MotoServer;
let proxy: AwsProxy;
let clients: ClientFactory;
/** Through the proxy's direct URL: set-up and checks, neither counted nor faulted. */
let direct: ClientFactory;
let queueUrl: string;
let queue: SqsQueue;
let mode: SqsClientMode = 'direct';
let n = 0;

before(async () => {
  moto = await startMoto();
  proxy = await startAwsProxy({ target: moto.url, sqs: 'memory', latency: false });
  clients = new ClientFactory({ region: 'us-east-1', endpointUrl: proxy.url, credentials });
  direct = new ClientFactory({ region: 'us-east-1', endpointUrl: proxy.directUrl, credentials });
});
after(async () => {
  clients?.destroy();
  direct?.destroy();
  await proxy?.stop();
  await moto?.stop();
});

/** A fresh queue holding `count` messages with distinct bodies. */
async function fill(count: number): Promise<string[]> {
  const sqs = sqsClient(direct);
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `hot-${++n}`, Attributes: { VisibilityTimeout: '300' } }))).QueueUrl!;
  queue = new SqsQueue(sqsClient(clients), `hot-${n}`, queueUrl, { sqsClient: mode });
  const bodies = Array.from({ length: count }, (_, i) => JSON.stringify({ n: i, text: `ünïcødé ✓ ${i}` }));
  for (let i = 0; i < count; i += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: String(j), MessageBody })),
      }),
    );
  }
  return bodies;
}

async function depth(): Promise<{ visible: number; inFlight: number }> {
  const out = await sqsClient(direct).send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(out.Attributes!.ApproximateNumberOfMessages),
    inFlight: Number(out.Attributes!.ApproximateNumberOfMessagesNotVisible),
  };
}

async function failure(p: Promise<unknown>): Promise<AwsError> {
  const err = await p.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof AwsError, `not an AwsError: ${String(err)}`);
  return err;
}

for (const m of ['direct', 'sdk'] as const)
  describe(`sqs_client ${m}: ReceiveMessage and DeleteMessageBatch`, () => {
    beforeEach(() => {
      mode = m;
      proxy.resetStats();
      proxy.setFaults([]);
    });

    it(`takes the ${m} path (the SDK's middleware stack sees ${m === 'sdk' ? 'every' : 'no'} call)`, async () => {
      await fill(10);
      const client = new SQSClient(clients.config('SQS'));
      let seen = 0;
      client.middlewareStack.add((next) => (args) => (seen++, next(args)), { step: 'initialize', name: 'countCalls' });
      try {
        const q = new SqsQueue(client, 'q', queueUrl, { sqsClient: m });
        assert.equal(q.sqsClient, m);
        const got = await q.receive(10, 0);
        await q.deleteBatch(got.map((x) => ({ id: x.messageId, receiptHandle: x.receiptHandle })));
        assert.equal(seen, m === 'sdk' ? 2 : 0);
      } finally {
        client.destroy();
      }
    });

    it('receives every body as sent and deletes by receipt handle', async () => {
      const bodies = await fill(15);
      const got = [...(await queue.receive(10, 0)), ...(await queue.receive(10, 0))];
      assert.deepEqual(got.map((m) => m.body).sort(), [...bodies].sort());
      const failed = await queue.deleteBatch(got.slice(0, 10).map((m) => ({ id: m.messageId, receiptHandle: m.receiptHandle })));
      assert.deepEqual(failed, []);
      assert.deepEqual(await queue.deleteBatch(got.slice(10).map((m) => ({ id: m.messageId, receiptHandle: m.receiptHandle }))), []);
      assert.deepEqual(await depth(), { visible: 0, inFlight: 0 });
      assert.deepEqual(proxy.counts(), { 'SQS.ReceiveMessage': 2, 'SQS.DeleteMessageBatch': 2 });
    });

    it('reports per-entry failures of a partial delete with their message ids', async () => {
      await fill(10);
      const got = await queue.receive(10, 0);
      proxy.setFaults([{ operation: 'SQS.DeleteMessageBatch', kind: 'partial-delete', nth: [1], entryRate: 0.5 }], 3);
      const failed = await queue.deleteBatch(got.map((m) => ({ id: m.messageId, receiptHandle: m.receiptHandle })));
      assert.ok(failed.length > 0 && failed.length < 10, `${failed.length} failed`);
      for (const f of failed) {
        assert.ok(
          got.some((m) => m.messageId === f.id),
          f.id,
        );
        assert.deepEqual([f.code, f.senderFault], ['InternalError', false]);
      }
      assert.equal((await depth()).inFlight, failed.length);
    });

    it('retries a throttle, a 500 and a dropped connection with the client retry strategy', async () => {
      await fill(10);
      proxy.setFaults([
        { operation: 'SQS.ReceiveMessage', kind: 'throttle', nth: [1] },
        { operation: 'SQS.ReceiveMessage', kind: 'http500', nth: [2] },
        { operation: 'SQS.ReceiveMessage', kind: 'reset', nth: [3] },
      ]);
      const got = await queue.receive(10, 0);
      assert.equal(got.length, 10);
      assert.deepEqual(
        proxy.log.map((e) => e.fault ?? 'ok'),
        ['throttle', 'http500', 'reset', 'ok'],
      );
    });

    it('surfaces a throttle that persists as AwsError RequestThrottled after the client maxAttempts', async () => {
      await fill(1);
      proxy.setFaults([{ operation: 'SQS.ReceiveMessage', kind: 'throttle', rate: 1 }]);
      const err = await failure(queue.receive(10, 0));
      assert.equal(err.code, 'RequestThrottled');
      assert.equal(err.operation, 'ReceiveMessage');
      assert.equal(proxy.counts()['SQS.ReceiveMessage'], clients.config().maxAttempts);
    });

    it('names the query-protocol code of an unknown queue', async () => {
      await fill(1);
      const missing = new SqsQueue(sqsClient(clients), 'gone', queueUrl.replace(/[^/]+$/, 'gone'));
      const err = await failure(missing.receive(10, 0));
      assert.equal(err.code, 'AWS.SimpleQueueService.NonExistentQueue');
    });

    it('fails a receive whose body does not match its MD5, naming the message, and leaves it on the queue', async () => {
      await fill(3);
      proxy.setFaults([{ operation: 'SQS.ReceiveMessage', kind: 'corrupt-body', nth: [1] }]);
      const err = await failure(queue.receive(10, 0));
      assert.match(err.message, /Invalid MD5 checksum on messages: [0-9a-f-]{36}$/);
      assert.equal(proxy.log[0]!.fault, 'corrupt-body');
      assert.deepEqual(await depth(), { visible: 0, inFlight: 3 });
    });

    it('stops a long poll when its signal aborts', async () => {
      await fill(0);
      const json = new SqsDirect(sqsClient(clients), { mode });
      const controller = new AbortController();
      const call = json.send(
        'ReceiveMessage',
        { QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 },
        { abortSignal: controller.signal },
      );
      controller.abort();
      await assert.rejects(call, (e: Error) => e.name === 'AbortError');
      await assert.rejects(
        json.send('ReceiveMessage', { QueueUrl: queueUrl }, { abortSignal: AbortSignal.abort() }),
        (e: Error) => e.name === 'AbortError',
      );
    });
  });

describe('sqs-direct: which client set-ups take the direct path', () => {
  it('sends to the queue URL host when the client has no endpoint, and through SQSClient.send when it does not follow the queue URL', async () => {
    mode = 'direct';
    const bodies = await fill(2);
    const byQueueUrl = new SQSClient({ region: 'us-east-1', credentials });
    const pinned = new SQSClient({ region: 'us-east-1', credentials, useQueueUrlAsEndpoint: false });
    try {
      assert.equal(new SqsDirect(sqsClient(clients)).direct, true);
      assert.equal(new SqsDirect(byQueueUrl).direct, true);
      assert.equal(new SqsDirect(pinned).direct, false);
      const out = await new SqsDirect(byQueueUrl).send('ReceiveMessage', { QueueUrl: queueUrl, MaxNumberOfMessages: 10 });
      assert.deepEqual(out.Messages!.map((m) => m.Body).sort(), [...bodies].sort());
    } finally {
      byQueueUrl.destroy();
      pinned.destroy();
    }
  });

  it('STREAMALERT_SQS_CLIENT wins over the configuration; anything but direct or sdk is a ConfigError', () => {
    const client = sqsClient(clients);
    assert.equal(new SqsDirect(client, { mode: 'direct', env: { STREAMALERT_SQS_CLIENT: 'sdk' } }).direct, false);
    assert.equal(new SqsDirect(client, { mode: 'sdk', env: { STREAMALERT_SQS_CLIENT: 'direct' } }).direct, true);
    assert.equal(new SqsDirect(client, { mode: 'sdk', env: {} }).direct, false);
    assert.throws(
      () => new SqsDirect(client, { env: { STREAMALERT_SQS_CLIENT: 'fast' } }),
      (e: Error) => e instanceof ConfigError && /STREAMALERT_SQS_CLIENT must be "direct" or "sdk"/.test(e.message),
    );
  });
});
