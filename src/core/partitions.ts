/**
 * From an S3 object to the Athena partition it belongs to. Pure.
 *
 * Tables: the bucket map names the table (`"bucket": "table"`), or with `"bucket": "*"` the key's
 * first path segment does (StreamAlert's data-bucket convention); a bucket's value may also be
 * `{"table": ..., "prefix": "parquet/"}`, when every key starts with that folder (core/buckets.ts).
 * Layouts, after the prefix, directly or under the table-name folder:
 *   Hive      [table/]dt=YYYY-MM-DD-HH/...
 *   Firehose  [table/]YYYY/MM/DD/HH/...
 * Both give partition dt='YYYY-MM-DD-HH' located at the partition folder's own prefix. The
 * location is built only from the validated bucket, prefix, table and date digits, never from free text.
 */
import { mappingOf, type BucketMap } from './buckets.js';
import { IDENTIFIER } from './config/schema.js';
import type { ObjectRef } from './notifications.js';
import { quote } from './quote.js';

export type { BucketMap, BucketValue } from './buckets.js';

export interface Partition {
  table: string;
  /** The dt partition value, `YYYY-MM-DD-HH`. */
  dt: string;
  /** `s3://bucket/[table/]<partition folder>/` */
  location: string;
}

export type PartitionResult = { ok: true; partition: Partition } | { ok: false; reason: string };

export const HIVE_FOLDER = /^dt=(\d{4})-(\d{2})-(\d{2})-(\d{2})$/;
export const YEAR_FOLDER = /^\d{4}$/;
export const TWO_DIGITS = /^\d{2}$/;

export function partitionFor(object: ObjectRef, buckets: BucketMap): PartitionResult {
  const mapping = mappingOf(buckets, object.bucket);
  if (mapping === undefined) {
    return { ok: false, reason: `bucket ${quote(object.bucket)} is not in athena_partition_refresh_config.buckets` };
  }
  const { table: mapped, prefix } = mapping;
  if (!object.key.startsWith(prefix)) {
    return { ok: false, reason: `key ${quote(object.key)} is outside the prefix ${quote(prefix)} that athena_partition_refresh_config.buckets gives bucket ${quote(object.bucket)}` };
  }
  const segments = object.key.slice(prefix.length).split('/');
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
  const folder = segments.slice(0, start + found.length).join('/');
  return { ok: true, partition: { table, dt: found.dt, location: `s3://${object.bucket}/${prefix}${folder}/` } };
}

type LayoutMatch = { ok: true; dt: string; length: number } | { ok: false; reason: string };

function matchLayout(segments: string[], start: number): LayoutMatch {
  const rest = segments.length - start;
  const hive = HIVE_FOLDER.exec(segments[start] ?? '');
  if (hive && rest >= 2) return checkDate(hive[1]!, hive[2]!, hive[3]!, hive[4]!, 1);
  const [y, m, d, h] = segments.slice(start, start + 4);
  if (rest >= 5 && YEAR_FOLDER.test(y ?? '') && TWO_DIGITS.test(m ?? '') && TWO_DIGITS.test(d ?? '') && TWO_DIGITS.test(h ?? '')) {
    return checkDate(y!, m!, d!, h!, 4);
  }
  return { ok: false, reason: 'outside every key layout: expected [table/]dt=YYYY-MM-DD-HH/<file> or [table/]YYYY/MM/DD/HH/<file>' };
}

function checkDate(y: string, m: string, d: string, h: string, length: number): LayoutMatch {
  const dt = dateHour(y, m, d, h);
  return dt ? { ok: true, dt, length } : { ok: false, reason: `${y}-${m}-${d}-${h} is not a real date and hour` };
}

/** `YYYY-MM-DD-HH` when the digits name a real date and hour, else null (2026-02-30 does not exist). */
export function dateHour(y: string, m: string, d: string, h: string): string | null {
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(Number(y), month) || Number(h) > 23) return null;
  return `${y}-${m}-${d}-${h}`;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month of the proleptic Gregorian calendar (arithmetic: a Date per message showed in the trigger path's profile). */
function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS[month - 1]!;
}

/** The identity of a partition within a run: table and value. */
export function partitionKey(p: Pick<Partition, 'table' | 'dt'>): string {
  return `${p.table}\u0000${p.dt}`;
}

