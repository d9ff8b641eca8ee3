/** The refresh run's settings, ports, options and result: what callers and the run share. */
import type { RefreshStrategy } from '../config/schema.js';
import type { DeleteFailureRecord } from './deletion.js';
import type { TableLayouts } from '../partitions/layout/types.js';
import type { BucketMap } from '../partitions/partition.js';
import type { AthenaPort, CatalogPort, Clock, GluePort } from '../partitions/ports.js';
import type { QueuePort } from './ports.js';
import type { Logger } from '../kernel/logger.js';
import type { CallRecord } from '../partitions/registrar.js';

/**
 * What a refresh run reads of the configuration: a slice of `AthenaSettings`, so its keys are spelled as
 * conf/lambda.json spells them (snake_case). Everything else the library takes or returns (options,
 * results, ports) is camelCase; the CLI's --output json turns those into snake_case at the edge.
 */
export interface RefreshSettings {
  database_name: string;
  buckets: BucketMap;
  /** Tables whose schema files declare a layout (loadConfig fills it from conf/schemas/). */
  layouts?: TableLayouts;
  refresh_strategy: RefreshStrategy;
  max_messages: number;
  receive_concurrency: number;
  query_timeout_seconds: number;
}

/** Objects a table's layout says need no registration, counted for the summary. */
export interface LayoutSkips {
  /** Matched an `ignore_layouts` template (CloudTrail-Digest/, ...). */
  ignored: number;
  /** Belong to a table that uses partition projection. */
  projected: number;
}

export interface RunOptions {
  /** Epoch ms by which the run must be over (the Lambda's remaining time, less a margin). */
  deadline?: number;
  /**
   * Long-poll wait of ReceiveMessage until a receive returns messages; after that the run is
   * draining a backlog and short-polls (wait 0), so an empty answer ends it at once.
   */
  waitSeconds?: number;
  /**
   * The longest newly seen partitions wait for company before they are registered (they go
   * sooner when a wave of receives brings no new partition). Longer means fewer, larger
   * statements; it must stay well under the queue's visibility timeout.
   */
  flushDelayMs?: number;
  /** Register at once when this many messages are waiting for partitions (bounds memory). */
  flushMessages?: number;
  /**
   * Receiving pauses while this many messages wait for their partitions, so memory stays bounded
   * however slow registration is (default 20,000: a few MB of ids and receipt handles).
   */
  maxWaitingMessages?: number;
  clock?: Clock;
  logger?: Logger;
  /** Aborts the run's AWS calls (besides the deadline, which always does). */
  signal?: AbortSignal;
  onProgress?: (progress: RefreshProgress) => void;
  /** Query polling overrides (tests, bench). */
  firstPollMs?: number;
  maxPollMs?: number;
  maxQueryBytes?: number;
}

export interface RefreshProgress {
  received: number;
  deleted: number;
  kept: number;
  partitions: number;
}

export interface KeptMessage {
  messageId: string;
  reason: string;
}

export type StopReason = 'queue-empty' | 'max-messages' | 'time-budget' | 'receive-error' | 'given-batch';

export interface RefreshResult {
  strategy: RefreshStrategy;
  database: string;
  queue: string;
  messages: {
    received: number;
    deleted: number;
    kept: number;
    /** Messages that carried no work (test events, placeholders, non-create events). */
    noWork: number;
    /** Done, but DeleteMessageBatch failed: they come back and are done again, harmlessly. */
    deleteFailed: number;
  };
  /** Up to 1,000 kept messages with their reasons (`messages.kept` has the full count). */
  keptMessages: KeptMessage[];
  /** Up to 1,000 messages that were done but could not be deleted, with SQS's reason. */
  deleteFailures: DeleteFailureRecord[];
  /**
   * Objects done with no work because of their table's layout: files an `ignore_layouts` template
   * matches, and objects of tables that use partition projection. Present only when there were any.
   */
  layoutSkips?: LayoutSkips;
  /** dt values registered, per table (a declared layout's partitions as `key=value/...`). */
  partitions: Record<string, string[]>;
  calls: CallRecord[];
  apiCalls: { receive: number; delete: number };
  stoppedBy: StopReason;
  durationMs: number;
  /** Message ids that were done (the Lambda's SQS mode reports the others as batchItemFailures). */
  doneMessageIds?: string[];
}
