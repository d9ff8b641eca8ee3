/**
 * The schema of conf/global.json and conf/lambda.json. Validated once, at load; everything
 * downstream can trust these types. Unknown keys are errors: a typo must not silently fall back
 * to a default.
 */
// zod/mini: the same validation as zod's classic API, tree-shakable, so the Lambda bundle carries
// about 25 KB of it instead of 445 KB.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { LOG_LEVELS } from '../kernel/log-levels.js';
import { DEFAULT_RUNTIME } from '../deploy/runtimes.js';
import { parseSchedule } from '../schedule/schedule.js';
import { bucketNameProblem, REGION_NAME, resultsLocationProblem, WORKGROUP_NAME } from './names.js';

z.config(en());

/** Athena/Glue identifiers: letters, digits and underscores (Athena lower-cases them). */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
/** S3 bucket names (general-purpose buckets): the characters; names.ts has every rule. */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/**
 * A fixed folder in front of the layouts (`parquet/`): S3's safe characters and `=`, folders
 * separated and ended by `/`, no `.` or `..` folder. It goes into partition locations, so no quote.
 */
export const KEY_PREFIX = /^(?!\.{1,2}\/)(?!.*\/\.{1,2}\/)(?:[A-Za-z0-9!_.=-]+\/){1,20}$/;

const pattern = (re: RegExp, message: string) => z.string().check(z.regex(re, message));
const int = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));

const identifier = (what: string) =>
  pattern(IDENTIFIER, `${what} must be letters, digits and underscores, starting with a letter or underscore`);

/** A string checked by a function that returns what is wrong with it, or undefined. */
const checked = (problem: (value: string) => string | undefined) =>
  z.string().check(
    z.superRefine((value, ctx) => {
      const p = problem(value);
      if (p) ctx.addIssue({ code: 'custom', message: p, input: value });
    }),
  );

const bucketName = checked(bucketNameProblem);

const scheduleExpression = z.string().check(
  z.superRefine((value, ctx) => {
    const parsed = parseSchedule(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason, input: value });
  }),
);

export { LOG_LEVELS, type LogLevel } from '../kernel/log-levels.js';

const tableOrAny = z.union([z.literal('*'), identifier('a table name')]);

/** A bucket's value: the table (or "*"), or `{"table": ..., "prefix": "parquet/"}` (see core/partitions/buckets.ts). */
const bucketValue = z.union(
  [
    tableOrAny,
    z.strictObject({
      table: tableOrAny,
      prefix: z.optional(
        pattern(KEY_PREFIX, 'prefix must be folders ending in "/", e.g. "parquet/" (letters, digits, "!_.=-"; no "." or ".." folder)'),
      ),
    }),
  ],
  { error: 'a bucket maps to a table name, "*", or {"table": "<table>" | "*", "prefix": "<folder>/"}' },
);

export const REFRESH_STRATEGIES = ['add_partition', 'repair', 'glue'] as const;
export type RefreshStrategy = (typeof REFRESH_STRATEGIES)[number];

