/**
 * `athena init`'s plan: what conf/ asks for (the target), compared with what exists (live state),
 * as one row per resource with the steps that would make it match. Pure; the same plan is printed
 * by --dry-run and carried out by a real run.
 */
import type { Config } from '../config/load.js';
import type { TableSchema } from '../config/table-schemas.js';
import { arnPartition } from '../iam-policy.js';
import { ourQueueConfiguration, planBucketNotifications } from './bucket-notifications.js';
import { ourPolicyStatement, planQueuePolicy } from './queue-policy.js';
import { describeQueue, dlqName, queueAttributeChanges, queueAttributes, VISIBILITY_FACTOR, type QueueSettings } from './queue-attributes.js';
import { planResultsBucket, type ResultsBucketSettings } from './results-bucket.js';
import { desiredTables, planTable, type TableSpec } from './tables.js';
import type { BucketNotifications, LiveDatabase, LiveQueue, LiveResultsBucket, PlanItem, ResourceKind, TableDefinition } from './types.js';

export interface InitTarget {
  accountId: string;
  partition: string;
  queue: { name: string; arn: string; settings: QueueSettings };
  dlq: { name: string; arn: string; settings: QueueSettings };
  buckets: string[];
  results: ResultsBucketSettings;
  database: string;
  tables: TableSpec[];
}

export interface LiveState {
  queue: LiveQueue | null;
  dlq: LiveQueue | null;
  /** Per data bucket; null: no such bucket. */
  buckets: Record<string, BucketNotifications | null>;
  results: LiveResultsBucket | null;
  database: LiveDatabase;
  tables: Record<string, TableDefinition | null>;
}

/** What conf/ describes. Throws ConfigError for a schema file whose table has no location. */
export function initTarget(config: Pick<Config, 'account' | 'athena'>, schemas: readonly TableSchema[]): InitTarget {
  const { aws_account_id: accountId, region } = config.account;
  const a = config.athena;
  const partition = arnPartition(region);
  const queueArn = (name: string) => `arn:${partition}:sqs:${region}:${accountId}:${name}`;
  const dlq = dlqName(a.queue_name);
  const results = new URL(a.results_location);
  return {
    accountId,
    partition,
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
    buckets: Object.keys(a.buckets),
    results: { bucket: results.host, prefix: results.pathname.replace(/^\/+/, ''), retentionDays: a.results_retention_days },
    database: a.database_name,
    tables: desiredTables(a, schemas),
  };
}

/** Steps in the order they run: the DLQ before the queue that redrives to it; the queue and its
 * policy before bucket notifications (S3 checks it may send); the database before its tables. */
export const APPLY_ORDER: ResourceKind[] = ['dlq', 'queue', 'queue_policy', 'results_bucket', 'database', 'table', 'bucket_notification'];

function queueItem(kind: 'queue' | 'dlq', name: string, settings: QueueSettings, live: LiveQueue | null): PlanItem {
  if (!live) return { kind, name, action: 'create', detail: describeQueue(settings), steps: [{ op: 'createQueue', name, attributes: queueAttributes(settings) }] };
  const { attributes, changes } = queueAttributeChanges(settings, live.attributes);
  if (!changes.length) return { kind, name, action: 'unchanged', detail: describeQueue(settings), steps: [] };
  return { kind, name, action: 'update', detail: changes.join('; '), steps: [{ op: 'setQueueAttributes', name, attributes }] };
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
  const queueSettings: QueueSettings = { ...target.queue.settings, redrive: { ...target.queue.settings.redrive!, deadLetterTargetArn: dlqArn } };
  items.push(queueItem('queue', target.queue.name, queueSettings, live.queue));
  items.push(queueItem('dlq', target.dlq.name, target.dlq.settings, live.dlq));

  const bucketArns = target.buckets.map((b) => `arn:${target.partition}:s3:::${b}`);
  const policy = planQueuePolicy(live.queue?.attributes.Policy, ourPolicyStatement(queueArn, bucketArns, target.accountId));
  items.push({
    kind: 'queue_policy',
    name: target.queue.name,
    action: live.queue || policy.action === 'blocked' ? policy.action : 'create',
    detail: policy.detail,
    steps: 'policy' in policy && policy.policy ? [{ op: 'setQueueAttributes', name: target.queue.name, attributes: { Policy: policy.policy } }] : [],
  });

  const ours = ourQueueConfiguration(queueArn);
  for (const bucket of target.buckets) {
    const plan = planBucketNotifications(bucket, live.buckets[bucket] ?? null, ours);
    const steps = plan.action !== 'blocked' && plan.configuration ? [{ op: 'putBucketNotifications' as const, bucket, configuration: plan.configuration }] : [];
    items.push({ kind: 'bucket_notification', name: bucket, action: plan.action, detail: plan.detail, steps });
  }

  const results = planResultsBucket(target.results, live.results);
  items.push({ kind: 'results_bucket', name: target.results.bucket, ...results });

  const db = live.database;
  if (db.glue && db.athena) items.push({ kind: 'database', name: target.database, action: 'unchanged', detail: 'in the Glue Data Catalog, visible to Athena', steps: [] });
  else {
    const detail = db.glue
      ? 'in Glue but not visible to Athena (an endpoint that keeps the catalogs apart): CREATE DATABASE through Athena'
      : 'in the Glue Data Catalog (Athena’s catalog)';
    items.push({ kind: 'database', name: target.database, action: 'create', detail, steps: [{ op: 'createDatabase', name: target.database, glue: !db.glue }] });
  }

  for (const spec of target.tables) {
    const plan = planTable(spec, live.tables[spec.name] ?? null, target.database, Boolean(options.updateTables));
    items.push({ kind: 'table', name: spec.name, action: plan.action, detail: plan.detail, steps: plan.write ? [{ op: plan.write.op, database: target.database, table: plan.write.table }] : [] });
  }
  return items;
}

/** The plan's steps in the order they must run. */
export function orderedSteps(items: readonly PlanItem[]): { item: PlanItem; step: PlanItem['steps'][number] }[] {
  return APPLY_ORDER.flatMap((kind) => items.filter((i) => i.kind === kind).flatMap((item) => item.steps.map((step) => ({ item, step }))));
}
