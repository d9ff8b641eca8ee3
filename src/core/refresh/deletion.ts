/**
 * Deleting finished messages in batches of 10 (DeleteMessageBatch's limit), several batches in
 * flight. Entries that fail with a retryable error are retried; entries that cannot be deleted
 * (an expired receipt handle) come back later and are harmless: their partitions are registered.
 */
import { errorMessage } from '../kernel/errors.js';
import type { CallOptions, Clock } from '../partitions/ports.js';
import type { DeleteEntry, QueuePort } from './ports.js';

export const DELETE_BATCH_SIZE = 10;
const RETRIES = 3;

export interface DeleteFailureRecord {
  messageId: string;
  reason: string;
}

export class Deleter {
  private buffer: DeleteEntry[] = [];
  private inFlight = new Set<Promise<void>>();
  /** Senders waiting for a free slot, woken one per finished batch (not Promise.race over every batch in flight, which adds a reaction to each per wait). */
  private readonly waiters: (() => void)[] = [];
  deleted = 0;
  calls = 0;
  readonly failures: DeleteFailureRecord[] = [];

  constructor(
    private readonly queue: QueuePort,
    private readonly clock: Clock,
    private readonly maxInFlight = 10,
    private readonly call: CallOptions = {},
  ) {}

  /** Queues one message for deletion; sends a batch as soon as 10 are waiting. */
  async add(entry: DeleteEntry): Promise<void> {
    this.buffer.push(entry);
    if (this.buffer.length >= DELETE_BATCH_SIZE) await this.send(this.buffer.splice(0, DELETE_BATCH_SIZE));
  }

  /** Sends what is left and waits for every batch. */
  async flush(): Promise<void> {
    while (this.buffer.length) await this.send(this.buffer.splice(0, DELETE_BATCH_SIZE));
    await Promise.all(this.inFlight);
  }

  private async send(entries: DeleteEntry[]): Promise<void> {
    while (this.inFlight.size >= this.maxInFlight) await new Promise<void>((wake) => this.waiters.push(wake));
    const p = this.deleteWithRetries(entries).finally(() => {
      this.inFlight.delete(p);
      this.waiters.shift()?.();
    });
    this.inFlight.add(p);
  }

  private async deleteWithRetries(entries: DeleteEntry[]): Promise<void> {
    let todo = entries;
    // Not pollUntil (poll.ts): each round retries only the entries SQS failed, and a sender fault is final.
    for (let attempt = 1; todo.length; attempt++) {
      let failed;
      this.calls++;
      try {
        failed = await this.queue.deleteBatch(todo, this.call);
      } catch (err) {
        failed = todo.map((e) => ({ id: e.id, code: 'CallFailed', message: errorMessage(err), senderFault: false }));
      }
      const failedIds = new Map(failed.map((f) => [f.id, f]));
      this.deleted += todo.length - failedIds.size;
      const retry: DeleteEntry[] = [];
      for (const e of todo) {
        const f = failedIds.get(e.id);
        if (!f) continue;
        if (f.senderFault || attempt >= RETRIES || this.call.signal?.aborted)
          this.failures.push({ messageId: e.id, reason: `DeleteMessageBatch ${f.code}: ${f.message}` });
        else retry.push(e);
      }
      todo = retry;
      if (todo.length) await this.clock.sleep(100 * 2 ** attempt);
    }
  }
}
