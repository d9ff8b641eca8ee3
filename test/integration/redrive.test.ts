/**
 * `athena redrive` against moto: dead-lettered messages with message attributes go back to the
 * notification queue unchanged; --max and --dry-run; and with faults injected by the proxy into
 * receive, send and delete, no message is ever lost (at least once: duplicates are allowed).
 */
import assert from 'node:assert/strict';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type Message,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RedriveResult } from '../../src/core/redrive/redrive.js';
import { redrive } from '../../src/index.js';
import { startAwsProxy, type AwsProxy } from '../support/aws-proxy/index.js';
import { runCli } from '../support/cli.js';
import { createDeployment, type Deployment } from '../support/deployment.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { fromCliJson } from '../support/cli-json.js';

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

const COUNT = 25;
const attributesOf = (i: number): Record<string, MessageAttributeValue> => ({
  source: { DataType: 'String', StringValue: `bucket-${i}` },
  attempt: { DataType: 'Number', StringValue: String(i * 3) },
  raw: { DataType: 'Binary', BinaryValue: new Uint8Array([i, 0, 255]) },
  trace: { DataType: 'String.custom', StringValue: `t-${i}` },
});
const bodyOf = (i: number) =>
  JSON.stringify({
    Records: [{ s3: { bucket: { name: 'test-streamalerts' }, object: { key: `alerts/dt=2026-11-28-09/obj-${i}.json` } } }],
    n: i,
  });

async function deadLetter(d: Deployment, count = COUNT): Promise<void> {
  await d.purge(); // the test events S3 sent when notifications were enabled
  const sqs = d.clients.sqs();
  for (let i = 0; i < count; i += 10) {
    const Entries = Array.from({ length: Math.min(10, count - i) }, (_, j) => ({
      Id: String(j),
      MessageBody: bodyOf(i + j),
      MessageAttributes: attributesOf(i + j),
    }));
    const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: d.deadLetterQueueUrl, Entries }));
    assert.equal(out.Failed?.length ?? 0, 0);
  }
}

/** Every message on a queue, received with its attributes and left to come back later. */
async function drain(d: Deployment, queueUrl: string): Promise<Message[]> {
  const out: Message[] = [];
  for (;;) {
    const r = await d.clients.sqs().send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 0,
      }),
    );
    if (!r.Messages?.length) return out;
    out.push(...r.Messages);
  }
}

async function depth(d: Deployment, queueUrl: string): Promise<number> {
  const a = (
    await d.clients.sqs().send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    )
  ).Attributes!;
  return Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible);
}

/** The messages as sent: body → attributes, with binary values as plain arrays. */
function normalise(messages: Message[]): Map<string, unknown> {
  return new Map(
    messages.map((m) => [
      m.Body!,
      Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {})
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [
            k,
            { DataType: v.DataType, StringValue: v.StringValue, BinaryValue: v.BinaryValue ? [...v.BinaryValue] : undefined },
          ]),
      ),
    ]),
  );
}
const originals = () => normalise(Array.from({ length: COUNT }, (_, i) => ({ Body: bodyOf(i), MessageAttributes: attributesOf(i) })));

