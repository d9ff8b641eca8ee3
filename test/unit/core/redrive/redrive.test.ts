/**
 * The redrive loop against in-memory queues (our ports, not the SDK): send before delete, only
 * accepted messages deleted, --max, a failure mid-way loses nothing, batches by count and size.
 * Over real HTTP with faults: test/integration/redrive.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeleteEntry, DeleteFailure } from '../../../../src/core/refresh/ports.js';
import { MAX_BATCH_BYTES, messageBytes, runRedrive, sendGroups } from '../../../../src/core/redrive/redrive.js';
import { type MovableMessage } from '../../../../src/core/redrive/ports.js';
import { type DeadLetterPort, type TargetQueuePort } from '../../../../src/core/redrive/ports.js';

const message = (i: number, body = `{"n":${i}}`): MovableMessage => ({
  messageId: `m${i}`,
  receiptHandle: `r${i}`,
  body,
  attributes: { kind: { dataType: 'String', stringValue: `k${i}` } },
});

class MemoryDlq implements DeadLetterPort {
  readonly name = 'dlq';
  readonly hidden = new Set<string>();
  constructor(
    readonly messages: MovableMessage[],
    private readonly log: string[],
    private readonly failDeletes = new Set<string>(),
  ) {}
  async receive(max: number): Promise<MovableMessage[]> {
    const batch = this.messages.filter((m) => !this.hidden.has(m.messageId)).slice(0, max);
    for (const m of batch) this.hidden.add(m.messageId);
    return batch;
  }
  async deleteBatch(entries: DeleteEntry[]): Promise<DeleteFailure[]> {
    assert.ok(entries.length <= 10);
    const failed: DeleteFailure[] = [];
    for (const e of entries) {
      if (this.failDeletes.delete(e.id)) {
        failed.push({ id: e.id, code: 'InternalError', message: 'try again', senderFault: false });
        this.hidden.delete(e.id); // as if its visibility timeout ended at once: it comes back
      } else {
        this.log.push(`delete ${e.id}`);
        this.messages.splice(
          this.messages.findIndex((m) => m.messageId === e.id),
          1,
        );
      }
    }
    return failed;
  }
  async depth() {
    return {
      visible: this.messages.filter((m) => !this.hidden.has(m.messageId)).length,
      inFlight: this.messages.filter((m) => this.hidden.has(m.messageId)).length,
    };
  }
}

class MemoryTarget implements TargetQueuePort {
  readonly name = 'queue';
  readonly received: MovableMessage[] = [];
  constructor(
    private readonly log: string[],
    private readonly refuse = new Set<string>(),
    private readonly throwOnCall?: number,
  ) {}
  calls = 0;
  async sendBatch(messages: MovableMessage[]) {
    assert.ok(messages.length <= 10);
    if (++this.calls === this.throwOnCall) throw new Error('SQS SendMessageBatch failed: InternalError');
    const refused = messages.filter((m) => this.refuse.has(m.messageId));
    for (const m of messages.filter((x) => !this.refuse.has(x.messageId))) {
      this.log.push(`send ${m.messageId}`);
      this.received.push(structuredClone(m));
    }
    return refused.map((m) => ({ messageId: m.messageId, code: 'InvalidMessageContents', message: 'no' }));
  }
}

describe('runRedrive', () => {
  it('moves everything, each message sent before it is deleted, bodies and attributes unchanged', async () => {
    const log: string[] = [];
    const original = Array.from({ length: 23 }, (_, i) => message(i));
    const dlq = new MemoryDlq(
      original.map((m) => structuredClone(m)),
      log,
    );
    const target = new MemoryTarget(log);
    const r = await runRedrive(dlq, target);
    assert.equal(r.moved, 23);
    assert.equal(r.stoppedBy, 'empty');
    assert.deepEqual(r.left, { visible: 0, inFlight: 0 });
    assert.deepEqual(target.received, original);
    for (const m of original) assert.ok(log.indexOf(`send ${m.messageId}`) < log.indexOf(`delete ${m.messageId}`), m.messageId);
  });

  it('--max moves at most N', async () => {
    const dlq = new MemoryDlq(
      Array.from({ length: 23 }, (_, i) => message(i)),
      [],
    );
    const r = await runRedrive(dlq, new MemoryTarget([]), { max: 12 });
    assert.deepEqual([r.moved, r.stoppedBy, r.left.visible], [12, 'max', 11]);
  });

  it('a message the queue refuses stays in the dead-letter queue; one whose delete failed and came back is deleted, not sent again', async () => {
    const log: string[] = [];
    const dlq = new MemoryDlq(
      Array.from({ length: 5 }, (_, i) => message(i)),
      log,
      new Set(['m3']),
    );
    const target = new MemoryTarget(log, new Set(['m1']));
    const r = await runRedrive(dlq, target);
    assert.deepEqual([r.moved, r.sendFailed, r.deleteFailed], [4, 1, 1]);
    assert.deepEqual(
      dlq.messages.map((m) => m.messageId),
      ['m1'],
    );
    assert.ok(!log.includes('send m1'));
    assert.equal(log.filter((l) => l === 'send m3').length, 1);
    assert.ok(log.includes('delete m3'));
  });

  it('an error mid-way stops the run, deletes nothing it did not send, and reports it', async () => {
    const log: string[] = [];
    const dlq = new MemoryDlq(
      Array.from({ length: 30 }, (_, i) => message(i)),
      log,
    );
    const target = new MemoryTarget(log, new Set(), 2);
    const r = await runRedrive(dlq, target);
    assert.deepEqual([r.moved, r.stoppedBy], [10, 'error']);
    assert.match(r.error!, /SendMessageBatch failed/);
    assert.equal(dlq.messages.length, 20, 'the batch whose send failed is still there');
    assert.equal(log.filter((l) => l.startsWith('delete')).length, 10);
  });

  it('--dry-run moves nothing', async () => {
    const dlq = new MemoryDlq(
      Array.from({ length: 7 }, (_, i) => message(i)),
      [],
    );
    const r = await runRedrive(dlq, new MemoryTarget([]), { dryRun: true, max: 5 });
    assert.deepEqual([r.moved, r.wouldMove, r.left.visible, dlq.messages.length], [0, 5, 7, 7]);
  });

  it('stops between batches when asked (Ctrl-C)', async () => {
    const dlq = new MemoryDlq(
      Array.from({ length: 30 }, (_, i) => message(i)),
      [],
    );
    let batches = 0;
    const r = await runRedrive(dlq, new MemoryTarget([]), { shouldStop: () => batches++ >= 1 });
    assert.deepEqual([r.moved, r.stoppedBy], [10, 'interrupted']);
  });
});

describe('sendGroups', () => {
  it('at most 10 messages and 256 KiB per batch; a larger message goes alone', () => {
    const big = (i: number, kb: number) => message(i, 'x'.repeat(kb * 1024));
    const sizes = (ms: MovableMessage[]) => sendGroups(ms).map((g) => g.map((m) => m.messageId));
    assert.deepEqual(
      sizes(Array.from({ length: 25 }, (_, i) => message(i))).map((g) => g.length),
      [10, 10, 5],
    );
    assert.deepEqual(sizes([big(0, 100), big(1, 100), big(2, 100), big(3, 10)]), [
      ['m0', 'm1'],
      ['m2', 'm3'],
    ]);
    assert.deepEqual(sizes([big(0, 300), big(1, 1)]), [['m0'], ['m1']]);
    for (const g of sendGroups([big(0, 200), big(1, 50), big(2, 6)]))
      assert.ok(g.length === 1 || g.reduce((n, m) => n + messageBytes(m), 0) <= MAX_BATCH_BYTES);
  });

  it('counts attributes in the size', () => {
    assert.equal(
      messageBytes({
        messageId: 'a',
        receiptHandle: 'r',
        body: 'abc',
        attributes: { k: { dataType: 'String', stringValue: 'vv' }, b: { dataType: 'Binary', binaryValue: new Uint8Array(4) } },
      }),
      3 + 1 + 6 + 2 + 1 + 6 + 4,
    );
  });
});
