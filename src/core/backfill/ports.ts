/** What a backfill needs from S3 and the Glue Data Catalog; src/aws implements these. */
import type { AthenaPort, GluePort, PartitionFailure } from '../partitions/ports.js';
import type { DtRange } from './range.js';

export interface FolderPage {
  /** Full prefixes of the folders right under the listed one, each ending in `/` (CommonPrefixes). */
  folders: string[];
  /** Continuation token when more follow. */
  next?: string;
}

export interface FolderLister {
  /** One ListObjectsV2 call with `Delimiter: '/'`: the folders directly under `prefix`, never the objects below them. */
  listFolders(bucket: string, prefix: string, continuation?: string): Promise<FolderPage>;
}

/** A partition as the catalog holds it. */
export interface RegisteredPartition {
  dt: string;
  location: string;
  /**
   * The partition's schema (columns, formats, SerDe) reduced to a comparable string; compared
   * with the table's to find partitions created before a schema change. Empty when not fetched.
   */
  schema: string;
  /** The partition's own parameters, kept as they are when it is updated. */
  parameters?: Record<string, string>;
}

export interface PartitionCatalog {
  /** Every partition of the table (GetPartitions, all pages), only those in the range when one is given. */
  listPartitions(database: string, table: string, range: DtRange, withSchema: boolean): Promise<RegisteredPartition[]>;
  /** The table's current schema, comparable with RegisteredPartition.schema. */
  tableSchema(database: string, table: string): Promise<string>;
  /**
   * BatchUpdatePartition for at most 100 partitions: each gets the table's current storage
   * descriptor at its own location, keeping its parameters. Per-partition failures come back.
   */
  updatePartitions(database: string, table: string, partitions: RegisteredPartition[]): Promise<PartitionFailure[]>;
}

export interface BackfillPorts {
  /** The account check (core/account/account.ts): after the options are checked, before the first AWS call. */
  account?: () => Promise<unknown>;
  folders: FolderLister;
  catalog: PartitionCatalog;
  athena: AthenaPort;
  glue?: GluePort;
}
