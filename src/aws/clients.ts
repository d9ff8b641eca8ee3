/**
 * Every SDK client the CLI uses, built by one ClientFactory so all commands talk to AWS the same
 * way. Code that is bundled for Lambda uses ClientFactory directly, to bundle only what it needs.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GlueClient } from '@aws-sdk/client-glue';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ClientFactory } from './client-factory.js';
import { sqsClient } from './queue.js';
import { s3Client } from './s3-folders.js';

export { ClientFactory, type ClientOptions, type AwsCredentials, type AwsRequestRecord } from './client-factory.js';

export class AwsClients extends ClientFactory {
  sqs = () => sqsClient(this);
  athena = () => this.get(AthenaClient);
  glue = () => this.get(GlueClient);
  s3 = () => s3Client(this);
  lambda = () => this.get(LambdaClient);
  cloudwatch = () => this.get(CloudWatchClient);
  eventbridge = () => this.get(EventBridgeClient);
}
