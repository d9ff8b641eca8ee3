/**
 * The SQS event-source mapping from the notification queue to the `production` alias. With the
 * sqs trigger deploy creates it or brings its settings in line; with the schedule trigger an
 * enabled mapping is disabled (kept, so switching back is one update). Pure.
 *
 * Before a mapping is used the queue is checked: AWS advises a visibility timeout of at least six
 * times the function's timeout, or messages of a batch still being processed (or being retried
 * after throttling) come back and run twice.
 */
import { ALIAS } from './functions.js';
import { FUNCTION_RESPONSE_TYPES, type TriggerSpec } from './athena-spec.js';
import { missingTags } from '../account/ownership.js';
import { tagText, type ResourceAction } from './resource-plans.js';

export interface LiveMapping {
  uuid: string;
  /** Enabled, or on its way there (Enabling, Creating). */
  enabled: boolean;
  state: string;
  batchSize?: number;
  maximumBatchingWindowSeconds?: number;
  maximumConcurrency?: number;
  functionResponseTypes: string[];
  /** Its ARN (for tags), and its tags (undefined: none). */
  arn?: string;
  tags?: Record<string, string>;
}

export interface LiveQueue {
  url: string;
  arn: string;
  visibilityTimeout: number;
}

export interface MappingChange {
  setting: 'enabled' | 'batch size' | 'batching window' | 'maximum concurrency' | 'response types';
  from: string;
  to: string;
}

/** `tags` on create: Lambda lets an event-source mapping carry tags like the function. */
export type MappingStep =
  | { op: 'create-mapping'; tags?: Record<string, string> }
  | { op: 'update-mapping'; changes: MappingChange[] }
  | { op: 'disable-mapping' }
  /** A mapping on our function's alias is ours: a missing tag is added. */
  | { op: 'tag-mapping'; tags: Record<string, string> };

export interface MappingPlan {
  action: ResourceAction;
  steps: MappingStep[];
}

/** AWS's advice: the queue's visibility timeout at least 6 × the function's timeout. */
export const VISIBILITY_FACTOR = 6;

export function planMapping(trigger: TriggerSpec, live: LiveMapping | null, tags?: Record<string, string>): MappingPlan {
  const plan = planSettings(trigger, live, tags);
  const missing = live?.arn && tags ? missingTags(tags, live.tags) : {};
  if (!Object.keys(missing).length) return plan;
  return { action: 'update', steps: [...plan.steps, { op: 'tag-mapping', tags: missing }] };
}

function planSettings(trigger: TriggerSpec, live: LiveMapping | null, tags?: Record<string, string>): MappingPlan {
  if (trigger.kind !== 'sqs') {
    if (live?.enabled) return { action: 'update', steps: [{ op: 'disable-mapping' }] };
    return { action: 'unchanged', steps: [] };
  }
  if (!live) return { action: 'create', steps: [{ op: 'create-mapping', ...(tags ? { tags } : {}) }] };
  const changes = mappingChanges(trigger, live);
  return changes.length ? { action: 'update', steps: [{ op: 'update-mapping', changes }] } : { action: 'unchanged', steps: [] };
}

export function mappingChanges(trigger: TriggerSpec, live: LiveMapping): MappingChange[] {
  const changes: MappingChange[] = [];
  const add = (setting: MappingChange['setting'], from: unknown, to: unknown) => {
    if (from !== to) changes.push({ setting, from: from === undefined ? '(none)' : String(from), to: String(to) });
  };
  add('enabled', live.enabled ? 'enabled' : 'disabled', trigger.enabled ? 'enabled' : 'disabled');
  add('batch size', live.batchSize, trigger.batchSize);
  // AWS leaves the window out when it is 0.
  add('batching window', `${live.maximumBatchingWindowSeconds ?? 0}s`, `${trigger.maximumBatchingWindowSeconds}s`);
  add('maximum concurrency', live.maximumConcurrency, trigger.maximumConcurrency);
  add('response types', [...live.functionResponseTypes].sort().join(',') || '(none)', [...FUNCTION_RESPONSE_TYPES].join(','));
  return changes;
}

/** Why the queue cannot feed the mapping yet (what to set), or undefined when it can. */
export function visibilityProblem(trigger: TriggerSpec, timeoutSeconds: number, queue: LiveQueue, section: string): string | undefined {
  const needed = VISIBILITY_FACTOR * timeoutSeconds;
  if (queue.visibilityTimeout >= needed) return undefined;
  const lowerTimeout = Math.floor(queue.visibilityTimeout / VISIBILITY_FACTOR);
  return (
    `queue ${trigger.queueName} has a visibility timeout of ${queue.visibilityTimeout} s; with trigger sqs AWS advises at least ` +
    `${VISIBILITY_FACTOR} × the function's timeout (${section}.timeout ${timeoutSeconds} s) = ${needed} s, or batches still in ` +
    `progress come back and run twice. Set the queue's VisibilityTimeout to ${needed} ` +
    `(aws sqs set-queue-attributes --queue-url ${queue.url} --attributes VisibilityTimeout=${needed}, or streamalert athena init)` +
    `${lowerTimeout >= 1 ? ` or lower ${section}.timeout to ${lowerTimeout}` : ''}, then deploy again`
  );
}

export function describeMappingStep(step: MappingStep, trigger: TriggerSpec, functionName: string): string {
  const target = `${functionName}:${ALIAS}`;
  switch (step.op) {
    case 'create-mapping':
      return (
        `create an event-source mapping ${trigger.queueName} → ${target} (${trigger.enabled ? 'enabled' : 'disabled'}): batch size ${trigger.batchSize}, ` +
        `batching window ${trigger.maximumBatchingWindowSeconds}s, maximum concurrency ${trigger.maximumConcurrency}, ${FUNCTION_RESPONSE_TYPES.join(', ')}`
      );
    case 'update-mapping':
      return `update the event-source mapping ${trigger.queueName} → ${target}: ${step.changes.map((c) => `${c.setting} ${c.from} → ${c.to}`).join('; ')}`;
    case 'disable-mapping':
      return `disable the event-source mapping ${trigger.queueName} → ${target} (the schedule drains the queue)`;
    case 'tag-mapping':
      return `tag the event-source mapping ${trigger.queueName} → ${target} ${tagText(step.tags)}`;
  }
}
