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
 *   every strategy   Glue BatchGetPartition: before a message is deleted, its partition must be
 *                    registered at the object's location (core/partitions/locations.ts).
 *   kms_key_arn      KMS Decrypt with that key: an SSE-KMS queue's messages are encrypted with it.
 *
 * No wildcard comes from configuration: every name that goes into an ARN was validated when the
 * configuration loaded, and is checked again here. The only wildcards are ours: `table/<db>/*`
 * when a bucket maps "*", objects under the results prefix, and the log group's streams.
 */
import { mappedTables } from '../partitions/buckets.js';
import type { Config } from '../config/load.js';
import { parseResultsLocation } from '../config/names.js';
import type { RefreshStrategy } from '../config/schema.js';
import { ConfigError } from '../kernel/errors.js';
import { quote } from '../kernel/quote.js';

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
  add_partition: [
    'glue:GetDatabase',
    'glue:GetTable',
    'glue:GetPartition',
    'glue:GetPartitions',
    'glue:CreatePartition',
    'glue:BatchCreatePartition',
  ],
  // MSCK REPAIR TABLE
  repair: [
    'glue:GetDatabase',
    'glue:GetTable',
    'glue:GetPartition',
    'glue:GetPartitions',
    'glue:CreatePartition',
    'glue:BatchCreatePartition',
  ],
};

/** The data catalog the run's queries and database check use (src/aws/refresh/athena.ts). */
export const DATA_CATALOG = 'AwsDataCatalog';

/**
 * A configured name as it goes into an ARN: never a wildcard (`*`, `?`), a policy variable (`$`)
 * or a separator it could use to reach further. The schema refuses these already; a Config built
 * by hand must not get around it.
 */
export function literal(value: string, key: string): string {
  if (!/^[A-Za-z0-9._\-/:!'()=+]+$/.test(value) || value.includes('..')) {
    throw new ConfigError(
      `${key}: ${quote(value, 80)} cannot go into an IAM policy (only letters, digits and . _ - / : ! ' ( ) = +)`,
      undefined,
      key,
    );
  }
  return value;
}

const key = (k: string) => `athena_partition_refresh_config.${k}`;

export function buildIamPolicy(config: Pick<Config, 'account' | 'athena'>): PolicyDocument {
  const a = config.athena;
  const arn = arnMaker(config);
  const statements: PolicyStatement[] = [
    a.trigger === 'sqs'
      ? {
          Sid: 'EventSourceMappingPollsNotifications',
          Effect: 'Allow',
          Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
          Resource: [arn('sqs', literal(a.queue_name, key('queue_name')))],
        }
      : {
          Sid: 'ReadAndDeleteNotifications',
          Effect: 'Allow',
          Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
          Resource: [arn('sqs', literal(a.queue_name, key('queue_name')))],
        },
    {
      Sid: 'CheckDatabase',
      Effect: 'Allow',
      Action: ['athena:GetDatabase'],
      Resource: [arn('athena', `datacatalog/${DATA_CATALOG}`)],
    },
    ...registrationStatements(config),
  ];
  if (a.kms_key_arn) {
    statements.push({
      Sid: 'DecryptNotifications',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [literal(a.kms_key_arn, key('kms_key_arn'))],
    });
  }
  if (a.refresh_strategy === 'repair') {
    statements.push({
      Sid: 'ListDataBucketsForRepair',
      Effect: 'Allow',
      Action: ['s3:GetBucketLocation', 's3:ListBucket'],
      Resource: dataBucketArns(config),
    });
  }
  statements.push({
    Sid: 'CheckPartitionLocations',
    Effect: 'Allow',
    Action: ['glue:BatchGetPartition'],
    Resource: catalogArns(config),
  });
  const logGroup = arn('logs', `log-group:/aws/lambda/${literal(a.function_name, key('function_name'))}`);
  statements.push({
    Sid: 'FunctionLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: [logGroup, `${logGroup}:*`],
  });
  return { Version: '2012-10-17', Statement: statements };
}

/** `arn(service, resource)` in the configured account, region and partition. */
export function arnMaker(config: Pick<Config, 'account'>): (service: string, resource: string) => string {
  const account = literal(config.account.aws_account_id, 'account.aws_account_id');
  const region = literal(config.account.region, 'account.region');
  return (service, resource) => `arn:${arnPartition(region)}:${service}:${region}:${account}:${resource}`;
}

/** The data buckets, as S3 bucket ARNs. */
export function dataBucketArns(config: Pick<Config, 'account' | 'athena'>): string[] {
  return Object.keys(config.athena.buckets)
    .sort()
    .map((b) => bucketArn(config, b, key('buckets')));
}

/** An S3 bucket's ARN (no region or account in it); `field` names where the name was configured. */
export function bucketArn(config: Pick<Config, 'account'>, name: string, field: string): string {
  return `arn:${arnPartition(config.account.region)}:s3:::${literal(name, field)}`;
}

/**
 * The catalog, the database and the mapped tables (`*` when a bucket maps "*"), as Glue ARNs.
 * Athena and Glue lower-case table names; the ARNs name them as the catalog does.
 */
export function catalogArns(config: Pick<Config, 'account' | 'athena'>): string[] {
  const arn = arnMaker(config);
  const db = literal(config.athena.database_name, key('database_name'));
  const mapped = mappedTables(config.athena.buckets);
  const tables = mapped.any ? ['*'] : [...new Set(mapped.tables.map((t) => literal(t, key('buckets')).toLowerCase()))].sort();
  return [arn('glue', 'catalog'), arn('glue', `database/${db}`), ...tables.map((t) => arn('glue', `table/${db}/${t}`))];
}

/** What registering partitions with the configured strategy needs (the refresh's and backfill's). */
export function registrationStatements(config: Pick<Config, 'account' | 'athena'>): PolicyStatement[] {
  const a = config.athena;
  const arn = arnMaker(config);
  const p = arnPartition(config.account.region);
  const catalog = catalogArns(config);
  if (a.refresh_strategy === 'glue') {
    return [
      {
        Sid: 'RegisterPartitionsInGlue',
        Effect: 'Allow',
        Action: ['glue:BatchCreatePartition', 'glue:GetDatabase', 'glue:GetTable'],
        Resource: catalog,
      },
    ];
  }
  const results = parseResultsLocation(a.results_location);
  if (typeof results === 'string') throw new ConfigError(`${key('results_bucket')}: ${results}`, undefined, key('results_bucket'));
  const resultsBucket = literal(results.bucket, key('results_bucket'));
  const resultsPrefix = results.prefix && literal(results.prefix, key('results_bucket'));
  return [
    {
      Sid: 'RunPartitionDdl',
      Effect: 'Allow',
      Action: ['athena:GetQueryExecution', 'athena:StartQueryExecution'],
      Resource: [arn('athena', `workgroup/${literal(a.workgroup ?? 'primary', key('workgroup'))}`)],
    },
    { Sid: 'CatalogForAthenaDdl', Effect: 'Allow', Action: [...ATHENA_DDL_GLUE_ACTIONS[a.refresh_strategy]].sort(), Resource: catalog },
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
  ];
}
