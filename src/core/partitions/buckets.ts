/**
 * The bucket map: which table a bucket's objects belong to, and under which folder. Pure.
 *
 *   "bucket": "alerts"                                  keys [alerts/]<layout>, table alerts
 *   "bucket": "*"                                       keys <table>/<layout>, the folder names the table
 *   "bucket": {"table": "*", "prefix": "parquet/"}      keys parquet/<table>/<layout> (StreamAlert v3)
 *   "bucket": {"table": "alerts", "prefix": "logs/"}    keys logs/[alerts/]<layout>
 *
 * The layouts apply after the prefix, and locations keep it. Refresh, backfill and table creation
 * all read a bucket's value through `bucketMapping`, so the two forms cannot drift apart.
 */

/** A bucket's value in `athena_partition_refresh_config.buckets`. */
export type BucketValue = string | { readonly table: string; readonly prefix?: string };

export type BucketMap = Readonly<Record<string, BucketValue>>;

export interface BucketMapping {
  /** The table, or `*` when the first folder after the prefix names it. */
  table: string;
  /** `''` or folders ending in `/` that every key must start with. */
  prefix: string;
}

export function bucketMapping(value: BucketValue): BucketMapping {
  return typeof value === 'string' ? { table: value, prefix: '' } : { table: value.table, prefix: value.prefix ?? '' };
}

/** The mapping of a bucket, or undefined when the map does not name it (own keys only). */
export function mappingOf(buckets: BucketMap, bucket: string): BucketMapping | undefined {
  // Own keys only: a bucket named "constructor" or "__proto__" must not find Object.prototype's members.
  return Object.hasOwn(buckets, bucket) ? bucketMapping(buckets[bucket]!) : undefined;
}

/** Every bucket with its mapping, in the map's order. */
export function bucketMappings(buckets: BucketMap): { bucket: string; mapping: BucketMapping }[] {
  return Object.entries(buckets).map(([bucket, value]) => ({ bucket, mapping: bucketMapping(value) }));
}

/** Tables named by the map (not the ones `*` buckets hold), sorted; and whether any bucket maps `*`. */
export function mappedTables(buckets: BucketMap): { tables: string[]; any: boolean } {
  const all = bucketMappings(buckets).map((b) => b.mapping.table);
  return { tables: [...new Set(all.filter((t) => t !== '*'))].sort(), any: all.includes('*') };
}

/**
 * The location a table's definition points at: `s3://bucket/<prefix><table>/`. Partitions carry
 * their own locations, so this matters for MSCK REPAIR (which lists it) and for readers of the
 * table definition; with a named table whose keys have no table folder, data sits beside it.
 */
export function tableLocation(bucket: string, mapping: BucketMapping, table: string): string {
  const name = mapping.table === '*' ? table : mapping.table;
  return `s3://${bucket}/${mapping.prefix}${name}/`;
}
