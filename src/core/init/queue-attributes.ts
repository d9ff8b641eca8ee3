/**
 * The attributes of the notification queue and its dead-letter queue, and what must change on a
 * live queue to reach them.
 *
 *   encryption      SSE-SQS, or SSE-KMS with kms_key_arn
 *   retention       14 days (SQS's maximum), on both queues: a message moved to the dead-letter
 *                   queue keeps its original enqueue time, so the DLQ must keep it at least as long
 *   long polling    ReceiveMessageWaitTimeSeconds 20 on the notification queue
 *   visibility      at least 6 × the function's timeout (AWS's guidance for an SQS trigger); a
 *                   longer live value is kept
 *   redrive         to `<queue>_dlq` after max_receive_count receives
 */

export const RETENTION_SECONDS = 14 * 24 * 3600;
export const LONG_POLL_SECONDS = 20;
export const VISIBILITY_FACTOR = 6;

export interface QueueSettings {
  kmsKeyArn?: string;
  /** Only for the notification queue. */
  visibilityTimeout?: number;
  redrive?: { deadLetterTargetArn: string; maxReceiveCount: number };
}

export function dlqName(queueName: string): string {
  return `${queueName}_dlq`;
}

export function queueAttributes(s: QueueSettings): Record<string, string> {
  return {
    MessageRetentionPeriod: String(RETENTION_SECONDS),
    ...(s.kmsKeyArn ? { KmsMasterKeyId: s.kmsKeyArn, SqsManagedSseEnabled: 'false' } : { SqsManagedSseEnabled: 'true' }),
    ...(s.visibilityTimeout !== undefined
      ? { VisibilityTimeout: String(s.visibilityTimeout), ReceiveMessageWaitTimeSeconds: String(LONG_POLL_SECONDS) }
      : {}),
    ...(s.redrive ? { RedrivePolicy: JSON.stringify(s.redrive) } : {}),
  };
}

export function describeQueue(s: QueueSettings): string {
  const parts = [s.kmsKeyArn ? `SSE-KMS (${s.kmsKeyArn})` : 'SSE-SQS', 'retention 14 days'];
  if (s.visibilityTimeout !== undefined) parts.push(`long polling ${LONG_POLL_SECONDS} s`, `visibility ≥ ${s.visibilityTimeout} s`);
  if (s.redrive) parts.push(`to ${s.redrive.deadLetterTargetArn.split(':').pop()} after ${s.redrive.maxReceiveCount} receives`);
  return parts.join(', ');
}

export interface AttributeChanges {
  attributes: Record<string, string>;
  changes: string[];
}

/** What SetQueueAttributes must set on a live queue, with one line per change. */
export function queueAttributeChanges(s: QueueSettings, live: Record<string, string>): AttributeChanges {
  const attributes: Record<string, string> = {};
  const changes: string[] = [];
  const retention = Number(live.MessageRetentionPeriod ?? NaN);
  if (retention !== RETENTION_SECONDS) {
    attributes.MessageRetentionPeriod = String(RETENTION_SECONDS);
    changes.push(`retention ${seconds(live.MessageRetentionPeriod)} → ${RETENTION_SECONDS} s`);
  }
  if (s.kmsKeyArn) {
    if (live.KmsMasterKeyId !== s.kmsKeyArn) {
      Object.assign(attributes, { KmsMasterKeyId: s.kmsKeyArn, SqsManagedSseEnabled: 'false' });
      changes.push(`encryption ${encryption(live)} → SSE-KMS (${s.kmsKeyArn})`);
    }
  } else if (live.SqsManagedSseEnabled !== 'true' || live.KmsMasterKeyId) {
    Object.assign(attributes, { SqsManagedSseEnabled: 'true', ...(live.KmsMasterKeyId ? { KmsMasterKeyId: '' } : {}) });
    changes.push(`encryption ${encryption(live)} → SSE-SQS`);
  }
  if (s.visibilityTimeout !== undefined) {
    const visibility = Number(live.VisibilityTimeout ?? 0);
    if (!(visibility >= s.visibilityTimeout)) {
      attributes.VisibilityTimeout = String(s.visibilityTimeout);
      changes.push(`visibility timeout ${seconds(live.VisibilityTimeout)} → ${s.visibilityTimeout} s`);
    }
    if (Number(live.ReceiveMessageWaitTimeSeconds ?? 0) !== LONG_POLL_SECONDS) {
      attributes.ReceiveMessageWaitTimeSeconds = String(LONG_POLL_SECONDS);
      changes.push(`long polling ${seconds(live.ReceiveMessageWaitTimeSeconds ?? '0')} → ${LONG_POLL_SECONDS} s`);
    }
  }
  if (s.redrive) {
    const current = parseRedrive(live.RedrivePolicy);
    if (current?.deadLetterTargetArn !== s.redrive.deadLetterTargetArn || current.maxReceiveCount !== s.redrive.maxReceiveCount) {
      attributes.RedrivePolicy = JSON.stringify(s.redrive);
      const was = current ? `${current.deadLetterTargetArn.split(':').pop()} after ${current.maxReceiveCount}` : 'none';
      changes.push(`redrive ${was} → ${s.redrive.deadLetterTargetArn.split(':').pop()} after ${s.redrive.maxReceiveCount} receives`);
    }
  }
  return { attributes, changes };
}

function parseRedrive(text: string | undefined): { deadLetterTargetArn: string; maxReceiveCount: number } | undefined {
  if (!text) return undefined;
  try {
    const p = JSON.parse(text) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
    return { deadLetterTargetArn: String(p.deadLetterTargetArn ?? ''), maxReceiveCount: Number(p.maxReceiveCount) };
  } catch {
    return undefined;
  }
}

function encryption(live: Record<string, string>): string {
  if (live.KmsMasterKeyId) return `SSE-KMS (${live.KmsMasterKeyId})`;
  return live.SqsManagedSseEnabled === 'true' ? 'SSE-SQS' : 'none';
}

function seconds(value: string | undefined): string {
  return value === undefined ? 'unset' : `${value} s`;
}
