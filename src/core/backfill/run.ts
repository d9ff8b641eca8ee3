/**
 * `athena backfill`: register the partitions that exist in S3 but not in the catalog.
 *
 *   list partition folders (discovery.ts) → per table, read the registered partitions (Glue
 *   GetPartitions, only the range's) → register the missing ones through the refresh's own
 *   registrar (same strategy, statement splitting, Glue chunks, query polling) → with --rebuild,
 *   give registered partitions whose schema differs from the table's the table's current one.
 *
 * Nothing is registered with --dry-run. One table's failure (no such table, a failed statement)
 * is reported on its row and does not stop the others.
 */
import { mappedTables, type BucketMap } from '../partitions/buckets.js';
import { IDENTIFIER } from '../config/schema.js';
import { opt, optionError } from '../kernel/errors.js';
import { silentLogger } from '../kernel/logger.js';
import type { TableLayouts } from '../partitions/layout/types.js';
import type { Partition } from '../partitions/partition.js';
import { systemClock } from '../partitions/ports.js';
import { DEFAULT_QUERY_TIMING } from '../partitions/queries.js';
import { createRegistrar, type CallRecord } from '../partitions/registrar.js';
import { discoverPartitions, limiter } from './discovery.js';
import { parseRange } from './range.js';
import { totals, type BackfillResult } from './report.js';
import { backfillTable } from './table.js';
import type { BackfillOptions, BackfillProgress, BackfillSettings } from './types.js';
import type { BackfillPorts } from './ports.js';

export type { BackfillOptions, BackfillProgress, BackfillSettings } from './types.js';
export type { BackfillPorts } from './ports.js';

export async function runBackfill(
  settings: BackfillSettings,
  ports: BackfillPorts,
  options: BackfillOptions = {},
): Promise<BackfillResult> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const range = parseRange(options.since, options.until);
  const layouts = settings.layouts ?? {};
  const wanted = checkTables(settings.buckets, options.tables, layouts);
  await ports.account?.();
  const progress: BackfillProgress = { phase: 'listing', listCalls: 0, partitions: 0, registered: 0 };
  const found = await discoverPartitions(settings.buckets, ports.folders, {
    range,
    tables: wanted,
    layouts,
    concurrency: options.listConcurrency,
    onProgress: (listing) => options.onProgress?.({ ...progress, ...listing }),
  });
  progress.listCalls = found.listCalls;
  progress.partitions = found.partitions.length;
  progress.phase = 'registering';

  const calls: CallRecord[] = [];
  const logger = options.logger ?? silentLogger;
  const registrar = createRegistrar({
    strategy: settings.refresh_strategy,
    database: settings.database_name,
    athena: ports.athena,
    glue: ports.glue,
    clock,
    maxQueryBytes: options.maxQueryBytes,
    timing: () => ({
      firstPollMs: options.firstPollMs ?? DEFAULT_QUERY_TIMING.firstPollMs,
      maxPollMs: options.maxPollMs ?? DEFAULT_QUERY_TIMING.maxPollMs,
      timeoutMs: settings.query_timeout_seconds * 1000,
      deadline: Number.POSITIVE_INFINITY,
    }),
    record: (call) => {
      calls.push(call);
      logger[call.ok ? 'debug' : 'warn'](call.ok ? 'registered partitions' : 'registering partitions failed', { ...call });
    },
  });

  const byTable = new Map<string, Partition[]>();
  for (const partition of found.partitions) byTable.set(partition.table, [...(byTable.get(partition.table) ?? []), partition]);
  const names = wanted ? [...wanted] : [...new Set([...byTable.keys(), ...mappedTables(settings.buckets).tables, ...Object.keys(layouts)])];
  const limit = limiter(4);
  const tables = await Promise.all(
    names.sort().map((table) =>
      limit(async () => {
        const row = await backfillTable(table, byTable.get(table) ?? [], { settings, ports, range, registrar, options });
        progress.registered += row.registered;
        options.onProgress?.({ ...progress });
        return row;
      }),
    ),
  );
  return {
    database: settings.database_name,
    strategy: settings.refresh_strategy,
    dryRun: Boolean(options.dryRun),
    rebuild: Boolean(options.rebuild),
    range,
    tables,
    totals: totals(tables),
    listCalls: found.listCalls,
    skipped: found.skipped,
    skippedCount: found.skippedCount,
    calls,
    durationMs: clock.now() - started,
  };
}

/** --table values: table names the bucket map can hold, or tables with a declared layout. */
function checkTables(buckets: BucketMap, tables: string[] | undefined, layouts: TableLayouts): Set<string> | undefined {
  if (!tables?.length) return undefined;
  const mapped = mappedTables(buckets);
  for (const t of tables) {
    if (!IDENTIFIER.test(t)) throw optionError`${opt('table', 'tables')} "${t}" is not a table name (letters, digits and underscores)`;
    if (!mapped.any && !mapped.tables.includes(t) && !Object.hasOwn(layouts, t.toLowerCase())) {
      throw optionError`${opt('table', 'tables')} ${t}: no bucket in athena_partition_refresh_config.buckets maps this table (mapped: ${mapped.tables.join(', ')})`;
    }
  }
  return new Set(tables);
}