/** What invokes the athena function: its EventBridge schedule, or an SQS event-source mapping. */
export const TRIGGERS = ['schedule', 'sqs'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** How the refresh makes its ReceiveMessage and DeleteMessageBatch calls (src/aws/sqs-direct/). */
export const SQS_CLIENTS = ['direct', 'sdk'] as const;

/** The only values CloudWatch Logs' PutRetentionPolicy accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const logRetentionDays = z
  .number()
  .check(
    z.refine(
      (v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v),
      `log_retention_days must be one of the values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`,
    ),
  );

/**
 * The user's own tags, added to every taggable resource streamalert creates (with its ownership
 * tags, core/account/ownership.ts). AWS's limits: keys 1-128 characters, values up to 256, no `aws:` keys;
 * the `streamalert:` keys are ours.
 */
const userTags = z.record(
  z.string().check(
    z.minLength(1, 'a tag key must not be empty'),
    z.maxLength(128, 'a tag key is at most 128 characters'),
    z.refine((k) => !/^aws:/i.test(k), 'tag keys starting with "aws:" are reserved by AWS'),
    z.refine(
      (k) => !/^streamalert:/i.test(k),
      'tag keys starting with "streamalert:" are streamalert\'s own (streamalert:managed, streamalert:prefix)',
    ),
  ),
  z.string().check(z.maxLength(256, 'a tag value is at most 256 characters')),
);

export const globalSchema = z.strictObject({
  /** Tags for every resource streamalert creates, besides its ownership tags. */
  tags: z.optional(
    userTags.check(z.refine((t) => Object.keys(t).length <= 40, 'at most 40 tags (AWS allows 50 per resource; streamalert adds its own)')),
  ),
  account: z.strictObject({
    aws_account_id: pattern(/^\d{12}$/, 'aws_account_id must be the 12-digit AWS account id'),
    prefix: pattern(/^[a-z][a-z0-9_-]{0,30}$/, 'prefix must be lower-case letters, digits, "_" or "-", starting with a letter'),
    region: pattern(REGION_NAME, 'region must be an AWS region name such as us-east-1'),
  }),
});

/** Keys every function section shares; `deploy` reads them. */
export const functionShape = {
  enabled: z._default(z.boolean(), true),
  log_level: z._default(z.enum(LOG_LEVELS), 'info'),
  memory: z._default(int(128, 10240), 128),
  timeout: z._default(int(1, 900), 60),
  function_name: z.optional(pattern(/^[A-Za-z0-9_-]{1,64}$/, 'function_name must be 1-64 letters, digits, "-" or "_"')),
  source: z.optional(z.string().check(z.minLength(1))),
  handler: z.optional(z.string().check(z.minLength(1))),
  runtime: z._default(z.string().check(z.minLength(1)), DEFAULT_RUNTIME),
  role_arn: z.optional(pattern(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'role_arn must be an IAM role ARN')),
  environment: z.optional(z.record(z.string(), z.string())),
  /** Days CloudWatch Logs keeps the function's log group /aws/lambda/<function_name>. */
  log_retention_days: z._default(logRetentionDays, 30),
};

export const functionSchema = z.strictObject(functionShape);

export const athenaSchema = z
  .strictObject({
    ...functionShape,
    enable_custom_metrics: z._default(z.boolean(), false),
    schedule_expression: z._default(scheduleExpression, 'rate(10 minutes)'),
    buckets: z
      .record(bucketName, bucketValue)
      .check(z.refine((b) => Object.keys(b).length > 0, 'buckets must map at least one S3 bucket to a table (or "*")')),
    database_name: z._default(identifier('database_name'), 'streamalert'),
    queue_name: z.optional(pattern(/^[A-Za-z0-9_-]{1,80}$/, 'queue_name must be 1-80 letters, digits, "-" or "_"')),
    results_bucket: z.optional(checked(resultsLocationProblem)),
    workgroup: z.optional(
      pattern(WORKGROUP_NAME, 'workgroup must be 1-128 letters, digits, ".", "-" or "_" (Athena\'s rule for workgroup names)'),
    ),
    refresh_strategy: z._default(z.enum(REFRESH_STRATEGIES), 'add_partition'),
    /** Stop a run after this many messages (the rest wait for the next run). */
    max_messages: z._default(int(1, Number.MAX_SAFE_INTEGER), 100_000),
    /** direct: the refresh's own path for its hot SQS calls; sdk: SQSClient.send (STREAMALERT_SQS_CLIENT overrides). */
    sqs_client: z._default(z.enum(SQS_CLIENTS), 'direct'),
    /** ReceiveMessage calls in flight at once. */
    receive_concurrency: z._default(int(1, 50), 10),
    /** How long one Athena query may run before the run gives up on it (its messages stay). */
    query_timeout_seconds: z._default(int(1, 3600), 120),
    /** `athena init`: SSE-KMS for the queues with this key (SSE-SQS when absent). */
    // A key ARN, not an alias: IAM grants kms:Decrypt on key ARNs, so an alias would leave the function unable to read.
    kms_key_arn: z.optional(
      pattern(
        /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
        'kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)',
      ),
    ),
    /** `athena init`: receives before a message moves to the dead-letter queue (SQS allows 1-1,000). */
    max_receive_count: z._default(int(1, 1000), 10),
    /** `athena init`: days before query results under the results prefix expire. */
    results_retention_days: z._default(int(1, 36500), 30),
    /**
     * `athena init`: on a results bucket init did not make (not tagged ours), still add the lifecycle
     * rule, under the results prefix only (never on a bucket without one).
     */
    results_lifecycle: z.optional(z.boolean()),
    /** schedule: the EventBridge rule drains the queue; sqs: an event-source mapping hands batches to the function. */
    trigger: z._default(z.enum(TRIGGERS), 'schedule'),
    /** trigger sqs: messages per invocation (Lambda's SQS limit is 10,000). */
    batch_size: z._default(int(1, 10_000), 1_000),
    /** trigger sqs: how long Lambda gathers messages before invoking (0-300 s). */
    maximum_batching_window_seconds: z._default(int(0, 300), 60),
    /** trigger sqs: concurrent invocations the mapping may start (2-1,000). */
    maximum_concurrency: z._default(int(2, 1_000), 2),
    /** deploy: the SNS topic the function's CloudWatch alarms notify (their alarm and OK actions). */
    alarm_topic_arn: z.optional(
      pattern(
        /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/,
        'alarm_topic_arn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)',
      ),
    ),
    /** deploy: make the function's CloudWatch alarms; false deletes the ones deploy made (never others'). */
    alarms: z._default(z.boolean(), true),
    /** deploy: the alarms' thresholds where the defaults do not fit (core/deploy/alarm-spec.ts). */
    alarm_thresholds: z.optional(
      z.strictObject({
        /** The queue's oldest message, seconds (default: 2 × the schedule's interval; 15 min with trigger sqs). */
        oldest_message_seconds: z.optional(int(60, 1_209_600)),
        /** Messages in the dead-letter queue (default 0: any). */
        dead_letter_messages: z.optional(int(0, 1_000_000_000)),
        /** The function's Errors in 5 minutes (default 0: any). */
        errors: z.optional(int(0, 1_000_000_000)),
        /** The function's Throttles in 5 minutes, trigger sqs (default 0: any). */
        throttles: z.optional(int(0, 1_000_000_000)),
      }),
    ),
  })
  .check(
    // AWS refuses an SQS mapping with more than 10 messages per batch and no batching window.
    z.superRefine((a, ctx) => {
      if (a.trigger === 'sqs' && a.batch_size > 10 && a.maximum_batching_window_seconds < 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['maximum_batching_window_seconds'],
          input: a.maximum_batching_window_seconds,
          message: `AWS needs a batching window of at least 1 s when batch_size is over 10 (it is ${a.batch_size}); set maximum_batching_window_seconds to 1 or more, or batch_size to 10 or less`,
        });
      }
    }),
  );

export const lambdaSchema = z.strictObject({
  athena_partition_refresh_config: athenaSchema,
  rule_processor_config: z.optional(functionSchema),
  alert_processor_config: z.optional(functionSchema),
});

export type GlobalFile = z.infer<typeof globalSchema>;
export type LambdaFile = z.infer<typeof lambdaSchema>;
export type FunctionSection = z.infer<typeof functionSchema>;
export type AthenaSection = z.infer<typeof athenaSchema>;
