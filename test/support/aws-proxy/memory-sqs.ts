/**
 * SQS's JSON protocol served from in-memory standard queues (`sqs: 'memory'`): visibility timeout,
 * receive count, redrive to a dead-letter queue, approximate counts, long polls on the proxy's clock.
 * For more than a few hundred messages, where moto's ReceiveMessage is too slow.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sleep } from './latency.js';
import { MemoryQueue, type QueuedMessage } from './memory-queue.js';
import { jsonReply, parseJson, type JsonObject, type Reply } from './replies.js';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const ACCOUNT_ID = '123456789012';
const JSON_1_0 = 'application/x-amz-json-1.0';

export class MemorySqs {
  private readonly queues = new Map<string, MemoryQueue>();
  private readonly tags = new Map<string, Record<string, string>>();
  /** receipt handle → [queue name, message id] */
  private readonly handles = new Map<string, [string, string]>();
  private counter = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly clock: () => number,
  ) {}

  private ok(value: unknown): Reply {
    return jsonReply(200, value, JSON_1_0);
  }

  private error(code: string, queryCode: string, message: string): Reply {
    return jsonReply(400, { __type: `com.amazonaws.sqs#${code}`, message }, JSON_1_0, { 'x-amzn-query-error': `${queryCode};Sender` });
  }

  private queue(input: JsonObject): MemoryQueue | undefined {
    const url = String(input.QueueUrl ?? '');
    return this.queues.get(url.split('/').filter(Boolean).pop() ?? '');
  }

  /** Answers `operation` (without the `SQS.` prefix); the region comes from the SigV4 scope. */
  async handle(operation: string, input: JsonObject, authorization?: string): Promise<Reply> {
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization ?? '')?.[1] ?? 'us-east-1';
    const now = this.clock();
    if (operation === 'CreateQueue') {
      const name = String(input.QueueName);
      let queue = this.queues.get(name);
      if (!queue) {
        queue = new MemoryQueue(
          name,
          `${this.baseUrl}/${ACCOUNT_ID}/${name}`,
          `arn:aws:sqs:${region}:${ACCOUNT_ID}:${name}`,
          input.Attributes ?? {},
          now,
        );
        this.queues.set(name, queue);
        // CreateQueue takes its tags as `tags` (lower case), TagQueue as `Tags`: as SQS does.
        this.tags.set(name, { ...(input.tags ?? {}) });
      }
      return this.ok({ QueueUrl: queue.url });
    }
    if (operation === 'GetQueueUrl') {
      const queue = this.queues.get(String(input.QueueName));
      return queue ? this.ok({ QueueUrl: queue.url }) : this.noQueue();
    }
    if (operation === 'ListQueues') {
      const prefix = String(input.QueueNamePrefix ?? '');
      return this.ok({ QueueUrls: [...this.queues.values()].filter((queue) => queue.name.startsWith(prefix)).map((queue) => queue.url) });
    }
    const queue = this.queue(input);
    if (!queue) return this.noQueue();
    switch (operation) {
      case 'DeleteQueue':
        this.queues.delete(queue.name);
        this.tags.delete(queue.name);
        return this.ok({});
      case 'TagQueue':
        this.tags.set(queue.name, { ...this.tags.get(queue.name), ...(input.Tags ?? {}) });
        return this.ok({});
      case 'ListQueueTags':
        return this.ok({ Tags: { ...this.tags.get(queue.name) } });
      case 'PurgeQueue':
        queue.purge();
        return this.ok({});
      case 'SetQueueAttributes':
        Object.assign(queue.attributes, input.Attributes ?? {});
        return this.ok({});
      case 'GetQueueAttributes':
        return this.attributes(queue, input, now);
      case 'SendMessage': {
        const message = this.newMessage(String(input.MessageBody ?? ''), now);
        queue.add(message);
        return this.ok({ MessageId: message.id, MD5OfMessageBody: message.md5 });
      }
      case 'SendMessageBatch': {
        const Successful = (input.Entries ?? []).map((entry: JsonObject) => {
          const message = this.newMessage(String(entry.MessageBody ?? ''), now);
          queue.add(message);
          return { Id: entry.Id, MessageId: message.id, MD5OfMessageBody: message.md5 };
        });
        return this.ok({ Successful, Failed: [] });
      }
      case 'ReceiveMessage':
        return this.receive(queue, input);
      case 'DeleteMessage': {
        const invalid = this.deleteOne(queue, String(input.ReceiptHandle));
        return invalid ? this.error('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', invalid) : this.ok({});
      }
      case 'DeleteMessageBatch':
        return this.batch(input, (entry) => this.deleteOne(queue, String(entry.ReceiptHandle)));
      case 'ChangeMessageVisibility': {
        const message = this.byHandle(queue, String(input.ReceiptHandle));
        if (!message) return this.error('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', 'invalid receipt handle');
        queue.setVisibility(message, Number(input.VisibilityTimeout ?? 0), now);
        return this.ok({});
      }
      case 'ChangeMessageVisibilityBatch':
        return this.batch(input, (entry) => {
          const message = this.byHandle(queue, String(entry.ReceiptHandle));
          if (!message) return 'invalid receipt handle';
          queue.setVisibility(message, Number(entry.VisibilityTimeout ?? 0), now);
          return undefined;
        });
      default:
        return jsonReply(
          400,
          { __type: 'com.amazonaws.sqs#UnsupportedOperation', message: `the proxy's memory queue does not implement ${operation}` },
          JSON_1_0,
          {
            'x-amzn-query-error': 'AWS.SimpleQueueService.UnsupportedOperation;Sender',
          },
        );
    }
  }

  private noQueue(): Reply {
    return this.error('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
  }

  private attributes(queue: MemoryQueue, input: JsonObject, now: number): Reply {
    queue.expire(now);
    const all: Record<string, string> = {
      ...queue.attributes,
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(queue.messages.size - queue.inflightCount),
      ApproximateNumberOfMessagesNotVisible: String(queue.inflightCount),
      ApproximateNumberOfMessagesDelayed: '0',
      CreatedTimestamp: String(Math.floor(queue.created / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.created / 1000)),
    };
    const names: string[] = input.AttributeNames ?? ['All'];
    return this.ok({
      Attributes: names.includes('All') ? all : Object.fromEntries(names.filter((name) => name in all).map((name) => [name, all[name]!])),
    });
  }

  /** A batch call: `apply` returns undefined for a done entry, else why its receipt handle is invalid. */
  private batch(input: JsonObject, apply: (entry: JsonObject) => string | undefined): Reply {
    const Successful: JsonObject[] = [];
    const Failed: JsonObject[] = [];
    for (const entry of input.Entries ?? []) {
      const invalid = apply(entry);
      if (invalid) Failed.push({ Id: entry.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: invalid });
      else Successful.push({ Id: entry.Id });
    }
    return this.ok({ Successful, Failed });
  }

  private newMessage(body: string, now: number): QueuedMessage {
    return {
      id: randomUUID(),
      body,
      md5: md5(body),
      sentAt: now,
      receiveCount: 0,
      generation: 0,
      inflight: false,
      visibleAt: 0,
      handles: [],
    };
  }

  private byHandle(queue: MemoryQueue, handle: string): QueuedMessage | undefined {
    const ref = this.handles.get(handle);
    return ref && ref[0] === queue.name ? queue.messages.get(ref[1]) : undefined;
  }

  /** undefined when deleted (or already gone), else the reason the handle is invalid. */
  private deleteOne(queue: MemoryQueue, handle: string): string | undefined {
    const ref = this.handles.get(handle);
    if (!ref || ref[0] !== queue.name) return `The input receipt handle "${handle}" is not a valid receipt handle.`;
    const message = queue.messages.get(ref[1]);
    // An earlier handle of the message, or a message already deleted: success, as SQS answers.
    if (message) queue.remove(message);
    return undefined;
  }

  private async receive(queue: MemoryQueue, input: JsonObject): Promise<Reply> {
    const max = Math.min(10, Math.max(1, Number(input.MaxNumberOfMessages ?? 1)));
    const waitMs = Math.min(20, Number(input.WaitTimeSeconds ?? queue.attributes.ReceiveMessageWaitTimeSeconds ?? 0)) * 1000;
    const visibility = Number(input.VisibilityTimeout ?? queue.attributes.VisibilityTimeout ?? 30);
    const wanted = new Set<string>([...(input.AttributeNames ?? []), ...(input.MessageSystemAttributeNames ?? [])]);
    const until = this.clock() + waitMs;
    const redrive = queue.attributes.RedrivePolicy
      ? (parseJson(queue.attributes.RedrivePolicy) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string })
      : undefined;
    const deadLetters = redrive?.deadLetterTargetArn
      ? [...this.queues.values()].find((other) => other.arn === redrive.deadLetterTargetArn)
      : undefined;
    const maxReceives = Number(redrive?.maxReceiveCount ?? Infinity);
    for (;;) {
      const now = this.clock();
      queue.expire(now);
      const received: QueuedMessage[] = [];
      while (received.length < max) {
        const message = queue.nextVisible();
        if (!message) break;
        if (deadLetters && message.receiveCount >= maxReceives) {
          queue.remove(message);
          deadLetters.add({ ...message, generation: 0, inflight: false, handles: [] });
          continue;
        }
        message.receiveCount++;
        message.firstReceiveAt ??= now;
        const handle = Buffer.from(`${queue.name}:${message.id}:${++this.counter}`).toString('base64');
        message.handles.push(handle);
        this.handles.set(handle, [queue.name, message.id]);
        queue.hide(message, visibility, now);
        received.push(message);
      }
      queue.compact();
      if (received.length || this.clock() >= until) {
        return this.ok({
          Messages: received.map((message) => ({
            MessageId: message.id,
            ReceiptHandle: message.handles[message.handles.length - 1],
            MD5OfBody: message.md5,
            Body: message.body,
            ...(wanted.size
              ? {
                  Attributes: {
                    ApproximateReceiveCount: String(message.receiveCount),
                    SentTimestamp: String(message.sentAt),
                    ApproximateFirstReceiveTimestamp: String(message.firstReceiveAt),
                    SenderId: 'AIDAIT2UOQQY3AUEKVGXU',
                  },
                }
              : {}),
          })),
        });
      }
      await sleep(Math.min(20, until - this.clock()));
    }
  }
}
