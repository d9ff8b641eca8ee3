/**
 * The IAM policy of whoever runs `athena init` (`streamalert athena iam-policy --for init`):
 * every call init makes, on the resources conf/ names. Pure: built from the configuration.
 *
 *   queues           CreateQueue, GetQueueUrl, GetQueueAttributes, SetQueueAttributes (attributes,
 *                    redrive and the queue policy), ListQueueTags/TagQueue (ownership) on the queue
 *                    and its DLQ
 *   data buckets     GetBucketLocation (the region check), Get/PutBucketNotification (read, merge,
 *                    write the configuration)
 *   results bucket   CreateBucket, ListBucket (HeadBucket), get/put of its encryption, public
 *                    access block, lifecycle configuration and tags
 *   catalog          Glue GetDatabase/CreateDatabase, GetTags/TagResource (the database's
 *                    ownership), GetTable/CreateTable/UpdateTable; Athena GetDatabase
 *   kms_key_arn      kms:DescribeKey (an AWS managed key cannot serve S3 notifications)
 * STS GetCallerIdentity (the account check) needs no permission.
 */
import type { Config } from '../config/load.js';
import { arnMaker, bucketArn, DATA_CATALOG, literal, type PolicyDocument } from './policy.js';
import type { InitTarget } from '../init/plan.js';

export function buildInitIamPolicy(
  config: Pick<Config, 'account'>,
  target: Pick<InitTarget, 'queue' | 'dlq' | 'buckets' | 'results' | 'database' | 'tables'>,
): PolicyDocument {
  const key = target.queue.settings.kmsKeyArn;
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
        Action: [
          'sqs:CreateQueue',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:ListQueueTags',
          'sqs:SetQueueAttributes',
          'sqs:TagQueue',
        ],
        Resource: [queue(target.queue.name), queue(target.dlq.name)],
      },
      {
        Sid: 'MergeDataBucketNotifications',
        Effect: 'Allow',
        Action: ['s3:GetBucketLocation', 's3:GetBucketNotification', 's3:PutBucketNotification'],
        Resource: [...target.buckets].sort().map((b) => bucketArn(config, b, `${field}.buckets`)),
      },
      {
        Sid: 'ManageResultsBucket',
        Effect: 'Allow',
        Action: [
          's3:CreateBucket',
          's3:GetBucketPublicAccessBlock',
          's3:GetBucketTagging',
          's3:GetEncryptionConfiguration',
          's3:GetLifecycleConfiguration',
          's3:ListBucket',
          's3:PutBucketPublicAccessBlock',
          's3:PutBucketTagging',
          's3:PutEncryptionConfiguration',
          's3:PutLifecycleConfiguration',
        ],
        Resource: [bucketArn(config, target.results.bucket, `${field}.results_bucket`)],
      },
      {
        Sid: 'ManageCatalog',
        Effect: 'Allow',
        Action: [
          'glue:CreateDatabase',
          'glue:CreateTable',
          'glue:GetDatabase',
          'glue:GetTable',
          'glue:GetTags',
          'glue:TagResource',
          'glue:UpdateTable',
        ],
        Resource: [
          arn('glue', 'catalog'),
          arn('glue', `database/${database}`),
          ...tables.map((t) => arn('glue', `table/${database}/${t}`)),
        ],
      },
      {
        Sid: 'CheckDatabaseInAthena',
        Effect: 'Allow',
        Action: ['athena:GetDatabase'],
        Resource: [arn('athena', `datacatalog/${DATA_CATALOG}`)],
      },
      ...(key
        ? [
            {
              Sid: 'CheckQueueKey',
              Effect: 'Allow' as const,
              Action: ['kms:DescribeKey'],
              Resource: [literal(key, `${field}.kms_key_arn`)],
            },
          ]
        : []),
    ],
  };
}
