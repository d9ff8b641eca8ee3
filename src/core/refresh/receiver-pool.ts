/**
 * The receivers: `receive_concurrency` of them take batches of up to 10 until the queue is empty,
 * `max_messages` is reached or the time to receive is over, pausing while too many messages wait
 * for registration. Returns why they stopped (and the receive error, if one stopped them).
 */
import type { Logger } from '../kernel/logger.js';
import { errorMessage } from '../kernel/errors.js';
import type { CallOptions, Clock } from '../partitions/ports.js';
import type { QueueMessage, QueuePort } from './ports.js';
import type { Run } from './run.js';
import type { RefreshProgress, StopReason } from './types.js';

export interface PoolOptions {
  receivers: number;
  maxMessages: number;
  /** Long-poll wait until a receive returns messages; short polls once the run is draining. */
  waitSeconds: number;
  maxWaiting: number;
  receiveUntil: number;
  clock: Clock;
  logger: Logger;
  call: CallOptions;
  onProgress?: (progress: RefreshProgress) => void;
}

export interface PoolOutcome {
  stop: StopReason;
  failure?: unknown;
}

export async function runReceivers(queue: QueuePort, run: Run, pool: PoolOptions): Promise<PoolOutcome> {
  // A short poll that finds nothing ends a draining run without a final wait.
  let draining = false;
  let reserved = 0;
  let active = pool.receivers;
  let stop: StopReason | undefined;
  let failure: unknown;
  const received = () => run.result.messages.received;

  // The backlog at the start (approximate). Once that many are received, one receiver goes on
  // alone to find the queue empty, instead of every receiver spending a call to find out. The
  // count can lag behind a burst of new notifications: when the lone receiver keeps getting full
  // batches past it, the estimate is dropped and the parked receivers resume.
  let expected: number | undefined;
  try {
    expected = await queue.approximateDepth?.(pool.call);
    pool.logger.debug('queue backlog at the start (approximate)', { queue: queue.name, messages: expected });
  } catch (err) {
    pool.logger.debug('queue depth unknown; every receiver drains until the queue is empty', { error: errorMessage(err) });
  }
  let resume!: () => void;
  const resumed = new Promise<void>((r) => (resume = r));
  // One receiver goes first (it also resolves the queue URL once); the others join when it has
  // received, so an empty queue costs one receive, not one per receiver.
  let openGate!: () => void;
  const gate = new Promise<void>((r) => (openGate = r));

  const receiver = async (lead: boolean) => {
    if (!lead) await gate;
    while (!stop) {
      await run.roomToReceive(pool.maxWaiting);
      if (stop) break;
      if (pool.clock.now() >= pool.receiveUntil) {
        stop ??= 'time-budget';
        break;
      }
      // The lead never parks: it is the one that goes on alone (and it opens the gate).
      if (!lead && expected !== undefined && active > 1 && received() + reserved >= expected) {
        active--;
        await resumed;
        active++;
        continue;
      }
      const want = Math.min(10, pool.maxMessages - received() - reserved);
      if (want <= 0) {
        stop ??= 'max-messages';
        break;
      }
      reserved += want;
      let batch: QueueMessage[];
      try {
        run.result.apiCalls.receive++;
        batch = await queue.receive(want, draining ? 0 : pool.waitSeconds, pool.call);
      } catch (err) {
        // A receive cut off at the deadline ends the run like the budget does, not as a failure.
        const aborted = pool.call.signal?.aborted;
        if (!aborted) failure ??= err;
        stop ??= aborted ? 'time-budget' : 'receive-error';
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
      pool.onProgress?.(run.progress());
      if (expected !== undefined) {
        // Full batches past the estimate: the backlog is larger than SQS said.
        if (batch.length === want && received() > expected + 10 * pool.receivers) {
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
  await Promise.all(Array.from({ length: pool.receivers }, (_, i) => receiver(i === 0)));
  return { stop: stop ?? 'queue-empty', ...(failure !== undefined ? { failure } : {}) };
}
