/**
 * The Athena Partition Refresh run.
 *
 *   receive (batches of 10, several in flight) → parse → partition per object → dedupe per table
 *   → register new partitions (one registration at a time, gathering what arrives meanwhile) →
 *   delete the messages whose every record is registered or carries no work → summary.
 *
 * Messages stream through: a message whose partitions are already registered in this run is
 * deleted at once, so memory holds ids and receipt handles of waiting messages only (receiving
 * pauses at `maxWaitingMessages` of them), never the backlog.
 * A message leaves the queue only after its partitions are registered; messages that cannot be
 * acted on stay (their redrive policy moves them to a dead-letter queue) and are reported.
 */
import type { RefreshStrategy } from './config/schema.js';
import { deadlineSignal } from './deadline.js';
import { Deleter, type DeleteFailureRecord } from './deletion.js';
import { DatabaseNotFoundError, StreamAlertError, errorMessage } from './errors.js';
import { silentLogger, type Logger } from './logger.js';
import { logRunDecisions } from './refresh-log.js';
import { parseNotification } from './notifications.js';
import { partitionFor, partitionKey, type BucketMap, type Partition } from './partitions.js';
import { systemClock, type AthenaPort, type CallOptions, type CatalogPort, type Clock, type GluePort, type QueueMessage, type QueuePort } from './ports.js';
import { quote } from './quote.js';
import { DEFAULT_QUERY_TIMING } from './queries.js';
import { createRegistrar, type CallRecord, type Registrar } from './registration.js';

export interface RefreshSettings {
  database_name: string;
  buckets: BucketMap;
  refresh_strategy: RefreshStrategy;
  max_messages: number;
  receive_concurrency: number;
  query_timeout_seconds: number;
}

export interface RefreshPorts {
  queue: QueuePort;
  athena: AthenaPort;
  glue?: GluePort;
  /** Where partitions are already registered (Glue BatchGetPartition); see locations.ts. */
  catalog?: CatalogPort;
}

export interface RunOptions {
  /** Epoch ms by which the run must be over (the Lambda's remaining time, less a margin). */
  deadline?: number;
  /**
   * Long-poll wait of ReceiveMessage until a receive returns messages; after that the run is
   * draining a backlog and short-polls (wait 0), so an empty answer ends it at once.
   */
  waitSeconds?: number;
  /**
   * The longest newly seen partitions wait for company before they are registered (they go
   * sooner when a wave of receives brings no new partition). Longer means fewer, larger
   * statements; it must stay well under the queue's visibility timeout.
   */
  flushDelayMs?: number;
  /** Register at once when this many messages are waiting for partitions (bounds memory). */
  flushMessages?: number;
  /**
   * Receiving pauses while this many messages wait for their partitions, so memory stays bounded
   * however slow registration is (default 20,000: a few MB of ids and receipt handles).
   */
  maxWaitingMessages?: number;
  clock?: Clock;
  logger?: Logger;
  /** Aborts the run's AWS calls (besides the deadline, which always does). */
  signal?: AbortSignal;
  onProgress?: (progress: RefreshProgress) => void;
  /** Query polling overrides (tests, bench). */
  firstPollMs?: number;
  maxPollMs?: number;
  maxQueryBytes?: number;
}

export interface RefreshProgress {
  received: number;
  deleted: number;
  kept: number;
  partitions: number;
}

export interface KeptMessage {
  messageId: string;
  reason: string;
}

export type StopReason = 'queue-empty' | 'max-messages' | 'time-budget' | 'receive-error' | 'given-batch';

export interface RefreshResult {
  strategy: RefreshStrategy;
  database: string;
  queue: string;
  messages: {
    received: number;
    deleted: number;
    kept: number;
    /** Messages that carried no work (test events, placeholders, non-create events). */
    noWork: number;
    /** Done, but DeleteMessageBatch failed: they come back and are done again, harmlessly. */
    deleteFailed: number;
  };
  /** Up to 1,000 kept messages with their reasons (`messages.kept` has the full count). */
  keptMessages: KeptMessage[];
  /** Up to 1,000 messages that were done but could not be deleted, with SQS's reason. */
  deleteFailures: DeleteFailureRecord[];
  /** dt values registered, per table. */
  partitions: Record<string, string[]>;
  calls: CallRecord[];
  apiCalls: { receive: number; delete: number };
  stoppedBy: StopReason;
  durationMs: number;
  /** Message ids that were done (the Lambda's SQS mode reports the others as batchItemFailures). */
  doneMessageIds?: string[];
}

