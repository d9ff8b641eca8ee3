/**
 * Discovery for a table with a declared layout: its template walked one path segment at a time
 * from the table's location, one ListObjectsV2 (`Delimiter: '/'`) per folder that can still fit.
 * A `{key}` level lists the folders that are there; a date level keeps only the folders whose
 * digits so far can hold a date inside `--since`/`--until`, so whole years, months and days
 * outside the range are never listed. Folders of an `ignore_layouts` template are passed over
 * silently; other folders that fit no level are reported as skipped.
 */
import { partList } from '../partitions/layout/date-format.js';
import { partitionOf, VALUE_SEPARATOR } from '../partitions/layout/match.js';
import { emptyCaptures, matchPath, matchSegment, type Captures, type CompiledTemplate } from '../partitions/layout/template.js';
import type { TableLayout } from '../partitions/layout/types.js';
import type { Partition } from '../partitions/partition.js';
import { folderInRange, type DtRange } from './range.js';

export interface WalkContext {
  range: DtRange;
  /** The folders right under a prefix (every page). */
  children(bucket: string, prefix: string): Promise<{ name: string; folder: string }[]>;
  skip(bucket: string, folder: string, reason: string): void;
  found(partition: Partition): void;
}

export async function walkLayout(layout: TableLayout, context: WalkContext, neighbours: readonly TableLayout[] = []): Promise<void> {
  const { template, patterns } = layout.data;
  // Another table's layout in the same bucket may hold the folder (AWSLogs/<account>/vpcflowlogs/ beside CloudTrail/).
  const skip = (folder: string, reason: string) => {
    if (!neighbours.some((n) => n !== layout && coversFolder(n, layout.bucket, folder))) context.skip(layout.bucket, folder, reason);
  };
  const depth = patterns.length;
  const walk = async (level: number, prefix: string, path: string[], captures: Captures): Promise<void> => {
    await Promise.all(
      (await context.children(layout.bucket, prefix)).map(async (child) => {
        const next = [...path, child.name];
        // A folder below which only ignored files can lie (CloudTrail-Digest/) is not data.
        if (layout.ignore.some((ignore) => matchPath(ignore, [...next, '']))) return;
        const got = matchSegment(template.segments[level]!, patterns[level]!, child.name, captures);
        if (!got) return skip(child.folder, `outside table ${layout.table}'s layout ${JSON.stringify(template.text)} (level ${level + 1})`);
        if (!datesInRange(got, context.range)) return;
        if (level + 1 < depth) return walk(level + 1, child.folder, next, got);
        const partition = partitionOf(layout, [...next, '']);
        if (typeof partition === 'string') return context.skip(layout.bucket, child.folder, partition);
        context.found({
          table: layout.table,
          dt: partition.values.join(VALUE_SEPARATOR),
          location: partition.location,
          keys: partition.keys,
        });
      }),
    );
  };
  if (depth) await walk(0, layout.prefix, [], emptyCaptures());
}

/** Whether a folder (`prefix/a/b/`) lies on a path the layout's data or ignore templates can take. */
export function coversFolder(layout: TableLayout, bucket: string, folder: string): boolean {
  if (bucket !== layout.bucket || !folder.startsWith(layout.prefix)) return false;
  const segments = folder.slice(layout.prefix.length, -1).split('/');
  const fits = (t: CompiledTemplate) => segments.every((segment, i) => i >= t.patterns.length || t.patterns[i]!.test(segment));
  return fits(layout.data) || layout.ignore.some(fits);
}

/** Whether every date read so far (perhaps only its year, or year and month) can lie in the range. */
function datesInRange(captures: Captures, range: DtRange): boolean {
  for (const parts of captures.dates.values()) if (!folderInRange(range, partList(parts))) return false;
  return true;
}

/** Whether a registered partition's dates lie in the range (values in key order, as the layout reads them). */
export function valuesInRange(layout: TableLayout, values: readonly string[], range: DtRange): boolean {
  return layout.keyNames.every((key, i) => {
    const format = layout.data.template.dates.get(key);
    if (!format) return true;
    const digits = (values[i] ?? '').match(/\d+/g) ?? [];
    return folderInRange(range, digits);
  });
}
