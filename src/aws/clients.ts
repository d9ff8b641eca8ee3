/**
 * The one place AWS SDK clients are built: region, profile, endpoint and retries are decided here
 * so every command and the Lambda handler talk to AWS the same way.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GlueClient } from '@aws-sdk/client-glue';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { fromIni } from '@aws-sdk/credential-providers';
import type { SQSClientConfig } from "@aws-sdk/client-sqs";

type Credentials = NonNullable<SQSClientConfig["credentials"]>;
type AwsCredentialIdentity = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export interface ClientOptions {
  region: string;
  /** A named profile from ~/.aws/config and ~/.aws/credentials. */
  profile?: string;
  /** A local or private endpoint for every service (moto, LocalStack, a VPC endpoint). */
  endpointUrl?: string;
  /** Attempts per call, first included (the SDK's standard retry mode with backoff). */
  maxAttempts?: number;
  credentials?: Credentials;
}

/** Credentials a local emulator accepts, used only when an endpoint is given and none are configured. */
const LOCAL_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export class AwsClients {
  private cache = new Map<string, unknown>();
  constructor(readonly options: ClientOptions) {}

  private config() {
    const o = this.options;
    const endpoint = o.endpointUrl ?? process.env.AWS_ENDPOINT_URL;
    let credentials = o.credentials;
    if (!credentials && o.profile) credentials = fromIni({ profile: o.profile });
    if (!credentials && endpoint && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) credentials = LOCAL_CREDENTIALS;
    return {
      region: o.region,
      maxAttempts: o.maxAttempts ?? 4,
      ...(endpoint ? { endpoint } : {}),
      ...(credentials ? { credentials } : {}),
    };
  }

  private get<T>(name: string, make: () => T): T {
    if (!this.cache.has(name)) this.cache.set(name, make());
    return this.cache.get(name) as T;
  }

  // With an explicit endpoint the SQS client must not follow the queue URL's host, or a proxy in
  // front of the emulator would be bypassed.
  sqs = () => this.get('sqs', () => new SQSClient({ ...this.config(), useQueueUrlAsEndpoint: !this.config().endpoint }));
  athena = () => this.get('athena', () => new AthenaClient(this.config()));
  glue = () => this.get('glue', () => new GlueClient(this.config()));
  s3 = () => this.get('s3', () => new S3Client({ ...this.config(), forcePathStyle: Boolean(this.config().endpoint) }));
  lambda = () => this.get('lambda', () => new LambdaClient(this.config()));
  cloudwatch = () => this.get('cloudwatch', () => new CloudWatchClient(this.config()));
  eventbridge = () => this.get('eventbridge', () => new EventBridgeClient(this.config()));

  destroy(): void {
    for (const c of this.cache.values()) (c as { destroy(): void }).destroy();
    this.cache.clear();
  }
}
