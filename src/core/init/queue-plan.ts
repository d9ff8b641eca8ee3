/**
 * The plan rows of the two queues and the queue policy. A queue that exists without our tags is
 * someone else's (core/account/ownership.ts): blocked, with its policy, never changed. Ours gets its
 * attributes set where they differ, and any of our tags it lacks.
 */
import { isOurs, missingTags, notOursReason } from '../account/ownership.js';
import { notOursFix } from './adopt.js';
import { planQueuePolicy, type PolicyStatement } from './queue-policy.js';
import { describeQueue, queueAttributeChanges, queueAttributes, type QueueSettings } from './queue-attributes.js';
import type { LiveKey, LiveQueue, PlanItem, Step } from './types.js';

export interface Owner {
  tags: Record<string, string>;
  prefix: string;
  region: string;
  accountId: string;
  partition: string;
}

export function queueItem(kind: 'queue' | 'dlq', name: string, settings: QueueSettings, live: LiveQueue | null, owner: Owner): PlanItem {
  if (!live)
    return {
      kind,
      name,
      action: 'create',
      detail: describeQueue(settings),
      steps: [{ op: 'createQueue', name, attributes: queueAttributes(settings), tags: owner.tags }],
    };
  if (!isOurs(live.tags, owner.prefix)) {
    return {
      kind,
      name,
      action: 'blocked',
      detail: `${notOursReason(kind === 'dlq' ? 'dead-letter queue' : 'queue', name, live.tags, owner.prefix)}. To fix: ${notOursFix(kind, name, owner.prefix, { ...owner, queueUrl: live.url })}`,
      steps: [],
    };
  }
  const { attributes, changes } = queueAttributeChanges(settings, live.attributes);
  const steps: Step[] = changes.length ? [{ op: 'setQueueAttributes', name, attributes }] : [];
  const tags = missingTags(owner.tags, live.tags);
  if (Object.keys(tags).length) {
    steps.push({ op: 'tagQueue', name, tags });
    changes.push(`adds tag(s) ${Object.keys(tags).sort().join(', ')}`);
  }
  if (!changes.length) return { kind, name, action: 'unchanged', detail: describeQueue(settings), steps: [] };
  return { kind, name, action: 'update', detail: changes.join('; '), steps };
}

/**
 * Why S3 could not publish to the queue with this key, or undefined: `key` is what DescribeKey said
 * (null: no such key; undefined: not asked, no kms_key_arn).
 */
export function keyProblem(keyArn: string | undefined, key: LiveKey | null | undefined): string | undefined {
  if (!keyArn || key === undefined) return undefined;
  if (key === null)
    return `KMS key ${keyArn} (kms_key_arn) does not exist in this account and region (DescribeKey): create a customer managed key and set its ARN`;
  if (key.manager === 'AWS') {
    return (
      `KMS key ${keyArn} (kms_key_arn) is an AWS managed key (KeyManager AWS, such as aws/sqs): its key policy cannot be changed, so S3 cannot publish to a queue encrypted with it. ` +
      `Use a customer managed key whose key policy lets s3.amazonaws.com use kms:GenerateDataKey and kms:Decrypt (docs/init.md, "SSE-KMS: the key policy"), or remove kms_key_arn for SSE-SQS`
    );
  }
  return undefined;
}

/** The queue policy row: our statement merged in (by Sid), on our queue only. */
export function queuePolicyItem(name: string, live: LiveQueue | null, ours: PolicyStatement, prefix: string): PlanItem {
  if (live && !isOurs(live.tags, prefix)) {
    return {
      kind: 'queue_policy',
      name,
      action: 'blocked',
      detail: `the queue is not streamalert's (see its row): its policy is not changed`,
      steps: [],
    };
  }
  const policy = planQueuePolicy(live?.attributes.Policy, ours);
  return {
    kind: 'queue_policy',
    name,
    action: live || policy.action === 'blocked' ? policy.action : 'create',
    detail: policy.detail,
    steps: 'policy' in policy && policy.policy ? [{ op: 'setQueueAttributes', name, attributes: { Policy: policy.policy } }] : [],
  };
}
