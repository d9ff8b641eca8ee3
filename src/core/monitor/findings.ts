/**
 * What `athena monitor`'s rules found, as data: a code and the numbers behind it. Times are ISO
 * strings and durations seconds, so a finding reads the same in JSON. Only explain.ts turns
 * findings into sentences and commands.
 */
export type MonitorStatus = 'ok' | 'adjust' | 'failing' | 'no-data';
export const MONITOR_STATUSES: readonly MonitorStatus[] = ['ok', 'adjust', 'failing', 'no-data'];

export type Finding =
  // no-data: nothing to judge
  /** SQS has no queue of that name in the region. */
  | { code: 'queue-missing'; queue: string; region: string }
  /** The queue exists but CloudWatch has none of sent/received/deleted in the window. */
  | {
      code: 'no-metrics';
      queue: string;
      region: string;
      windowSeconds: number;
      cause: 'new-queue' | 'messages-waiting' | 'idle';
      createdAt: string | null;
      waiting: number | null;
    }
  // failing: the refresh errors out or does not run
  /** More than the threshold share of the receives did not end in a delete, over the recent periods or the whole window. */
  | { code: 'not-deleted'; scope: 'recent' | 'window'; seconds: number; received: number; deleted: number; share: number }
  /** Notifications arrived over at least two intervals and no run received any. */
  | { code: 'not-received'; seconds: number; sent: number; expectedRuns: number }
  /** trigger sqs: the event-source mapping is missing or not enabled (`none`: there is no mapping). */
  | { code: 'mapping-not-enabled'; state: string; queue: string; reason?: string }
  // adjust: runs finish what they take but do not take everything in time
  /** The oldest message waits longer than two intervals plus slack. */
  | { code: 'old-message'; ageSeconds: number; at: string; intervalSeconds: number }
  /** More messages wait now than one run drains. */
  | { code: 'backlog-over-capacity'; waiting: number; maxMessages: number }
  /** Far fewer messages were deleted than sent over the window. */
  | { code: 'shortfall'; windowSeconds: number; sent: number; deleted: number }
  /** While messages waited, runs drained fewer than max_messages each (they stop early). */
  | { code: 'slow-runs'; perRun: number; maxMessages: number }
  /** The busiest period brings more per interval than one run drains. */
  | { code: 'peak-over-capacity'; periodStart: string; perMinute: number; perInterval: number; intervalSeconds: number; capacity: number }
  /** trigger sqs: notifications arrive faster than the trigger drains at the measured rate (per invocation, per run time). */
  | {
      code: 'trigger-behind';
      arrivingPerMinute: number;
      drainPerMinute: number;
      perInvocation: number;
      durationSeconds: number;
      concurrency: number;
    }
  /** Lambda throttled invocations (trigger sqs: batches wait; a note with the schedule). */
  | { code: 'throttled'; throttles: number; invocations: number }
  // ok: the evidence that it keeps up
  /** No notification arrived in the window (the queue is in use, so SQS reports zeros). */
  | { code: 'idle'; windowSeconds: number }
  | { code: 'keeping-up'; windowSeconds: number; sent: number; received: number; deleted: number }
  | { code: 'backlog-within'; waiting: number | null; ageSeconds: number | null; intervalSeconds: number }
  | { code: 'peak-within'; periodStart: string; perMinute: number; perInterval: number; capacity: number }
  // notes: true whatever the verdict, and not changing it
  /** Receives failed earlier in the window; the recent ones are healthy. */
  | { code: 'failed-earlier'; received: number; deleted: number; share: number; recentSeconds: number }
  /** The dead-letter queue holds messages. */
  | { code: 'dead-letters'; queue: string; count: number }
  /** The function reported Errors in the window. */
  | { code: 'function-errors'; errors: number; invocations: number };

export type FindingCode = Finding['code'];

/** The schedule and capacity changes an `adjust` verdict asks for. */
export interface Recommendation {
  /** The rate() to set, or null when the schedule already runs every minute. */
  expression: string | null;
  minutes: number;
  /** The max_messages one run needs to drain the busiest period, or null when it already does. */
  raiseMaxMessages: number | null;
  /** Messages waiting now, to clear with one run at once (null or 0: none). */
  clearBacklog: number | null;
  /** trigger sqs: what to change on the trigger instead of the schedule. */
  trigger?: TriggerAdvice;
}

/** trigger sqs: the settings an `adjust` verdict asks to raise (null: leave as is). */
export interface TriggerAdvice {
  /** The busiest period's arrivals × headroom, per minute. */
  needPerMinute: number;
  /** What the trigger drains now at the measured rate, per minute (null: not measured). */
  drainPerMinute: number | null;
  maximumConcurrency: number | null;
  batchSize: number | null;
  maximumBatchingWindowSeconds: number | null;
  memory: number | null;
  /** Lambda throttled the function: concurrency is short at the function, not the mapping. */
  throttled: boolean;
}

export interface Verdict {
  status: MonitorStatus;
  /** The evidence for the status, in the order it is told. */
  findings: Finding[];
  /** Observations that do not change the status. */
  notes: Finding[];
  recommendation: Recommendation | null;
  /** What one run drains: max_messages, or less when runs were seen draining less while messages waited. */
  capacity: { perRun: number; source: 'max_messages' | 'observed' };
}
