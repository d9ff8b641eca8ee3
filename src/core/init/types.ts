/**
 * The shapes `athena init` plans with: what it reads from AWS (live state), the steps it may take,
 * and the plan rows it reports. Plain data in AWS's own field names where they are AWS's shapes
 * (a bucket notification configuration is written back exactly as it was read), with no SDK import.
 */

export type ResourceKind = 'queue' | 'dlq' | 'queue_policy' | 'bucket_notification' | 'results_bucket' | 'database' | 'table';
export type ResourceAction = 'create' | 'update' | 'unchanged' | 'blocked';

/** One row of the plan: what init does (or would do, or cannot do) to one resource. */
export interface PlannedResource {
  kind: ResourceKind;
  name: string;
  action: ResourceAction;
  /** What changes, or why it is blocked and how to fix it. */
  detail: string;
}

/** The command's result (`--output json` prints it with snake_case keys: `dry_run`). */
export interface InitReport {
  dryRun: boolean;
  resources: PlannedResource[];
}

// ---- live state ----

export interface LiveQueue {
  url: string;
  arn: string;
  attributes: Record<string, string>;
  /** ListQueueTags: whose queue it is (core/account/ownership.ts). */
  tags: Record<string, string>;
}

export interface KeyFilterRule {
  Name?: string;
  Value?: string;
}

/** One topic, queue or Lambda configuration of a bucket's notification configuration. */
export interface NotificationEntry {
  Id?: string;
  Events?: string[];
  Filter?: { Key?: { FilterRules?: KeyFilterRule[] } };
  QueueArn?: string;
  TopicArn?: string;
  LambdaFunctionArn?: string;
}

/** A bucket's whole notification configuration (GetBucketNotificationConfiguration's fields). */
export interface BucketNotifications {
  TopicConfigurations?: NotificationEntry[];
  QueueConfigurations?: NotificationEntry[];
  LambdaFunctionConfigurations?: NotificationEntry[];
  EventBridgeConfiguration?: Record<string, unknown>;
}

/** An S3 lifecycle rule, kept as read so rules that are not ours are written back unchanged. */
export interface LifecycleRule {
  ID?: string;
  Status?: string;
  Filter?: { Prefix?: string; [key: string]: unknown };
  Prefix?: string;
  Expiration?: { Days?: number; [key: string]: unknown };
  [key: string]: unknown;
}

export interface PublicAccessBlock {
  BlockPublicAcls?: boolean;
  IgnorePublicAcls?: boolean;
  BlockPublicPolicy?: boolean;
  RestrictPublicBuckets?: boolean;
}

export interface LiveResultsBucket {
  /** A default encryption configuration exists. */
  encrypted: boolean;
  publicAccessBlock: PublicAccessBlock | null;
  lifecycleRules: LifecycleRule[];
  /** GetBucketTagging ({} when it has none): whether init made it (core/account/ownership.ts). */
  tags: Record<string, string>;
}

export interface LiveDatabase {
  /** In the Glue Data Catalog. */
  glue: boolean;
  /** Visible to Athena's GetDatabase (on AWS the same catalog; local endpoints keep them apart). */
  athena: boolean;
  /** Glue GetTags of the database, when it is in Glue. */
  tags?: Record<string, string>;
}

/** What KMS DescribeKey says of kms_key_arn; null: no such key. */
export interface LiveKey {
  /** `AWS` (an AWS managed key such as aws/sqs) or `CUSTOMER`. */
  manager: string;
}

export interface Column {
  name: string;
  type: string;
}

/** A catalog table as init writes it and reads it back (Glue's TableInput, flattened). */
export interface TableDefinition {
  name: string;
  tableType: string;
  location: string;
  columns: Column[];
  partitionKeys: Column[];
  inputFormat: string;
  outputFormat: string;
  serializationLibrary: string;
  serdeParameters: Record<string, string>;
  parameters: Record<string, string>;
}

// ---- steps ----

export type Step =
  | { op: 'createQueue'; name: string; attributes: Record<string, string>; tags: Record<string, string> }
  | { op: 'setQueueAttributes'; name: string; attributes: Record<string, string> }
  /** Adds or overwrites these tags; others stay. */
  | { op: 'tagQueue'; name: string; tags: Record<string, string> }
  /**
   * Writes `configuration` if the bucket's configuration is still `basis` (what the plan read);
   * otherwise plans again from what is there now with `ours` (run.ts, notification-write.ts).
   */
  | {
      op: 'putBucketNotifications';
      bucket: string;
      configuration: BucketNotifications;
      basis: BucketNotifications;
      ours: NotificationEntry[];
    }
  | { op: 'createBucket'; bucket: string; tags: Record<string, string> }
  /** The bucket's whole tag set (PutBucketTagging replaces it): the live tags plus ours. */
  | { op: 'putBucketTags'; bucket: string; tags: Record<string, string> }
  | { op: 'putBucketEncryption'; bucket: string }
  | { op: 'putPublicAccessBlock'; bucket: string }
  | { op: 'putLifecycleRules'; bucket: string; rules: LifecycleRule[] }
  /** Create in Glue (when `glue`), then make sure Athena sees it. */
  | { op: 'createDatabase'; name: string; glue: boolean; tags: Record<string, string> }
  /** Glue TagResource on the database: adds these tags, others stay. */
  | { op: 'tagDatabase'; name: string; tags: Record<string, string> }
  | { op: 'createTable'; database: string; table: TableDefinition }
  | { op: 'updateTable'; database: string; table: TableDefinition };

/** A plan row with the steps that carry it out (none for unchanged, blocked, or not applied). */
export interface PlanItem extends PlannedResource {
  steps: Step[];
}
