/**
 * The IAM policies of the recovery commands, run by an operator rather than the function (pure,
 * from the configuration alone):
 *   backfill  S3 ListBucket on the data buckets (folder listings only, no GetObject); Glue
 *             GetTable/GetPartitions on the catalog, database and mapped tables, and
 *             BatchUpdatePartition for --rebuild; registering with the configured strategy,
 *             exactly as the refresh function does.
 *   redrive   SQS ReceiveMessage/DeleteMessage on the dead-letter queue `<queue>_dlq` and
 *             SendMessage on the notification queue (the batch calls authorise as these), plus
 *             GetQueueUrl/GetQueueAttributes on both (the redrive policy names the dead-letter queue).
 */
import type { Config } from './config/load.js';
import { arnMaker, catalogArns, dataBucketArns, registrationStatements, type PolicyDocument } from './iam-policy.js';

export function buildBackfillPolicy(config: Pick<Config, 'account' | 'athena'>): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ListPartitionFolders',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: dataBucketArns(config),
      },
      {
        Sid: 'ReadAndRebuildPartitions',
        Effect: 'Allow',
        Action: ['glue:BatchUpdatePartition', 'glue:GetPartitions', 'glue:GetTable'],
        Resource: catalogArns(config),
      },
      ...registrationStatements(config),
    ],
  };
}

export function buildRedrivePolicy(config: Pick<Config, 'account' | 'athena'>): PolicyDocument {
  const arn = arnMaker(config);
  const queue = config.athena.queue_name;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TakeFromDeadLetterQueue',
        Effect: 'Allow',
        Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        Resource: [arn('sqs', `${queue}_dlq`)],
      },
      {
        Sid: 'SendToNotificationQueue',
        Effect: 'Allow',
        Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
        Resource: [arn('sqs', queue)],
      },
    ],
  };
}
