/**
 * The IAM policies of the recovery commands, run by an operator rather than the function (pure,
 * from the configuration alone):
 *   backfill  S3 ListBucket on the data buckets (folder listings only, no GetObject); Glue
 *             GetTable/GetPartitions on the catalog, database and mapped tables, and
 *             BatchUpdatePartition for --rebuild; registering with the configured strategy,
 *             exactly as the refresh function does.
 *   redrive   SQS ReceiveMessage/DeleteMessage on the dead-letter queue `<queue>_dlq` and
 *             SendMessage on the notification queue (the batch calls authorise as these), plus
 *             GetQueueUrl/GetQueueAttributes on both (the redrive policy names the dead-letter queue);
 *             ChangeMessageVisibility on the dead-letter queue (dead letters that are not ours are
 *             made visible again at once); with `kms_key_arn`, kms:Decrypt (receiving from an
 *             encrypted queue) and kms:GenerateDataKey (sending to one) with that key.
 *   Both call STS GetCallerIdentity first (the account check), which needs no permission.
 */
import type { Config } from '../config/load.js';
import { arnMaker, catalogArns, dataBucketArns, literal, registrationStatements, type PolicyDocument } from './policy.js';

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
  // Both queues are encrypted with the key init was given: reading one and writing the other use it.
  const kms = config.athena.kms_key_arn;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TakeFromDeadLetterQueue',
        Effect: 'Allow',
        Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        Resource: [arn('sqs', `${queue}_dlq`)],
      },
      {
        Sid: 'SendToNotificationQueue',
        Effect: 'Allow',
        Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
        Resource: [arn('sqs', queue)],
      },
      ...(kms
        ? [
            {
              Sid: 'UseQueueKey',
              Effect: 'Allow' as const,
              Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
              Resource: [literal(kms, 'athena_partition_refresh_config.kms_key_arn')],
            },
          ]
        : []),
    ],
  };
}