describe('athena redrive', () => {
  let d: Deployment;
  beforeEach(async () => {
    await moto.reset();
    d = await createDeployment(moto.url);
  });

  it('moves every message back with its body and attributes unchanged, and prints moved and left', async () => {
    await deadLetter(d);
    const dry = await runCli(['athena', 'redrive', '--dry-run', '--config-dir', d.configDir, '--endpoint-url', moto.url]);
    assert.equal(dry.code, 0, dry.stderr);
    const [dryLine, ownersLine] = dry.stdout.split('\n');
    assert.equal(
      dryLine,
      'Dry run: test_streamalert_athena_s3_notifications_dlq holds 25 message(s); a redrive would move at most 25 of them to test_streamalert_athena_s3_notifications. Nothing was moved.',
    );
    assert.match(ownersLine!, /Only dead letters of test_streamalert_athena_s3_notifications .* move; any other queue's stay/);
    assert.equal(await depth(d, d.queueUrl), 0, 'a dry run moves nothing');
    const dryMax = await runCli(['athena', 'redrive', '--dry-run', '--max', '10', '--config-dir', d.configDir, '--endpoint-url', moto.url]);
    assert.match(dryMax.stdout, /holds 25 message\(s\); a redrive would move at most 10 of them \(--max\) to /);

    const r = await runCli(['athena', 'redrive', '--config-dir', d.configDir, '--endpoint-url', moto.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Moved 25 message\(s\) from test_streamalert_athena_s3_notifications_dlq to test_streamalert_athena_s3_notifications \(the dead-letter queue is empty\); 0 message\(s\) left/m,
    );
    assert.equal(await depth(d, d.deadLetterQueueUrl), 0);
    const moved = await drain(d, d.queueUrl);
    assert.equal(moved.length, COUNT);
    assert.deepEqual(normalise(moved), originals());
  });

  it('--max moves at most N; the rest stay for the next redrive', async () => {
    await deadLetter(d);
    const r = await runCli([
      'athena',
      'redrive',
      '--max',
      '12',
      '--output',
      'json',
      '--config-dir',
      d.configDir,
      '--endpoint-url',
      moto.url,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const result = fromCliJson<RedriveResult>(r.stdout);
    assert.deepEqual([result.moved, result.stoppedBy, result.left.visible + result.left.inFlight], [12, 'max', 13]);
    assert.equal(await depth(d, d.queueUrl), 12);
    const rest = await redrive({ config: d.config, endpointUrl: moto.url, max: 100 });
    assert.deepEqual([rest.moved, rest.stoppedBy], [13, 'empty']);
    assert.deepEqual(normalise(await drain(d, d.queueUrl)), originals());
  });

  it('--max must be a positive whole number (exit 2)', async () => {
    const r = await runCli(['athena', 'redrive', '--max', '0', '--config-dir', d.configDir, '--endpoint-url', moto.url]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--max must be a positive whole number, not "0"/);
  });

  it('athena iam-policy --for redrive names the two queues; --for anything else is a usage error', async () => {
    const r = await runCli(['athena', 'iam-policy', '--for', 'redrive', '--config-dir', d.configDir]);
    assert.equal(r.code, 0, r.stderr);
    const resources = (JSON.parse(r.stdout) as { Statement: { Resource: string[] }[] }).Statement.flatMap((s) => s.Resource);
    assert.deepEqual(resources.sort(), [
      'arn:aws:sqs:us-east-1:123456789012:test_streamalert_athena_s3_notifications',
      'arn:aws:sqs:us-east-1:123456789012:test_streamalert_athena_s3_notifications_dlq',
    ]);
    const bad = await runCli(['athena', 'iam-policy', '--for', 'nonsense', '--config-dir', d.configDir]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--for must be refresh, init, backfill, redrive, deploy, rollback or monitor, not "nonsense"/);
  });
});

describe('athena redrive on a dead-letter queue shared with another queue: only ours move', () => {
  let d: Deployment;
  before(async () => {
    await moto.reset();
    d = await createDeployment(moto.url, undefined, { maxReceiveCount: 1 });
    await d.purge();
  });

  /** A message SQS dead-letters from `queueUrl` (maxReceiveCount 1): received once, then moved on the next receive. */
  async function deadLetterThrough(queueUrl: string, body: string): Promise<void> {
    const sqs = d.clients.sqs();
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 0, WaitTimeSeconds: 0 }));
    assert.equal(first.Messages?.length, 1);
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }));
    assert.equal(second.Messages?.length ?? 0, 0, 'moved to the dead-letter queue');
  }

  it('another queue\'s {"invoice": 42} stays put, with and without DeadLetterQueueSourceArn; ours move; the rest is reported', async () => {
    const sqs = d.clients.sqs();
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: d.deadLetterQueueUrl, AttributeNames: ['QueueArn'] })))
      .Attributes!.QueueArn!;
    const invoices = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: 'billing_invoices',
          Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) },
        }),
      )
    ).QueueUrl!;
    // Dead-lettered by SQS: ours (even an unreadable body: the notification queue sent it) and theirs.
    await deadLetterThrough(d.queueUrl, 'not json at all');
    await deadLetterThrough(invoices, '{"invoice": 42}');
    await deadLetterThrough(invoices, bodyOf(1)); // looks like ours, but another queue dead-lettered it
    // Sent to the dead-letter queue directly: no attribute, so the body decides.
    await sqs.send(new SendMessageCommand({ QueueUrl: d.deadLetterQueueUrl, MessageBody: bodyOf(2) }));
    await sqs.send(new SendMessageCommand({ QueueUrl: d.deadLetterQueueUrl, MessageBody: '{"invoice": 43}' }));
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: d.deadLetterQueueUrl,
        MessageBody: JSON.stringify({ Event: 's3:TestEvent', Bucket: 'test-streamalerts' }),
      }),
    );
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: d.deadLetterQueueUrl,
        MessageBody: JSON.stringify({ Records: [{ s3: { bucket: { name: 'billing-exports' }, object: { key: 'x' } } }] }),
      }),
    );

    // The test endpoint stamps what it dead-letters, as SQS does.
    const peek = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: d.deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['DeadLetterQueueSourceArn'],
      }),
    );
    const sources = Object.fromEntries((peek.Messages ?? []).map((m) => [m.Body, m.Attributes?.DeadLetterQueueSourceArn]));
    assert.equal(sources['not json at all'], d.queueArn);
    assert.equal(sources['{"invoice": 42}'], 'arn:aws:sqs:us-east-1:123456789012:billing_invoices');
    assert.equal(sources['{"invoice": 43}'], undefined);

    const r = await runCli(['athena', 'redrive', '--output', 'json', '--config-dir', d.configDir, '--endpoint-url', moto.url]);
    assert.equal(r.code, 0, r.stderr);
    const result = fromCliJson<RedriveResult>(r.stdout);
    assert.equal(result.moved, 3);
    assert.equal(result.notOurs.count, 4);
    assert.deepEqual(result.notOurs.reasons.map((x) => [x.count, x.reason]).sort(), [
      [1, 'no DeadLetterQueueSourceArn, and the body is not an S3, SNS or EventBridge notification'],
      [1, 'no DeadLetterQueueSourceArn, and the notification is about bucket "billing-exports", which is not configured'],
      [2, 'dead-lettered from another queue ("arn:aws:sqs:us-east-1:123456789012:billing_invoices")'],
    ]);
    assert.deepEqual(
      (await d.peekBodies()).sort(),
      [bodyOf(2), 'not json at all', JSON.stringify({ Event: 's3:TestEvent', Bucket: 'test-streamalerts' })].sort(),
    );

    // Theirs are still there, visible to their owner at once; a second redrive moves nothing and says why.
    const text = await runCli(['athena', 'redrive', '--config-dir', d.configDir, '--endpoint-url', moto.url]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Moved 0 message\(s\)/m);
    assert.match(
      text.stdout,
      /Left 4 message\(s\) in test_streamalert_athena_s3_notifications_dlq that are not test_streamalert_athena_s3_notifications's:\n {2}2 × dead-lettered from another queue/,
    );
    const left = await d.peekBodies(d.deadLetterQueueUrl);
    assert.deepEqual(
      left.sort(),
      [
        '{"invoice": 42}',
        '{"invoice": 43}',
        bodyOf(1),
        JSON.stringify({ Records: [{ s3: { bucket: { name: 'billing-exports' }, object: { key: 'x' } } }] }),
      ].sort(),
    );
  });

  it('credentials of another account: exit 3 naming both, nothing moved', async () => {
    const other = mkdtempSync(join(tmpdir(), 'streamalert-other-account-'));
    copyFileSync(join(d.configDir, 'lambda.json'), join(other, 'lambda.json'));
    writeFileSync(
      join(other, 'global.json'),
      JSON.stringify({ account: { aws_account_id: '111111111111', prefix: 'test', region: 'us-east-1' } }),
    );
    const before = [await depth(d, d.queueUrl), await depth(d, d.deadLetterQueueUrl)];
    assert.ok(before[1]! > 0);
    for (const args of [
      ['athena', 'redrive'],
      ['athena', 'redrive', '--dry-run'],
    ]) {
      const r = await runCli([...args, '--config-dir', other, '--endpoint-url', moto.url]);
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /belong to account 123456789012, but .*account\.aws_account_id is 111111111111: nothing was changed/);
    }
    assert.deepEqual([await depth(d, d.queueUrl), await depth(d, d.deadLetterQueueUrl)], before);
  });
});

