/** `athena init` on SQS: read a queue's attributes and tags, create it tagged, set attributes and tags. */
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { LiveQueue } from '../../core/init/types.js';
import { awsError, call, callOrNull, INIT_HINTS } from '../sdk/errors.js';

export class InitQueues {
  private readonly urls = new Map<string, string>();

  constructor(private readonly sqs: SQSClient) {}

  private async url(name: string): Promise<string | null> {
    const known = this.urls.get(name);
    if (known) return known;
    const out = await callOrNull(
      'SQS',
      'GetQueueUrl',
      () => this.sqs.send(new GetQueueUrlCommand({ QueueName: name })),
      undefined,
      INIT_HINTS,
    );
    if (!out) return null;
    this.urls.set(name, out.QueueUrl!);
    return out.QueueUrl!;
  }

  async getQueue(name: string): Promise<LiveQueue | null> {
    const QueueUrl = await this.url(name);
    if (!QueueUrl) return null;
    const [out, tags] = await Promise.all([
      call(
        'SQS',
        'GetQueueAttributes',
        () => this.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] })),
        undefined,
        INIT_HINTS,
      ),
      call('SQS', 'ListQueueTags', () => this.sqs.send(new ListQueueTagsCommand({ QueueUrl })), undefined, INIT_HINTS),
    ]);
    const attributes = (out.Attributes ?? {}) as Record<string, string>;
    return { url: QueueUrl, arn: attributes.QueueArn ?? '', attributes, tags: tags.Tags ?? {} };
  }

  async createQueue(name: string, attributes: Record<string, string>, tags: Record<string, string>): Promise<void> {
    const out = await call(
      'SQS',
      'CreateQueue',
      () => this.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes, tags })),
      undefined,
      INIT_HINTS,
    );
    this.urls.set(name, out.QueueUrl!);
  }

  async tagQueue(name: string, tags: Record<string, string>): Promise<void> {
    const QueueUrl = await this.url(name);
    if (!QueueUrl)
      throw awsError(
        'SQS',
        'TagQueue',
        Object.assign(new Error(`queue ${name} does not exist`), { name: 'QueueDoesNotExist' }),
        INIT_HINTS,
      );
    await call('SQS', 'TagQueue', () => this.sqs.send(new TagQueueCommand({ QueueUrl, Tags: tags })), undefined, INIT_HINTS);
  }

  async setQueueAttributes(name: string, attributes: Record<string, string>): Promise<void> {
    const QueueUrl = await this.url(name);
    if (!QueueUrl)
      throw awsError(
        'SQS',
        'SetQueueAttributes',
        Object.assign(new Error(`queue ${name} does not exist`), { name: 'QueueDoesNotExist' }),
        INIT_HINTS,
      );
    await call(
      'SQS',
      'SetQueueAttributes',
      () => this.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes })),
      undefined,
      INIT_HINTS,
    );
  }
}
