/**
 * Registering partitions with one of three strategies:
 *   add_partition  ALTER TABLE ... ADD IF NOT EXISTS PARTITION, split at Athena's 262,144-byte limit
 *   repair         MSCK REPAIR TABLE once per touched table (the original design's mechanism);
 *                  Firehose-layout partitions, which MSCK cannot discover, are added explicitly
 *   glue           Glue BatchCreatePartition in chunks of 100; AlreadyExists is success
 * Each partition comes back registered or failed with a reason; nothing throws for one table's
 * failure, so other tables' messages can still be deleted.
 */
import type { RefreshStrategy } from './config/schema.js';
import { errorMessage } from './errors.js';
import type { Partition } from './partitions.js';
import { partitionKey } from './partitions.js';
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

export function createRegistrar(o: RegistrarOptions): Registrar {
  return {
    strategy: o.strategy,
    register: async (partitions) => {
      // The check runs beside the registration: it sees the catalog before our registration (a
      // partition elsewhere is left there by IF NOT EXISTS / AlreadyExists) or after it (our own
      // location), and either answer is right.
      const misplaced = o.catalog ? checkRegisteredLocations(o.catalog, o.database, partitions, o.call) : undefined;
      const failures = await (o.strategy === 'glue' ? registerWithGlue(o, partitions) : registerWithAthena(o, partitions));
      for (const [key, reason] of (await misplaced) ?? []) if (!failures.has(key)) failures.set(key, reason);
      return failures;
    },
  };
}

function byTable(partitions: Partition[]): Map<string, Partition[]> {
  const tables = new Map<string, Partition[]>();
  for (const p of partitions) {
    const list = tables.get(p.table);
    if (list) list.push(p);
    else tables.set(p.table, [p]);
  }
  return tables;
}

async function registerWithAthena(o: RegistrarOptions, partitions: Partition[]): Promise<Map<string, string>> {
  const failures = new Map<string, string>();
  const statements: Statement[] = [];
  for (const [table, list] of byTable(partitions)) {
    // MSCK REPAIR only discovers Hive-style `dt=` folders; Firehose-layout partitions
    // (YYYY/MM/DD/HH) are invisible to it, so they are added explicitly even under `repair`.
    const hive = o.strategy === 'repair' ? list.filter(isHiveLocation) : [];
    const explicit = o.strategy === 'repair' ? list.filter((p) => !isHiveLocation(p)) : list;
    if (hive.length) statements.push(repairStatement(o.database, table, hive));
    if (explicit.length) statements.push(...addPartitionStatements(o.database, table, explicit, o.maxQueryBytes));
  }
  const fail = (s: Statement, reason: string, id?: string) => {
    for (const p of s.partitions) failures.set(partitionKey(p), reason);
    o.record({ kind: 'athena', table: s.table, partitions: s.partitions.length, ok: false, sql: s.sql, queryExecutionId: id, error: reason });
  };
  const timing = o.timing();
  const started = await Promise.all(
    statements.map(async (s) => {
      try {
        return { s, id: await startQuery(o.athena, s.sql, o.database, o.clock, timing.deadline, o.call) };
      } catch (err) {
        fail(s, `table ${s.table}: could not start the query: ${errorMessage(err)}`);
        return undefined;
      }
    }),
  );
  const running = started.filter((x): x is { s: Statement; id: string } => x !== undefined);
  if (!running.length) return failures;
  const outcomes = await waitForQueries(o.athena, running.map((r) => r.id), o.clock, o.timing(), o.call);
  for (const { s, id } of running) {
    const outcome = outcomes.get(id);
    if (outcome?.ok) o.record({ kind: 'athena', table: s.table, partitions: s.partitions.length, ok: true, sql: s.sql, queryExecutionId: id });
    else fail(s, `table ${s.table}: ${outcome ? errorMessage(outcome.error) : 'no outcome'}`, id);
  }
  return failures;
}

function isHiveLocation(p: Partition): boolean {
  return /\/dt=[^/]+\/$/.test(p.location);
}

async function registerWithGlue(o: RegistrarOptions, partitions: Partition[]): Promise<Map<string, string>> {
  const glue = o.glue;
  const failures = new Map<string, string>();
  if (!glue) throw new Error('the glue strategy needs a GluePort');
  const jobs = [...byTable(partitions)].flatMap(([table, list]) => chunk(list, GLUE_BATCH_SIZE).map((part) => ({ table, part })));
  await Promise.all(
    jobs.map(async ({ table, part }) => {
      try {
        const failed = await glue.createPartitions(o.database, table, part, o.call);
        const byDt = new Map(failed.map((f) => [f.dt, f]));
        for (const p of part) {
          const f = byDt.get(p.dt);
          if (f) failures.set(partitionKey(p), `table ${table}: Glue ${f.code}: ${f.message}`);
        }
        o.record({ kind: 'glue', table, partitions: part.length, ok: failed.length === 0, error: failed.length ? `${failed.length} partition(s) failed` : undefined });
      } catch (err) {
        for (const p of part) failures.set(partitionKey(p), `table ${table}: ${errorMessage(err)}`);
        o.record({ kind: 'glue', table, partitions: part.length, ok: false, error: errorMessage(err) });
      }
    }),
  );
  return failures;
}
