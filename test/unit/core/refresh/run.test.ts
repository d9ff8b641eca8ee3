/**
 * The refresh run's logic against in-memory implementations of its ports (our interfaces, not the
 * SDK): ordering of deletes after registration, failures per table, caps, throttling, timeouts.
 * The same behaviours over real HTTP are covered by the integration tests against moto.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AwsError, DatabaseNotFoundError } from '../../../../src/core/kernel/errors.js';
import type { Partition } from '../../../../src/core/partitions/partition.js';
import type { AthenaPort, GluePort, PartitionFailure, QueryState } from '../../../../src/core/partitions/ports.js';
import type { DeleteEntry, DeleteFailure, QueueMessage, QueuePort } from '../../../../src/core/refresh/ports.js';
import { processMessages, runRefresh, type RefreshSettings } from '../../../../src/core/refresh/index.js';
import { s3Event } from '../../../support/factories.js';

const settings = (over: Partial<RefreshSettings> = {}): RefreshSettings => ({
  database_name: 'db',
  buckets: { 'acme-alerts': 'alerts', 'acme-data': '*' },
  refresh_strategy: 'add_partition',
  max_messages: 100_000,
  receive_concurrency: 4,
  query_timeout_seconds: 5,
  ...over,
});
const fast = { waitSeconds: 0, flushDelayMs: 5, firstPollMs: 1, maxPollMs: 5 };

class MemoryQueue implements QueuePort {
  readonly name = 'q';
  private next = 0;
  readonly deleted: string[] = [];
  receives = 0;
  constructor(
    private readonly messages: QueueMessage[],
    private readonly log: string[] = [],
    private readonly failDeletes = new Set<string>(),
  ) {}
  async receive(max: number): Promise<QueueMessage[]> {
    this.receives++;
    const batch = this.messages.slice(this.next, this.next + max);
    this.next += batch.length;
    return batch;
  }
  async deleteBatch(entries: DeleteEntry[]): Promise<DeleteFailure[]> {
    assert.ok(entries.length <= 10);
    const failed: DeleteFailure[] = [];
    for (const e of entries) {
      if (this.failDeletes.delete(e.id)) failed.push({ id: e.id, code: 'InternalError', message: 'try again', senderFault: false });
      else {
        this.deleted.push(e.id);
        this.log.push(`delete ${e.id}`);
      }
    }
    return failed;
  }
}

class ScriptedAthena implements AthenaPort {
  readonly started: string[] = [];
  private states = new Map<string, QueryState>();
  throttles = 0;
  constructor(
    private readonly outcome: (sql: string) => QueryState['state'] = () => 'SUCCEEDED',
    private readonly log: string[] = [],
    readonly exists = true,
  ) {}
  async databaseExists(): Promise<boolean> {
    return this.exists;
  }
  async startQuery(sql: string): Promise<string> {
    if (this.throttles > 0) {
      this.throttles--;
      throw new AwsError(
        'Athena StartQueryExecution failed: TooManyRequestsException',
        'Athena',
        'StartQueryExecution',
        'TooManyRequestsException',
      );
    }
    const id = `q${this.started.length}`;
    this.started.push(sql);
    const state = this.outcome(sql);
    this.states.set(id, { id, state, reason: state === 'FAILED' ? 'Table not found: nosuch' : undefined });
    return id;
  }
  async queryStates(ids: string[]): Promise<QueryState[]> {
    return ids.map((id) => {
      const s = this.states.get(id)!;
      if (s.state === 'SUCCEEDED') this.log.push(`succeeded ${this.started[Number(id.slice(1))]!.split('\n')[0]}`);
      return s;
    });
  }
}

const msg = (id: string, body: string): QueueMessage => ({ messageId: id, receiptHandle: `rh-${id}`, body });
const alert = (id: string, hour: number) =>
  msg(id, s3Event(['acme-alerts', `alerts/dt=2026-11-28-${String(hour).padStart(2, '0')}/${id}.json`]));

describe('runRefresh', () => {
  it('deletes a message only after the statement covering it succeeded', async () => {
    const log: string[] = [];
    const queue = new MemoryQueue([alert('m1', 1), alert('m2', 2), msg('m3', s3Event(['acme-data', 'osquery/2026/11/28/03/x']))], log);
    const r = await runRefresh(settings(), { queue, athena: new ScriptedAthena(undefined, log) }, fast);
    assert.deepEqual(r.messages, { received: 3, deleted: 3, kept: 0, noWork: 0, deleteFailed: 0 });
    const firstDelete = log.findIndex((l) => l.startsWith('delete'));
    assert.ok(
      log.slice(0, firstDelete).some((l) => l.includes('`alerts`')) && log.slice(0, firstDelete).some((l) => l.includes('`osquery`')),
      log.join('\n'),
    );
  });

  it("keeps the messages of a table whose statement failed, with Athena's reason, and deletes the others", async () => {
    const queue = new MemoryQueue([
      alert('m1', 1),
      msg('m2', s3Event(['acme-data', 'nosuch/2026/11/28/03/x'])),
      msg('m3', s3Event(['acme-alerts', 'alerts/dt=2026-11-28-01/y'], ['acme-data', 'nosuch/2026/11/28/03/z'])),
    ]);
    const athena = new ScriptedAthena((sql) => (sql.includes('`nosuch`') ? 'FAILED' : 'SUCCEEDED'));
    const r = await runRefresh(settings(), { queue, athena }, fast);
    assert.deepEqual(queue.deleted, ['m1']);
    assert.deepEqual(r.keptMessages.map((k) => k.messageId).sort(), ['m2', 'm3']);
    assert.match(r.keptMessages[0]!.reason, /table nosuch: Athena query q\d FAILED: Table not found: nosuch/);
    assert.deepEqual(r.partitions, { alerts: ['2026-11-28-01'] });
  });

  it('registers the good records of a message it keeps for a bad record', async () => {
    const queue = new MemoryQueue([msg('m1', s3Event(['acme-alerts', 'alerts/dt=2026-11-28-05/a'], ['acme-alerts', 'nowhere/x']))]);
    const r = await runRefresh(settings(), { queue, athena: new ScriptedAthena() }, fast);
    assert.equal(r.messages.kept, 1);
    assert.deepEqual(r.partitions, { alerts: ['2026-11-28-05'] });
    assert.deepEqual(queue.deleted, []);
  });

  it('stops at max_messages exactly, with receives in flight', async () => {
    const queue = new MemoryQueue(Array.from({ length: 100 }, (_, i) => alert(`m${i}`, i % 3)));
    const r = await runRefresh(settings({ max_messages: 37, receive_concurrency: 8 }), { queue, athena: new ScriptedAthena() }, fast);
    assert.equal(r.messages.received, 37);
    assert.equal(r.stoppedBy, 'max-messages');
  });

  it('registers each partition once across a large drain, in one statement per table', async () => {
    const queue = new MemoryQueue(Array.from({ length: 2_000 }, (_, i) => alert(`m${i}`, i % 24)));
    const athena = new ScriptedAthena();
    const r = await runRefresh(settings(), { queue, athena }, { ...fast, flushDelayMs: 1_000 });
    assert.equal(r.messages.deleted, 2_000);
    assert.equal(r.partitions.alerts!.length, 24);
    const clauses = athena.started.join('\n').match(/PARTITION \(/g) ?? [];
    assert.equal(clauses.length, 24, 'no partition registered twice');
    assert.equal(r.apiCalls.delete, 200, 'full batches of 10');
  });

  it('knowing the backlog, spends one empty receive to find the queue drained, not one per receiver', async () => {
    const messages = Array.from({ length: 100 }, (_, i) => alert(`m${i}`, i % 3));
    const blind = new MemoryQueue(messages);
    await runRefresh(settings({ receive_concurrency: 8 }), { queue: blind, athena: new ScriptedAthena() }, fast);
    const told = Object.assign(new MemoryQueue(messages), { approximateDepth: async () => 100 });
    const r = await runRefresh(settings({ receive_concurrency: 8 }), { queue: told, athena: new ScriptedAthena() }, fast);
    assert.equal(r.messages.deleted, 100);
    assert.equal(told.receives, 11, '10 full batches and one empty receive');
    assert.ok(blind.receives > told.receives, `${blind.receives} receives without the depth`);
  });

  it('an empty queue (depth 0) costs one receive and ends', async () => {
    const queue = Object.assign(new MemoryQueue([]), { approximateDepth: async () => 0 });
    const r = await runRefresh(settings({ receive_concurrency: 8 }), { queue, athena: new ScriptedAthena() }, fast);
    assert.equal(r.stoppedBy, 'queue-empty');
    assert.equal(queue.receives, 1);
  });

  it('resumes every receiver when the backlog turns out larger than SQS estimated', async () => {
    class SlowQueue extends MemoryQueue {
      inFlight = 0;
      peakAfterEstimate = 0;
      received = 0;
      override async receive(max: number): Promise<QueueMessage[]> {
        this.inFlight++;
        if (this.received > 200) this.peakAfterEstimate = Math.max(this.peakAfterEstimate, this.inFlight);
        await new Promise((r) => setTimeout(r, 2));
        const batch = await super.receive(max);
        this.received += batch.length;
        this.inFlight--;
        return batch;
      }
      async approximateDepth(): Promise<number> {
        return 20; // SQS's count lags a burst of 600
      }
    }
    const queue = new SlowQueue(Array.from({ length: 600 }, (_, i) => alert(`m${i}`, i % 3)));
    const r = await runRefresh(settings({ receive_concurrency: 8 }), { queue, athena: new ScriptedAthena() }, fast);
    assert.equal(r.messages.deleted, 600);
    assert.ok(queue.peakAfterEstimate > 4, `receives in flight past the estimate: ${queue.peakAfterEstimate}`);
  });

  it('retries deletes whose entries failed', async () => {
    const queue = new MemoryQueue([alert('m1', 1), alert('m2', 1)], [], new Set(['m2']));
    const r = await runRefresh(settings(), { queue, athena: new ScriptedAthena() }, fast);
    assert.deepEqual(queue.deleted.sort(), ['m1', 'm2']);
    assert.equal(r.messages.deleted, 2);
    assert.equal(r.apiCalls.delete, 2);
  });

  it('backs off and retries while Athena throttles', async () => {
    const athena = new ScriptedAthena();
    athena.throttles = 2;
    const r = await runRefresh(settings(), { queue: new MemoryQueue([alert('m1', 1)]), athena }, fast);
    assert.equal(r.messages.deleted, 1);
    assert.equal(athena.started.length, 1);
  });

  it('keeps the messages when a query outlives query_timeout_seconds', async () => {
    const queue = new MemoryQueue([alert('m1', 1)]);
    const r = await runRefresh(
      settings({ query_timeout_seconds: 1 }),
      { queue, athena: new ScriptedAthena(() => 'RUNNING') },
      { ...fast, maxPollMs: 200 },
    );
    assert.equal(r.messages.kept, 1);
    assert.match(r.keptMessages[0]!.reason, /TIMEOUT: still running after 1s/);
    assert.deepEqual(queue.deleted, []);
  });

  it('checks the database before receiving anything', async () => {
    const queue = new MemoryQueue([alert('m1', 1)]);
    await assert.rejects(runRefresh(settings(), { queue, athena: new ScriptedAthena(undefined, [], false) }, fast), DatabaseNotFoundError);
    assert.equal(queue.receives, 0);
  });

  it('stops receiving when the time budget is spent', async () => {
    const queue = new MemoryQueue([alert('m1', 1)]);
    const r = await runRefresh(settings(), { queue, athena: new ScriptedAthena() }, { ...fast, deadline: Date.now() - 1 });
    assert.equal(r.stoppedBy, 'time-budget');
    assert.equal(queue.receives, 0);
  });

  it('splits Glue calls at 100 partitions and reports per-partition failures', async () => {
    const calls: number[] = [];
    const glue: GluePort = {
      async createPartitions(_db: string, _table: string, partitions: Partition[]): Promise<PartitionFailure[]> {
        calls.push(partitions.length);
        return partitions.filter((p) => p.dt.endsWith('-23')).map((p) => ({ dt: p.dt, code: 'InvalidInputException', message: 'bad' }));
      },
    };
    const messages = Array.from({ length: 240 }, (_, i) =>
      msg(
        `m${i}`,
        s3Event([
          'acme-alerts',
          `alerts/dt=2026-${String(1 + Math.floor(i / 24 / 28)).padStart(2, '0')}-${String(1 + (Math.floor(i / 24) % 28)).padStart(2, '0')}-${String(i % 24).padStart(2, '0')}/x`,
        ]),
      ),
    );
    const r = await runRefresh(
      settings({ refresh_strategy: 'glue' }),
      { queue: new MemoryQueue(messages), athena: new ScriptedAthena(), glue },
      { ...fast, flushDelayMs: 1_000 },
    );
    assert.deepEqual(
      calls.sort((a, b) => b - a),
      [100, 100, 40],
    );
    assert.equal(r.messages.kept, 10);
    assert.ok(r.keptMessages.every((k) => /Glue InvalidInputException: bad/.test(k.reason)));
  });
});

describe('processMessages (SQS event-source mode)', () => {
  it('reports which messages are done and deletes nothing itself', async () => {
    const athena = new ScriptedAthena();
    const r = await processMessages(
      settings(),
      { queue: new MemoryQueue([]), athena },
      [alert('a', 1), msg('b', 'nope'), alert('c', 2)],
      fast,
    );
    assert.deepEqual(r.doneMessageIds!.sort(), ['a', 'c']);
    assert.deepEqual(
      r.keptMessages.map((k) => k.messageId),
      ['b'],
    );
    assert.equal(r.apiCalls.delete, 0);
  });
});
