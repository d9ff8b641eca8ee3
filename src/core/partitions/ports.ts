/**
 * What registering partitions needs from the outside world: Athena, Glue, and where the catalog
 * has partitions already. The refresh and the backfill both register through these; src/aws
 * implements them with the AWS SDK, tests and the library can hand in their own. Each concept's
 * other ports are in its own ports.ts (refresh: the queue; redrive, backfill, deploy, init, account).
 */
import type { Partition } from './partition.js';

/**
 * Per-call options. `signal` aborts the call (and the SDK's retries inside it) when the run's
 * deadline passes, so no call outlives the run's budget.
 */
export interface CallOptions {
  signal?: AbortSignal;
}

export type QueryStateName = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface QueryState {
  id: string;
  state: QueryStateName;
  reason?: string;
  errorType?: string;
}

export interface AthenaPort {
  /** The region of the catalog, for messages (a database made in another region is not found). */
  readonly region?: string;
  /** Whether the database exists in the data catalog (no query is run). */
  databaseExists(database: string, options?: CallOptions): Promise<boolean>;
  /** StartQueryExecution; returns the query execution id. Throttling surfaces as AwsError. */
  startQuery(sql: string, database: string, options?: CallOptions): Promise<string>;
  /** The current state of each query. */
  queryStates(ids: string[], options?: CallOptions): Promise<QueryState[]>;
}

export interface PartitionFailure {
  /** The partition's value(s), as Partition.dt holds them. */
  dt: string;
  code: string;
  message: string;
}

export interface GluePort {
  /**
   * BatchCreatePartition for at most 100 partitions of one table, their storage copied from the
   * table's. Partitions that already exist are not failures.
   */
  createPartitions(database: string, table: string, partitions: Partition[], options?: CallOptions): Promise<PartitionFailure[]>;
}

/** What the data catalog holds for some partitions of one table. */
export interface RegisteredPartitions {
  /** dt (Partition.dt: a declared layout's values joined) → the location the catalog has for it. */
  locations: Map<string, string>;
  /** dt values the catalog did not answer for (Glue's UnprocessedKeys). */
  unprocessed: string[];
}

export interface CatalogPort {
  /**
   * Where the catalog has these partitions of one table (Glue BatchGetPartition, at most 1,000
   * values per call). A table or database the catalog does not know has no partitions. `dts`
   * are Partition.dt values: a declared layout's values joined by VALUE_SEPARATOR (core/partitions/layout/match.ts).
   */
  registeredPartitions(database: string, table: string, dts: string[], options?: CallOptions): Promise<RegisteredPartitions>;
}

// The clock lives in clock.ts (it needs nothing else); re-exported here, where callers took it from.
export { systemClock, type Clock } from '../kernel/clock.js';