/** Thrown when the run had to stop part-way (e.g. SQS refused a receive); carries what was done. */
export class RefreshAbortedError extends StreamAlertError {
  override readonly name = 'RefreshAbortedError';
  constructor(
    readonly result: RefreshResult,
    override readonly cause: unknown,
  ) {
    super(`the refresh stopped part-way: ${errorMessage(cause)}`, { cause });
  }
}

const MAX_KEPT_DETAILS = 1_000;

type PartitionState = { partition: Partition; state: 'pending' | 'inflight' | 'done' | 'failed'; reason?: string; waiters: Waiting[] };
/** A received message, without its body: what deleting it and reporting it need. */
type MessageRef = Pick<QueueMessage, 'messageId' | 'receiptHandle'>;
type Waiting = { message: MessageRef; remaining: number; failed?: string };

/** A registration that has run this long no longer holds back the next one (a slow query). */
const SLOW_FLUSH_MS = 10_000;

/** One run's state: partitions seen, messages waiting for them, and what was done. */
class Run {
  readonly result: RefreshResult;
  private readonly partitions = new Map<string, PartitionState>();
  private readonly deleter: Deleter;
  private readonly registrar: Registrar;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly flushes = new Set<Promise<void>>();
  /** Partitions seen but not yet handed to a registration. */
  private readonly pending = new Set<PartitionState>();
  private lastFlushStart = 0;
  /** When the oldest partition now pending was first seen. */
  private pendingSince = 0;
  /** Received batches in a row that brought no new partition. */
  private staleBatches = 0;
  private readonly started: number;
  private readonly deleteSink: ((m: MessageRef) => Promise<void>) | undefined;
  /** Messages waiting for partitions to be registered. */
  private waiting = 0;

  constructor(
    private readonly settings: RefreshSettings,
    private readonly ports: RefreshPorts,
    private readonly o: Required<Pick<RunOptions, 'clock' | 'logger' | 'flushDelayMs' | 'flushMessages'>> & RunOptions,
    deadline: number,
    collectOnly: boolean,
    call: CallOptions,
  ) {
    this.started = o.clock.now();
    this.result = {
      strategy: settings.refresh_strategy,
      database: settings.database_name,
      queue: ports.queue.name,
      messages: { received: 0, deleted: 0, kept: 0, noWork: 0, deleteFailed: 0 },
      keptMessages: [],
      deleteFailures: [],
      partitions: {},
      calls: [],
      apiCalls: { receive: 0, delete: 0 },
      stoppedBy: 'queue-empty',
      durationMs: 0,
      ...(collectOnly ? { doneMessageIds: [] } : {}),
    };
    // Deletes get the SQS client's sockets the receivers leave (the SDK opens 50 per client):
    // after a registration, the messages that waited for it are deleted in a burst.
    this.deleter = new Deleter(ports.queue, o.clock, Math.max(10, 50 - settings.receive_concurrency), call);
    if (collectOnly) this.deleteSink = async (m) => void this.result.doneMessageIds!.push(m.messageId);
    this.registrar = createRegistrar({
      strategy: settings.refresh_strategy,
      database: settings.database_name,
      athena: ports.athena,
      glue: ports.glue,
      catalog: ports.catalog,
      call,
      clock: o.clock,
      maxQueryBytes: o.maxQueryBytes,
      timing: () => ({
        firstPollMs: o.firstPollMs ?? DEFAULT_QUERY_TIMING.firstPollMs,
        maxPollMs: o.maxPollMs ?? DEFAULT_QUERY_TIMING.maxPollMs,
        timeoutMs: settings.query_timeout_seconds * 1000,
        deadline,
      }),
      record: (call) => {
        this.result.calls.push(call);
        const level = call.ok ? 'debug' : 'warn';
        o.logger[level](call.ok ? 'registered partitions' : 'registering partitions failed', { ...call });
      },
    });
  }

