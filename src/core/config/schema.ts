/**
 * The schema of conf/global.json and conf/lambda.json. Validated once, at load; everything
 * downstream can trust these types. Unknown keys are errors: a typo must not silently fall back
 * to a default.
 */
// zod/mini: the same validation as zod's classic API, tree-shakable, so the Lambda bundle carries
// about 25 KB of it instead of 445 KB.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { LOG_LEVELS } from '../log-levels.js';
import { parseSchedule } from '../schedule.js';

z.config(en());

/** Athena/Glue identifiers: letters, digits and underscores (Athena lower-cases them). */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
/** S3 bucket names (general-purpose buckets). */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const pattern = (re: RegExp, message: string) => z.string().check(z.regex(re, message));
const int = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));

const identifier = (what: string) => pattern(IDENTIFIER, `${what} must be letters, digits and underscores, starting with a letter or underscore`);

const scheduleExpression = z.string().check(
  z.superRefine((value, ctx) => {
    const parsed = parseSchedule(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason, input: value });
  }),
);

export { LOG_LEVELS, type LogLevel } from '../log-levels.js';

export const REFRESH_STRATEGIES = ['add_partition', 'repair', 'glue'] as const;
export type RefreshStrategy = (typeof REFRESH_STRATEGIES)[number];

export const globalSchema = z.strictObject({
  account: z.strictObject({
    aws_account_id: pattern(/^\d{12}$/, 'aws_account_id must be the 12-digit AWS account id'),
    prefix: pattern(/^[a-z][a-z0-9_-]{0,30}$/, 'prefix must be lower-case letters, digits, "_" or "-", starting with a letter'),
    region: pattern(/^[a-z]{2}(-[a-z]+)+-\d$/, 'region must be an AWS region name such as us-east-1'),
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
  runtime: z._default(z.string().check(z.minLength(1)), 'nodejs20.x'),
  role_arn: z.optional(pattern(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'role_arn must be an IAM role ARN')),
  environment: z.optional(z.record(z.string(), z.string())),
};

export const functionSchema = z.strictObject(functionShape);

export const athenaSchema = z.strictObject({
  ...functionShape,
  enable_custom_metrics: z._default(z.boolean(), false),
  schedule_expression: z._default(scheduleExpression, 'rate(10 minutes)'),
  buckets: z
    .record(pattern(BUCKET_NAME, 'bucket names are 3-63 lower-case letters, digits, "." or "-"'), z.union([z.literal('*'), identifier('a table name')]))
    .check(z.refine((b) => Object.keys(b).length > 0, 'buckets must map at least one S3 bucket to a table (or "*")')),
  database_name: z._default(identifier('database_name'), 'streamalert'),
  queue_name: z.optional(pattern(/^[A-Za-z0-9_-]{1,80}$/, 'queue_name must be 1-80 letters, digits, "-" or "_"')),
  results_bucket: z.optional(z.string().check(z.minLength(3))),
  workgroup: z.optional(z.string().check(z.minLength(1))),
  refresh_strategy: z._default(z.enum(REFRESH_STRATEGIES), 'add_partition'),
  /** Stop a run after this many messages (the rest wait for the next run). */
  max_messages: z._default(int(1, Number.MAX_SAFE_INTEGER), 100_000),
  /** ReceiveMessage calls in flight at once. */
  receive_concurrency: z._default(int(1, 50), 10),
  /** How long one Athena query may run before the run gives up on it (its messages stay). */
  query_timeout_seconds: z._default(int(1, 3600), 120),
});

export const lambdaSchema = z.strictObject({
  athena_partition_refresh_config: athenaSchema,
  rule_processor_config: z.optional(functionSchema),
  alert_processor_config: z.optional(functionSchema),
});

export type GlobalFile = z.infer<typeof globalSchema>;
export type LambdaFile = z.infer<typeof lambdaSchema>;
export type FunctionSection = z.infer<typeof functionSchema>;
export type AthenaSection = z.infer<typeof athenaSchema>;
