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
  ListTagsCommand,
  paginateListEventSourceMappings,
  TagResourceCommand,
  UpdateEventSourceMappingCommand,
  type EventSourceMappingConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { FUNCTION_RESPONSE_TYPES, type TriggerSpec } from '../../core/deploy/athena-spec.js';
import type { LiveMapping, LiveQueue, MappingStep } from '../../core/deploy/mapping-plan.js';
import type { EventSourcePort } from '../../core/deploy/ports.js';
import { AwsError } from '../../core/kernel/errors.js';
import type { AwsClients } from '../sdk/clients.js';
import { call, callOrNull, HINTS, type Hints } from '../sdk/errors.js';
import { retryWhileIamPropagates, ROLE_LACKS_PERMISSION } from './iam-retry.js';
import { SqsQueue } from '../refresh/queue.js';

const MAPPING_HINTS: Hints = {
  ...HINTS,
  ResourceInUseException: ' — the mapping is still being created or updated; deploy again in a minute.',
  ResourceConflictException:
    ' — a mapping from this queue to this function already exists; look it up with aws lambda list-event-source-mappings.',
  InvalidParameterValueException:
    " — check that the function's role may sqs:ReceiveMessage, sqs:DeleteMessage and sqs:GetQueueAttributes on the queue (and kms:Decrypt on its key).",
};

const settings = (trigger: TriggerSpec) => ({
  BatchSize: trigger.batchSize,
  MaximumBatchingWindowInSeconds: trigger.maximumBatchingWindowSeconds,
  ScalingConfig: { MaximumConcurrency: trigger.maximumConcurrency },
  FunctionResponseTypes: [...FUNCTION_RESPONSE_TYPES],
});

export function liveMapping(mapping: EventSourceMappingConfiguration): LiveMapping {
  const state = mapping.State ?? 'Enabled';
  return {
    uuid: mapping.UUID ?? '',
    state,
    enabled: state !== 'Disabled' && state !== 'Disabling',
    functionResponseTypes: [...(mapping.FunctionResponseTypes ?? [])],
    ...(mapping.BatchSize !== undefined ? { batchSize: mapping.BatchSize } : {}),
    ...(mapping.MaximumBatchingWindowInSeconds !== undefined
      ? { maximumBatchingWindowSeconds: mapping.MaximumBatchingWindowInSeconds }
      : {}),
    ...(mapping.ScalingConfig?.MaximumConcurrency !== undefined ? { maximumConcurrency: mapping.ScalingConfig.MaximumConcurrency } : {}),
  };
}

export class EventSources implements EventSourcePort {
  private readonly lambda: LambdaClient;
  private readonly sqs: SQSClient;

  constructor(clients: AwsClients) {
    this.lambda = clients.lambda();
    this.sqs = clients.sqs();
  }

  async queue(name: string): Promise<LiveQueue> {
    const url = await new SqsQueue(this.sqs, name).queueUrl();
    const out = await call('sqs', 'GetQueueAttributes', () =>
      this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'VisibilityTimeout'] })),
    );
    return { url, arn: out.Attributes?.QueueArn ?? '', visibilityTimeout: Number(out.Attributes?.VisibilityTimeout ?? 30) };
  }

  async getMapping(queueArn: string, aliasArn: string): Promise<LiveMapping | null> {
    const found = await callOrNull('lambda', 'ListEventSourceMappings', async () => {
      for await (const page of paginateListEventSourceMappings(
        { client: this.lambda },
        { EventSourceArn: queueArn, FunctionName: aliasArn },
      )) {
        const mapping = (page.EventSourceMappings ?? []).find((m) => m.EventSourceArn === queueArn);
        if (mapping) return mapping;
      }
      return null;
    });
    if (!found) return null;
    const live = liveMapping(found);
    if (!found.EventSourceMappingArn) return live;
    const arn = found.EventSourceMappingArn;
    const tags = (await call('lambda', 'ListTags', () => this.lambda.send(new ListTagsCommand({ Resource: arn })))).Tags;
    return { ...live, arn, ...(tags && Object.keys(tags).length ? { tags } : {}) };
  }

  async apply(trigger: TriggerSpec, aliasArn: string, live: LiveMapping | null, steps: MappingStep[]): Promise<void> {
    for (const step of steps) {
      if (step.op === 'create-mapping') {
        // The role's SQS permissions were just written: Lambda checks them and may not see them yet.
        const create = () =>
          this.lambda.send(
            new CreateEventSourceMappingCommand({
              FunctionName: aliasArn,
              EventSourceArn: trigger.queueArn,
              Enabled: trigger.enabled,
              ...settings(trigger),
              ...(step.tags ? { Tags: step.tags } : {}),
            }),
          );
        await call(
          'lambda',
          'CreateEventSourceMapping',
          () => retryWhileIamPropagates(create, ROLE_LACKS_PERMISSION),
          undefined,
          MAPPING_HINTS,
        );
        continue;
      }
      if (!live)
        throw new AwsError(
          `no event-source mapping from ${trigger.queueName} to ${aliasArn} to update`,
          'lambda',
          'UpdateEventSourceMapping',
          'ResourceNotFoundException',
        );
      if (step.op === 'tag-mapping') {
        await call('lambda', 'TagResource', () => this.lambda.send(new TagResourceCommand({ Resource: live.arn, Tags: step.tags })));
        continue;
      }
      const update = step.op === 'disable-mapping' ? { Enabled: false } : { Enabled: trigger.enabled, ...settings(trigger) };
      const send = () => this.lambda.send(new UpdateEventSourceMappingCommand({ UUID: live.uuid, ...update }));
      await call(
        'lambda',
        'UpdateEventSourceMapping',
        () => retryWhileIamPropagates(send, ROLE_LACKS_PERMISSION),
        undefined,
        MAPPING_HINTS,
      );
    }
  }
}