  /** Classifies a received batch: done now, waiting for partitions, or kept. */
  async accept(batch: QueueMessage[]): Promise<void> {
    const done: QueueMessage[] = [];
    const pendingBefore = this.pending.size;
    for (const message of batch) {
      this.result.messages.received++;
      const parsed = parseNotification(message.body);
      if (!parsed.ok) {
        this.keep(message, parsed.reason);
        continue;
      }
      const problems: string[] = [];
      const needs = new Set<PartitionState>();
      let work = 0;
      for (const record of parsed.records) {
        if (record.kind === 'ignored') continue;
        if (record.kind === 'rejected') {
          problems.push(record.reason);
          continue;
        }
        work++;
        const found = partitionFor(record.object, this.settings.buckets);
        if (!found.ok) {
          problems.push(found.reason);
          continue;
        }
        const state = this.partitionState(found.partition);
        if (state.partition.location !== found.partition.location) {
          problems.push(`partition ${found.partition.table}/dt=${found.partition.dt} is already at ${quote(state.partition.location)}, not ${quote(found.partition.location)}`);
          continue;
        }
        needs.add(state);
      }
      if (problems.length) {
        this.keep(message, problems.slice(0, 3).join('; ') + (problems.length > 3 ? ` (+${problems.length - 3} more)` : ''));
        continue;
      }
      if (work === 0) this.result.messages.noWork++;
      const failed = [...needs].find((s) => s.state === 'failed');
      if (failed) {
        this.keep(message, failed.reason ?? 'partition registration failed');
        continue;
      }
      const open = [...needs].filter((s) => s.state !== 'done');
      if (!open.length) {
        done.push(message);
        continue;
      }
      const waiting: Waiting = { message: { messageId: message.messageId, receiptHandle: message.receiptHandle }, remaining: open.length };
      this.waiting++;
      for (const s of open) s.waiters.push(waiting);
    }
    if (this.waiting >= this.o.flushMessages && !this.flushes.size && this.pending.size) {
      this.cancelFlushTimer();
      this.startFlush();
    } else this.scheduleFlush(this.pending.size > pendingBefore);
    for (const m of done) await this.finishMessage(m);
  }

  /** Resolves when fewer than `max` messages wait for registration (receivers pause until then). */
  async roomToReceive(max: number): Promise<void> {
    while (this.waiting >= max) {
      if (!this.flushes.size && this.pending.size) this.startFlush();
      if (!this.flushes.size) return;
      await Promise.race(this.flushes);
    }
  }

  private partitionState(p: Partition): PartitionState {
    const key = partitionKey(p);
    let state = this.partitions.get(key);
    if (!state) {
      state = { partition: p, state: 'pending', waiters: [] };
      this.partitions.set(key, state);
      if (!this.pending.size) this.pendingSince = this.o.clock.now();
      this.pending.add(state);
    }
    return state;
  }

  private keep(message: MessageRef, reason: string): void {
    this.result.messages.kept++;
    if (this.result.keptMessages.length < MAX_KEPT_DETAILS) this.result.keptMessages.push({ messageId: message.messageId, reason });
    this.o.logger.info('message kept on the queue', { messageId: message.messageId, reason });
  }

  private async finishMessage(message: MessageRef): Promise<void> {
    if (this.deleteSink) {
      this.result.messages.deleted++;
      return this.deleteSink(message);
    }
    await this.deleter.add({ id: message.messageId, receiptHandle: message.receiptHandle });
  }

