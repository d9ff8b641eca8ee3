/** What `athena monitor` reads (metric series, queue state) and what it reports. Plain data. */
import type { Finding, MonitorStatus } from './findings.js';
import type { MonitorWindow } from './window.js';

// The verdict's status is declared beside the findings that decide it (findings.ts imports nothing here).
export { MONITOR_STATUSES, type MonitorStatus } from './findings.js';

/** One CloudWatch data point: the start of its period and the statistic's value. */
export interface MetricPoint {
  timestamp: Date;
  value: number;
}

/** The AWS/SQS series of the queue over the window, as GetMetricData returns them (missing periods are absent). */
export interface QueueMetrics {
  /** NumberOfMessagesSent, Sum per period: S3 notifications that arrived. */
  sent: MetricPoint[];
  /** NumberOfMessagesReceived, Sum per period: messages handed to a run (a message that comes back counts again). */
  received: MetricPoint[];
  /** NumberOfMessagesDeleted, Sum per period: messages a run finished. */
  deleted: MetricPoint[];
  /** ApproximateNumberOfMessagesVisible, Maximum per period: the largest backlog in the period. */
  visible: MetricPoint[];
  /** ApproximateAgeOfOldestMessage, Maximum per period, in seconds. */
  oldestAge: MetricPoint[];
  /** ApproximateAgeOfOldestMessage, Maximum at the window's finest resolution: the latest point is "now". */
  recentOldestAge: MetricPoint[];
}

/** The queue as SQS describes it right now (GetQueueAttributes). */
export interface QueueState {
  exists: boolean;
  /** ApproximateNumberOfMessages: waiting to be received. */
  visible: number | null;
  /** ApproximateNumberOfMessagesNotVisible: received by a run and not yet deleted or returned. */
  inFlight: number | null;
  createdAt: Date | null;
  /** `<queue>_dlq`, where messages go after failing maxReceiveCount times; null when it was not looked up. */
  deadLetter: { name: string; exists: boolean; visible: number | null } | null;
}

export interface MonitorSettings {
  queueName: string;
  /** The refresh function; its logs are in `/aws/lambda/<functionName>`. */
  functionName: string;
  region: string;
  /** account.prefix, named when the queue is not found. */
  prefix?: string;
  /** The current schedule_expression. */
  scheduleExpression: string;
  /** max_messages: the most one run drains. */
  maxMessages: number;
  /** What invokes the function (absent: the schedule, as before triggers existed). */
  trigger?: TriggerSettings;
}

/** The trigger and, for sqs, the mapping's settings; memory and timeout for the advice. */
export interface TriggerSettings {
  kind: 'schedule' | 'sqs';
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  maximumConcurrency: number;
  memory: number;
  timeout: number;
}

/** The function's AWS/Lambda series over the window (dimension FunctionName): Sums, and Duration's Average (ms). */
export interface FunctionMetrics {
  invocations: MetricPoint[];
  errors: MetricPoint[];
  throttles: MetricPoint[];
  duration: MetricPoint[];
}

/** The event-source mapping from the queue to the function, as Lambda lists it. */
export interface MappingState {
  /** Enabled, Disabled, Enabling, Disabling, Creating, Updating, Deleting. */
  state: string;
  /** Why Lambda last changed it (e.g. a user, or a problem with the queue or the role). */
  stateReason?: string;
}

/** The trigger as the report shows it, with what was measured of the function. */
export interface TriggerReport {
  kind: 'schedule' | 'sqs';
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  maximumConcurrency: number;
  /** The mapping's state; null when there is none (or it was not read). */
  mappingState: string | null;
  invocations: number;
  errors: number;
  throttles: number;
  /** Average Duration over the window, ms (null: no invocation). */
  averageDurationMs: number | null;
  /** Messages received per invocation (the queue's receives over the function's invocations). */
  perInvocation: number | null;
  /** What the trigger drains at most, per minute, at the measured rate (sqs only). */
  drainPerMinute: number | null;
}

export interface MonitorInput {
  settings: MonitorSettings;
  window: MonitorWindow;
  metrics: QueueMetrics;
  queue: QueueState;
  /** The function's metrics (absent: not read). */
  function?: FunctionMetrics;
  /** The mapping (undefined: not read; null: there is none). */
  mapping?: MappingState | null;
}

/** One period of the table. A metric is null when CloudWatch had no data point for it in the period. */
export interface PeriodRow {
  start: string;
  end: string;
  /** The period has not ended yet (it is the current one). */
  partial: boolean;
  /** Seconds of the period that have happened (less than the period only when partial). */
  seconds: number;
  sent: number | null;
  received: number | null;
  deleted: number | null;
  /** Largest visible backlog in the period. */
  backlogMax: number | null;
  /** Oldest message's largest age in the period, seconds. */
  oldestAgeMaxSeconds: number | null;
}

export interface MonitorTotals {
  sent: number;
  received: number;
  deleted: number;
  /** Receives that did not end in a delete: received − deleted (never below 0). */
  notDeleted: number;
  /** Deleted as a share of sent (null when nothing was sent). */
  deletedShareOfSent: number | null;
  backlogMax: number | null;
  oldestAgeMaxSeconds: number | null;
  /** Rows with at least one of sent/received/deleted. */
  periodsWithData: number;
}

export interface MonitorReport {
  status: MonitorStatus;
  /** One sentence: the verdict and why, as `<status>: <summary>`. */
  headline: string;
  /** The headline's sentence without the status. */
  summary: string;
  /** The evidence, one plain sentence each, with the numbers. */
  reasons: string[];
  /** What to do, in order; empty when nothing needs doing. */
  actions: string[];
  /** Secondary observations that do not change the verdict. */
  notes: string[];
  /** What the rules found, as codes and numbers (the reasons and notes say the same in words). */
  findings: Finding[];
  /** The schedule expression to set (adjust only), or null. */
  recommendation: string | null;
  queue: {
    name: string;
    region: string;
    exists: boolean;
    visible: number | null;
    inFlight: number | null;
    /** Age of the oldest message from the latest CloudWatch point (SQS has no attribute for it). */
    oldestAgeSeconds: number | null;
    oldestAgeAt: string | null;
    deadLetter: QueueState['deadLetter'];
  };
  schedule: {
    expression: string;
    /** Longest gap between runs, seconds (null when it never fires again). */
    intervalSeconds: number | null;
    maxMessages: number;
  };
  window: { start: string; end: string; now: string; windowSeconds: number; periodSeconds: number };
  rates: {
    /** Notifications per minute over the rows that have happened. */
    averagePerMinute: number;
    /** The busiest period's notifications per minute. */
    peakPerMinute: number;
    peakPeriodStart: string | null;
    /** What one run drains: max_messages, or less when runs were seen draining less while a backlog waited. */
    perRunCapacity: number;
    perRunCapacitySource: 'max_messages' | 'observed';
  };
  rows: PeriodRow[];
  totals: MonitorTotals;
  /** The trigger, its settings and the function's measured figures. */
  trigger: TriggerReport;
}
