/** The refresh queue over SQS: ReceiveMessage and DeleteMessageBatch. */
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ClientFactory } from '../sdk/client-factory.js';
import { QueueNotFoundError } from '../../core/kernel/errors.js';
import type { CallOptions } from '../../core/partitions/ports.js';
import type { DeleteEntry, DeleteFailure, QueueMessage, QueuePort } from '../../core/refresh/ports.js';
import { call, callOrNull } from '../sdk/errors.js';
import { SqsDirect, type SqsClientMode } from '../sqs-direct/index.js';

/**
 * The factory's SQS client. With a local endpoint the factory stops it following the queue URL's
 * host (a proxy or emulator in front of SQS would be bypassed).
 */
export function sqsClient(clients: ClientFactory): SQSClient {
  return clients.get(SQSClient);
}

export class SqsQueue implements QueuePort {
  private url: string | undefined;
  /** The hot calls (receive, delete) without the SDK's per-call middleware, unless `sqsClient` is `sdk`: sqs-direct/. */
  private readonly json: SqsDirect;

  constructor(
    private readonly sqs: SQSClient,
    readonly name: string,
    queueUrl?: string,
    options: { sqsClient?: SqsClientMode } = {},
  ) {
    this.url = queueUrl;
    this.json = new SqsDirect(sqs, { mode: options.sqsClient });
  }

  /** How the hot calls are made: `direct` (sqs-direct/) or `sdk` (SQSClient.send). */
  get sqsClient(): SqsClientMode {
    return this.json.direct ? 'direct' : 'sdk';
  }

  async queueUrl(signal?: AbortSignal): Promise<string> {
    if (this.url) return this.url;
    const out = await callOrNull(
      'SQS',
      'GetQueueUrl',
      () => this.sqs.send(new GetQueueUrlCommand({ QueueName: this.name }), { abortSignal: signal }),
      signal,
    );
    if (!out) throw new QueueNotFoundError(this.name);
    this.url = out.QueueUrl!;
    return this.url;
  }

  async receive(max: number, waitSeconds: number, { signal }: CallOptions = {}): Promise<QueueMessage[]> {
    const QueueUrl = await this.queueUrl(signal);
    const out = await call(
      'SQS',
      'ReceiveMessage',
      () => this.json.send('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: max, WaitTimeSeconds: waitSeconds }, { abortSignal: signal }),
      signal,
    );
    return (out.Messages ?? []).map((m) => ({ messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body ?? '' }));
  }

  async approximateDepth({ signal }: CallOptions = {}): Promise<number> {
    const QueueUrl = await this.queueUrl(signal);
    const out = await call(
      'SQS',
      'GetQueueAttributes',
      () =>
        this.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }), {
          abortSignal: signal,
        }),
      signal,
    );
    return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
  }

  async deleteBatch(entries: DeleteEntry[], { signal }: CallOptions = {}): Promise<DeleteFailure[]> {
    const QueueUrl = await this.queueUrl(signal);
    // Entry ids are positions: message ids may repeat within a batch when a message came back.
    const Entries = entries.map((e, i) => ({ Id: String(i), ReceiptHandle: e.receiptHandle }));
    const out = await call(
      'SQS',
      'DeleteMessageBatch',
      () => this.json.send('DeleteMessageBatch', { QueueUrl, Entries }, { abortSignal: signal }),
      signal,
    );
    return (out.Failed ?? []).map((f) => ({
      id: entries[Number(f.Id)]?.id ?? String(f.Id),
      code: f.Code ?? 'Unknown',
      message: f.Message ?? '',
      senderFault: Boolean(f.SenderFault),
    }));
  }
}
