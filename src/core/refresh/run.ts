/**
 * One run's state: each received message is classified, its partitions noted in the book, and it
 * is finished at once, made to wait for a registration, or kept. Registrations run when the
 * flush scheduler says; what they free goes to the message sink.
 */
import { errorMessage } from '../kernel/errors.js';
import { silentLogger } from '../kernel/logger.js';
import { partitionKey } from '../partitions/partition.js';
import { systemClock, type CallOptions } from '../partitions/ports.js';
import { type QueueMessage } from './ports.js';
import { DEFAULT_QUERY_TIMING } from '../partitions/queries.js';
import { createRegistrar, type Registrar } from '../partitions/registrar.js';
import { classifyMessage, problemText } from './classify.js';
import { FlushScheduler } from './flush-scheduler.js';
import type { MessageSink } from './message-sink.js';
import { PartitionBook } from './partition-book.js';
import { Summary } from './summary.js';
import type { RefreshProgress, RefreshResult, RefreshSettings, RunOptions, StopReason } from './types.js';
import type { RefreshPorts } from './ports.js';

export type RunContext = Required<Pick<RunOptions, 'clock' | 'logger' | 'flushDelayMs' | 'flushMessages'>> & RunOptions;

export class Run {
  private readonly summary: Summary;
  private readonly book: PartitionBook;
  private readonly scheduler: FlushScheduler;
  private readonly registrar: Registrar;
  private readonly started: number;

  constructor(
    private readonly settings: RefreshSettings,
    ports: RefreshPorts,
    private readonly context: RunContext,
    deadline: number,
    private readonly sink: MessageSink,
    call: CallOptions,
  ) {
    this.started = context.clock.now();
    this.summary = new Summary(settings, ports.queue.name, context.logger);
    this.scheduler = new FlushScheduler(
      {
        clock: context.clock,
        flushDelayMs: context.flushDelayMs,
        flushMessages: context.flushMessages,
        receivers: settings.receive_concurrency,
      },
      () => this.book.pendingCount > 0,
      () => this.flush(),
    );
    this.book = new PartitionBook(() => this.scheduler.pendingStarted());
    this.registrar = createRegistrar({
      strategy: settings.refresh_strategy,
      database: settings.database_name,
      athena: ports.athena,
      glue: ports.glue,
      catalog: ports.catalog,
      call,
      clock: context.clock,
      maxQueryBytes: context.maxQueryBytes,
      timing: () => ({
        firstPollMs: context.firstPollMs ?? DEFAULT_QUERY_TIMING.firstPollMs,
        maxPollMs: context.maxPollMs ?? DEFAULT_QUERY_TIMING.maxPollMs,
        timeoutMs: settings.query_timeout_seconds * 1000,
        deadline,
      }),
      record: (c) => {
        this.summary.result.calls.push(c);
        context.logger[c.ok ? 'debug' : 'warn'](c.ok ? 'registered partitions' : 'registering partitions failed', { ...c });
      },
    });
  }

  get result(): RefreshResult {
    return this.summary.result;
  }

  /** Classifies a received batch: done now, waiting for partitions, or kept. */
  async accept(batch: QueueMessage[]): Promise<void> {
    const done: QueueMessage[] = [];
    const pendingBefore = this.book.pendingCount;
    const counts = this.summary.result.messages;
    for (const message of batch) {
      counts.received++;
      const classified = classifyMessage(message.body, this.settings.buckets, this.settings.layouts);
      if (classified.skips) this.summary.skipped(classified.skips);
      if (classified.kind === 'no-work') {
        counts.noWork++;
        done.push(message);
        continue;
      }
      const { states, conflicts } = this.book.note(classified.partitions);
      const problems = [...(classified.kind === 'keep' ? classified.problems : []), ...conflicts];
      if (problems.length) {
        this.summary.keep(message, problemText(problems));
        continue;
      }
      const need = this.book.wait(message, states);
      if (need.kind === 'keep') this.summary.keep(message, need.reason);
      else if (need.kind === 'done') done.push(message);
    }
    this.scheduler.afterBatch(this.book.pendingCount > pendingBefore, this.book.waiting);
    for (const m of done) await this.sink.finish(m);
  }

  /** Resolves when fewer than `max` messages wait for registration (receivers pause until then). */
  async roomToReceive(max: number): Promise<void> {
    while (this.book.waiting >= max) {
      this.scheduler.startIfIdle();
      if (!this.scheduler.flushes.size) return;
      await Promise.race(this.scheduler.flushes);
    }
  }

  progress(): RefreshProgress {
    return this.summary.progress(this.sink);
  }

  /** Registers what is still pending, waits for every registration and delete, and seals the summary. */
  async finish(stoppedBy: StopReason): Promise<RefreshResult> {
    await this.scheduler.drain();
    await this.sink.close();
    return this.summary.seal(this.sink, stoppedBy, this.context.clock.now() - this.started);
  }

  /** Registers every pending partition, then settles the messages waiting on them. */
  private async flush(): Promise<void> {
    const batch = this.book.takePending();
    if (!batch.length) return;
    let failures: Map<string, string>;
    try {
      failures = await this.registrar.register(batch.map((s) => s.partition));
    } catch (err) {
      failures = new Map(batch.map((s) => [partitionKey(s.partition), errorMessage(err)]));
    }
    const settled = this.book.settle(batch, failures);
    this.summary.registered(settled.registered);
    for (const k of settled.kept) this.summary.keep(k.message, k.reason);
    for (const m of settled.ready) await this.sink.finish(m);
  }
}

export function withDefaults(options: RunOptions): RunContext {
  return {
    ...options,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
    flushDelayMs: options.flushDelayMs ?? 3_000,
    flushMessages: options.flushMessages ?? 1_000,
  };
}
