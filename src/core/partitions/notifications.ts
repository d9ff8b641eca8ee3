/**
 * Parsing SQS message bodies into S3 object references. Pure: a body in, data out, never a throw.
 * Shapes understood: S3 event notifications (several records per message), the s3:TestEvent that
 * S3 sends when notifications are enabled, SNS envelopes around either, and EventBridge
 * "Object Created" events. Keys arrive form-URL-encoded and are decoded here. Values from the
 * message appear in reasons only quoted, escaped and cut (core/kernel/quote.ts).
 */
import { CREATE_EVENTS, OTHER_DETAIL_TYPES, OTHER_EVENTS } from './event-names.js';
import { quote } from '../kernel/quote.js';

export interface ObjectRef {
  bucket: string;
  /** The decoded object key. */
  key: string;
}

/** What one record of a message comes to. */
export type NotificationRecord =
  { kind: 'object'; object: ObjectRef } | { kind: 'ignored'; reason: IgnoreReason } | { kind: 'rejected'; reason: string };

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
    return { ok: false, reason: `body is not JSON (starts ${quote(body, 40)})` };
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
  const nameProblem = stringProblem(eventName);
  if (nameProblem) return { kind: 'rejected', reason: `${at}.eventName ${nameProblem}` };
  if (record.eventSource !== undefined && record.eventSource !== 'aws:s3') {
    return { kind: 'rejected', reason: `${at}.eventSource is ${quote(record.eventSource)}, not aws:s3` };
  }
  if (OTHER_EVENTS.has(eventName as string)) return { kind: 'ignored', reason: 'not-a-create-event' };
  if (!CREATE_EVENTS.has(eventName as string)) {
    return {
      kind: 'rejected',
      reason: `${at}.eventName ${quote(eventName)} is not an S3 event name (expected ObjectCreated:Put, ObjectCreated:Post, ObjectCreated:Copy, ObjectCreated:CompleteMultipartUpload, or another S3 event)`,
    };
  }
  const s3 = isObject(record.s3) ? record.s3 : undefined;
  const bucket = s3 && isObject(s3.bucket) ? s3.bucket.name : undefined;
  const key = s3 && isObject(s3.object) ? s3.object.key : undefined;
  return objectRecord(bucket, key, `${at}.s3.bucket.name`, `${at}.s3.object.key`);
}

function parseEventBridge(event: Record<string, unknown>): NotificationRecord {
  const type = event['detail-type'];
  if (OTHER_DETAIL_TYPES.has(type as string)) return { kind: 'ignored', reason: 'not-a-create-event' };
  if (type !== 'Object Created') return { kind: 'rejected', reason: `EventBridge detail-type ${quote(type)} is not an S3 event type` };
  const detail = isObject(event.detail) ? event.detail : undefined;
  const bucket = detail && isObject(detail.bucket) ? detail.bucket.name : undefined;
  const key = detail && isObject(detail.object) ? detail.object.key : undefined;
  // EventBridge encodes keys the same way S3 notifications do.
  return objectRecord(bucket, key, 'EventBridge detail.bucket.name', 'EventBridge detail.object.key');
}

/** Why a field that must be a non-empty string is not one, or undefined. */
function stringProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'is missing';
  if (typeof value !== 'string')
    return `must be a string, not ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}`;
  if (value === '') return 'is empty';
  return undefined;
}

function objectRecord(bucket: unknown, rawKey: unknown, bucketField: string, keyField: string): NotificationRecord {
  const bucketProblem = stringProblem(bucket);
  if (bucketProblem) return { kind: 'rejected', reason: `${bucketField} ${bucketProblem}` };
  const keyProblem = stringProblem(rawKey);
  if (keyProblem) return { kind: 'rejected', reason: `${keyField} ${keyProblem}` };
  const key = decodeS3Key(rawKey as string);
  if (key === null) return { kind: 'rejected', reason: `${keyField} ${quote(rawKey)} has invalid percent-encoding` };
  if (key.endsWith('_$folder$')) return { kind: 'ignored', reason: 'folder-placeholder' };
  if (key.endsWith('/')) return { kind: 'ignored', reason: 'directory-marker' };
  return { kind: 'object', object: { bucket: bucket as string, key } };
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
