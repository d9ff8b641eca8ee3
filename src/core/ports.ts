/**
 * What the refresh run needs from the outside world. src/aws implements these with the AWS SDK;
 * tests and the library can hand in their own. Core never imports an SDK.
 */
import type { Partition } from './partitions.js';

export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
}

export interface DeleteEntry {
  id: string;
  receiptHandle: string;
}

export interface DeleteFailure {
  id: string;
  code: string;
  message: string;
  /** True when retrying cannot help (e.g. an expired receipt handle). */
  senderFault: boolean;
}

export interface QueuePort {
  readonly name: string;
  /** One ReceiveMessage call: at most 10 messages, waiting up to `waitSeconds` for the first. */
  receive(max: number, waitSeconds: number): Promise<QueueMessage[]>;
  /** One DeleteMessageBatch call (at most 10 entries); per-entry failures come back, not thrown. */
  deleteBatch(entries: DeleteEntry[]): Promise<DeleteFailure[]>;
  /** Messages visible on the queue now (SQS's approximate count), when the queue can tell. */
  approximateDepth?(): Promise<number>;
}

export type QueryStateName = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface QueryState {
  id: string;
  state: QueryStateName;
  reason?: string;
  errorType?: string;
}

export interface AthenaPort {
  /** Whether the database exists in the data catalog (no query is run). */
  databaseExists(database: string): Promise<boolean>;
  /** StartQueryExecution; returns the query execution id. Throttling surfaces as AwsError. */
  startQuery(sql: string, database: string): Promise<string>;
  /** The current state of each query. */
  queryStates(ids: string[]): Promise<QueryState[]>;
}

export interface PartitionFailure {
  dt: string;
  code: string;
  message: string;
}

export interface GluePort {
  /**
   * BatchCreatePartition for at most 100 partitions of one table, their storage copied from the
   * table's. Partitions that already exist are not failures.
   */
  createPartitions(database: string, table: string, partitions: Partition[]): Promise<PartitionFailure[]>;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};
