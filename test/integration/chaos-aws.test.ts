/**
 * Chaos, second part: AWS misbehaving in ways the fault rate of chaos.test.ts does not reach.
 *   - Every kind of call a run makes is never answered, in turn: the run still ends by its
 *     deadline (every call carries an abort signal at it) and deletes nothing unconfirmed. No time
 *     is measured: a run that hung would fail by the test's timeout.
 *   - Every delete refused (entries in Failed, or AccessDenied): exit 4 with SQS's reason.
 *   - A failed run under --interval: reported, the schedule goes on, Ctrl-C while sleeping exits 130.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { refresh } from '../../src/index.js';
import { EXIT } from '../../src/cli/errors/exit-codes.js';
import { startAwsProxy, type AwsProxy, type FaultRule } from '../support/aws-proxy/index.js';
import { runCli } from '../support/cli.js';
import { createDeployment, DEFAULT_ATHENA, type Deployment } from '../support/deployment.js';
import { s3Event } from '../support/factories.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const BIN = fileURLToPath(new URL('../../bin/streamalert', import.meta.url));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

describe('a run ends by its deadline whatever AWS does (every call carries the deadline)', () => {
  let proxy: AwsProxy;
  const deployments = new Map<string, Deployment>();
  before(async () => {
    proxy = await startAwsProxy({ target: moto.url, sqs: 'memory', latency: false, ddlRunningMs: 100 });
    for (const strategy of ['add_partition', 'glue'] as const) {
      const glueTables = strategy === 'glue' ? [{ table: 'alerts', bucket: 'test-streamalerts' }] : undefined;
      deployments.set(
        strategy,
        await createDeployment(
          proxy.directUrl,
          { ...DEFAULT_ATHENA, refresh_strategy: strategy, database_name: `deadline_${strategy}` },
          { visibilityTimeout: 30, glueTables },
        ),
      );
    }
  });
  after(async () => {
    for (const d of deployments.values()) d.clients.destroy();
    await proxy?.stop();
  });

  // The hung call ends at the deadline, so each case takes the budget; it is ample for receiving,
  // registering and deleting 30 messages on a busy machine, which the expectations rely on.
  const HANG_BUDGET_MS = 10_000;
  const bodies = Array.from({ length: 30 }, (_, i) =>
    s3Event(['test-streamalerts', `alerts/dt=2026-11-03-${String(i % 3).padStart(2, '0')}/h-${i}.json`]),
  );
  /** One call that is never answered, for every kind of call a run makes. No time is measured: a hang fails by the test's timeout. */
  const cases: [
    operation: string,
    strategy: 'add_partition' | 'glue',
    nth: number[] | undefined,
    expect: 'kept' | 'delete-failed' | 'drained' | 'nothing' | 'throws',
  ][] = [
    ['Athena.GetDatabase', 'add_partition', undefined, 'throws'],
    // The backlog estimate is read before receiving: held to the deadline, the run receives nothing.
    ['SQS.GetQueueAttributes', 'add_partition', undefined, 'nothing'],
    ['SQS.ReceiveMessage', 'add_partition', [2], 'drained'],
    ['Athena.StartQueryExecution', 'add_partition', undefined, 'kept'],
    ['Athena.GetQueryExecution', 'add_partition', undefined, 'kept'],
    ['Glue.BatchGetPartition', 'add_partition', undefined, 'kept'],
    ['Glue.GetTable', 'glue', undefined, 'kept'],
    ['Glue.BatchCreatePartition', 'glue', undefined, 'kept'],
    ['SQS.DeleteMessageBatch', 'add_partition', undefined, 'delete-failed'],
  ];
  for (const [operation, strategy, nth, expect] of cases) {
    it(
      `${operation} never answered (${strategy}): the run still returns, and deletes nothing it should not`,
      { timeout: 120_000 },
      async () => {
        const d = deployments.get(strategy)!;
        await d.purge();
        await d.sendBodies(bodies);
        proxy.resetStats();
        proxy.setFaults([{ operation, kind: 'hang', ...(nth ? { nth } : { rate: 1 }) }]);
        const run = refresh({
          config: d.config,
          endpointUrl: proxy.url,
          waitSeconds: 0,
          firstPollMs: 20,
          flushDelayMs: 50,
          deadline: Date.now() + HANG_BUDGET_MS,
        });
        if (expect === 'throws') {
          await assert.rejects(
            run,
            (e: Error & { code?: string }) =>
              e.name === 'AwsError' && e.code === 'RequestAborted' && /cut off: the run's time budget ran out/.test(e.message),
          );
        } else {
          const r = await run;
          assert.equal(
            r.messages.received,
            r.messages.deleted + r.messages.kept + r.messages.deleteFailed,
            'every message received is accounted for',
          );
          if (expect === 'kept') {
            assert.equal(r.messages.deleted, 0, 'nothing deleted whose registration was not confirmed');
            assert.ok(r.messages.kept >= 30, `kept ${r.messages.kept}`);
            for (const k of r.keptMessages) assert.match(k.reason, /cut off: the run's time budget ran out/);
          } else if (expect === 'delete-failed') {
            assert.equal(r.messages.deleted, 0);
            assert.ok(r.messages.deleteFailed >= 30);
            for (const f of r.deleteFailures) assert.match(f.reason, /cut off: the run's time budget ran out/);
          } else if (expect === 'nothing') {
            assert.equal(r.messages.received, 0);
            assert.equal(r.stoppedBy, 'time-budget');
          } else {
            assert.equal(r.messages.kept, 0);
            assert.ok(r.messages.deleted >= 30, `deleted ${r.messages.deleted}`);
          }
        }
        assert.ok(
          proxy.log.some((e) => e.operation === operation && e.fault === 'hang'),
          `the run did call ${operation}`,
        );
        proxy.setFaults([]);
      },
    );
  }
});

