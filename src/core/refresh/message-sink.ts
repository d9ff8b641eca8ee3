/**
 * Where finished messages go: deleted from the queue in batches (a run that receives), or only
 * collected (the Lambda's SQS event-source mode, where Lambda deletes what the handler does not
 * report as a batch item failure).
 */
import { Deleter, type DeleteFailureRecord } from './deletion.js';
import type { CallOptions, Clock } from '../partitions/ports.js';
import type { QueuePort } from './ports.js';
import type { MessageRef } from './partition-book.js';

export interface MessageSink {
  finish(message: MessageRef): Promise<void>;
  /** Waits until every finished message is where it goes. */
  close(): Promise<void>;
  /** Messages deleted (or collected). */
  readonly done: number;
  readonly failures: DeleteFailureRecord[];
  /** DeleteMessageBatch calls made. */
  readonly calls: number;
  /** The ids of the finished messages, when collecting. */
  readonly doneIds?: string[];
}

export class DeletingSink implements MessageSink {
  private readonly deleter: Deleter;
  constructor(queue: QueuePort, clock: Clock, receivers: number, call: CallOptions) {
    // Deletes get the SQS client's sockets the receivers leave (the SDK opens 50 per client):
    // after a registration, the messages that waited for it are deleted in a burst.
    this.deleter = new Deleter(queue, clock, Math.max(10, 50 - receivers), call);
  }
  finish(m: MessageRef): Promise<void> {
    return this.deleter.add({ id: m.messageId, receiptHandle: m.receiptHandle });
  }
  close(): Promise<void> {
    return this.deleter.flush();
  }
  get done(): number {
    return this.deleter.deleted;
  }
  get failures(): DeleteFailureRecord[] {
    return this.deleter.failures;
  }
  get calls(): number {
    return this.deleter.calls;
  }
}

export class CollectingSink implements MessageSink {
  readonly doneIds: string[] = [];
  readonly failures: DeleteFailureRecord[] = [];
  readonly calls = 0;
  async finish(m: MessageRef): Promise<void> {
    this.doneIds.push(m.messageId);
  }
  async close(): Promise<void> {}
  get done(): number {
    return this.doneIds.length;
  }
}