describe('athena redrive with faults (the proxy): no message is lost', () => {
  let proxy: AwsProxy;
  let d: Deployment;
  before(async () => {
    await moto.reset();
    d = await createDeployment(moto.url);
    proxy = await startAwsProxy({ target: moto.url, latency: false });
  });
  after(() => proxy?.stop());

  it('sends that were answered with a dropped connection, failed deletes and a send that fails every attempt: at least once, never lost', async () => {
    await deadLetter(d);
    proxy.setFaults(
      [
        { operation: 'SQS.ReceiveMessage', kind: 'throttle', nth: [2] },
        // The first send happens, but its answer is lost: the SDK sends it again (a duplicate).
        { operation: 'SQS.SendMessageBatch', kind: 'reset-after', nth: [1] },
        // The first delete removes only some entries; the second is done but its answer is lost.
        { operation: 'SQS.DeleteMessageBatch', kind: 'partial-delete', nth: [1], entryRate: 0.5 },
        { operation: 'SQS.DeleteMessageBatch', kind: 'reset-after', nth: [2] },
        // The third batch's send fails all 4 attempts: the run stops with an error.
        { operation: 'SQS.SendMessageBatch', kind: 'http500', nth: [4, 5, 6, 7] },
      ],
      3,
    );
    const first = await redrive({ config: d.config, endpointUrl: proxy.url, visibilitySeconds: 1, waitSeconds: 0 });
    assert.equal(first.stoppedBy, 'error', JSON.stringify(first));
    assert.match(first.error!, /SendMessageBatch failed: InternalError/);
    assert.ok(first.deleteFailed > 0, 'some deletes failed');
    const faulted = proxy.log.filter((e) => e.fault).map((e) => `${e.operation} ${e.fault}`);
    for (const f of [
      'SQS.SendMessageBatch reset-after',
      'SQS.DeleteMessageBatch partial-delete',
      'SQS.DeleteMessageBatch reset-after',
      'SQS.SendMessageBatch http500',
    ])
      assert.ok(faulted.includes(f), `${f} in ${faulted.join(', ')}`);
    // Not lost: every message is on one queue or the other (some on both).
    assert.ok((await depth(d, d.queueUrl)) + (await depth(d, d.deadLetterQueueUrl)) >= COUNT);

    proxy.setFaults([]);
    // Messages whose send or delete failed come back to the dead-letter queue after their 1 s
    // visibility timeout: redrive until it is empty (the bound is generous, never reached).
    for (let run = 0; (await depth(d, d.deadLetterQueueUrl)) > 0; run++) {
      assert.ok(run < 60, 'the dead-letter queue empties');
      const r = await redrive({ config: d.config, endpointUrl: proxy.url, visibilitySeconds: 1, waitSeconds: 1 });
      assert.equal(r.error, undefined);
    }
    const moved = await drain(d, d.queueUrl);
    const got = normalise(moved);
    assert.deepEqual(new Map([...got].filter(([body]) => originals().has(body))), originals(), 'every message arrived with its attributes');
    assert.equal(got.size, COUNT, 'nothing else arrived');
    assert.ok(moved.length >= COUNT, `at least once: ${moved.length} deliveries of ${COUNT} messages`);
  });
});
