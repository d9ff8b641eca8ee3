/**
 * Registering partitions with one of three strategies:
 *   add_partition  ALTER TABLE ... ADD IF NOT EXISTS PARTITION, split at Athena's 262,144-byte limit
 *   repair         MSCK REPAIR TABLE once per touched table (the original design's mechanism);
 *                  Firehose-layout partitions, which MSCK cannot discover, are added explicitly
 *   glue           Glue BatchCreatePartition in chunks of 100; AlreadyExists is success
 * Each partition comes back registered or failed with a reason; nothing throws for one table's
 * failure, so other tables' messages can still be deleted.
 */
import type { RefreshStrategy } from '../config/schema.js';
import { errorMessage } from '../kernel/errors.js';
import type { Partition } from './partition.js';
import { partitionKey } from './partition.js';
import { checkRegisteredLocations } from './locations.js';
import type { AthenaPort, CallOptions, CatalogPort, Clock, GluePort } from './ports.js';
import { startQuery, waitForQueries, type QueryTiming } from './queries.js';
import { addPartitionStatements, chunk, GLUE_BATCH_SIZE, repairStatement, type Statement } from './statements.js';

export interface Registrar {
  strategy: RefreshStrategy;
  /** Registers partitions of any tables; returns a failure reason per partition key that failed. */
  register(partitions: Partition[]): Promise<Map<string, string>>;
}

/** A statement or call that was made, for the run's summary. */
export interface CallRecord {
  kind: 'athena' | 'glue';
  table: string;
  partitions: number;
  ok: boolean;
  sql?: string;
  queryExecutionId?: string;
  error?: string;
}

export interface RegistrarOptions {
  strategy: RefreshStrategy;
  database: string;
  athena: AthenaPort;
  glue?: GluePort;
  clock: Clock;
  timing: () => QueryTiming;
  record: (call: CallRecord) => void;
  maxQueryBytes?: number;
  /** Where the catalog already has partitions (checked for every strategy; see locations.ts). */
  catalog?: CatalogPort;
  /** Carries the run's deadline signal to every call. */
  call?: CallOptions;
}

export function createRegistrar(options: RegistrarOptions): Registrar {
  return {
    strategy: options.strategy,
    register: async (partitions) => {
      // The check runs beside the registration: it sees the catalog before our registration (a
      // partition elsewhere is left there by IF NOT EXISTS / AlreadyExists) or after it (our own
      // location), and either answer is right.
      const misplaced = options.catalog ? checkRegisteredLocations(options.catalog, options.database, partitions, options.call) : undefined;
      const failures = await (options.strategy === 'glue'
        ? registerWithGlue(options, partitions)
        : registerWithAthena(options, partitions));
      for (const [key, reason] of (await misplaced) ?? []) if (!failures.has(key)) failures.set(key, reason);
      return failures;
    },
  };
}

function byTable(partitions: Partition[]): Map<string, Partition[]> {
  const tables = new Map<string, Partition[]>();
  for (const partition of partitions) {
    const list = tables.get(partition.table);
    if (list) list.push(partition);
    else tables.set(partition.table, [partition]);
  }
  return tables;
}

async function registerWithAthena(options: RegistrarOptions, partitions: Partition[]): Promise<Map<string, string>> {
  const failures = new Map<string, string>();
  const statements: Statement[] = [];
  for (const [table, list] of byTable(partitions)) {
    // MSCK REPAIR only discovers Hive-style `dt=` folders; Firehose-layout partitions
    // (YYYY/MM/DD/HH) are invisible to it, so they are added explicitly even under `repair`,
    // as are a declared layout's (its folders are rarely all `key=value`).
    const repairable = (partition: Partition) => !partition.keys && isHiveLocation(partition);
    const hive = options.strategy === 'repair' ? list.filter(repairable) : [];
    const explicit = options.strategy === 'repair' ? list.filter((partition) => !repairable(partition)) : list;
    if (hive.length) statements.push(repairStatement(options.database, table, hive));
    if (explicit.length) statements.push(...addPartitionStatements(options.database, table, explicit, options.maxQueryBytes));
  }
  const fail = (statement: Statement, reason: string, id?: string) => {
    for (const partition of statement.partitions) failures.set(partitionKey(partition), reason);
    options.record({
      kind: 'athena',
      table: statement.table,
      partitions: statement.partitions.length,
      ok: false,
      sql: statement.sql,
      queryExecutionId: id,
      error: reason,
    });
  };
  const timing = options.timing();
  const started = await Promise.all(
    statements.map(async (statement) => {
      try {
        return {
          statement,
          id: await startQuery(options.athena, statement.sql, options.database, options.clock, timing.deadline, options.call),
        };
      } catch (err) {
        fail(statement, `table ${statement.table}: could not start the query: ${errorMessage(err)}`);
        return undefined;
      }
    }),
  );
  const running = started.filter((entry): entry is { statement: Statement; id: string } => entry !== undefined);
  if (!running.length) return failures;
  const outcomes = await waitForQueries(
    options.athena,
    running.map((run) => run.id),
    options.clock,
    options.timing(),
    options.call,
  );
  for (const { statement, id } of running) {
    const outcome = outcomes.get(id);
    if (outcome?.ok)
      options.record({
        kind: 'athena',
        table: statement.table,
        partitions: statement.partitions.length,
        ok: true,
        sql: statement.sql,
        queryExecutionId: id,
      });
    else fail(statement, `table ${statement.table}: ${outcome ? errorMessage(outcome.error) : 'no outcome'}`, id);
  }
  return failures;
}

function isHiveLocation(partition: Partition): boolean {
  return /\/dt=[^/]+\/$/.test(partition.location);
}

async function registerWithGlue(options: RegistrarOptions, partitions: Partition[]): Promise<Map<string, string>> {
  const glue = options.glue;
  const failures = new Map<string, string>();
  if (!glue) throw new Error('the glue strategy needs a GluePort');
  const jobs = [...byTable(partitions)].flatMap(([table, list]) => chunk(list, GLUE_BATCH_SIZE).map((part) => ({ table, part })));
  await Promise.all(
    jobs.map(async ({ table, part }) => {
      try {
        const failed = await glue.createPartitions(options.database, table, part, options.call);
        const byDt = new Map(failed.map((failure) => [failure.dt, failure]));
        for (const partition of part) {
          const failure = byDt.get(partition.dt);
          if (failure) failures.set(partitionKey(partition), `table ${table}: Glue ${failure.code}: ${failure.message}`);
        }
        options.record({
          kind: 'glue',
          table,
          partitions: part.length,
          ok: failed.length === 0,
          error: failed.length ? `${failed.length} partition(s) failed` : undefined,
        });
      } catch (err) {
        for (const partition of part) failures.set(partitionKey(partition), `table ${table}: ${errorMessage(err)}`);
        options.record({ kind: 'glue', table, partitions: part.length, ok: false, error: errorMessage(err) });
      }
    }),
  );
  return failures;
}
