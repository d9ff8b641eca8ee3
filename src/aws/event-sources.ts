/**
 * The SQS trigger: the notification queue's attributes (for the visibility-timeout check) and the
 * Lambda event-source mapping from it to the function's `production` alias.
 *
 * The mapping is created on the alias ARN and looked up by the alias ARN and the queue ARN
 * together: AWS lists a mapping under the qualified function it was created on (moto, likewise,
 * under the alias and not the bare function name).
 */
import {
  CreateEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
  type EventSourceMappingConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { FUNCTION_RESPONSE_TYPES, type TriggerSpec } from '../core/deploy/athena-spec.js';
import type { LiveMapping, LiveQueue, MappingStep } from '../core/deploy/mapping-plan.js';
import type { EventSourcePort } from '../core/deploy/ports.js';
import { AwsError } from '../core/errors.js';
import type { AwsClients } from './clients.js';
import { awsError, call } from './errors.js';
import { retryWhileIamPropagates, ROLE_LACKS_PERMISSION } from './iam-retry.js';
import { SqsQueue } from './queue.js';

const HINTS: Record<string, string> = {
  ResourceInUseException: ' — the mapping is still being created or updated; deploy again in a minute.',
  ResourceConflictException: ' — a mapping from this queue to this function already exists; look it up with aws lambda list-event-source-mappings.',
  InvalidParameterValueException: " — check that the function's role may sqs:ReceiveMessage, sqs:DeleteMessage and sqs:GetQueueAttributes on the queue (and kms:Decrypt on its key).",
};

async function mappingCall<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = awsError('lambda', operation, err);
    e.message += HINTS[e.code ?? ''] ?? '';
    throw e;
  }
}

export function liveMapping(m: EventSourceMappingConfiguration): LiveMapping {
  const state = m.State ?? 'Enabled';
  return {
    uuid: m.UUID ?? '',
    state,
    enabled: state !== 'Disabled' && state !== 'Disabling',
    functionResponseTypes: [...(m.FunctionResponseTypes ?? [])],
    ...(m.BatchSize !== undefined ? { batchSize: m.BatchSize } : {}),
    ...(m.MaximumBatchingWindowInSeconds !== undefined ? { maximumBatchingWindowSeconds: m.MaximumBatchingWindowInSeconds } : {}),
    ...(m.ScalingConfig?.MaximumConcurrency !== undefined ? { maximumConcurrency: m.ScalingConfig.MaximumConcurrency } : {}),
  };
}

export function eventSources(clients: AwsClients): EventSourcePort {
  const lambda: LambdaClient = clients.lambda();
  const sqs = clients.sqs();

  const settings = (t: TriggerSpec) => ({
    BatchSize: t.batchSize,
    MaximumBatchingWindowInSeconds: t.maximumBatchingWindowSeconds,
    ScalingConfig: { MaximumConcurrency: t.maximumConcurrency },
    FunctionResponseTypes: [...FUNCTION_RESPONSE_TYPES],
  });

  return {
    async queue(name: string): Promise<LiveQueue> {
      const url = await new SqsQueue(sqs, name).queueUrl();
      const out = await call('sqs', 'GetQueueAttributes', () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'VisibilityTimeout'] })));
      return { url, arn: out.Attributes?.QueueArn ?? '', visibilityTimeout: Number(out.Attributes?.VisibilityTimeout ?? 30) };
    },

    async getMapping(queueArn: string, aliasArn: string): Promise<LiveMapping | null> {
      let Marker: string | undefined;
      do {
        let page;
        try {
          page = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: queueArn, FunctionName: aliasArn, Marker }));
        } catch (err) {
          if ((err as { name?: string }).name === 'ResourceNotFoundException') return null;
          throw awsError('lambda', 'ListEventSourceMappings', err);
        }
        const found = (page.EventSourceMappings ?? []).find((m) => m.EventSourceArn === queueArn);
        if (found) return liveMapping(found);
        Marker = page.NextMarker;
      } while (Marker);
      return null;
    },

    async apply(trigger: TriggerSpec, aliasArn: string, live: LiveMapping | null, steps: MappingStep[]): Promise<void> {
      for (const step of steps) {
        if (step.op === 'create-mapping') {
          await mappingCall('CreateEventSourceMapping', () =>
            // The role's SQS permissions were just written: Lambda checks them and may not see them yet.
            retryWhileIamPropagates(
              () => lambda.send(new CreateEventSourceMappingCommand({ FunctionName: aliasArn, EventSourceArn: trigger.queueArn, Enabled: trigger.enabled, ...settings(trigger) })),
              ROLE_LACKS_PERMISSION,
            ),
          );
          continue;
        }
        if (!live) throw new AwsError(`no event-source mapping from ${trigger.queueName} to ${aliasArn} to update`, 'lambda', 'UpdateEventSourceMapping', 'ResourceNotFoundException');
        const update = step.op === 'disable-mapping' ? { Enabled: false } : { Enabled: trigger.enabled, ...settings(trigger) };
        await mappingCall('UpdateEventSourceMapping', () =>
          retryWhileIamPropagates(() => lambda.send(new UpdateEventSourceMappingCommand({ UUID: live.uuid, ...update })), ROLE_LACKS_PERMISSION),
        );
      }
    },
  };
}
