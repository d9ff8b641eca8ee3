/** What a refresh run decided, said at debug level (`--log-level debug`), even when it had nothing to do. */
import type { Logger } from '../kernel/logger.js';
import type { RefreshResult, StopReason } from './types.js';

const STOPPED: Record<StopReason, string> = {
  'queue-empty': 'the queue is empty (a receive returned no message)',
  'max-messages': 'max_messages was reached; the rest wait for the next run',
  'time-budget': 'the time budget ran low; the rest wait for the next run',
  'receive-error': 'a receive failed',
  'given-batch': 'the batch handed in is done',
};

export function logRunDecisions(logger: Logger, r: RefreshResult): void {
  const m = r.messages;
  logger.debug(`run stopped: ${STOPPED[r.stoppedBy]}`, { receives: r.apiCalls.receive, durationMs: r.durationMs });
  if (m.received === 0) {
    logger.debug('nothing received: no partition to register, no message to delete');
    return;
  }
  const tables = Object.entries(r.partitions);
  if (tables.length)
    for (const [table, dts] of tables)
      logger.debug(`registered ${dts.length} partition(s) of ${r.database}.${table} (${r.strategy})`, {
        dt: dts.length > 4 ? `${dts[0]} … ${dts[dts.length - 1]}` : dts.join(','),
      });
  else logger.debug('no new partition to register');
  logger.debug(`deleted ${m.deleted} of ${m.received} message(s), kept ${m.kept}`, { noWork: m.noWork, deleteFailed: m.deleteFailed });
}
