/**
 * `athena init`'s adapter: the InitPort over SQS, S3, Glue and Athena (src/aws/provision-*.ts),
 * and `provision()`, which runs init for callers that need the resources in place (the local
 * demo, tests) and fails when anything is blocked.
 */
import type { Config } from '../../core/config/load.js';
import { loadTableSchemas, type TableSchema } from '../../core/config/table-schemas.js';
import type { InitPort } from '../../core/init/ports.js';
import { ensureInit, runInit, type InitOptions, type InitRun } from '../../core/init/run.js';
import { arnPartition } from '../../core/iam/policy.js';
import { StsAccount } from '../account/account.js';
import type { AwsClients } from '../sdk/clients.js';
import { describeKey } from './kms-keys.js';
import { InitBuckets } from './provision-buckets.js';
import { InitCatalog } from './provision-catalog.js';
import { InitQueues } from './provision-queues.js';

export interface InitPortSettings {
  /** `s3://bucket/prefix/` for the one Athena statement init may run (CREATE DATABASE, local endpoints). */
  resultsLocation: string;
  workgroup?: string;
  /** account.aws_account_id: the ExpectedBucketOwner of every bucket call, the account of the database's ARN. */
  accountId: string;
}

export function awsInitPort(clients: AwsClients, settings: InitPortSettings): InitPort {
  const region = clients.options.region;
  const queues = new InitQueues(clients.sqs());
  const buckets = new InitBuckets(clients.s3(), region, settings.accountId);
  const glueArn = `arn:${arnPartition(region)}:glue:${region}:${settings.accountId}:`;
  const catalog = new InitCatalog(
    clients.glue(),
    clients.athena(),
    { outputLocation: settings.resultsLocation, workgroup: settings.workgroup },
    glueArn,
  );
  const account = new StsAccount(() => clients.sts());
  return {
    callerAccount: () => account.callerAccount(),
    getQueue: (name) => queues.getQueue(name),
    createQueue: (name, attributes, tags) => queues.createQueue(name, attributes, tags),
    setQueueAttributes: (name, attributes) => queues.setQueueAttributes(name, attributes),
    tagQueue: (name, tags) => queues.tagQueue(name, tags),
    describeKey: async (keyArn) => describeKey(await clients.kms(), keyArn),
    getBucketRegion: (bucket) => buckets.getBucketRegion(bucket),
    getBucketNotifications: (bucket) => buckets.getBucketNotifications(bucket),
    putBucketNotifications: (bucket, configuration) => buckets.putBucketNotifications(bucket, configuration),
    getResultsBucket: (bucket) => buckets.getResultsBucket(bucket),
    createBucket: (bucket, tags) => buckets.createBucket(bucket, tags),
    putBucketTags: (bucket, tags) => buckets.putBucketTags(bucket, tags),
    putBucketEncryption: (bucket) => buckets.putBucketEncryption(bucket),
    putPublicAccessBlock: (bucket) => buckets.putPublicAccessBlock(bucket),
    putLifecycleRules: (bucket, rules) => buckets.putLifecycleRules(bucket, rules),
    getDatabase: (name) => catalog.getDatabase(name),
    createGlueDatabase: (name, tags) => catalog.createGlueDatabase(name, tags),
    tagDatabase: (name, tags) => catalog.tagDatabase(name, tags),
    athenaDatabaseExists: (name) => catalog.athenaDatabaseExists(name),
    createAthenaDatabase: (name) => catalog.createAthenaDatabase(name),
    getTable: (database, name) => catalog.getTable(database, name),
    createTable: (database, table) => catalog.createTable(database, table),
    updateTable: (database, table) => catalog.updateTable(database, table),
  };
}

/** The port for a loaded configuration. */
export function initPortFor(config: Config, clients: AwsClients): InitPort {
  return awsInitPort(clients, {
    resultsLocation: config.athena.results_location,
    workgroup: config.athena.workgroup,
    accountId: config.account.aws_account_id,
  });
}

/** `athena init` against AWS (or the endpoint the clients point at), plan and apply. */
export function initDeployment(
  config: Config,
  clients: AwsClients,
  options: InitOptions & { schemas?: TableSchema[] } = {},
): Promise<InitRun> {
  return runInit(config, options.schemas ?? loadTableSchemas(config.dir), initPortFor(config, clients), options);
}

/** Init that must leave every resource in place: a blocked resource is an InitBlockedError. */
export function provision(
  config: Config,
  clients: AwsClients,
  options: Omit<InitOptions, 'dryRun'> & { schemas?: TableSchema[] } = {},
): Promise<InitRun> {
  return ensureInit(config, options.schemas ?? loadTableSchemas(config.dir), initPortFor(config, clients), options);
}
