/**
 * Each data bucket's notification configuration, ours as init plans it: one queue block per prefix
 * the bucket is mapped under (filter_prefix, Id `streamalert-athena-refresh:<prefix>`), or one
 * without a filter for a whole bucket. aws_s3_bucket_notification owns a bucket's whole
 * configuration, as PutBucketNotificationConfiguration does, so the resource carries every other
 * configuration of the bucket verbatim (with a "//" comment saying so) beside ours, and the
 * command warns, naming them.
 */
import { isOurId, NOTIFICATION_ID } from '../../init/bucket-notifications.js';
import type { BucketNotifications, NotificationEntry } from '../../init/types.js';
import { QUEUE } from './queues.js';
import { ref, resourceName, type ResourceMapper, type TfResource } from '../types.js';

const LISTS = [
  ['QueueConfigurations', 'queue', 'QueueArn', 'queue_arn'],
  ['TopicConfigurations', 'topic', 'TopicArn', 'topic_arn'],
  ['LambdaFunctionConfigurations', 'lambda_function', 'LambdaFunctionArn', 'lambda_function_arn'],
] as const;

function filterOf(entry: NotificationEntry): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of entry.Filter?.Key?.FilterRules ?? []) {
    const name = rule.Name?.toLowerCase();
    if ((name === 'prefix' || name === 'suffix') && rule.Value) out[`filter_${name}`] = rule.Value;
  }
  return out;
}

/** What a configuration is, for the comment and the warning. */
function describe(kind: string, entry: NotificationEntry, target: string): string {
  return `${kind} "${entry.Id ?? '(no Id)'}" → ${target}`;
}

export function notificationBody(bucket: string, configuration: BucketNotifications): { body: Record<string, unknown>; others: string[] } {
  const body: Record<string, unknown> = { bucket };
  const others: string[] = [];
  for (const [list, block, arnKey, arnArg] of LISTS) {
    const entries = configuration[list] ?? [];
    if (!entries.length) continue;
    body[block] = entries.map((entry) => {
      // Ours: the plain Id, or one per prefix (`streamalert-athena-refresh:<prefix>`), as init writes them.
      const ours = isOurId(entry.Id);
      const target = String(entry[arnKey] ?? '');
      if (!ours) others.push(describe(block.replace('_', ' '), entry, target));
      return {
        ...(entry.Id ? { id: entry.Id } : {}),
        [arnArg]: ours ? ref('aws_sqs_queue', QUEUE, 'arn') : target,
        events: [...(entry.Events ?? [])],
        ...filterOf(entry),
      };
    });
  }
  if (configuration.EventBridgeConfiguration) {
    body.eventbridge = true;
    others.push('EventBridge delivery (all events to the default bus)');
  }
  if (others.length) {
    body['//'] =
      `aws_s3_bucket_notification owns the bucket's whole notification configuration: besides streamalert's "${NOTIFICATION_ID}" configuration(s) it carries, ` +
      `copied verbatim from the bucket at export, ${others.join('; ')}. They are not streamalert's: keep them here (or Terraform deletes them) and keep them in step with their owners.`;
  }
  // S3 checks it may send to the queue when the configuration is saved.
  body.depends_on = [`aws_sqs_queue_policy.${QUEUE}`];
  return { body, others };
}

const hasAny = (c: BucketNotifications | null | undefined) =>
  Boolean(c && (c.EventBridgeConfiguration || LISTS.some(([list]) => (c[list]?.length ?? 0) > 0)));

export const bucketNotifications: ResourceMapper = ({ init }): TfResource[] =>
  init.target.buckets.map((bucket) => {
    const item = init.plan.find((i) => i.kind === 'bucket_notification' && i.name === bucket);
    const step = item?.steps.find((s) => s.op === 'putBucketNotifications');
    const live = init.live.buckets[bucket];
    const configuration = step?.op === 'putBucketNotifications' ? step.configuration : (live ?? {});
    const { body, others } = notificationBody(bucket, configuration);
    return {
      type: 'aws_s3_bucket_notification',
      name: resourceName(bucket),
      kind: 'bucket_notification',
      body,
      ...(hasAny(live) ? { importId: bucket } : {}),
      ...(others.length
        ? {
            warnings: [
              `bucket ${bucket}: aws_s3_bucket_notification.${resourceName(bucket)} also carries configurations that are not streamalert's: ${others.join('; ')}`,
            ],
          }
        : {}),
    };
  });
