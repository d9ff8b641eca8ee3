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
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { ClientFactory } from './client-factory.js';
import { sqsClient } from './queue.js';

export { ClientFactory, type ClientOptions, type AwsCredentials } from './client-factory.js';

export class AwsClients extends ClientFactory {
  sqs = () => sqsClient(this);
  athena = () => this.get(AthenaClient);
  glue = () => this.get(GlueClient);
  s3 = () => this.get(S3Client, { forcePathStyle: Boolean(this.endpoint) });
  lambda = () => this.get(LambdaClient);
  cloudwatch = () => this.get(CloudWatchClient);
  eventbridge = () => this.get(EventBridgeClient);
  // Only deploy uses these two; loading them on demand keeps every other command's start ~0.2 s faster.
  iam = async (): Promise<IAMClient> => this.get((await import('@aws-sdk/client-iam')).IAMClient);
  logs = async (): Promise<CloudWatchLogsClient> => this.get((await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient);
}