describe('deletes refused after retries: exit 4 with the reason SQS gave', () => {
  let proxy: AwsProxy;
  let d: Deployment;
  before(async () => {
    proxy = await startAwsProxy({ target: moto.url, sqs: 'memory', latency: false, ddlRunningMs: 100 });
    d = await createDeployment(proxy.directUrl, { ...DEFAULT_ATHENA, database_name: 'refused_deletes' }, { visibilityTimeout: 30 });
  });
  after(async () => {
    d?.clients.destroy();
    await proxy?.stop();
  });

  // Every entry failed (an SQS-side failure), and every call refused (a missing sqs:DeleteMessage).
  const faults: [string, FaultRule, RegExp][] = [
    [
      'every entry reported in Failed',
      { operation: 'SQS.DeleteMessageBatch', kind: 'partial-delete', rate: 1, entryRate: 1 },
      /SQS said: DeleteMessageBatch InternalError: injected: the entry could not be deleted/,
    ],
    [
      'every call refused (AccessDenied)',
      { operation: 'SQS.DeleteMessageBatch', kind: 'denied', rate: 1 },
      /SQS said: DeleteMessageBatch CallFailed: SQS DeleteMessageBatch failed: AccessDenied.*not authorized to perform: sqs:deletemessagebatch/,
    ],
  ];
  for (const [name, fault, said] of faults) {
    it(name, async () => {
      await d.purge();
      await d.sendBodies(Array.from({ length: 12 }, (_, i) => s3Event(['test-streamalerts', `alerts/dt=2026-11-04-01/d-${i}.json`])));
      proxy.resetStats();
      proxy.setFaults([fault]);
      const r = await cli(['athena', 'refresh', '--once', '--config-dir', d.configDir, '--endpoint-url', proxy.url, '--output', 'json']);
      proxy.setFaults([]);
      assert.equal(r.code, EXIT.AWS, r.stderr);
      assert.match(r.stderr, /streamalert: AWS error: 12 message\(s\) were done but could not be deleted from \S+ after retries/);
      assert.match(r.stderr, said);
      assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
      const summary = JSON.parse(r.stdout);
      assert.equal(summary.messages.delete_failed, 12);
      assert.equal(summary.messages.deleted, 0);
      const left = await d.clients.sqs().send(
        new GetQueueAttributesCommand({
          QueueUrl: d.queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      assert.equal(
        Number(left.Attributes!.ApproximateNumberOfMessages) + Number(left.Attributes!.ApproximateNumberOfMessagesNotVisible),
        12,
        'nothing lost',
      );
    });
  }
});

describe('--interval rides out AWS failures', () => {
  let proxy: AwsProxy;
  let d: Deployment;
  before(async () => {
    proxy = await startAwsProxy({ target: moto.url, sqs: 'memory', latency: false, ddlRunningMs: 100 });
    d = await createDeployment(proxy.directUrl, { ...DEFAULT_ATHENA, database_name: 'interval_faults' }, { visibilityTimeout: 30 });
  });
  after(async () => {
    d?.clients.destroy();
    await proxy?.stop();
  });

  it('a run whose receives fail past the SDK retries is logged, the schedule goes on, and Ctrl-C while it sleeps exits 130', async () => {
    await d.purge();
    proxy.resetStats();
    // The first run's receive fails on all 4 of the SDK's attempts.
    proxy.setFaults([{ operation: 'SQS.ReceiveMessage', kind: 'http500', nth: [1, 2, 3, 4] }]);
    let signalled = false;
    const r = await runCli(
      ['athena', 'refresh', '--interval', 'rate(1 minute)', '--config-dir', d.configDir, '--endpoint-url', proxy.url],
      {
        onStderr: (text, kill) => {
          if (!signalled && /next run at /.test(text)) {
            signalled = true;
            kill('SIGINT');
          }
        },
      },
    );
    proxy.setFaults([]);
    assert.ok(signalled, `the schedule went on after the failed run:\n${r.stderr}`);
    assert.equal(r.code, EXIT.INTERRUPTED, r.stderr);
    assert.match(
      r.stderr,
      /streamalert: run failed: SQS ReceiveMessage failed: InternalError.*\(1 in a row; the schedule goes on, and stops after 5\)/,
    );
    assert.match(r.stderr, /streamalert: interrupted: stopped while waiting for the next run/);
  });
});
