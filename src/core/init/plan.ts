/**
 * `athena init`'s plan: what conf/ asks for (the target), compared with what exists (live state),
 * as one row per resource with the steps that would make it match. Pure; the same plan is printed
 * by --dry-run and carried out by a real run.
 */
import { bucketMappings } from '../partitions/buckets.js';
import type { Config } from '../config/load.js';
import type { TableSchema } from '../config/table-schemas.js';
import { ConfigError } from '../kernel/errors.js';
import { arnPartition } from '../iam/policy.js';
import { isOurs, missingTags, notOursReason, ownershipTags } from '../account/ownership.js';
import { notOursFix } from './adopt.js';
import { ourQueueConfigurations, planBucketNotifications } from './bucket-notifications.js';
import { ourPolicyStatement } from './queue-policy.js';
import { dlqName, VISIBILITY_FACTOR, type QueueSettings } from './queue-attributes.js';
import { keyProblem, queueItem, queuePolicyItem, type Owner } from './queue-plan.js';
import { planResultsBucket, type ResultsBucketSettings } from './results-bucket.js';
import { desiredTables, planTable, type TableSpec } from './tables.js';
import type {
  BucketNotifications,
  LiveDatabase,
  LiveKey,
  LiveQueue,
  LiveResultsBucket,
  PlanItem,
  ResourceKind,
  TableDefinition,
} from './types.js';

export interface InitTarget extends Owner {
  queue: { name: string; arn: string; settings: QueueSettings };
  dlq: { name: string; arn: string; settings: QueueSettings };
  buckets: string[];
  /** Per data bucket, the key prefixes its notifications filter on ('' : the whole bucket). */
  bucketPrefixes: Record<string, string[]>;
  results: ResultsBucketSettings;
  database: string;
  tables: TableSpec[];
}

export interface LiveState {
  queue: LiveQueue | null;
  dlq: LiveQueue | null;
  /** Per data bucket; null: no such bucket. */
  buckets: Record<string, BucketNotifications | null>;
  /** Per data bucket, its region (GetBucketLocation); null: no such bucket. Absent: not checked. */
  regions?: Record<string, string | null>;
  results: LiveResultsBucket | null;
  database: LiveDatabase;
  tables: Record<string, TableDefinition | null>;
  /** DescribeKey of kms_key_arn (null: no such key); absent without kms_key_arn. */
  key?: LiveKey | null;
}

const bucketOf = (location: string) => /^s3:\/\/([^/]+)/.exec(location)?.[1];

/**
 * The results bucket must not hold data: init would manage a bucket of someone's data as its own,
 * and Athena's results would land among the objects the refresh reads.
 */
function checkResultsBucket(bucket: string, dataBuckets: readonly string[], tables: readonly TableSpec[]): void {
  const key = 'athena_partition_refresh_config.results_bucket';
  const problem = dataBuckets.includes(bucket)
    ? `is ${bucket}, a data bucket (buckets)`
    : tables
        .map((t) =>
          t.managed && bucketOf(t.definition.location) === bucket ? `holds table ${t.name}'s location ${t.definition.location}` : '',
        )
        .find(Boolean);
  if (problem) {
    throw new ConfigError(
      `${key} ${problem}: query results must go to a bucket of their own (init may expire what is in it). Name another bucket, e.g. the default <prefix>-streamalert-athena-results`,
      'lambda.json',
      key,
    );
  }
}

/** What conf/ describes. Throws ConfigError for a schema file whose table has no location, or a results bucket that holds data. */
export function initTarget(config: Pick<Config, 'account' | 'athena' | 'tags'>, schemas: readonly TableSchema[]): InitTarget {
  const { aws_account_id: accountId, region } = config.account;
  const a = config.athena;
  const partition = arnPartition(region);
  const queueArn = (name: string) => `arn:${partition}:sqs:${region}:${accountId}:${name}`;
  const dlq = dlqName(a.queue_name);
  const results = new URL(a.results_location);
  const buckets = Object.keys(a.buckets);
  const tables = desiredTables(a, schemas);
  checkResultsBucket(results.host, buckets, tables);
  const bucketPrefixes: Record<string, string[]> = {};
  for (const { bucket, mapping } of bucketMappings(a.buckets)) bucketPrefixes[bucket] = [...(bucketPrefixes[bucket] ?? []), mapping.prefix];
  return {
    accountId,
    partition,
    region,
    prefix: config.account.prefix,
    tags: ownershipTags(config),
    dlq: { name: dlq, arn: queueArn(dlq), settings: { kmsKeyArn: a.kms_key_arn } },
    queue: {
      name: a.queue_name,
      arn: queueArn(a.queue_name),
      settings: {
        kmsKeyArn: a.kms_key_arn,
        visibilityTimeout: VISIBILITY_FACTOR * a.timeout,
        redrive: { deadLetterTargetArn: queueArn(dlq), maxReceiveCount: a.max_receive_count },
      },
    },
    buckets,
    bucketPrefixes,
    results: {
      bucket: results.host,
      prefix: results.pathname.replace(/^\/+/, ''),
      retentionDays: a.results_retention_days,
      lifecycleOnTheirs: a.results_lifecycle,
    },
    database: a.database_name,
    tables,
  };
}

