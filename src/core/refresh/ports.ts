/** What the refresh run talks to: the queue it drains, and the partition ports it registers through. */
import type { AthenaPort, CallOptions, CatalogPort, GluePort } from '../partitions/ports.js';

export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
}

export interface DeleteEntry {
  id: string;
  receiptHandle: string;
}

export interface DeleteFailure {
  id: string;
  code: string;
  message: string;
  /** True when retrying cannot help (e.g. an expired receipt handle). */
  senderFault: boolean;
}

export interface QueuePort {
  readonly name: string;
  /** One ReceiveMessage call: at most 10 messages, waiting up to `waitSeconds` for the first. */
  receive(max: number, waitSeconds: number, options?: CallOptions): Promise<QueueMessage[]>;
  /** One DeleteMessageBatch call (at most 10 entries); per-entry failures come back, not thrown. */
  deleteBatch(entries: DeleteEntry[], options?: CallOptions): Promise<DeleteFailure[]>;
  /** Messages visible on the queue now (SQS's approximate count), when the queue can tell. */
  approximateDepth?(options?: CallOptions): Promise<number>;
}

export interface RefreshPorts {
  queue: QueuePort;
  athena: AthenaPort;
  glue?: GluePort;
  /** Where partitions are already registered (Glue BatchGetPartition); see locations.ts. */
  catalog?: CatalogPort;
}
