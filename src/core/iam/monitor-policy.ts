/**
 * The IAM policy of whoever runs `athena monitor` (`athena iam-policy --for monitor`), pure, from
 * the configuration alone. What monitor reads (src/aws/monitor/):
 *   CloudWatch  one GetMetricData call (AWS/SQS and AWS/Lambda metrics); it takes no resource ARN
 *   Lambda      ListEventSourceMappings on the queue's ARN (the trigger's state); no resource ARN
 *   SQS         GetQueueUrl and GetQueueAttributes on the queue and its dead-letter queue
 *               (`<queue_name>_dlq`, unless the redrive policy names another)
 * Reads only; no STS call (monitor makes no account check).
 */
import type { Config } from '../config/load.js';
import { arnMaker, literal, type PolicyDocument } from './policy.js';

export function buildMonitorPolicy(config: Pick<Config, 'account' | 'athena'>): PolicyDocument {
  const arn = arnMaker(config);
  const queue = literal(config.athena.queue_name, 'athena_partition_refresh_config.queue_name');
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadMetrics', Effect: 'Allow', Action: ['cloudwatch:GetMetricData'], Resource: ['*'] },
      { Sid: 'FindTriggerMapping', Effect: 'Allow', Action: ['lambda:ListEventSourceMappings'], Resource: ['*'] },
      {
        Sid: 'ReadQueueDepth',
        Effect: 'Allow',
        Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        Resource: [arn('sqs', queue), arn('sqs', `${queue}_dlq`)],
      },
    ],
  };
}