  /**
   * New partitions wait for company: registration starts as soon as a wave of received batches
   * (one per receiver in flight) brings no new partition: the backlog now repeats what was seen.
   * Or `flushDelayMs` after the first of them
   * was seen, or when `flushMessages` messages wait. While a registration runs, the
   * partitions seen meanwhile gather and go together the moment it ends: one registration at a
   * time (fewer, larger statements, less pressure on Athena's DDL quota), unless it has run for
   * SLOW_FLUSH_MS, when the next may start beside it.
   */
  private scheduleFlush(fresh?: boolean): void {
    if (!this.pending.size) return;
    if (fresh !== undefined) this.staleBatches = fresh ? 0 : this.staleBatches + 1;
    const now = this.o.clock.now();
    let delay: number;
    if (this.flushes.size) {
      if (this.flushTimer) return;
      delay = Math.max(0, this.lastFlushStart + SLOW_FLUSH_MS - now);
    } else if (this.staleBatches >= this.settings.receive_concurrency) {
      this.cancelFlushTimer();
      return this.startFlush();
    } else {
      if (this.flushTimer) return;
      delay = Math.max(0, this.pendingSince + this.o.flushDelayMs - now);
    }
    this.cancelFlushTimer();
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      if (!this.flushes.size || this.o.clock.now() - this.lastFlushStart >= SLOW_FLUSH_MS) this.startFlush();
      else this.scheduleFlush();
    }, delay);
  }

  private cancelFlushTimer(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private startFlush(): void {
    this.lastFlushStart = this.o.clock.now();
    this.staleBatches = 0;
    const p = this.flush().finally(() => {
      this.flushes.delete(p);
      if (this.pending.size && !this.flushes.size) {
        this.cancelFlushTimer();
        this.startFlush();
      }
    });
    this.flushes.add(p);
  }

  /** Registers every pending partition, then settles the messages waiting on them. */
  private async flush(): Promise<void> {
    const batch = [...this.pending];
    this.pending.clear();
    if (!batch.length) return;
    for (const s of batch) s.state = 'inflight';
    let failures: Map<string, string>;
    try {
      failures = await this.registrar.register(batch.map((s) => s.partition));
    } catch (err) {
      failures = new Map(batch.map((s) => [partitionKey(s.partition), errorMessage(err)]));
    }
    const ready: MessageRef[] = [];
    for (const s of batch) {
      const reason = failures.get(partitionKey(s.partition));
      s.state = reason ? 'failed' : 'done';
      s.reason = reason;
      if (!reason) (this.result.partitions[s.partition.table] ??= []).push(s.partition.dt);
      for (const w of s.waiters) {
        if (w.failed) continue;
        if (reason) {
          w.failed = reason;
          this.waiting--;
          this.keep(w.message, reason);
        } else if (--w.remaining === 0) {
          this.waiting--;
          ready.push(w.message);
        }
      }
      s.waiters = [];
    }
    for (const m of ready) await this.finishMessage(m);
  }

  progress(): RefreshProgress {
    const r = this.result;
    return {
      received: r.messages.received,
      deleted: this.deleteSink ? r.messages.deleted : this.deleter.deleted,
      kept: r.messages.kept,
      partitions: Object.values(r.partitions).reduce((n, l) => n + l.length, 0),
    };
  }

  /** Registers what is still pending, waits for every flush and delete, and seals the summary. */
  async finish(stoppedBy: StopReason): Promise<RefreshResult> {
    this.cancelFlushTimer();
    while (this.flushes.size || this.pending.size) {
      if (this.pending.size && !this.flushes.size) this.startFlush();
      await Promise.all(this.flushes);
    }
    await this.deleter.flush();
    const m = this.result.messages;
    if (!this.deleteSink) {
      m.deleted = this.deleter.deleted;
      m.deleteFailed = this.deleter.failures.length;
      this.result.deleteFailures = this.deleter.failures.slice(0, MAX_KEPT_DETAILS);
    }
    this.result.apiCalls.delete = this.deleter.calls;
    this.result.stoppedBy = stoppedBy;
    this.result.durationMs = this.o.clock.now() - this.started;
    for (const list of Object.values(this.result.partitions)) list.sort();
    return this.result;
  }
}

function withDefaults(options: RunOptions) {
  return { ...options, clock: options.clock ?? systemClock, logger: options.logger ?? silentLogger, flushDelayMs: options.flushDelayMs ?? 3_000, flushMessages: options.flushMessages ?? 1_000 };
}

async function checkDatabase(settings: RefreshSettings, ports: RefreshPorts, call: CallOptions): Promise<void> {
  if (!(await ports.athena.databaseExists(settings.database_name, call))) throw new DatabaseNotFoundError(settings.database_name);
}

/**
 * Drains the queue: receives until it is empty, `max_messages` is reached, or the deadline nears,
 * registering partitions and deleting finished messages as it goes.
 */
export async function runRefresh(settings: RefreshSettings, ports: RefreshPorts, options: RunOptions = {}): Promise<RefreshResult> {
  const o = withDefaults(options);
  const now = o.clock.now();
  const deadline = o.deadline ?? now + 15 * 60_000;
  // Stop receiving early enough to register and delete what was received.
  const receiveUntil = deadline - Math.min(settings.query_timeout_seconds * 1000, (deadline - now) / 3);
  const stopAt = deadlineSignal(deadline, o.clock, o.signal);
  try {
    return await drain(settings, ports, o, deadline, receiveUntil, { signal: stopAt.signal });
  } finally {
    stopAt.dispose();
  }
}

