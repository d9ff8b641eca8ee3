/**
 * Finding the partition folders that exist in S3 by listing folders, never objects.
 *
 * Each ListObjectsV2 call (`Delimiter: '/'`) returns the folders right under one prefix; the walk
 * descends only where a key layout can continue: from a bucket (after its prefix) into table
 * folders (`*` buckets) or the table's own folder, then `dt=YYYY-MM-DD-HH/` folders (partitions,
 * one listing for up to 1,000 of them) or `YYYY/MM/DD/HH/` (a listing per year, month and day).
 * So the calls grow with the number of partitions and never with the objects inside them, and a
 * `--since`/`--until` range skips whole years, months and days without listing them. A table with
 * a declared layout is walked by its template from its location instead (layout-walk.ts); one that
 * uses partition projection is not walked at all.
 */
import { bucketMappings, type BucketMap } from '../partitions/buckets.js';
import { IDENTIFIER } from '../config/schema.js';
import type { TableLayouts } from '../partitions/layout/types.js';
import { dateHour, HIVE_FOLDER, TWO_DIGITS, YEAR_FOLDER, type Partition } from '../partitions/partition.js';
import { walkLayout } from './layout-walk.js';
import type { FolderLister } from './ports.js';
import { quote } from '../kernel/quote.js';
import { folderInRange, inRange, type DtRange } from './range.js';

export interface SkippedFolder {
  /** `s3://bucket/prefix/` of the folder. */
  location: string;
  reason: string;
}

export interface DiscoveryProgress {
  listCalls: number;
  partitions: number;
}

export interface DiscoveryOptions {
  range: DtRange;
  /** Only these tables (all when absent). */
  tables?: ReadonlySet<string>;
  /** Tables with a declared layout: walked by their template, never by the built-in layouts. */
  layouts?: TableLayouts;
  /** ListObjectsV2 calls in flight at once (default 8). */
  concurrency?: number;
  onProgress?: (p: DiscoveryProgress) => void;
}

export interface Discovery {
  /** Sorted by table, dt and location; a (table, dt) may appear twice when two folders hold it. */
  partitions: Partition[];
  /** Folders that fit no layout (the first MAX_SKIPPED of them; `skippedCount` has all). */
  skipped: SkippedFolder[];
  skippedCount: number;
  listCalls: number;
}

const MAX_SKIPPED = 100;

export async function discoverPartitions(buckets: BucketMap, lister: FolderLister, options: DiscoveryOptions): Promise<Discovery> {
  const result: Discovery = { partitions: [], skipped: [], skippedCount: 0, listCalls: 0 };
  const limit = limiter(options.concurrency ?? 8);
  const wanted = (table: string) => !options.tables || options.tables.has(table);
  const layouts = options.layouts ?? {};
  const declared = (table: string) => Object.hasOwn(layouts, table.toLowerCase());
  const seen = new Set<string>();
  const skip = (bucket: string, folder: string, reason: string) => {
    // Several declared layouts in one bucket may each meet the same stray folder: report it once.
    if (seen.has(`${bucket}/${folder}`)) return;
    seen.add(`${bucket}/${folder}`);
    result.skippedCount++;
    if (result.skipped.length < MAX_SKIPPED) result.skipped.push({ location: `s3://${bucket}/${folder}`, reason });
  };

  /** Names of the folders right under `prefix`, every page listed. */
  const children = async (bucket: string, prefix: string): Promise<{ name: string; folder: string }[]> => {
    const out: { name: string; folder: string }[] = [];
    let token: string | undefined;
    do {
      const page = await limit(() => lister.listFolders(bucket, prefix, token));
      result.listCalls++;
      for (const folder of page.folders) {
        const name = folder.slice(prefix.length, -1);
        if (folder.startsWith(prefix) && folder.endsWith('/') && name && !name.includes('/')) out.push({ name, folder });
      }
      token = page.next;
      options.onProgress?.({ listCalls: result.listCalls, partitions: result.partitions.length });
    } while (token);
    return out;
  };

  const found = (bucket: string, table: string, dt: string, folder: string) => {
    if (inRange(options.range, dt)) result.partitions.push({ table, dt, location: `s3://${bucket}/${folder}` });
  };

  /** YYYY/ → MM/ → DD/ → HH/ below a year folder, skipping folders outside the range. */
  const firehose = async (bucket: string, table: string, folder: string, parts: string[]): Promise<void> => {
    await Promise.all(
      (await children(bucket, folder)).map(async (child) => {
        if (!TWO_DIGITS.test(child.name)) return skip(bucket, child.folder, 'outside the YYYY/MM/DD/HH layout');
        const next = [...parts, child.name];
        if (next.length < 4) return folderInRange(options.range, next) ? firehose(bucket, table, child.folder, next) : undefined;
        const dt = dateHour(next[0]!, next[1]!, next[2]!, next[3]!);
        if (!dt) return skip(bucket, child.folder, `${next.join('/')} is not a real date and hour`);
        found(bucket, table, dt, child.folder);
      }),
    );
  };

  /** The layouts under `base`; `tableFolder` is the named table's optional folder, walked once. */
  const builtIn = async (bucket: string, table: string, base: string, tableFolder?: string): Promise<void> => {
    await Promise.all(
      (await children(bucket, base)).map(async (child) => {
        const hive = HIVE_FOLDER.exec(child.name);
        if (hive) {
          const dt = dateHour(hive[1]!, hive[2]!, hive[3]!, hive[4]!);
          return dt ? found(bucket, table, dt, child.folder) : skip(bucket, child.folder, `${child.name} is not a real date and hour`);
        }
        if (YEAR_FOLDER.test(child.name))
          return folderInRange(options.range, [child.name]) ? firehose(bucket, table, child.folder, [child.name]) : undefined;
        if (child.name === tableFolder) return builtIn(bucket, table, child.folder);
        skip(
          bucket,
          child.folder,
          'outside every key layout: expected dt=YYYY-MM-DD-HH/ or YYYY/MM/DD/HH/' +
            (tableFolder ? `, or the table folder ${tableFolder}/` : ''),
        );
      }),
    );
  };

  const walks = Object.values(layouts)
    .filter((layout) => wanted(layout.table) && !layout.projection)
    .map((layout) =>
      walkLayout(layout, { range: options.range, children, skip, found: (p) => result.partitions.push(p) }, Object.values(layouts)),
    );
  await Promise.all([
    ...walks,
    ...bucketMappings(buckets).map(async ({ bucket, mapping }) => {
      if (mapping.table !== '*')
        return wanted(mapping.table) && !declared(mapping.table)
          ? builtIn(bucket, mapping.table, mapping.prefix, mapping.table)
          : undefined;
      await Promise.all(
        (await children(bucket, mapping.prefix)).map(async (child) => {
          if (!IDENTIFIER.test(child.name))
            return skip(bucket, child.folder, `${quote(child.name)} is not a table name (the bucket maps "*": each folder names a table)`);
          if (wanted(child.name) && !declared(child.name)) await builtIn(bucket, child.name, child.folder);
        }),
      );
    }),
  ]);
  result.partitions.sort((a, b) => cmp(a.table, b.table) || cmp(a.dt, b.dt) || cmp(a.location, b.location));
  result.skipped.sort((a, b) => cmp(a.location, b.location));
  return result;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Runs at most `n` of the given calls at once; a finishing call hands its slot to the next waiting one. */
export function limiter(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    if (active < n) active++;
    else await new Promise<void>((r) => waiting.push(r));
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
