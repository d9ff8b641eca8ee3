/**
 * The notification queue, its dead-letter queue and the queue policy, with the attributes init
 * sets (queue-attributes.ts). A longer live visibility timeout is kept, as init keeps it; the
 * policy keeps every statement that is not ours (init's merge, queue-policy.ts).
 */
import { LONG_POLL_SECONDS, RETENTION_SECONDS, type QueueSettings } from '../../init/queue-attributes.js';
import type { LiveQueue } from '../../init/types.js';
import { ref, type ExportInput, type ResourceMapper, type TfResource } from '../types.js';

export const QUEUE = 'notifications';
export const DLQ = 'dead_letter';

function queueBody(name: string, s: QueueSettings, live: LiveQueue | null, tags: Record<string, string>): Record<string, unknown> {
  const encryption = s.kmsKeyArn ? { kms_master_key_id: s.kmsKeyArn } : { sqs_managed_sse_enabled: true };
  const body: Record<string, unknown> = { name, message_retention_seconds: RETENTION_SECONDS, ...encryption, tags };
  if (s.visibilityTimeout !== undefined) {
    const liveVisibility = Number(live?.attributes.VisibilityTimeout ?? 0);
    body.visibility_timeout_seconds = Math.max(s.visibilityTimeout, liveVisibility);
    body.receive_wait_time_seconds = LONG_POLL_SECONDS;
  }
  if (s.redrive) {
    body.redrive_policy = JSON.stringify({
      deadLetterTargetArn: s.redrive.deadLetterTargetArn,
      maxReceiveCount: s.redrive.maxReceiveCount,
    });
    body.depends_on = [`aws_sqs_queue.${DLQ}`];
  }
  return body;
}

const imported = (live: LiveQueue | null) => (live ? { importId: live.url } : {});

export const queues: ResourceMapper = ({ init, tags }: ExportInput): TfResource[] => {
  const { target, live } = init;
  const dlqArn = live.dlq?.arn ?? target.dlq.arn;
  const settings: QueueSettings = { ...target.queue.settings, redrive: { ...target.queue.settings.redrive!, deadLetterTargetArn: dlqArn } };
  return [
    {
      type: 'aws_sqs_queue',
      name: QUEUE,
      kind: 'queue',
      body: queueBody(target.queue.name, settings, live.queue, tags),
      ...imported(live.queue),
    },
    {
      type: 'aws_sqs_queue',
      name: DLQ,
      kind: 'dlq',
      body: queueBody(target.dlq.name, target.dlq.settings, live.dlq, tags),
      ...imported(live.dlq),
    },
  ];
};

/** The policy init would leave on the queue: its planned write, else the live one (unchanged). */
function policyText(input: ExportInput): string | undefined {
  const item = input.init.plan.find((i) => i.kind === 'queue_policy');
  for (const step of item?.steps ?? []) if (step.op === 'setQueueAttributes' && step.attributes.Policy) return step.attributes.Policy;
  return input.init.live.queue?.attributes.Policy;
}

export const queuePolicy: ResourceMapper = (input) => {
  const policy = policyText(input);
  if (!policy) return [];
  const live = input.init.live.queue;
  const body = { queue_url: ref('aws_sqs_queue', QUEUE, 'id'), policy };
  return [
    {
      type: 'aws_sqs_queue_policy',
      name: QUEUE,
      kind: 'queue_policy',
      body,
      ...(live?.attributes.Policy?.trim() ? { importId: live.url } : {}),
    },
  ];
};