async function drain(settings: RefreshSettings, ports: RefreshPorts, o: ReturnType<typeof withDefaults>, deadline: number, receiveUntil: number, call: CallOptions): Promise<RefreshResult> {
  await checkDatabase(settings, ports, call);
  o.logger.debug('database exists', { database: settings.database_name });
  const run = new Run(settings, ports, o, deadline, false, call);
  const waitSeconds = o.waitSeconds ?? 1;
  const maxWaiting = o.maxWaitingMessages ?? 20_000;
  // Long polling waits for messages on a quiet queue; once receives return messages the run is
  // draining a backlog, and a short poll that finds nothing ends it without a final wait.
  let draining = false;
  let reserved = 0;
  let active = settings.receive_concurrency;
  let stop: StopReason | undefined;
  let failure: unknown;

  // The backlog at the start (approximate). Once that many are received, one receiver goes on
  // alone to find the queue empty, instead of every receiver spending a call to find out. The
  // count can lag behind a burst of new notifications: when the lone receiver keeps getting full
  // batches past it, the estimate is dropped and the parked receivers resume.
  let expected: number | undefined;
  try {
    expected = await ports.queue.approximateDepth?.(call);
    o.logger.debug('queue backlog at the start (approximate)', { queue: ports.queue.name, messages: expected });
  } catch (err) {
    o.logger.debug('queue depth unknown; every receiver drains until the queue is empty', { error: errorMessage(err) });
  }
  let resume!: () => void;
  const resumed = new Promise<void>((r) => (resume = r));

  // One receiver goes first (it also resolves the queue URL once); the others join when it has
  // received, so an empty queue costs one receive, not `receive_concurrency` of them.
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const worker = async (lead: boolean) => {
    if (!lead) await gate;
    while (!stop) {
      await run.roomToReceive(maxWaiting);
      if (stop) break;
      if (o.clock.now() >= receiveUntil) {
        stop ??= 'time-budget';
        break;
      }
      // The lead never parks: it is the one that goes on alone (and it opens the gate).
      if (!lead && expected !== undefined && active > 1 && run.result.messages.received + reserved >= expected) {
        active--;
        await resumed;
        active++;
        continue;
      }
      const want = Math.min(10, settings.max_messages - run.result.messages.received - reserved);
      if (want <= 0) {
        stop ??= 'max-messages';
        break;
      }
      reserved += want;
      let batch: QueueMessage[];
      try {
        run.result.apiCalls.receive++;
        batch = await ports.queue.receive(want, draining ? 0 : waitSeconds, call);
      } catch (err) {
        // A receive cut off at the deadline ends the run like the budget does, not as a failure.
        if (!call.signal?.aborted) failure ??= err;
        stop ??= call.signal?.aborted ? 'time-budget' : 'receive-error';
        break;
      } finally {
        reserved -= want;
        if (lead) openGate();
      }
      if (!batch.length) {
        stop ??= 'queue-empty';
        break;
      }
      draining = true;
      await run.accept(batch);
      o.onProgress?.(run.progress());
      if (expected !== undefined) {
        // Full batches past the estimate: the backlog is larger than SQS said.
        if (batch.length === want && run.result.messages.received > expected + 10 * settings.receive_concurrency) {
          expected = undefined;
          resume();
        }
        continue;
      }
      // Without an estimate, a short batch means the queue is nearly drained: fewer receivers waste fewer calls.
      if (batch.length < want && active > 1) break;
    }
    if (lead) openGate();
    active--;
    // The last receiver out releases the parked ones, which then see `stop` and end too.
    if (active === 0) resume();
  };
  await Promise.all(Array.from({ length: settings.receive_concurrency }, (_, i) => worker(i === 0)));
  const result = await run.finish(stop ?? 'queue-empty');
  logRunDecisions(o.logger, result);
  o.onProgress?.(run.progress());
  if (failure !== undefined && result.messages.received > 0) throw new RefreshAbortedError(result, failure);
  if (failure !== undefined) throw failure;
  return result;
}

/**
 * Processes messages handed in (the Lambda's SQS event-source mode): nothing is received or
 * deleted here; `doneMessageIds` says which messages are done, the rest are batch item failures.
 */
export async function processMessages(settings: RefreshSettings, ports: RefreshPorts, messages: QueueMessage[], options: RunOptions = {}): Promise<RefreshResult> {
  const o = withDefaults(options);
  const deadline = o.deadline ?? o.clock.now() + 15 * 60_000;
  const stopAt = deadlineSignal(deadline, o.clock, o.signal);
  try {
    await checkDatabase(settings, ports, { signal: stopAt.signal });
    const run = new Run(settings, ports, o, deadline, true, { signal: stopAt.signal });
    await run.accept(messages);
    const result = await run.finish('given-batch');
    logRunDecisions(o.logger, result);
    return result;
  } finally {
    stopAt.dispose();
  }
}

