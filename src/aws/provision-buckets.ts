/** `athena init` on S3: data buckets' notification configurations and the results bucket. */
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketNotificationConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
  type LifecycleRule as S3LifecycleRule,
  type NotificationConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { BucketNotifications, LifecycleRule, LiveResultsBucket } from '../core/init/types.js';
import { call, callOrNull, INIT_HINTS } from './errors.js';

/** `fn`'s answer, or null when S3 answers with one of `codes` (the bucket or the configuration asked for does not exist). */
const unless = <T>(operation: string, codes: string[], fn: () => Promise<T>): Promise<T | null> => callOrNull('S3', operation, fn, undefined, INIT_HINTS, codes);

export class InitBuckets {
  constructor(
    private readonly s3: S3Client,
    private readonly region: string,
  ) {}

  async getBucketNotifications(bucket: string): Promise<BucketNotifications | null> {
    const out = await unless('GetBucketNotificationConfiguration', ['NoSuchBucket'], () => this.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket })));
    if (!out) return null;
    // Only the configuration's own fields, exactly as S3 returned them.
    const config: BucketNotifications = {};
    if (out.TopicConfigurations) config.TopicConfigurations = out.TopicConfigurations;
    if (out.QueueConfigurations) config.QueueConfigurations = out.QueueConfigurations;
    if (out.LambdaFunctionConfigurations) config.LambdaFunctionConfigurations = out.LambdaFunctionConfigurations;
    if (out.EventBridgeConfiguration) config.EventBridgeConfiguration = out.EventBridgeConfiguration as Record<string, unknown>;
    return config;
  }

  async putBucketNotifications(bucket: string, configuration: BucketNotifications): Promise<void> {
    await call(
      'S3',
      'PutBucketNotificationConfiguration',
      () => this.s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: configuration as NotificationConfiguration })),
      undefined,
      INIT_HINTS,
    );
  }

  async getResultsBucket(bucket: string): Promise<LiveResultsBucket | null> {
    const head = await unless('HeadBucket', ['NotFound', 'NoSuchBucket'], () => this.s3.send(new HeadBucketCommand({ Bucket: bucket })));
    if (!head) return null;
    const [encryption, publicAccess, lifecycle] = await Promise.all([
      unless('GetBucketEncryption', ['ServerSideEncryptionConfigurationNotFoundError'], () => this.s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))),
      unless('GetPublicAccessBlock', ['NoSuchPublicAccessBlockConfiguration'], () => this.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))),
      unless('GetBucketLifecycleConfiguration', ['NoSuchLifecycleConfiguration'], () => this.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))),
    ]);
    return {
      encrypted: Boolean(encryption?.ServerSideEncryptionConfiguration?.Rules?.length),
      publicAccessBlock: publicAccess?.PublicAccessBlockConfiguration ?? null,
      lifecycleRules: (lifecycle?.Rules ?? []) as LifecycleRule[],
    };
  }

  async createBucket(bucket: string): Promise<void> {
    // us-east-1 takes no location constraint; every other region needs its own.
    const location = this.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: this.region as BucketLocationConstraint } };
    await unless('CreateBucket', ['BucketAlreadyOwnedByYou'], () => this.s3.send(new CreateBucketCommand({ Bucket: bucket, ...location })));
  }

  async putBucketEncryption(bucket: string): Promise<void> {
    const ServerSideEncryptionConfiguration = { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' as const } }] };
    await call('S3', 'PutBucketEncryption', () => this.s3.send(new PutBucketEncryptionCommand({ Bucket: bucket, ServerSideEncryptionConfiguration })), undefined, INIT_HINTS);
  }

  async putPublicAccessBlock(bucket: string): Promise<void> {
    const PublicAccessBlockConfiguration = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    await call('S3', 'PutPublicAccessBlock', () => this.s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration })), undefined, INIT_HINTS);
  }

  async putLifecycleRules(bucket: string, rules: LifecycleRule[]): Promise<void> {
    await call(
      'S3',
      'PutBucketLifecycleConfiguration',
      () => this.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: rules as S3LifecycleRule[] } })),
      undefined,
      INIT_HINTS,
    );
  }
}
