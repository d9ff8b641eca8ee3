/**
 * Is each partition registered where its objects are? `ADD IF NOT EXISTS` does nothing and Glue's
 * AlreadyExists counts as success when the catalog already has the partition, perhaps at another
 * location (`alerts/dt=X/` and `dt=X/` are both valid layouts of a `"bucket": "table"` map). A
 * message whose object lies elsewhere would then be deleted while its object stays unsearchable.
 * So for the partitions being registered (their values: `dt`), the catalog is read (one Glue BatchGetPartition per table
 * and batch of up to 1,000) and a partition registered at another location fails, naming both.
 */
import { errorMessage } from '../kernel/errors.js';
import { partitionKey, partitionName, type Partition } from './partition.js';
import type { CallOptions, CatalogPort } from './ports.js';
import { quote } from '../kernel/quote.js';
import { chunk } from './statements.js';

/** BatchGetPartition takes at most this many partitions per call. */
export const GET_PARTITIONS_BATCH = 1_000;

/** The same S3 folder, whether or not the catalog's copy ends in `/`. */
export function sameLocation(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** Failure reasons by partition key, for the partitions registered elsewhere or not verifiable. */
export async function checkRegisteredLocations(
  catalog: CatalogPort,
  database: string,
  partitions: readonly Partition[],
  call: CallOptions = {},
): Promise<Map<string, string>> {
  const failures = new Map<string, string>();
  const tables = new Map<string, Partition[]>();
  for (const p of partitions) (tables.get(p.table) ?? tables.set(p.table, []).get(p.table)!).push(p);
  const jobs = [...tables].flatMap(([table, list]) => chunk(list, GET_PARTITIONS_BATCH).map((part) => ({ table, part })));
  await Promise.all(
    jobs.map(async ({ table, part }) => {
      try {
        const { locations, unprocessed } = await catalog.registeredPartitions(
          database,
          table,
          part.map((p) => p.dt),
          call,
        );
        const skipped = new Set(unprocessed);
        for (const p of part) {
          const at = locations.get(p.dt);
          if (skipped.has(p.dt))
            failures.set(
              partitionKey(p),
              `table ${table}: the catalog did not say where partition ${partitionName(p)} is registered (Glue left it unprocessed); the message is retried later`,
            );
          else if (at !== undefined && !sameLocation(at, p.location)) {
            failures.set(
              partitionKey(p),
              `partition ${table}/${partitionName(p)} is registered at ${quote(at)}, not at ${quote(p.location)} where this object is: ` +
                `Athena would not find it. Move the object, or point the partition at one location (ALTER TABLE ... PARTITION ... SET LOCATION)`,
            );
          }
        }
      } catch (err) {
        for (const p of part)
          failures.set(
            partitionKey(p),
            `table ${table}: could not check where partition ${partitionName(p)} is registered: ${errorMessage(err)}`,
          );
      }
    }),
  );
  return failures;
}
