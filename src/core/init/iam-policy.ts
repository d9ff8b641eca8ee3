/**
 * The IAM policy of whoever runs `athena init` (`streamalert athena iam-policy --for init`):
 * every call init makes, on the resources conf/ names. Pure: built from the configuration.
 *
 *   queues           CreateQueue, GetQueueUrl, GetQueueAttributes, SetQueueAttributes (attributes,
 *                    redrive and the queue policy) on the queue and its DLQ
 *   data buckets     Get/PutBucketNotification (read, merge, write the configuration)
 *   results bucket   CreateBucket, ListBucket (HeadBucket), and get/put of its encryption, public
 *                    access block and lifecycle configuration
 *   catalog          Glue GetDatabase/CreateDatabase, GetTable/CreateTable/UpdateTable; Athena
 *                    GetDatabase (whether Athena sees the database)
 */
import type { Config } from '../config/load.js';
import { arnMaker, bucketArn, DATA_CATALOG, literal, type PolicyDocument } from '../iam-policy.js';
import type { InitTarget } from './plan.js';

export function buildInitIamPolicy(config: Pick<Config, 'account'>, target: Pick<InitTarget, 'queue' | 'dlq' | 'buckets' | 'results' | 'database' | 'tables'>): PolicyDocument {
  // The same ARN makers as the refresh's policy: no configured name may widen a grant (literal()).
  const arn = arnMaker(config);
  const field = 'athena_partition_refresh_config';
  const database = literal(target.database, `${field}.database_name`);
  const tables = target.tables.map((t) => literal(t.name, `${field}.buckets`)).sort();
  const queue = (name: string) => arn('sqs', literal(name, `${field}.queue_name`));
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ManageNotificationQueues',
        Effect: 'Allow',
        Action: ['sqs:CreateQueue', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SetQueueAttributes'],
        Resource: [queue(target.queue.name), queue(target.dlq.name)],
      },
      {
        Sid: 'MergeDataBucketNotifications',
        Effect: 'Allow',
        Action: ['s3:GetBucketNotification', 's3:PutBucketNotification'],
        Resource: [...target.buckets].sort().map((b) => bucketArn(config, b, `${field}.buckets`)),
      },
      {
        Sid: 'ManageResultsBucket',
        Effect: 'Allow',
        Action: [
          's3:CreateBucket',
          's3:GetBucketPublicAccessBlock',
          's3:GetEncryptionConfiguration',
          's3:GetLifecycleConfiguration',
          's3:ListBucket',
          's3:PutBucketPublicAccessBlock',
          's3:PutEncryptionConfiguration',
          's3:PutLifecycleConfiguration',
        ],
        Resource: [bucketArn(config, target.results.bucket, `${field}.results_bucket`)],
      },
      {
        Sid: 'ManageCatalog',
        Effect: 'Allow',
        Action: ['glue:CreateDatabase', 'glue:CreateTable', 'glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable'],
        Resource: [arn('glue', 'catalog'), arn('glue', `database/${database}`), ...tables.map((t) => arn('glue', `table/${database}/${t}`))],
      },
      {
        Sid: 'CheckDatabaseInAthena',
        Effect: 'Allow',
        Action: ['athena:GetDatabase'],
        Resource: [arn('athena', `datacatalog/${DATA_CATALOG}`)],
      },
    ],
  };
}
