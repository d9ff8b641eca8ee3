/** What `athena init` talks to; src/aws/init/provision.ts implements it with the AWS SDK. */
import type { AccountPort } from '../account/ports.js';
import type { BucketNotifications, LifecycleRule, LiveDatabase, LiveKey, LiveQueue, LiveResultsBucket, TableDefinition } from './types.js';

/** `callerAccount` (STS GetCallerIdentity) is asked once, before anything else (core/account/account.ts). */
export interface InitPort extends AccountPort {
  /** The queue's URL, ARN, every attribute and its tags; null when there is no such queue. */
  getQueue(name: string): Promise<LiveQueue | null>;
  /** Created with these tags (CreateQueue's `tags`). */
  createQueue(name: string, attributes: Record<string, string>, tags: Record<string, string>): Promise<void>;
  setQueueAttributes(name: string, attributes: Record<string, string>): Promise<void>;
  /** Adds these tags; the queue's others stay. */
  tagQueue(name: string, tags: Record<string, string>): Promise<void>;
  /** DescribeKey; null when there is no such key. */
  describeKey(keyArn: string): Promise<LiveKey | null>;

  /** The bucket's region (GetBucketLocation; us-east-1 for its empty answer); null when there is no such bucket. */
  getBucketRegion(bucket: string): Promise<string | null>;
  /** The bucket's notification configuration; null when the bucket does not exist. */
  getBucketNotifications(bucket: string): Promise<BucketNotifications | null>;
  putBucketNotifications(bucket: string, configuration: BucketNotifications): Promise<void>;

  /** Encryption, public access block, lifecycle rules and tags; null when the bucket does not exist. */
  getResultsBucket(bucket: string): Promise<LiveResultsBucket | null>;
  /** Creates the bucket and tags it. */
  createBucket(bucket: string, tags: Record<string, string>): Promise<void>;
  /** Replaces the bucket's whole tag set. */
  putBucketTags(bucket: string, tags: Record<string, string>): Promise<void>;
  /** Default encryption with S3-managed keys (SSE-S3). */
  putBucketEncryption(bucket: string): Promise<void>;
  /** All four public access block settings on. */
  putPublicAccessBlock(bucket: string): Promise<void>;
  putLifecycleRules(bucket: string, rules: LifecycleRule[]): Promise<void>;

  /** Whether Glue and Athena see it, and its Glue tags. */
  getDatabase(name: string): Promise<LiveDatabase>;
  createGlueDatabase(name: string, tags: Record<string, string>): Promise<void>;
  /** Adds these tags to the Glue database; its others stay. */
  tagDatabase(name: string, tags: Record<string, string>): Promise<void>;
  athenaDatabaseExists(name: string): Promise<boolean>;
  /** `CREATE DATABASE IF NOT EXISTS` through Athena, waited for. */
  createAthenaDatabase(name: string): Promise<void>;

  /** null when the table (or its database) does not exist. */
  getTable(database: string, name: string): Promise<TableDefinition | null>;
  createTable(database: string, table: TableDefinition): Promise<void>;
  /** Replaces the table's definition; its partitions stay. */
  updateTable(database: string, table: TableDefinition): Promise<void>;
}
