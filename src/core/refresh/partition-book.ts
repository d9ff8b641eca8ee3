/**
 * The partitions a run has seen and the messages waiting for them. A partition is pending until a
 * registration takes it (inflight), then done or failed; a message waits until each of its
 * partitions is done, and is kept as soon as one fails.
 */
import { partitionKey, partitionName, type Partition } from '../partitions/partition.js';
import type { QueueMessage } from './ports.js';
import { quote } from '../kernel/quote.js';

/** A received message, without its body: what deleting it and reporting it need. */
export type MessageRef = Pick<QueueMessage, 'messageId' | 'receiptHandle'>;

type Waiting = { message: MessageRef; remaining: number; failed?: string };
type PartitionState = { partition: Partition; state: 'pending' | 'inflight' | 'done' | 'failed'; reason?: string; waiters: Waiting[] };

/** What a message's partitions mean for it now. */
export type Need = { kind: 'done' } | { kind: 'waiting' } | { kind: 'keep'; reason: string };

export interface Settled {
  /** Registered now. */
  registered: Partition[];
  /** Every partition they waited for is done. */
  ready: MessageRef[];
  /** One of their partitions failed. */
  kept: { message: MessageRef; reason: string }[];
}

export class PartitionBook {
  private readonly states = new Map<string, PartitionState>();
  private readonly pending = new Set<PartitionState>();
  /** Messages waiting for partitions. */
  waiting = 0;

  constructor(private readonly onFirstPending: () => void) {}

  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Notes the partitions a message needs (new ones become pending). A partition already seen at
   * another location is a problem: the second location would not become searchable.
   */
  note(partitions: Partition[]): { states: PartitionState[]; conflicts: string[] } {
    const states = new Set<PartitionState>();
    const conflicts: string[] = [];
    for (const p of partitions) {
      const state = this.stateOf(p);
      if (state.partition.location !== p.location) {
        conflicts.push(
          `partition ${p.table}/${partitionName(p)} is already at ${quote(state.partition.location)}, not ${quote(p.location)}`,
        );
      } else states.add(state);
    }
    return { states: [...states], conflicts };
  }

  /** Makes `message` wait for `states` unless they are all done, or one has failed. */
  wait(message: MessageRef, states: PartitionState[]): Need {
    const failed = states.find((s) => s.state === 'failed');
    if (failed) return { kind: 'keep', reason: failed.reason ?? 'partition registration failed' };
    const open = states.filter((s) => s.state !== 'done');
    if (!open.length) return { kind: 'done' };
    const waiting: Waiting = { message: { messageId: message.messageId, receiptHandle: message.receiptHandle }, remaining: open.length };
    this.waiting++;
    for (const s of open) s.waiters.push(waiting);
    return { kind: 'waiting' };
  }

  /** Hands every pending partition to a registration. */
  takePending(): PartitionState[] {
    const batch = [...this.pending];
    this.pending.clear();
    for (const s of batch) s.state = 'inflight';
    return batch;
  }

  /** Records a registration's outcome (`failures`: partition key → reason) and what it frees. */
  settle(batch: PartitionState[], failures: Map<string, string>): Settled {
    const out: Settled = { registered: [], ready: [], kept: [] };
    for (const s of batch) {
      const reason = failures.get(partitionKey(s.partition));
      s.state = reason ? 'failed' : 'done';
      s.reason = reason;
      if (!reason) out.registered.push(s.partition);
      for (const w of s.waiters) {
        if (w.failed) continue;
        if (reason) {
          w.failed = reason;
          this.waiting--;
          out.kept.push({ message: w.message, reason });
        } else if (--w.remaining === 0) {
          this.waiting--;
          out.ready.push(w.message);
        }
      }
      s.waiters = [];
    }
    return out;
  }

  private stateOf(p: Partition): PartitionState {
    const key = partitionKey(p);
    let state = this.states.get(key);
    if (!state) {
      state = { partition: p, state: 'pending', waiters: [] };
      this.states.set(key, state);
      if (!this.pending.size) this.onFirstPending();
      this.pending.add(state);
    }
    return state;
  }
}

export type { PartitionState };
