/**
 * The Athena Partition Refresh run.
 *
 *   receive (receiver-pool) → classify each message (classify) → note its partitions and make it
 *   wait (partition-book) → register when the flush scheduler says (flush-scheduler) → finish the
 *   messages whose partitions are registered (message-sink) → the summary (summary).
 *
 * Messages stream through: memory holds ids and receipt handles of waiting messages only, never
 * the backlog. A message leaves the queue only after its partitions are registered; messages that
 * cannot be acted on stay (their redrive policy moves them to a dead-letter queue) and are reported.
 */
import { deadlineSignal } from '../kernel/deadline.js';
import { DatabaseNotFoundError } from '../kernel/errors.js';
import { RefreshAbortedError } from './errors.js';
import type { CallOptions } from '../partitions/ports.js';
import type { QueueMessage } from './ports.js';
import { logRunDecisions } from './log.js';
import { CollectingSink, DeletingSink } from './message-sink.js';
import { runReceivers } from './receiver-pool.js';
import { Run, withDefaults } from './run.js';
import type { RefreshResult, RefreshSettings, RunOptions } from './types.js';
import type { RefreshPorts } from './ports.js';

export type * from './types.js';
export type * from './ports.js';
export { RefreshAbortedError } from './errors.js';

/**
 * Drains the queue: receives until it is empty, `max_messages` is reached, or the deadline nears,
 * registering partitions and deleting finished messages as it goes.
 */
export async function runRefresh(settings: RefreshSettings, ports: RefreshPorts, options: RunOptions = {}): Promise<RefreshResult> {
  const opts = withDefaults(options);
  const start = opts.clock.now();
  const deadline = opts.deadline ?? start + 15 * 60_000;
  const stopAt = deadlineSignal(deadline, opts.clock, opts.signal);
  const call: CallOptions = { signal: stopAt.signal };
  try {
    await checkDatabase(settings, ports, call);
    opts.logger.debug('database exists', { database: settings.database_name });
    const run = new Run(
      settings,
      ports,
      opts,
      deadline,
      new DeletingSink(ports.queue, opts.clock, settings.receive_concurrency, call),
      call,
    );
    const outcome = await runReceivers(ports.queue, run, {
      receivers: settings.receive_concurrency,
      maxMessages: settings.max_messages,
      waitSeconds: opts.waitSeconds ?? 1,
      maxWaiting: opts.maxWaitingMessages ?? 20_000,
      // Stop receiving early enough to register and delete what was received.
      receiveUntil: deadline - Math.min(settings.query_timeout_seconds * 1000, (deadline - start) / 3),
      clock: opts.clock,
      logger: opts.logger,
      call,
      onProgress: opts.onProgress,
    });
    const result = await run.finish(outcome.stop);
    logRunDecisions(opts.logger, result);
    opts.onProgress?.(run.progress());
    if (outcome.failure !== undefined && result.messages.received > 0) throw new RefreshAbortedError(result, outcome.failure);
    if (outcome.failure !== undefined) throw outcome.failure;
    return result;
  } finally {
    stopAt.dispose();
  }
}

/**
 * Processes messages handed in (the Lambda's SQS event-source mode): nothing is received or
 * deleted here; `doneMessageIds` says which messages are done, the rest are batch item failures.
 */
export async function processMessages(
  settings: RefreshSettings,
  ports: RefreshPorts,
  messages: QueueMessage[],
  options: RunOptions = {},
): Promise<RefreshResult> {
  const opts = withDefaults(options);
  const deadline = opts.deadline ?? opts.clock.now() + 15 * 60_000;
  const stopAt = deadlineSignal(deadline, opts.clock, opts.signal);
  const call: CallOptions = { signal: stopAt.signal };
  try {
    await checkDatabase(settings, ports, call);
    const run = new Run(settings, ports, opts, deadline, new CollectingSink(), call);
    await run.accept(messages);
    const result = await run.finish('given-batch');
    logRunDecisions(opts.logger, result);
    return result;
  } finally {
    stopAt.dispose();
  }
}

async function checkDatabase(settings: RefreshSettings, ports: RefreshPorts, call: CallOptions): Promise<void> {
  if (!(await ports.athena.databaseExists(settings.database_name, call)))
    throw new DatabaseNotFoundError(settings.database_name, ports.athena.region);
}
