/** What `athena init` talks to; src/aws/provision.ts implements it with the AWS SDK. */
import type { BucketNotifications, LifecycleRule, LiveDatabase, LiveQueue, LiveResultsBucket, TableDefinition } from './types.js';

export interface InitPort {
  /** The queue's URL, ARN and every attribute; null when there is no such queue. */
  getQueue(name: string): Promise<LiveQueue | null>;
  createQueue(name: string, attributes: Record<string, string>): Promise<void>;
  setQueueAttributes(name: string, attributes: Record<string, string>): Promise<void>;

  /** The bucket's notification configuration; null when the bucket does not exist. */
  getBucketNotifications(bucket: string): Promise<BucketNotifications | null>;
  putBucketNotifications(bucket: string, configuration: BucketNotifications): Promise<void>;

  /** Encryption, public access block and lifecycle rules; null when the bucket does not exist. */
  getResultsBucket(bucket: string): Promise<LiveResultsBucket | null>;
  createBucket(bucket: string): Promise<void>;
  /** Default encryption with S3-managed keys (SSE-S3). */
  putBucketEncryption(bucket: string): Promise<void>;
  /** All four public access block settings on. */
  putPublicAccessBlock(bucket: string): Promise<void>;
  putLifecycleRules(bucket: string, rules: LifecycleRule[]): Promise<void>;

  getDatabase(name: string): Promise<LiveDatabase>;
  createGlueDatabase(name: string): Promise<void>;
  athenaDatabaseExists(name: string): Promise<boolean>;
  /** `CREATE DATABASE IF NOT EXISTS` through Athena, waited for. */
  createAthenaDatabase(name: string): Promise<void>;

  /** null when the table (or its database) does not exist. */
  getTable(database: string, name: string): Promise<TableDefinition | null>;
  createTable(database: string, table: TableDefinition): Promise<void>;
  /** Replaces the table's definition; its partitions stay. */
  updateTable(database: string, table: TableDefinition): Promise<void>;
}
