/**
 * When to register. New partitions wait for company: registration starts as soon as a wave of
 * received batches (one per receiver in flight) brings no new partition, since the backlog now
 * repeats what was seen; or `flushDelayMs` after the first of them was seen; or when
 * `flushMessages` messages wait. While a registration runs, the partitions seen meanwhile gather
 * and go together the moment it ends: one registration at a time (fewer, larger statements, less
 * pressure on Athena's DDL quota), unless it has run for SLOW_FLUSH_MS, when the next may start
 * beside it. Every timer is on the run's clock.
 */
import type { Clock } from '../partitions/ports.js';

/** A registration that has run this long no longer holds back the next one (a slow query). */
export const SLOW_FLUSH_MS = 10_000;

export interface FlushPolicy {
  clock: Clock;
  flushDelayMs: number;
  flushMessages: number;
  /** Receivers in flight: this many batches in a row without a new partition make a wave. */
  receivers: number;
}

export class FlushScheduler {
  /** Registrations in flight. */
  readonly flushes = new Set<Promise<void>>();
  private cancelTimer: (() => void) | undefined;
  private lastFlushStart = 0;
  /** When the oldest partition now pending was first seen. */
  private pendingSince = 0;
  /** Received batches in a row that brought no new partition. */
  private staleBatches = 0;

  constructor(
    private readonly policy: FlushPolicy,
    private readonly hasPending: () => boolean,
    private readonly flush: () => Promise<void>,
  ) {}

  /** The first partition of a new pending set was seen now. */
  pendingStarted(): void {
    this.pendingSince = this.policy.clock.now();
  }

  /** A received batch was accepted: `fresh` when it brought a new partition. */
  afterBatch(fresh: boolean, waiting: number): void {
    if (waiting >= this.policy.flushMessages && !this.flushes.size && this.hasPending()) {
      this.cancel();
      this.start();
    } else this.schedule(fresh);
  }

  /** Starts a registration now unless one runs (receivers waiting for room call this). */
  startIfIdle(): void {
    if (!this.flushes.size && this.hasPending()) this.start();
  }

  /** Registers what is still pending and waits for every registration to end. */
  async drain(): Promise<void> {
    this.cancel();
    while (this.flushes.size || this.hasPending()) {
      this.startIfIdle();
      await Promise.all(this.flushes);
    }
  }

  private schedule(fresh?: boolean): void {
    if (!this.hasPending()) return;
    if (fresh !== undefined) this.staleBatches = fresh ? 0 : this.staleBatches + 1;
    const now = this.policy.clock.now();
    let delay: number;
    if (this.flushes.size) {
      if (this.cancelTimer) return;
      delay = Math.max(0, this.lastFlushStart + SLOW_FLUSH_MS - now);
    } else if (this.staleBatches >= this.policy.receivers) {
      this.cancel();
      return this.start();
    } else {
      if (this.cancelTimer) return;
      delay = Math.max(0, this.pendingSince + this.policy.flushDelayMs - now);
    }
    this.cancel();
    this.cancelTimer = this.policy.clock.timer(delay, () => {
      this.cancelTimer = undefined;
      if (!this.flushes.size || this.policy.clock.now() - this.lastFlushStart >= SLOW_FLUSH_MS) this.start();
      else this.schedule();
    });
  }

  private cancel(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private start(): void {
    this.lastFlushStart = this.policy.clock.now();
    this.staleBatches = 0;
    const p = this.flush().finally(() => {
      this.flushes.delete(p);
      if (this.hasPending() && !this.flushes.size) {
        this.cancel();
        this.start();
      }
    });
    this.flushes.add(p);
  }
}
