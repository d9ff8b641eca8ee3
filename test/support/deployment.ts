/**
 * A throwaway deployment on a moto server: a config folder in a temp dir (with any table schema
 * files), the data buckets (a user's own), then everything else made by `athena init` (queue, DLQ,
 * policy, notifications, results bucket, database, tables); plus helpers to write objects, send
 * raw messages and read back what Athena ran and what is left on the queue.
 */
import { ListQueryExecutionsCommand, GetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { GetPartitionsCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsClients } from '../../src/aws/sdk/clients.js';
import { provision } from '../../src/aws/init/provision.js';
import { loadConfig, type Config } from '../../src/core/config/load.js';
import { dlqName } from '../../src/core/init/queue-attributes.js';

export const ACCOUNT = { aws_account_id: '123456789012', prefix: 'test', region: 'us-east-1' };

export interface Provisioned {
  queueUrl: string;
  queueArn: string;
  deadLetterQueueUrl: string;
}

/** `conf/schemas/<table>.json` contents. */
export type SchemaFiles = Record<
  string,
  { format?: 'json' | 'parquet'; columns?: Record<string, string>; location?: string; [layoutKey: string]: unknown }
>;

export interface DeploymentOptions {
  /**
   * Seconds a received message stays invisible (default 60): long enough that no run, however
   * slow the machine, sees its own kept messages come back; tests that want them back call moto's
   * releaseInFlight() instead of sleeping. Init itself sets at least 6 × the function's timeout.
   * The queue's default receive wait is also set back to 0 (init sets 20 s of long polling), so a
   * test's receive without WaitTimeSeconds returns at once on an empty queue.
   */
  visibilityTimeout?: number;
  /** Table schema files to write into the config folder (init creates their tables). */
  schemas?: SchemaFiles;
  /** Tables the test needs in Glue beyond the built-in alerts: each gets a one-column schema file. */
  glueTables?: { table: string; bucket: string }[];
  /** `max_receive_count` of the redrive policy init sets. */
  maxReceiveCount?: number;
}

const ONE_COLUMN = { format: 'json' as const, columns: { record: 'string' } };

export interface Deployment extends Provisioned {
  configDir: string;
  config: Config;
  clients: AwsClients;
  endpointUrl: string;
  putObject(bucket: string, key: string, body?: string): Promise<void>;
  sendBodies(bodies: string[]): Promise<void>;
  queueDepth(): Promise<{ visible: number; inFlight: number }>;
  /** Bodies of every message on a queue, received and left to come back. */
  peekBodies(queueUrl?: string): Promise<string[]>;
  /** Every query Athena recorded, oldest first. */
  queries(): Promise<string[]>;
  gluePartitions(table: string): Promise<{ dt: string; location: string }[]>;
  purge(): Promise<void>;
}

export function writeConfig(
  athena: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  account = ACCOUNT,
  schemas: SchemaFiles = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamalert-conf-'));
  writeFileSync(join(dir, 'global.json'), JSON.stringify({ account }, null, 2));
  writeFileSync(join(dir, 'lambda.json'), JSON.stringify({ athena_partition_refresh_config: athena, ...extra }, null, 2));
  if (Object.keys(schemas).length) {
    mkdirSync(join(dir, 'schemas'));
    for (const [table, schema] of Object.entries(schemas))
      writeFileSync(join(dir, 'schemas', `${table}.json`), JSON.stringify(schema, null, 2));
  }
  return dir;
}

/** Creates buckets as their owner would (init never creates data buckets). */
export async function createBuckets(clients: AwsClients, buckets: string[]): Promise<void> {
  for (const Bucket of buckets) {
    try {
      await clients.s3().send(new CreateBucketCommand({ Bucket }));
    } catch (err) {
      if (!/BucketAlreadyOwnedByYou|BucketAlreadyExists/.test((err as Error).name)) throw err;
    }
  }
}

export const DEFAULT_ATHENA = {
  buckets: { 'test-streamalerts': 'alerts', 'test-streamalert-data': '*' },
  results_bucket: 's3://test-athena-results/refresh/',
};

export async function createDeployment(
  endpointUrl: string,
  athena: Record<string, unknown> = DEFAULT_ATHENA,
  options: DeploymentOptions = {},
): Promise<Deployment> {
  // alerts is built in only where a bucket maps to it by name; under a "*" bucket it needs a file too.
  const namesAlerts = Object.values(athena.buckets ?? {}).includes('alerts');
  const extraTables = Object.fromEntries(
    (options.glueTables ?? []).filter((t) => t.table !== 'alerts' || !namesAlerts).map((t) => [t.table, ONE_COLUMN]),
  );
  const settings = options.maxReceiveCount === undefined ? athena : { ...athena, max_receive_count: options.maxReceiveCount };
  const configDir = writeConfig(settings, {}, ACCOUNT, { ...extraTables, ...options.schemas });
  const config = loadConfig(configDir);
  const clients = new AwsClients({ region: config.account.region, endpointUrl });
  await createBuckets(clients, Object.keys(config.athena.buckets));
  await provision(config, clients);
  const sqs = clients.sqs();
  const url = async (QueueName: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl!;
  const queueUrl = await url(config.athena.queue_name);
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: queueUrl,
      Attributes: { VisibilityTimeout: String(options.visibilityTimeout ?? 60), ReceiveMessageWaitTimeSeconds: '0' },
    }),
  );
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!
    .QueueArn!;
  const provisioned: Provisioned = { queueUrl, queueArn, deadLetterQueueUrl: await url(dlqName(config.athena.queue_name)) };
  return {
    ...provisioned,
    configDir,
    config,
    clients,
    endpointUrl,
    async putObject(bucket, key, body = '{"rule_name":"test"}\n') {
      await clients.s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async sendBodies(bodies) {
      for (let i = 0; i < bodies.length; i += 10) {
        const Entries = bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: String(j), MessageBody }));
        const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: provisioned.queueUrl, Entries }));
        if (out.Failed?.length) throw new Error(`SendMessageBatch failed: ${JSON.stringify(out.Failed)}`);
      }
    },
    async queueDepth() {
      const out = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: provisioned.queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return {
        visible: Number(out.Attributes?.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    },
    async peekBodies(queueUrl = provisioned.queueUrl) {
      const bodies: string[] = [];
      for (;;) {
        const out = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30, WaitTimeSeconds: 0 }),
        );
        if (!out.Messages?.length) return bodies;
        bodies.push(...out.Messages.map((m) => m.Body ?? ''));
      }
    },
    async queries() {
      const athenaClient = clients.athena();
      const ids: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await athenaClient.send(new ListQueryExecutionsCommand({ NextToken }));
        ids.push(...(page.QueryExecutionIds ?? []));
        NextToken = page.NextToken;
      } while (NextToken);
      const details = await Promise.all(ids.map((id) => athenaClient.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))));
      return details
        .map((d) => d.QueryExecution!)
        .sort((a, b) => (a.Status?.SubmissionDateTime?.getTime() ?? 0) - (b.Status?.SubmissionDateTime?.getTime() ?? 0))
        .map((q) => q.Query ?? '')
        .filter((q) => !q.startsWith('CREATE DATABASE'));
    },
    async gluePartitions(table) {
      const out = await clients.glue().send(new GetPartitionsCommand({ DatabaseName: config.athena.database_name, TableName: table }));
      return (out.Partitions ?? [])
        .map((p) => ({ dt: p.Values?.[0] ?? '', location: p.StorageDescriptor?.Location ?? '' }))
        .sort((a, b) => a.dt.localeCompare(b.dt));
    },
    async purge() {
      await sqs.send(new PurgeQueueCommand({ QueueUrl: provisioned.queueUrl }));
    },
  };
}
