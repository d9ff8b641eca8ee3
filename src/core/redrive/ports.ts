/** What a redrive talks to: the dead-letter queue it moves from and the queue it moves to. src/aws/redrive implements both. */
import type { DeleteEntry, DeleteFailure } from '../refresh/ports.js';

export interface DeadLetterPort {
  readonly name: string;
  /** One ReceiveMessage call with every message attribute and DeadLetterQueueSourceArn; received messages stay hidden for `visibilitySeconds`. */
  receive(max: number, waitSeconds: number, visibilitySeconds: number): Promise<MovableMessage[]>;
  deleteBatch(entries: DeleteEntry[]): Promise<DeleteFailure[]>;
  /** Makes received messages visible again at once (messages that are not ours, back to their owner). */
  release?(entries: DeleteEntry[]): Promise<void>;
  depth(): Promise<QueueDepth>;
}

export interface TargetQueuePort {
  readonly name: string;
  /** One SendMessageBatch call (at most 10); returns the message ids the queue did not accept, with why. */
  sendBatch(messages: MovableMessage[]): Promise<{ messageId: string; code: string; message: string }[]>;
}

export interface MessageAttribute {
  dataType: string;
  stringValue?: string;
  binaryValue?: Uint8Array;
}

export interface MovableMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, MessageAttribute>;
  /** SQS's DeadLetterQueueSourceArn: the queue it was dead-lettered from (absent when sent here directly). */
  sourceArn?: string;
}

export interface QueueDepth {
  visible: number;
  inFlight: number;
}
