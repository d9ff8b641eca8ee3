/**
 * `athena redrive`: move the dead-letter queue's messages back to the notification queue, so the
 * next refresh retries them once their cause is fixed.
 *
 * Each batch is sent before it is deleted from the dead-letter queue, and only the messages the
 * send accepted are deleted: a failure at any step leaves a message in the dead-letter queue (it
 * comes back there after the visibility timeout), possibly also already in the notification queue.
 * At least once, never lost; a duplicate costs the refresh nothing (registering is idempotent).
 * Bodies and message attributes are sent unchanged.
 *
 * A dead-letter queue may serve other queues too: with `owner` only our dead letters move
 * (dead-letter-owner.ts); the others are left, counted by reason, and made visible again at the end.
 *
 * Why not SQS StartMessageMoveTask: it cannot stop after N messages (--max), runs asynchronously
 * (its outcome has to be polled), and some SQS-compatible endpoints (moto) lack it. Receive, send
 * and delete work everywhere and say exactly what moved.
 */
import { whoseDeadLetter, type DeadLetterOwner } from './owner.js';
import { errorMessage } from '../kernel/errors.js';
import type { DeadLetterPort, MovableMessage, QueueDepth, TargetQueuePort } from './ports.js';

export interface RedriveOptions {
  /** Move at most this many (default: all). */
  max?: number;
  dryRun?: boolean;
  /** Long-poll wait of each receive: an empty answer then means the queue is empty (default 1). */
  waitSeconds?: number;
  /** How long received messages stay hidden while they are sent and deleted (default 120). */
  visibilitySeconds?: number;
  /** Asked between batches: true stops after the batch in progress (Ctrl-C). */
  shouldStop?: () => boolean;
  /** After each batch; `from` and `to` name the queues (a caller that did not look them up learns them here). */
  onProgress?: (p: { moved: number; from: string; to: string }) => void;
  /**
   * Whose messages move (dead-letter-owner.ts): the notification queue's and those about its
   * buckets; the rest stay. Without it every message moves (a dead-letter queue that is ours alone).
   */
  owner?: DeadLetterOwner;
}

/** Dead letters that are not ours: left in the dead-letter queue, counted by reason. */
export interface NotOurs {
  count: number;
  reasons: { reason: string; count: number }[];
}

export type RedriveStop = 'empty' | 'max' | 'interrupted' | 'error' | 'dry-run';

export interface RedriveResult {
  from: string;
  to: string;
  dryRun: boolean;
  /** Sent to the notification queue (and deleted from the dead-letter queue, unless in deleteFailed). */
  moved: number;
  /** Sent, but the dead-letter queue kept its copy: it will be moved again (a harmless duplicate). */
  deleteFailed: number;
  /** Not accepted by the notification queue: left in the dead-letter queue. */
  sendFailed: number;
  failures: { messageId: string; reason: string }[];
  /** The dead-letter queue afterwards (approximate, as SQS counts): waiting, and hidden while in flight. */
  left: QueueDepth;
  /** Received, not ours, left where they were (made visible again at the end). */
  notOurs: NotOurs;
  /** With --dry-run: at most how many would move (the dead-letter queue's count, capped by --max; messages not ours stay). */
  wouldMove?: number;
  stoppedBy: RedriveStop;
  error?: string;
}

/** SQS's limit on a SendMessageBatch request: the sum of the messages' sizes. */
export const MAX_BATCH_BYTES = 262_144;
const MAX_FAILURE_DETAILS = 100;
const MAX_REASONS = 20;

