/**
 * An object key against its table's declared layout: a partition (values in key order, and the
 * folder the template matched as its location), a file to ignore (a declared ignore layout, or any
 * object of a projected table), or a reason it fits nothing. Pure.
 */
import { quote } from '../../kernel/quote.js';
import { formatDate, realDate } from './date-format.js';
import type { TableLayout, TableLayouts } from './types.js';
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
  { kind: 'partition'; partition: LayoutPartition } | { kind: 'skip'; why: 'ignored' | 'projected' } | { kind: 'bad'; reason: string };

export function matchLayout(layout: TableLayout, bucket: string, key: string): LayoutMatch {
  if (bucket !== layout.bucket || !key.startsWith(layout.prefix)) {
    return {
      kind: 'bad',
      reason: `key ${quote(key)} is outside table ${layout.table}'s location ${quote(layout.location)} (${layout.file})`,
    };
  }
  const segments = key.slice(layout.prefix.length).split('/');
  const fitted = fit(layout, segments);
  if (fitted && typeof fitted !== 'string') return fitted;
  // Nothing registration could do helps a projected table's object, whatever its path.
  if (layout.projection) return { kind: 'skip', why: 'projected' };
  return {
    kind: 'bad',
    reason: `key ${quote(key)}: ${fitted ?? `outside table ${layout.table}'s layout ${quote(layout.data.template.text)} below ${quote(layout.location)} (${layout.file})`}`,
  };
}

/** What a path below the location is for this layout: null when no template fits; a string when the date is not real. */
function fit(layout: TableLayout, segments: readonly string[]): LayoutMatch | string | null {
  for (const ignore of layout.ignore) if (matchPath(ignore, segments, !ignore.template.folder)) return { kind: 'skip', why: 'ignored' };
  if (!matchPath(layout.data, segments)) return null;
  if (layout.projection) return { kind: 'skip', why: 'projected' };
  const found = partitionOf(layout, segments);
  return typeof found === 'string' ? found : { kind: 'partition', partition: found };
}

/**
 * Which declared layout reads a key: the bucket map's table's first, then any other table whose
 * location in this bucket holds the key, so one bucket can hold several tables side by side (a
 * central log bucket: AWSLogs/<account>/CloudTrail/, .../vpcflowlogs/, .../elasticloadbalancing/).
 * The first layout whose data or ignore template fits wins; when none fits, the bucket map's table
 * answers (its reason, or projected). Undefined when no declared layout is involved.
 */
export function routeKey(
  layouts: TableLayouts,
  mapped: string,
  bucket: string,
  key: string,
): { table: string; match: LayoutMatch } | undefined {
  if (!hasAny(layouts)) return undefined; // the refresh's hot path without declared layouts allocates nothing here
  const own = Object.hasOwn(layouts, mapped) ? layouts[mapped] : undefined;
  const others = Object.values(layouts).filter((l) => l !== own && l.bucket === bucket && key.startsWith(l.prefix));
  for (const layout of own ? [own, ...others] : others) {
    if (layout.bucket !== bucket || !key.startsWith(layout.prefix)) continue;
    const fitted = fit(layout, key.slice(layout.prefix.length).split('/'));
    if (fitted === null) continue;
    return { table: layout.table, match: typeof fitted === 'string' ? { kind: 'bad', reason: `key ${quote(key)}: ${fitted}` } : fitted };
  }
  return own ? { table: own.table, match: matchLayout(own, bucket, key) } : undefined;
}

/** The partition a path (relative to the location) belongs to, or why it has none. */
export function partitionOf(layout: TableLayout, segments: readonly string[]): LayoutPartition | string {
  const captures = matchPath(layout.data, segments);
  if (!captures)
    return `outside table ${layout.table}'s layout ${quote(layout.data.template.text)} below ${quote(layout.location)} (${layout.file})`;
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

function hasAny(o: object): boolean {
  for (const _ in o) return true;
  return false;
}
