/**
 * The athena function's trigger. Schedule: the EventBridge rule, its target (the alias) and the
 * permission letting the rule invoke the alias. SQS: the event-source mapping from the queue to
 * the alias with its batching, concurrency and ReportBatchItemFailures. As deploy does, the
 * trigger not in use is kept only where it exists, disabled.
 */
import { FUNCTION_RESPONSE_TYPES } from '../../deploy/athena-spec.js';
import { ALIAS } from '../../deploy/functions.js';
import type { ExportFunction } from '../types.js';
import { ref, type ResourceMapper, type TfResource } from '../types.js';
import { QUEUE } from './queues.js';

/** The statement id deploy gives the permission (src/aws/deploy/schedule-rule.ts). */
export const PERMISSION_SID = 'streamalert-schedule';

function schedule({ planned }: ExportFunction, tags: Record<string, string>): TfResource[] {
  const s = planned.spec.schedule;
  const live = planned.schedule?.live;
  if (!s || (!s.required && !live?.rule)) return [];
  const key = planned.spec.key;
  const name = planned.spec.name;
  const rule: TfResource = {
    type: 'aws_cloudwatch_event_rule',
    name: key,
    kind: 'schedule',
    body: {
      name: s.ruleName,
      schedule_expression: s.expression,
      state: s.enabled ? 'ENABLED' : 'DISABLED',
      description: `streamalert: runs ${name}:${ALIAS} on ${s.expression}`,
      tags,
    },
    ...(live?.rule ? { importId: s.ruleName } : {}),
  };
  if (!s.required) return [rule];
  const targetId = name.slice(0, 64);
  return [
    rule,
    {
      type: 'aws_cloudwatch_event_target',
      name: key,
      kind: 'schedule_target',
      body: { rule: ref('aws_cloudwatch_event_rule', key, 'name'), target_id: targetId, arn: ref('aws_lambda_alias', key, 'arn') },
      ...(live?.targetsAlias ? { importId: `${s.ruleName}/${targetId}` } : {}),
    },
    {
      type: 'aws_lambda_permission',
      name: key,
      kind: 'schedule_permission',
      body: {
        statement_id: PERMISSION_SID,
        action: 'lambda:InvokeFunction',
        function_name: ref('aws_lambda_function', key, 'function_name'),
        qualifier: ref('aws_lambda_alias', key, 'name'),
        principal: 'events.amazonaws.com',
        source_arn: ref('aws_cloudwatch_event_rule', key, 'arn'),
      },
      ...(live?.permitted ? { importId: `${name}:${ALIAS}/${PERMISSION_SID}` } : {}),
    },
  ];
}

function mapping({ planned }: ExportFunction, tags: Record<string, string>): TfResource[] {
  const t = planned.spec.trigger;
  const live = planned.mapping?.live;
  if (!t || (t.kind !== 'sqs' && !live)) return [];
  return [
    {
      type: 'aws_lambda_event_source_mapping',
      name: planned.spec.key,
      kind: 'event_source_mapping',
      body: {
        event_source_arn: ref('aws_sqs_queue', QUEUE, 'arn'),
        function_name: ref('aws_lambda_alias', planned.spec.key, 'arn'),
        enabled: t.enabled,
        batch_size: t.batchSize,
        maximum_batching_window_in_seconds: t.maximumBatchingWindowSeconds,
        scaling_config: { maximum_concurrency: t.maximumConcurrency },
        function_response_types: [...FUNCTION_RESPONSE_TYPES],
        tags,
      },
      ...(live ? { importId: live.uuid } : {}),
    },
  ];
}

export const trigger: ResourceMapper = ({ functions, tags }) => functions.flatMap((f) => [...schedule(f, tags), ...mapping(f, tags)]);