export async function runRedrive(from: DeadLetterPort, to: TargetQueuePort, options: RedriveOptions = {}): Promise<RedriveResult> {
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const result: RedriveResult = {
    from: from.name,
    to: to.name,
    dryRun: Boolean(options.dryRun),
    moved: 0,
    deleteFailed: 0,
    sendFailed: 0,
    failures: [],
    left: { visible: 0, inFlight: 0 },
    notOurs: { count: 0, reasons: [] },
    stoppedBy: 'empty',
  };
  const fail = (messageId: string, reason: string) =>
    result.failures.length < MAX_FAILURE_DETAILS && result.failures.push({ messageId, reason });
  /** Messages that are not ours, by id: the latest receipt handle, to make them visible again at the end. */
  const foreign = new Map<string, string>();
  const notOurs = (message: MovableMessage, reason: string) => {
    if (!foreign.has(message.messageId)) {
      result.notOurs.count++;
      const reasons = result.notOurs.reasons;
      const key = reasons.some((r) => r.reason === reason) || reasons.length < MAX_REASONS ? reason : OTHER_REASONS;
      const entry = reasons.find((r) => r.reason === key);
      if (entry) entry.count++;
      else reasons.push({ reason: key, count: 1 });
    }
    foreign.set(message.messageId, message.receiptHandle);
  };
  if (options.dryRun) {
    result.left = await from.depth();
    result.wouldMove = Math.min(result.left.visible, max);
    result.stoppedBy = 'dry-run';
    return result;
  }
  /** Messages already sent in this run: if one comes back (its delete failed), only its delete is retried. */
  const sent = new Set<string>();
  try {
    for (;;) {
      if (result.moved >= max) {
        result.stoppedBy = 'max';
        break;
      }
      if (options.shouldStop?.()) {
        result.stoppedBy = 'interrupted';
        break;
      }
      const received = await from.receive(Math.min(10, max - result.moved), options.waitSeconds ?? 1, options.visibilitySeconds ?? 120);
      if (!received.length) break;
      const batch: MovableMessage[] = [];
      let newForeign = 0;
      for (const message of received) {
        const verdict = sent.has(message.messageId) || !options.owner ? { ours: true as const } : whoseDeadLetter(message, options.owner);
        if (verdict.ours) batch.push(message);
        else {
          if (!foreign.has(message.messageId)) newForeign++;
          notOurs(message, verdict.reason);
        }
      }
      // Only messages already seen not to be ours (their visibility timeout ran out): we have gone round.
      if (!batch.length && !newForeign) break;
      const fresh = batch.filter((message) => !sent.has(message.messageId));
      const accepted = batch.filter((message) => sent.has(message.messageId));
      for (const group of sendGroups(fresh)) {
        const refused = new Map((await to.sendBatch(group)).map((failure) => [failure.messageId, failure]));
        for (const message of group) {
          const failure = refused.get(message.messageId);
          if (failure) {
            result.sendFailed++;
            fail(message.messageId, `not sent to ${to.name}: ${failure.code}: ${failure.message}`);
          } else {
            sent.add(message.messageId);
            accepted.push(message);
            result.moved++;
          }
        }
      }
      if (accepted.length) {
        for (const failed of await from.deleteBatch(
          accepted.map((message) => ({ id: message.messageId, receiptHandle: message.receiptHandle })),
        )) {
          result.deleteFailed++;
          fail(failed.id, `sent, but not deleted from ${from.name} (${failed.code}: ${failed.message}); it will be moved again`);
        }
      }
      options.onProgress?.({ moved: result.moved, from: from.name, to: to.name });
    }
  } catch (err) {
    result.stoppedBy = 'error';
    result.error = errorMessage(err);
  }
  // Back to their owner now, not after our visibility timeout. Should this fail, they come back by themselves then.
  const handles = [...foreign].map(([id, receiptHandle]) => ({ id, receiptHandle }));
  for (let i = 0; i < handles.length && from.release; i += 10) await from.release(handles.slice(i, i + 10)).catch(() => undefined);
  try {
    result.left = await from.depth();
  } catch (err) {
    result.error ??= errorMessage(err);
  }
  return result;
}

const OTHER_REASONS = 'other reasons';

/** Batches of at most 10 messages and MAX_BATCH_BYTES (a message larger than that goes alone). */
export function sendGroups(messages: MovableMessage[]): MovableMessage[][] {
  const groups: MovableMessage[][] = [];
  let current: MovableMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = messageBytes(m);
    if (current.length && (current.length === 10 || bytes + size > MAX_BATCH_BYTES)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length) groups.push(current);
  return groups;
}

/** A message's size as SQS counts it: the body plus each attribute's name, type and value. */
export function messageBytes(m: MovableMessage): number {
  let n = Buffer.byteLength(m.body);
  for (const [name, a] of Object.entries(m.attributes)) {
    n +=
      Buffer.byteLength(name) +
      Buffer.byteLength(a.dataType) +
      (a.stringValue !== undefined ? Buffer.byteLength(a.stringValue) : 0) +
      (a.binaryValue?.byteLength ?? 0);
  }
  return n;
}
