/**
 * Whose is a dead letter? A dead-letter queue can serve several queues, so `athena redrive` moves
 * only ours. SQS stamps a message it dead-letters with the `DeadLetterQueueSourceArn` attribute:
 * ours when it is the notification queue, another queue's otherwise. A message sent to the
 * dead-letter queue directly carries no such attribute; it is ours only when its body is a
 * notification about a configured bucket (S3, SNS around S3, EventBridge, or S3's test event).
 * Everything else stays where it is, with the reason. Pure.
 */
import { mappingOf, type BucketMap } from '../partitions/buckets.js';
import { quote } from '../kernel/quote.js';

export interface DeadLetterOwner {
  /** The notification queue's ARN. */
  queueArn: string;
  /** The configured buckets (athena_partition_refresh_config.buckets). */
  buckets: BucketMap;
}

export type DeadLetterVerdict = { ours: true } | { ours: false; reason: string };

const MAX_SNS_DEPTH = 3;

export function whoseDeadLetter(message: { body: string; sourceArn?: string }, owner: DeadLetterOwner): DeadLetterVerdict {
  if (message.sourceArn !== undefined) {
    return message.sourceArn === owner.queueArn
      ? { ours: true }
      : { ours: false, reason: `dead-lettered from another queue (${quote(message.sourceArn)})` };
  }
  return bodyVerdict(message.body, owner, 0);
}

function bodyVerdict(body: string, owner: DeadLetterOwner, depth: number): DeadLetterVerdict {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return NOT_A_NOTIFICATION;
  }
  if (!isObject(data)) return NOT_A_NOTIFICATION;
  if (data.Event === 's3:TestEvent') return bucketsVerdict([data.Bucket], owner);
  if (data.Type === 'Notification' && typeof data.Message === 'string') {
    return depth >= MAX_SNS_DEPTH ? NOT_A_NOTIFICATION : bodyVerdict(data.Message, owner, depth + 1);
  }
  if (Array.isArray(data.Records)) {
    return bucketsVerdict(
      data.Records.map((record) =>
        isObject(record) && isObject(record.s3) && isObject(record.s3.bucket) ? record.s3.bucket.name : undefined,
      ),
      owner,
    );
  }
  if (data.source === 'aws.s3' && isObject(data.detail))
    return bucketsVerdict([isObject(data.detail.bucket) ? data.detail.bucket.name : undefined], owner);
  return NOT_A_NOTIFICATION;
}

const NOT_A_NOTIFICATION: DeadLetterVerdict = {
  ours: false,
  reason: 'no DeadLetterQueueSourceArn, and the body is not an S3, SNS or EventBridge notification',
};

/** Ours when every bucket the message names is configured (and it names at least one). */
function bucketsVerdict(names: unknown[], owner: DeadLetterOwner): DeadLetterVerdict {
  if (!names.length || names.some((name) => typeof name !== 'string' || name === ''))
    return { ours: false, reason: 'no DeadLetterQueueSourceArn, and the notification names no bucket' };
  const other = (names as string[]).find((name) => !mappingOf(owner.buckets, name));
  return other === undefined
    ? { ours: true }
    : { ours: false, reason: `no DeadLetterQueueSourceArn, and the notification is about bucket ${quote(other)}, which is not configured` };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
