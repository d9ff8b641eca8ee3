/**
 * The refresh run's throughput behaviours (src/core/refresh/), against in-memory ports: how it
 * polls the queue, when it registers, how much it holds. Speed itself is measured by `npm run
 * bench`; these check the mechanisms the bench relies on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AthenaPort, QueryState } from '../../../../src/core/partitions/ports.js';
import type { DeleteEntry, DeleteFailure, QueueMessage, QueuePort } from '../../../../src/core/refresh/ports.js';
import { runRefresh, type RefreshSettings } from '../../../../src/core/refresh/index.js';
import { s3Event } from '../../../support/factories.js';

const settings = (over: Partial<RefreshSettings> = {}): RefreshSettings => ({
  database_name: 'db',
  buckets: { 'acme-alerts': 'alerts' },
  refresh_strategy: 'add_partition',
  max_messages: 100_000,
  receive_concurrency: 4,
  query_timeout_seconds: 30,
  ...over,
});
const fast = { flushDelayMs: 5, firstPollMs: 1, maxPollMs: 5 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alert = (i: number, hour: number): QueueMessage => ({
  messageId: `m${i}`,
  receiptHandle: `rh${i}`,
  body: s3Event(['acme-alerts', `alerts/dt=2026-11-28-${String(hour).padStart(2, '0')}/${i}.json`]),
});

class Queue implements QueuePort {
  readonly name = 'q';
  readonly waits: number[] = [];
  received = 0;
  deleted = 0;
  private next = 0;
  constructor(
    private readonly messages: QueueMessage[],
    private readonly receiveMs = 0,
  ) {}
  async receive(max: number, waitSeconds: number): Promise<QueueMessage[]> {
    this.waits.push(waitSeconds);
    if (this.receiveMs) await sleep(this.receiveMs);
    const batch = this.messages.slice(this.next, this.next + max);
    this.next += batch.length;
    this.received += batch.length;
    return batch;
  }
  async deleteBatch(entries: DeleteEntry[]): Promise<DeleteFailure[]> {
    this.deleted += entries.length;
    return [];
  }
}

/** What a query knows when it is polled: how often it was polled, and the queue at its start. */
interface QueryProgress {
  polls: number;
  receivedAtStart: number;
}

/**
 * Queries end when `finishes` says so — after some polls, or once the queue has handed out more
 * messages — never after a span of wall-clock time, so a busy machine cannot change the outcome.
 * Records how many queries were running when each started.
 */
class ScriptedQueries implements AthenaPort {
  readonly starts: { running: number; received: number }[] = [];
  /** The most messages the queue had handed out while a query was still running. */
  receivedWhileRunning = 0;
  private readonly queries = new Map<string, QueryProgress & { done: boolean }>();
  constructor(
    private readonly finishes: (q: QueryProgress) => boolean,
    private readonly queue?: Queue,
  ) {}
  async databaseExists(): Promise<boolean> {
    return true;
  }
  async startQuery(): Promise<string> {
    const running = [...this.queries.values()].filter((q) => !q.done).length;
    const received = this.queue?.received ?? 0;
    this.starts.push({ running, received });
    const id = `q${this.starts.length}`;
    this.queries.set(id, { polls: 0, receivedAtStart: received, done: false });
    return id;
  }
  async queryStates(ids: string[]): Promise<QueryState[]> {
    return ids.map((id) => {
      const q = this.queries.get(id)!;
      q.polls++;
      q.done ||= this.finishes(q);
      if (!q.done) this.receivedWhileRunning = Math.max(this.receivedWhileRunning, this.queue?.received ?? 0);
      return { id, state: q.done ? 'SUCCEEDED' : 'RUNNING' };
    });
  }
}

const instant = () => true;

describe('refresh run throughput mechanisms', () => {
  it('an empty queue costs one receive, not one per receiver', async () => {
    const queue = new Queue([]);
    const r = await runRefresh(
      settings({ receive_concurrency: 10 }),
      { queue, athena: new ScriptedQueries(instant) },
      { ...fast, waitSeconds: 1 },
    );
    assert.equal(r.apiCalls.receive, 1);
    assert.deepEqual(queue.waits, [1]);
  });

  it('long-polls until messages come, then short-polls: the end of the backlog costs no wait', async () => {
    const queue = new Queue(Array.from({ length: 45 }, (_, i) => alert(i, i % 3)));
    const r = await runRefresh(
      settings({ receive_concurrency: 1 }),
      { queue, athena: new ScriptedQueries(instant) },
      { ...fast, waitSeconds: 1 },
    );
    assert.equal(r.messages.deleted, 45);
    assert.deepEqual(queue.waits, [1, 0, 0, 0, 0, 0]);
  });

  it('registers once a wave of receives brings no new partition, long before flushDelayMs', async () => {
    const queue = new Queue(
      Array.from({ length: 400 }, (_, i) => alert(i, i % 4)),
      5,
    );
    const athena = new ScriptedQueries((q) => q.polls >= 2, queue);
    const r = await runRefresh(settings({ receive_concurrency: 2 }), { queue, athena }, { ...fast, flushDelayMs: 60_000 });
    assert.equal(r.messages.deleted, 400);
    assert.equal(athena.starts.length, 1, 'one statement for the 4 partitions');
    // had it waited for flushDelayMs, every message would have been received first
    assert.ok(athena.starts[0]!.received < 100, `registered after ${athena.starts[0]!.received} of 400 messages`);
  });

  it('runs one registration at a time: partitions seen meanwhile go together when it ends', async () => {
    // Every batch brings a new partition; a registration runs until two more batches came in.
    const messages = Array.from({ length: 240 }, (_, i) => alert(i, Math.floor(i / 10)));
    const queue = new Queue(messages, 10);
    const athena = new ScriptedQueries((q) => queue.received >= Math.min(q.receivedAtStart + 20, messages.length), queue);
    const r = await runRefresh(settings({ receive_concurrency: 2 }), { queue, athena }, { ...fast, flushDelayMs: 1 });
    assert.equal(r.messages.deleted, 240);
    assert.equal(r.partitions.alerts!.length, 24);
    assert.ok(
      athena.starts.every((s) => s.running === 0),
      `a statement started while another ran: ${JSON.stringify(athena.starts)}`,
    );
    assert.ok(athena.starts.length < 24, `partitions were gathered: ${athena.starts.length} statements for 24 partitions`);
  });

  it('pauses receiving while maxWaitingMessages wait for a slow registration', async () => {
    const queue = new Queue(Array.from({ length: 300 }, (_, i) => alert(i, 1)));
    // The statement runs until 25 messages were received, then for 10 more polls: time enough for
    // receivers that did not pause to take more.
    let sawLimitAt: number | undefined;
    const athena = new ScriptedQueries((q) => {
      if (queue.received < 25) return false;
      sawLimitAt ??= q.polls;
      return q.polls - sawLimitAt >= 10;
    }, queue);
    const r = await runRefresh(settings({ receive_concurrency: 2 }), { queue, athena }, { ...fast, maxWaitingMessages: 25 });
    assert.equal(r.messages.deleted, 300);
    assert.equal(athena.starts.length, 1);
    // 25 waiting, plus at most one batch per receiver already in flight when the limit was reached.
    const held = athena.receivedWhileRunning;
    assert.ok(held >= 25 && held <= 25 + 2 * 10, `25 to 45 messages received while the statement ran, saw ${held}`);
  });
});
