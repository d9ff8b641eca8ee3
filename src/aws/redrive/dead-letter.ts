/**
 * The queues of a redrive over SQS: the notification queue's dead-letter queue (named by its
 * RedrivePolicy, else `<queue>_dlq`) to receive and delete from, the notification queue to send to.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { opt, QueueNotFoundError, wording } from '../../core/kernel/errors.js';
import type { DeleteEntry, DeleteFailure } from '../../core/refresh/ports.js';
import type { MessageAttribute, MovableMessage, QueueDepth } from '../../core/redrive/ports.js';
import type { DeadLetterPort, TargetQueuePort } from '../../core/redrive/ports.js';
import { call } from '../sdk/errors.js';
import { deadLetterName, queueUrl } from '../sdk/queue-lookup.js';

export interface RedriveQueues {
  from: DeadLetterPort;
  to: TargetQueuePort;
  /** The notification queue's ARN: a dead letter whose DeadLetterQueueSourceArn is this is ours. */
  queueArn: string;
}

/** Finds both queues; a missing one is a QueueNotFoundError naming it. */
export async function redriveQueues(sqs: SQSClient, queueName: string): Promise<RedriveQueues> {
  const url = await queueUrl(sqs, queueName);
  if (!url) throw new QueueNotFoundError(queueName);
  const attributes = await call('SQS', 'GetQueueAttributes', () =>
    sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy', 'QueueArn'] })),
  );
  const fromPolicy = deadLetterName(attributes.Attributes?.RedrivePolicy);
  const dlqName = fromPolicy ?? `${queueName}_dlq`;
  const dlqUrl = await queueUrl(sqs, dlqName);
  if (!dlqUrl) {
    throw new QueueNotFoundError(
      dlqName,
      fromPolicy
        ? wording`The RedrivePolicy of ${queueName} names it as the dead-letter queue; check the policy and ${opt('region')}.`
        : [
            `${queueName} has no RedrivePolicy, and ${dlqName} (the default dead-letter queue name) does not exist: there is nothing to redrive.`,
          ],
    );
  }
  return {
    from: new SqsDeadLetter(sqs, dlqName, dlqUrl),
    to: new SqsTarget(sqs, queueName, url),
    queueArn: attributes.Attributes?.QueueArn ?? '',
  };
}

class SqsDeadLetter implements DeadLetterPort {
  constructor(
    private readonly sqs: SQSClient,
    readonly name: string,
    private readonly url: string,
  ) {}

  async receive(max: number, waitSeconds: number, visibilitySeconds: number): Promise<MovableMessage[]> {
    const out = await call('SQS', 'ReceiveMessage', () =>
      this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.url,
          MaxNumberOfMessages: max,
          WaitTimeSeconds: waitSeconds,
          VisibilityTimeout: visibilitySeconds,
          MessageAttributeNames: ['All'],
          // Which queue dead-lettered it: redrive moves only the notification queue's.
          MessageSystemAttributeNames: ['DeadLetterQueueSourceArn'],
        }),
      ),
    );
    return (out.Messages ?? []).map((m) => {
      const sourceArn = m.Attributes?.DeadLetterQueueSourceArn;
      return {
        messageId: m.MessageId!,
        receiptHandle: m.ReceiptHandle!,
        body: m.Body ?? '',
        attributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, fromSqs(v)])),
        ...(sourceArn ? { sourceArn } : {}),
      };
    });
  }

  async release(entries: DeleteEntry[]): Promise<void> {
    await call('SQS', 'ChangeMessageVisibilityBatch', () =>
      this.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.url,
          Entries: entries.map((e, i) => ({ Id: String(i), ReceiptHandle: e.receiptHandle, VisibilityTimeout: 0 })),
        }),
      ),
    );
  }

  async deleteBatch(entries: DeleteEntry[]): Promise<DeleteFailure[]> {
    const out = await call('SQS', 'DeleteMessageBatch', () =>
      this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.url,
          Entries: entries.map((e, i) => ({ Id: String(i), ReceiptHandle: e.receiptHandle })),
        }),
      ),
    );
    return (out.Failed ?? []).map((f) => ({
      id: entries[Number(f.Id)]?.id ?? String(f.Id),
      code: f.Code ?? 'Unknown',
      message: f.Message ?? '',
      senderFault: Boolean(f.SenderFault),
    }));
  }

  async depth(): Promise<QueueDepth> {
    const out = await call('SQS', 'GetQueueAttributes', () =>
      this.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: this.url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      ),
    );
    return {
      visible: Number(out.Attributes?.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  }
}

class SqsTarget implements TargetQueuePort {
  constructor(
    private readonly sqs: SQSClient,
    readonly name: string,
    private readonly url: string,
  ) {}

  async sendBatch(messages: MovableMessage[]): Promise<{ messageId: string; code: string; message: string }[]> {
    const out = await call('SQS', 'SendMessageBatch', () =>
      this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.url,
          Entries: messages.map((m, i) => ({
            Id: String(i),
            MessageBody: m.body,
            ...(Object.keys(m.attributes).length
              ? { MessageAttributes: Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, toSqs(v)])) }
              : {}),
          })),
        }),
      ),
    );
    return (out.Failed ?? []).map((f) => ({
      messageId: messages[Number(f.Id)]?.messageId ?? String(f.Id),
      code: f.Code ?? 'Unknown',
      message: f.Message ?? '',
    }));
  }
}

function fromSqs(v: MessageAttributeValue): MessageAttribute {
  return {
    dataType: v.DataType ?? 'String',
    ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}),
    ...(v.BinaryValue !== undefined ? { binaryValue: v.BinaryValue } : {}),
  };
}

function toSqs(a: MessageAttribute): MessageAttributeValue {
  return {
    DataType: a.dataType,
    ...(a.stringValue !== undefined ? { StringValue: a.stringValue } : {}),
    ...(a.binaryValue !== undefined ? { BinaryValue: a.binaryValue } : {}),
  };
}
