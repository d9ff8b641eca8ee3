/**
 * Creates the resources a deployment's refresh function expects: the notification queue (with a
 * dead-letter queue), the data buckets notifying it, the results bucket, and the database (in
 * Athena and, for the glue strategy, Glue tables). Used by the local demo and the tests against
 * an emulator; idempotent, so it can be run against an existing setup.
 */
import { StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CreateDatabaseCommand, CreateTableCommand, GetTableCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { mappingOf, tableLocation } from '../core/buckets.js';
import type { Config } from '../core/config/load.js';
import type { AwsClients } from './clients.js';

export interface ProvisionOptions {
  /** Tables to create in Glue (needed by the glue strategy), with their bucket. */
  glueTables?: { table: string; bucket: string }[];
  /** Seconds a received message stays invisible (short in tests so kept messages come back). */
  visibilityTimeout?: number;
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount?: number;
}

export interface Provisioned {
  queueUrl: string;
  queueArn: string;
  deadLetterQueueUrl: string;
}

export async function provisionDeployment(config: Config, clients: AwsClients, options: ProvisionOptions = {}): Promise<Provisioned> {
  const a = config.athena;
  const sqs = clients.sqs();
  const s3 = clients.s3();
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${a.queue_name}_dlq` }));
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const queue = await sqs.send(new CreateQueueCommand({ QueueName: a.queue_name }));
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: queue.QueueUrl,
      Attributes: {
        VisibilityTimeout: String(options.visibilityTimeout ?? Math.max(30, a.timeout * 6)),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: options.maxReceiveCount ?? 10 }),
      },
    }),
  );
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const resultsBucket = new URL(a.results_location).host;
  for (const bucket of [resultsBucket, ...Object.keys(a.buckets)]) await createBucket(clients, bucket);
  for (const bucket of Object.keys(a.buckets)) {
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: { QueueConfigurations: [{ QueueArn: queueArn, Events: ['s3:ObjectCreated:*'] }] },
      }),
    );
  }
  await clients.athena().send(
    new StartQueryExecutionCommand({ QueryString: `CREATE DATABASE IF NOT EXISTS ${a.database_name}`, ResultConfiguration: { OutputLocation: a.results_location } }),
  );
  if (options.glueTables?.length) await createGlueTables(config, clients, options.glueTables);
  return { queueUrl: queue.QueueUrl!, queueArn, deadLetterQueueUrl: dlq.QueueUrl! };
}

async function createBucket(clients: AwsClients, bucket: string): Promise<void> {
  try {
    await clients.s3().send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    if (!/BucketAlreadyOwnedByYou|BucketAlreadyExists/.test((err as Error).name)) throw err;
  }
}

async function createGlueTables(config: Config, clients: AwsClients, tables: { table: string; bucket: string }[]): Promise<void> {
  const glue = clients.glue();
  const database = config.athena.database_name;
  try {
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: database } }));
  } catch (err) {
    if ((err as Error).name !== 'AlreadyExistsException') throw err;
  }
  for (const { table, bucket } of tables) {
    try {
      await glue.send(new GetTableCommand({ DatabaseName: database, Name: table }));
      continue;
    } catch {
      // not there yet
    }
    await glue.send(
      new CreateTableCommand({
        DatabaseName: database,
        TableInput: {
          Name: table,
          TableType: 'EXTERNAL_TABLE',
          PartitionKeys: [{ Name: 'dt', Type: 'string' }],
          StorageDescriptor: {
            Location: tableLocation(bucket, mappingOf(config.athena.buckets, bucket) ?? { table, prefix: '' }, table),
            Columns: [{ Name: 'record', Type: 'string' }],
            InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
          },
        },
      }),
    );
  }
}
