/**
 * `athena init` on S3: data buckets' notification configurations and the results bucket. Every
 * call to a configured bucket names the owner it expects (`ExpectedBucketOwner`, the checked
 * account): a bucket of the same name in another account is refused by S3, never written to.
 */
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  PutBucketTaggingCommand,
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
import type { BucketNotifications, LifecycleRule, LiveResultsBucket } from '../../core/init/types.js';
import { call, callOrNull, INIT_HINTS } from '../sdk/errors.js';

/** `fn`'s answer, or null when S3 answers with one of `codes` (the bucket or the configuration asked for does not exist). */
const unless = <T>(operation: string, codes: string[], fn: () => Promise<T>): Promise<T | null> =>
  callOrNull('S3', operation, fn, undefined, INIT_HINTS, codes);

/** GetBucketLocation's answer as a region: empty for us-east-1, `EU` for eu-west-1 (legacy). */
export function bucketRegion(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

export class InitBuckets {
  constructor(
    private readonly s3: S3Client,
    private readonly region: string,
    /** ExpectedBucketOwner on every call to a configured bucket. */
    private readonly owner: string,
  ) {}

  private mine(bucket: string) {
    return { Bucket: bucket, ExpectedBucketOwner: this.owner };
  }

  async getBucketRegion(bucket: string): Promise<string | null> {
    const out = await unless('GetBucketLocation', ['NoSuchBucket'], () => this.s3.send(new GetBucketLocationCommand(this.mine(bucket))));
    return out ? bucketRegion(out.LocationConstraint) : null;
  }

  async getBucketNotifications(bucket: string): Promise<BucketNotifications | null> {
    const out = await unless('GetBucketNotificationConfiguration', ['NoSuchBucket'], () =>
      this.s3.send(new GetBucketNotificationConfigurationCommand(this.mine(bucket))),
    );
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
      () =>
        this.s3.send(
          new PutBucketNotificationConfigurationCommand({
            ...this.mine(bucket),
            NotificationConfiguration: configuration as NotificationConfiguration,
          }),
        ),
      undefined,
      INIT_HINTS,
    );
  }

  async getResultsBucket(bucket: string): Promise<LiveResultsBucket | null> {
    const head = await unless('HeadBucket', ['NotFound', 'NoSuchBucket'], () => this.s3.send(new HeadBucketCommand(this.mine(bucket))));
    if (!head) return null;
    const [encryption, publicAccess, lifecycle, tagging] = await Promise.all([
      unless('GetBucketEncryption', ['ServerSideEncryptionConfigurationNotFoundError'], () =>
        this.s3.send(new GetBucketEncryptionCommand(this.mine(bucket))),
      ),
      unless('GetPublicAccessBlock', ['NoSuchPublicAccessBlockConfiguration'], () =>
        this.s3.send(new GetPublicAccessBlockCommand(this.mine(bucket))),
      ),
      unless('GetBucketLifecycleConfiguration', ['NoSuchLifecycleConfiguration'], () =>
        this.s3.send(new GetBucketLifecycleConfigurationCommand(this.mine(bucket))),
      ),
      unless('GetBucketTagging', ['NoSuchTagSet', 'NoSuchTagSetError'], () => this.s3.send(new GetBucketTaggingCommand(this.mine(bucket)))),
    ]);
    return {
      encrypted: Boolean(encryption?.ServerSideEncryptionConfiguration?.Rules?.length),
      publicAccessBlock: publicAccess?.PublicAccessBlockConfiguration ?? null,
      lifecycleRules: (lifecycle?.Rules ?? []) as LifecycleRule[],
      tags: Object.fromEntries((tagging?.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
    };
  }

  async createBucket(bucket: string, tags: Record<string, string>): Promise<void> {
    // us-east-1 takes no location constraint; every other region needs its own.
    const location =
      this.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: this.region as BucketLocationConstraint } };
    // BucketAlreadyOwnedByYou is not success here: a bucket we did not see a moment ago is not ours to tag.
    await call('S3', 'CreateBucket', () => this.s3.send(new CreateBucketCommand({ Bucket: bucket, ...location })), undefined, INIT_HINTS);
    await this.putBucketTags(bucket, tags);
  }

  async putBucketTags(bucket: string, tags: Record<string, string>): Promise<void> {
    const TagSet = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    await call(
      'S3',
      'PutBucketTagging',
      () => this.s3.send(new PutBucketTaggingCommand({ ...this.mine(bucket), Tagging: { TagSet } })),
      undefined,
      INIT_HINTS,
    );
  }

  async putBucketEncryption(bucket: string): Promise<void> {
    const ServerSideEncryptionConfiguration = { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' as const } }] };
    await call(
      'S3',
      'PutBucketEncryption',
      () => this.s3.send(new PutBucketEncryptionCommand({ ...this.mine(bucket), ServerSideEncryptionConfiguration })),
      undefined,
      INIT_HINTS,
    );
  }

  async putPublicAccessBlock(bucket: string): Promise<void> {
    const PublicAccessBlockConfiguration = {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    };
    await call(
      'S3',
      'PutPublicAccessBlock',
      () => this.s3.send(new PutPublicAccessBlockCommand({ ...this.mine(bucket), PublicAccessBlockConfiguration })),
      undefined,
      INIT_HINTS,
    );
  }

  async putLifecycleRules(bucket: string, rules: LifecycleRule[]): Promise<void> {
    await call(
      'S3',
      'PutBucketLifecycleConfiguration',
      () =>
        this.s3.send(
          new PutBucketLifecycleConfigurationCommand({
            ...this.mine(bucket),
            LifecycleConfiguration: { Rules: rules as S3LifecycleRule[] },
          }),
        ),
      undefined,
      INIT_HINTS,
    );
  }
}
