/**
 * Every SDK client the CLI uses, built by one ClientFactory so all commands talk to AWS the same
 * way. Code that is bundled for Lambda uses ClientFactory directly, to bundle only what it needs.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GlueClient } from '@aws-sdk/client-glue';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { STSClient } from '@aws-sdk/client-sts';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ClientFactory } from './client-factory.js';
import { sqsClient } from '../refresh/queue.js';
import { s3Client } from '../backfill/s3-folders.js';

export { ClientFactory, type ClientOptions, type AwsCredentials, type AwsRequestRecord } from './client-factory.js';

export class AwsClients extends ClientFactory {
  sqs = () => sqsClient(this);
  athena = () => this.get(AthenaClient);
  glue = () => this.get(GlueClient);
  s3 = () => s3Client(this);
  lambda = () => this.get(LambdaClient);
  cloudwatch = () => this.get(CloudWatchClient);
  eventbridge = () => this.get(EventBridgeClient);
  // Only deploy uses these two; loading them on demand keeps every other command's start ~0.2 s faster.
  iam = async (): Promise<IAMClient> => this.get((await import('@aws-sdk/client-iam')).IAMClient);
  // The account check (src/aws/account/account.ts) runs once per command that writes.
  sts = async (): Promise<STSClient> => this.get((await import('@aws-sdk/client-sts')).STSClient);
  // Only init asks KMS (DescribeKey of kms_key_arn).
  kms = async (): Promise<KMSClient> => this.get((await import('@aws-sdk/client-kms')).KMSClient);
  logs = async (): Promise<CloudWatchLogsClient> => this.get((await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient);
}
