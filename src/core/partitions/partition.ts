/**
 * From an S3 object to the Athena partition it belongs to. Pure.
 *
 * Tables: the bucket map names the table (`"bucket": "table"`), or with `"bucket": "*"` the key's
 * first path segment does (StreamAlert's data-bucket convention); a bucket's value may also be
 * `{"table": ..., "prefix": "parquet/"}`, when every key starts with that folder (core/partitions/buckets.ts).
 * Layouts, after the prefix, directly or under the table-name folder:
 *   Hive      [table/]dt=YYYY-MM-DD-HH/...
 *   Firehose  [table/]YYYY/MM/DD/HH/...
 * Both give partition dt='YYYY-MM-DD-HH' located at the partition folder's own prefix. The
 * location is built only from the validated bucket, prefix, table and date digits, never from free text.
 * A table whose schema file declares a layout is read by its template instead (core/layout/).
 */
import { mappingOf, type BucketMap } from './buckets.js';
import { IDENTIFIER } from '../config/schema.js';
import { routeKey, VALUE_SEPARATOR } from './layout/match.js';
import type { TableLayouts } from './layout/types.js';
import type { ObjectRef } from './notifications.js';
import { quote } from '../kernel/quote.js';

export type { BucketMap, BucketValue } from './buckets.js';

export interface Partition {
  table: string;
  /**
   * The partition's value: dt's `YYYY-MM-DD-HH` for the built-in layouts; for a declared layout
   * its values in key order joined by VALUE_SEPARATOR (one key: the value itself).
   */
  dt: string;
  /** `s3://bucket/[table/]<partition folder>/` */
  location: string;
  /** A declared layout's partition keys in order (absent: the one key `dt`). */
  keys?: readonly string[];
}

export type PartitionResult = { ok: true; partition: Partition } | { ok: false; reason: string };

/** An object's place: a partition, a file its table's layout says to skip, or why it has none. */
export type Located =
  { kind: 'partition'; partition: Partition } | { kind: 'skip'; why: 'ignored' | 'projected' } | { kind: 'bad'; reason: string };

export const partitionKeys = (p: Pick<Partition, 'keys'>): readonly string[] => p.keys ?? ['dt'];
export const partitionValues = (p: Pick<Partition, 'dt' | 'keys'>): string[] => (p.keys ? p.dt.split(VALUE_SEPARATOR) : [p.dt]);

/** `dt=2026-11-28-09`, `account=123/region=us-east-1/day=2026/11/28`: for messages. */
export function partitionName(p: Pick<Partition, 'dt' | 'keys'>): string {
  const values = partitionValues(p);
  return partitionKeys(p)
    .map((k, i) => `${k}=${values[i]}`)
    .join('/');
}

/** How a partition is listed in results: the dt value, or a declared layout's `key=value/...`. */
export const partitionLabel = (p: Pick<Partition, 'dt' | 'keys'>): string => (p.keys ? partitionName(p) : p.dt);

export const HIVE_FOLDER = /^dt=(\d{4})-(\d{2})-(\d{2})-(\d{2})$/;
export const YEAR_FOLDER = /^\d{4}$/;
export const TWO_DIGITS = /^\d{2}$/;

/** An object of a table without a declared layout (the built-in layouts only). */
export function partitionFor(object: ObjectRef, buckets: BucketMap): PartitionResult {
  const found = locateObject(object, buckets, {});
  return found.kind === 'partition'
    ? { ok: true, partition: found.partition }
    : { ok: false, reason: found.kind === 'bad' ? found.reason : found.why };
}

export function locateObject(object: ObjectRef, buckets: BucketMap, layouts: TableLayouts): Located {
  const bad = (reason: string): Located => ({ kind: 'bad', reason });
  const mapping = mappingOf(buckets, object.bucket);
  if (mapping === undefined) {
    return { kind: 'bad', reason: `bucket ${quote(object.bucket)} is not in athena_partition_refresh_config.buckets` };
  }
  const { table: mapped, prefix } = mapping;
  if (!object.key.startsWith(prefix)) {
    return bad(
      `key ${quote(object.key)} is outside the prefix ${quote(prefix)} that athena_partition_refresh_config.buckets gives bucket ${quote(object.bucket)}`,
    );
  }
  const segments = object.key.slice(prefix.length).split('/');
  // Athena lower-cases table names: `Alerts/` and `alerts/` are one table, so they must be one
  // partition identity here too (their locations still differ, and the run keeps the second).
  let table = mapped.toLowerCase();
  let start = 0;
  if (mapped === '*') {
    const first = segments[0] ?? '';
    if (!IDENTIFIER.test(first)) {
      return bad(`key ${quote(object.key)}: first folder ${quote(first)} is not a table name (bucket ${quote(object.bucket)} maps "*")`);
    }
    table = first.toLowerCase();
    start = 1;
  } else if (segments[0] === mapped) {
    start = 1;
  }
  const routed = routeKey(layouts, table, object.bucket, object.key);
  if (routed) {
    const m = routed.match;
    if (m.kind !== 'partition') return m;
    return {
      kind: 'partition',
      partition: {
        table: routed.table,
        dt: m.partition.values.join(VALUE_SEPARATOR),
        location: m.partition.location,
        keys: m.partition.keys,
      },
    };
  }
  const found = builtInLayout(segments, start);
  if (!found.ok) return bad(`key ${quote(object.key)}: ${found.reason}`);
  const folder = segments.slice(0, start + found.length).join('/');
  return { kind: 'partition', partition: { table, dt: found.dt, location: `s3://${object.bucket}/${prefix}${folder}/` } };
}

/**
 * The built-in layouts written as templates (core/partitions/layout/template.ts): Hive and Firehose, tried in
 * that order, both values normalised to YYYY-MM-DD-HH. builtInLayout below is their hand-written
 * matcher: the generic one cost about 4 µs more per key on the refresh's hot path (measured on
 * 400,000 keys), and test/unit/core/partitions/layout/built-in.test.ts holds the two to the same answers.
 */
export const BUILT_IN_LAYOUTS = ['dt={dt:yyyy-MM-dd-HH}/', '{dt:yyyy/MM/dd/HH}/'] as const;

type LayoutMatch = { ok: true; dt: string; length: number } | { ok: false; reason: string };

function builtInLayout(segments: string[], start: number): LayoutMatch {
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

/** The identity of a partition within a run: table and value(s). */
export function partitionKey(p: Pick<Partition, 'table' | 'dt'>): string {
  return `${p.table}\u0000${p.dt}`;
}
