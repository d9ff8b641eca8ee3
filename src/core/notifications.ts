/**
 * Parsing SQS message bodies into S3 object references. Pure: a body in, data out, never a throw.
 * Shapes understood: S3 event notifications (several records per message), the s3:TestEvent that
 * S3 sends when notifications are enabled, SNS envelopes around either, and EventBridge
 * "Object Created" events. Keys arrive form-URL-encoded and are decoded here.
 */

export interface ObjectRef {
  bucket: string;
  /** The decoded object key. */
  key: string;
}

/** What one record of a message comes to. */
export type NotificationRecord =
  | { kind: 'object'; object: ObjectRef }
  | { kind: 'ignored'; reason: IgnoreReason }
  | { kind: 'rejected'; reason: string };

export type IgnoreReason = 'test-event' | 'not-a-create-event' | 'folder-placeholder' | 'directory-marker';

export type ParsedMessage = { ok: true; records: NotificationRecord[] } | { ok: false; reason: string };

const MAX_SNS_DEPTH = 3;

export function parseNotification(body: string): ParsedMessage {
  return parseValue(body, 0);
}

function parseValue(body: string, depth: number): ParsedMessage {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return { ok: false, reason: `body is not JSON (starts ${JSON.stringify(body.slice(0, 40))})` };
  }
  if (!isObject(data)) return { ok: false, reason: 'body is JSON but not an object' };

  if (data.Event === 's3:TestEvent') return { ok: true, records: [{ kind: 'ignored', reason: 'test-event' }] };

  if (data.Type === 'Notification' && typeof data.Message === 'string') {
    if (depth >= MAX_SNS_DEPTH) return { ok: false, reason: 'SNS envelopes nested too deep' };
    const inner = parseValue(data.Message, depth + 1);
    return inner.ok ? inner : { ok: false, reason: `SNS envelope: ${inner.reason}` };
  }

  if (Array.isArray(data.Records)) {
    if (data.Records.length === 0) return { ok: false, reason: 'Records is an empty array' };
    return { ok: true, records: data.Records.map((r, i) => parseS3Record(r, i)) };
  }

  if (data.source === 'aws.s3' && typeof data['detail-type'] === 'string') return { ok: true, records: [parseEventBridge(data)] };

  return { ok: false, reason: 'not an S3 event notification (no Records, Event, SNS Message or EventBridge detail)' };
}

function parseS3Record(record: unknown, index: number): NotificationRecord {
  const at = `Records[${index}]`;
  if (!isObject(record)) return { kind: 'rejected', reason: `${at} is not an object` };
  const eventName = record.eventName;
  if (typeof eventName !== 'string') return { kind: 'rejected', reason: `${at}.eventName is missing` };
  if (record.eventSource !== undefined && record.eventSource !== 'aws:s3') {
    return { kind: 'rejected', reason: `${at}.eventSource is ${JSON.stringify(record.eventSource)}, not aws:s3` };
  }
  if (!eventName.startsWith('ObjectCreated:')) return { kind: 'ignored', reason: 'not-a-create-event' };
  const s3 = isObject(record.s3) ? record.s3 : undefined;
  const bucket = s3 && isObject(s3.bucket) ? s3.bucket.name : undefined;
  const key = s3 && isObject(s3.object) ? s3.object.key : undefined;
  if (typeof bucket !== 'string' || bucket === '') return { kind: 'rejected', reason: `${at}.s3.bucket.name is missing` };
  if (typeof key !== 'string' || key === '') return { kind: 'rejected', reason: `${at}.s3.object.key is missing` };
  const decoded = decodeS3Key(key);
  if (decoded === null) return { kind: 'rejected', reason: `${at}.s3.object.key ${JSON.stringify(key.slice(0, 200))} has invalid percent-encoding` };
  return objectRecord(bucket, decoded);
}

function parseEventBridge(event: Record<string, unknown>): NotificationRecord {
  if (event['detail-type'] !== 'Object Created') return { kind: 'ignored', reason: 'not-a-create-event' };
  const detail = isObject(event.detail) ? event.detail : undefined;
  const bucket = detail && isObject(detail.bucket) ? detail.bucket.name : undefined;
  const key = detail && isObject(detail.object) ? detail.object.key : undefined;
  if (typeof bucket !== 'string' || bucket === '') return { kind: 'rejected', reason: 'EventBridge detail.bucket.name is missing' };
  if (typeof key !== 'string' || key === '') return { kind: 'rejected', reason: 'EventBridge detail.object.key is missing' };
  // EventBridge encodes keys the same way S3 notifications do.
  const decoded = decodeS3Key(key);
  if (decoded === null) return { kind: 'rejected', reason: `EventBridge key ${JSON.stringify(key.slice(0, 200))} has invalid percent-encoding` };
  return objectRecord(bucket, decoded);
}

function objectRecord(bucket: string, key: string): NotificationRecord {
  if (key.endsWith('_$folder$')) return { kind: 'ignored', reason: 'folder-placeholder' };
  if (key.endsWith('/')) return { kind: 'ignored', reason: 'directory-marker' };
  return { kind: 'object', object: { bucket, key } };
}

/** S3 keys in notifications are form-URL-encoded: `+` is a space, `%XX` a byte of UTF-8. */
export function decodeS3Key(key: string): string | null {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