/** Steps in the order they run: the DLQ before the queue that redrives to it; the queue and its
 * policy before bucket notifications (S3 checks it may send); the database before its tables. */
export const APPLY_ORDER: ResourceKind[] = ['dlq', 'queue', 'queue_policy', 'results_bucket', 'database', 'table', 'bucket_notification'];

/** S3 notifies only a queue in the bucket's own region. */
function regionProblem(bucket: string, region: string | null | undefined, target: InitTarget): string | undefined {
  if (!region || region === target.region) return undefined;
  return `bucket ${bucket} is in ${region}, the queue in ${target.region}: S3 sends notifications only to a queue in the bucket's own region. Run a deployment in ${region} for it (its own conf/ with region ${region}), or remove it from buckets`;
}

function databaseItem(target: InitTarget, db: LiveDatabase): PlanItem {
  const name = target.database;
  if (!db.glue)
    return {
      kind: 'database',
      name,
      action: 'create',
      detail: 'in the Glue Data Catalog (Athena’s catalog)',
      steps: [{ op: 'createDatabase', name, glue: true, tags: target.tags }],
    };
  if (!isOurs(db.tags, target.prefix))
    return {
      kind: 'database',
      name,
      action: 'blocked',
      detail: `${notOursReason('database', name, db.tags, target.prefix)}. To fix: ${notOursFix('database', name, target.prefix, target)}`,
      steps: [],
    };
  const steps: PlanItem['steps'] = [];
  const details: string[] = [];
  const tags = missingTags(target.tags, db.tags);
  if (Object.keys(tags).length) {
    steps.push({ op: 'tagDatabase', name, tags });
    details.push(`adds tag(s) ${Object.keys(tags).sort().join(', ')}`);
  }
  if (!db.athena) {
    steps.push({ op: 'createDatabase', name, glue: false, tags: target.tags });
    details.push('in Glue but not visible to Athena (an endpoint that keeps the catalogs apart): CREATE DATABASE through Athena');
  }
  if (!steps.length) return { kind: 'database', name, action: 'unchanged', detail: 'in the Glue Data Catalog, visible to Athena', steps };
  return { kind: 'database', name, action: db.athena ? 'update' : 'create', detail: details.join('; '), steps };
}

export interface PlanOptions {
  /** Apply table definition changes (UpdateTable); otherwise they are only reported. */
  updateTables?: boolean;
}

/** One row per resource, in the order they are shown: queues, policy, buckets, results, catalog. */
export function planInit(target: InitTarget, live: LiveState, options: PlanOptions = {}): PlanItem[] {
  const items: PlanItem[] = [];
  // The live ARNs are the truth once the queues exist; before, they are built from conf/.
  const queueArn = live.queue?.arn ?? target.queue.arn;
  const dlqArn = live.dlq?.arn ?? target.dlq.arn;
  const queueSettings: QueueSettings = {
    ...target.queue.settings,
    redrive: { ...target.queue.settings.redrive!, deadLetterTargetArn: dlqArn },
  };
  const queue = queueItem('queue', target.queue.name, queueSettings, live.queue, target);
  const badKey = keyProblem(target.queue.settings.kmsKeyArn, live.key);
  items.push(badKey ? { ...queue, action: 'blocked', detail: badKey, steps: [] } : queue);
  items.push(queueItem('dlq', target.dlq.name, target.dlq.settings, live.dlq, target));

  const bucketArns = target.buckets.map((b) => `arn:${target.partition}:s3:::${b}`);
  items.push(queuePolicyItem(target.queue.name, live.queue, ourPolicyStatement(queueArn, bucketArns, target.accountId), target.prefix));

  for (const bucket of target.buckets) {
    const elsewhere = regionProblem(bucket, live.regions?.[bucket], target);
    if (elsewhere) {
      items.push({ kind: 'bucket_notification', name: bucket, action: 'blocked', detail: elsewhere, steps: [] });
      continue;
    }
    const ours = ourQueueConfigurations(queueArn, target.bucketPrefixes[bucket]);
    const basis = live.buckets[bucket] ?? null;
    const plan = planBucketNotifications(bucket, basis, ours);
    const steps =
      plan.action !== 'blocked' && plan.configuration && basis
        ? [{ op: 'putBucketNotifications' as const, bucket, configuration: plan.configuration, basis, ours }]
        : [];
    items.push({ kind: 'bucket_notification', name: bucket, action: plan.action, detail: plan.detail, steps });
  }

  const results = planResultsBucket(target.results, live.results, target);
  items.push({ kind: 'results_bucket', name: target.results.bucket, ...results });
  items.push(databaseItem(target, live.database));

  for (const spec of target.tables) {
    const plan = planTable(spec, live.tables[spec.name] ?? null, target.database, Boolean(options.updateTables));
    items.push({
      kind: 'table',
      name: spec.name,
      action: plan.action,
      detail: plan.detail,
      steps: plan.write ? [{ op: plan.write.op, database: target.database, table: plan.write.table }] : [],
    });
  }
  return items;
}

/** The plan's steps in the order they must run. */
export function orderedSteps(items: readonly PlanItem[]): { item: PlanItem; step: PlanItem['steps'][number] }[] {
  return APPLY_ORDER.flatMap((kind) => items.filter((i) => i.kind === kind).flatMap((item) => item.steps.map((step) => ({ item, step }))));
}
