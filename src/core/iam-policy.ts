/**
 * The least-privilege IAM policy of the Athena Partition Refresh function, built from the
 * configuration alone. Pure: no AWS call, no SDK.
 *
 * What the function does, and so what it needs:
 *   every strategy   SQS ReceiveMessage / DeleteMessage(Batch) / GetQueueUrl / GetQueueAttributes
 *                    on the queue — with `trigger: sqs` the event-source mapping polls and deletes
 *                    with the function's role, and needs ReceiveMessage / DeleteMessage /
 *                    GetQueueAttributes (the function itself calls no SQS API then);
 *                    kms:Decrypt on `kms_key_arn` when the queue is encrypted with that key;
 *                    Athena GetDatabase on the data catalog (the database check before a run),
 *                    which reads Glue GetDatabase; CloudWatch Logs for its own log group
 *                    (custom metrics are EMF log lines, so no cloudwatch:PutMetricData).
 *   add_partition    Athena StartQueryExecution / GetQueryExecution in the workgroup; the Glue
 *                    actions Athena's DDL performs on the catalog, database and tables; S3 on the
 *                    query-results location (Athena writes each query's result there).
 *   repair           as add_partition, and S3 ListBucket / GetBucketLocation on the data buckets
 *                    (MSCK REPAIR TABLE lists the table location).
 *   glue             Glue GetTable (the storage descriptor) and BatchCreatePartition; no query runs.
 */
import type { Config } from './config/load.js';
import type { RefreshStrategy } from './config/schema.js';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** The ARN partition of a region: aws, aws-cn or aws-us-gov. */
export function arnPartition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The Glue actions Athena performs for the DDL each strategy runs. */
const ATHENA_DDL_GLUE_ACTIONS: Record<Exclude<RefreshStrategy, 'glue'>, string[]> = {
  // ALTER TABLE ... ADD IF NOT EXISTS PARTITION
  add_partition: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions', 'glue:CreatePartition', 'glue:BatchCreatePartition'],
  // MSCK REPAIR TABLE
  repair: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions', 'glue:CreatePartition', 'glue:BatchCreatePartition'],
};

/** The data catalog the run's queries and database check use (src/aws/athena.ts). */
export const DATA_CATALOG = 'AwsDataCatalog';

export function buildIamPolicy(config: Pick<Config, 'account' | 'athena'>): PolicyDocument {
  const { aws_account_id: account, region } = config.account;
  const a = config.athena;
  const p = arnPartition(region);
  const arn = (service: string, resource: string) => `arn:${p}:${service}:${region}:${account}:${resource}`;
  const db = a.database_name;
  const buckets = Object.keys(a.buckets).sort();
  const mapsAnyTable = Object.values(a.buckets).includes('*');
  const tables = mapsAnyTable ? ['*'] : [...new Set(Object.values(a.buckets))].sort();
  const catalog = [arn('glue', 'catalog'), arn('glue', `database/${db}`)];
  const tableArns = tables.map((t) => arn('glue', `table/${db}/${t}`));

  const statements: PolicyStatement[] = [
    a.trigger === 'sqs'
      ? {
          Sid: 'EventSourceMappingPollsNotifications',
          Effect: 'Allow',
          Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
          Resource: [arn('sqs', a.queue_name)],
        }
      : {
          Sid: 'ReadAndDeleteNotifications',
          Effect: 'Allow',
          Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
          Resource: [arn('sqs', a.queue_name)],
        },
    ...(a.kms_key_arn ? [{ Sid: 'DecryptNotifications', Effect: 'Allow' as const, Action: ['kms:Decrypt'], Resource: [a.kms_key_arn] }] : []),
    {
      Sid: 'CheckDatabase',
      Effect: 'Allow',
      Action: ['athena:GetDatabase'],
      Resource: [arn('athena', `datacatalog/${DATA_CATALOG}`)],
    },
  ];

  if (a.refresh_strategy === 'glue') {
    statements.push({
      Sid: 'RegisterPartitionsInGlue',
      Effect: 'Allow',
      Action: ['glue:BatchCreatePartition', 'glue:GetDatabase', 'glue:GetTable'],
      Resource: [...catalog, ...tableArns],
    });
  } else {
    const results = new URL(a.results_location);
    const resultsBucket = results.host;
    const resultsPrefix = results.pathname.replace(/^\/+/, '');
    statements.push(
      {
        Sid: 'RunPartitionDdl',
        Effect: 'Allow',
        Action: ['athena:GetQueryExecution', 'athena:StartQueryExecution'],
        Resource: [arn('athena', `workgroup/${a.workgroup ?? 'primary'}`)],
      },
      {
        Sid: 'CatalogForAthenaDdl',
        Effect: 'Allow',
        Action: [...ATHENA_DDL_GLUE_ACTIONS[a.refresh_strategy]].sort(),
        Resource: [...catalog, ...tableArns],
      },
      {
        Sid: 'QueryResultsBucket',
        Effect: 'Allow',
        Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        Resource: [`arn:${p}:s3:::${resultsBucket}`],
      },
      {
        Sid: 'QueryResultsObjects',
        Effect: 'Allow',
        Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
        Resource: [`arn:${p}:s3:::${resultsBucket}/${resultsPrefix}*`],
      },
    );
    if (a.refresh_strategy === 'repair') {
      statements.push({
        Sid: 'ListDataBucketsForRepair',
        Effect: 'Allow',
        Action: ['s3:GetBucketLocation', 's3:ListBucket'],
        Resource: buckets.map((b) => `arn:${p}:s3:::${b}`),
      });
    }
  }

  const logGroup = arn('logs', `log-group:/aws/lambda/${a.function_name}`);
  statements.push({
    Sid: 'FunctionLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: [logGroup, `${logGroup}:*`],
  });
  return { Version: '2012-10-17', Statement: statements };
}
