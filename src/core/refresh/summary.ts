/** The run's result: started empty, counted as the run goes, sealed at the end. */
import type { Logger } from '../kernel/logger.js';
import { partitionLabel, type Partition } from '../partitions/partition.js';
import type { MessageSink } from './message-sink.js';
import type { MessageRef } from './partition-book.js';
import type { LayoutSkips, RefreshProgress, RefreshResult, RefreshSettings, StopReason } from './types.js';

/** At most this many kept messages and failed deletes are listed (the counts are complete). */
export const MAX_DETAILS = 1_000;

export class Summary {
  readonly result: RefreshResult;

  constructor(
    settings: RefreshSettings,
    queueName: string,
    private readonly logger: Logger,
  ) {
    this.result = {
      strategy: settings.refresh_strategy,
      database: settings.database_name,
      queue: queueName,
      messages: { received: 0, deleted: 0, kept: 0, noWork: 0, deleteFailed: 0 },
      keptMessages: [],
      deleteFailures: [],
      partitions: {},
      calls: [],
      apiCalls: { receive: 0, delete: 0 },
      stoppedBy: 'queue-empty',
      durationMs: 0,
    };
  }

  keep(message: MessageRef, reason: string): void {
    this.result.messages.kept++;
    if (this.result.keptMessages.length < MAX_DETAILS) this.result.keptMessages.push({ messageId: message.messageId, reason });
    this.logger.info('message kept on the queue', { messageId: message.messageId, reason });
  }

  registered(partitions: Partition[]): void {
    for (const p of partitions) (this.result.partitions[p.table] ??= []).push(partitionLabel(p));
  }

  skipped(skips: LayoutSkips): void {
    const total = (this.result.layoutSkips ??= { ignored: 0, projected: 0 });
    total.ignored += skips.ignored;
    total.projected += skips.projected;
  }

  progress(sink: MessageSink): RefreshProgress {
    const r = this.result;
    return {
      received: r.messages.received,
      deleted: sink.done,
      kept: r.messages.kept,
      partitions: Object.values(r.partitions).reduce((n, l) => n + l.length, 0),
    };
  }

  seal(sink: MessageSink, stoppedBy: StopReason, durationMs: number): RefreshResult {
    const r = this.result;
    r.messages.deleted = sink.done;
    r.messages.deleteFailed = sink.failures.length;
    r.deleteFailures = sink.failures.slice(0, MAX_DETAILS);
    r.apiCalls.delete = sink.calls;
    if (sink.doneIds) r.doneMessageIds = sink.doneIds;
    r.stoppedBy = stoppedBy;
    r.durationMs = durationMs;
    for (const list of Object.values(r.partitions)) list.sort();
    return r;
  }
}
