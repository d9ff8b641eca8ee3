/**
 * An object key against its table's declared layout: a partition (values in key order, and the
 * folder the template matched as its location), a file to ignore (a declared ignore layout, or any
 * object of a projected table), or a reason it fits nothing. Pure.
 */
import { quote } from '../quote.js';
import { formatDate, realDate } from './date-format.js';
import type { TableLayout } from './types.js';
import { matchPath } from './template.js';

/** Joins a multi-key partition's values into one identity string (no value can hold it: template.ts). */
export const VALUE_SEPARATOR = '\u001f';

export interface LayoutPartition {
  keys: readonly string[];
  values: string[];
  /** `s3://bucket/<prefix><matched folders>/` */
  location: string;
}

export type LayoutMatch =
  | { kind: 'partition'; partition: LayoutPartition }
  | { kind: 'skip'; why: 'ignored' | 'projected' }
  | { kind: 'bad'; reason: string };

export function matchLayout(layout: TableLayout, bucket: string, key: string): LayoutMatch {
  if (bucket !== layout.bucket || !key.startsWith(layout.prefix)) {
    return { kind: 'bad', reason: `key ${quote(key)} is outside table ${layout.table}'s location ${quote(layout.location)} (${layout.file})` };
  }
  const segments = key.slice(layout.prefix.length).split('/');
  for (const ignore of layout.ignore) if (matchPath(ignore, segments, !ignore.template.folder)) return { kind: 'skip', why: 'ignored' };
  if (layout.projection) return { kind: 'skip', why: 'projected' };
  const found = partitionOf(layout, segments);
  if (typeof found === 'string') return { kind: 'bad', reason: `key ${quote(key)}: ${found}` };
  return { kind: 'partition', partition: found };
}

/** The partition a path (relative to the location) belongs to, or why it has none. */
export function partitionOf(layout: TableLayout, segments: readonly string[]): LayoutPartition | string {
  const captures = matchPath(layout.data, segments);
  if (!captures) return `outside table ${layout.table}'s layout ${quote(layout.data.template.text)} below ${quote(layout.location)} (${layout.file})`;
  const values: string[] = [];
  for (const key of layout.keyNames) {
    const format = layout.data.template.dates.get(key);
    if (!format) {
      values.push(captures.values.get(key)!);
      continue;
    }
    const parts = captures.dates.get(key) ?? {};
    const value = formatDate(format, parts);
    if (!realDate(parts)) return `${key} ${quote(value)} is not a real date${parts.H !== undefined ? ' and hour' : ''}`;
    values.push(value);
  }
  const n = layout.data.patterns.length;
  return { keys: layout.keyNames, values, location: `s3://${layout.bucket}/${layout.prefix}${segments.slice(0, n).join('/')}/` };
}
