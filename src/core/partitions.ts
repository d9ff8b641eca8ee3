/**
 * From an S3 object to the Athena partition it belongs to. Pure.
 *
 * Tables: the bucket map names the table (`"bucket": "table"`), or with `"bucket": "*"` the key's
 * first path segment does (StreamAlert's data-bucket convention).
 * Layouts, directly under the bucket or under the table-name folder:
 *   Hive      [table/]dt=YYYY-MM-DD-HH/...
 *   Firehose  [table/]YYYY/MM/DD/HH/...
 * Both give partition dt='YYYY-MM-DD-HH' located at the partition folder's own prefix. The
 * location is built only from the validated bucket, table and date digits, never from free text.
 */
import { IDENTIFIER } from './config/schema.js';
import type { ObjectRef } from './notifications.js';
import { quote } from './quote.js';

export type BucketMap = Readonly<Record<string, string>>;

export interface Partition {
  table: string;
  /** The dt partition value, `YYYY-MM-DD-HH`. */
  dt: string;
  /** `s3://bucket/[table/]<partition folder>/` */
  location: string;
}

export type PartitionResult = { ok: true; partition: Partition } | { ok: false; reason: string };

const HIVE = /^dt=(\d{4})-(\d{2})-(\d{2})-(\d{2})$/;
const YEAR = /^\d{4}$/;
const TWO = /^\d{2}$/;

export function partitionFor(object: ObjectRef, buckets: BucketMap): PartitionResult {
  // Own keys only: a bucket named "constructor" or "__proto__" must not find Object.prototype's members.
  const mapped = Object.hasOwn(buckets, object.bucket) ? buckets[object.bucket] : undefined;
  if (mapped === undefined) {
    return { ok: false, reason: `bucket ${quote(object.bucket)} is not in athena_partition_refresh_config.buckets` };
  }
  const segments = object.key.split('/');
  // Athena lower-cases table names: `Alerts/` and `alerts/` are one table, so they must be one
  // partition identity here too (their locations still differ, and the run keeps the second).
  let table = mapped.toLowerCase();
  let start = 0;
  if (mapped === '*') {
    const first = segments[0] ?? '';
    if (!IDENTIFIER.test(first)) {
      return { ok: false, reason: `key ${quote(object.key)}: first folder ${quote(first)} is not a table name (bucket ${quote(object.bucket)} maps "*")` };
    }
    table = first.toLowerCase();
    start = 1;
  } else if (segments[0] === mapped) {
    start = 1;
  }
  const found = matchLayout(segments, start);
  if (!found.ok) return { ok: false, reason: `key ${quote(object.key)}: ${found.reason}` };
  const prefix = segments.slice(0, start + found.length).join('/');
  return { ok: true, partition: { table, dt: found.dt, location: `s3://${object.bucket}/${prefix}/` } };
}

type LayoutMatch = { ok: true; dt: string; length: number } | { ok: false; reason: string };

function matchLayout(segments: string[], start: number): LayoutMatch {
  const rest = segments.length - start;
  const hive = HIVE.exec(segments[start] ?? '');
  if (hive && rest >= 2) return checkDate(hive[1]!, hive[2]!, hive[3]!, hive[4]!, 1);
  const [y, m, d, h] = segments.slice(start, start + 4);
  if (rest >= 5 && YEAR.test(y ?? '') && TWO.test(m ?? '') && TWO.test(d ?? '') && TWO.test(h ?? '')) {
    return checkDate(y!, m!, d!, h!, 4);
  }
  return { ok: false, reason: 'outside every key layout: expected [table/]dt=YYYY-MM-DD-HH/<file> or [table/]YYYY/MM/DD/HH/<file>' };
}

function checkDate(y: string, m: string, d: string, h: string, length: number): LayoutMatch {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  const hour = Number(h);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23) {
    return { ok: false, reason: `${y}-${m}-${d}-${h} is not a real date and hour` };
  }
  return { ok: true, dt: `${y}-${m}-${d}-${h}`, length };
}

/** The identity of a partition within a run: table and value. */
export function partitionKey(p: Pick<Partition, 'table' | 'dt'>): string {
  return `${p.table}\u0000${p.dt}`;
}

