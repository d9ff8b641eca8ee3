/**
 * The schema of conf/global.json and conf/lambda.json. Validated once, at load; everything
 * downstream can trust these types. Unknown keys are errors: a typo must not silently fall back
 * to a default.
 */
import { z } from 'zod';
import { parseSchedule } from '../schedule.js';

/** Athena/Glue identifiers: letters, digits and underscores (Athena lower-cases them). */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
/** S3 bucket names (general-purpose buckets). */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const identifier = (what: string) =>
  z.string().regex(IDENTIFIER, `${what} must be letters, digits and underscores, starting with a letter or underscore`);

const scheduleExpression = z.string().superRefine((value, ctx) => {
  const parsed = parseSchedule(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
});

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const REFRESH_STRATEGIES = ['add_partition', 'repair', 'glue'] as const;
export type RefreshStrategy = (typeof REFRESH_STRATEGIES)[number];

export const globalSchema = z.strictObject({
  account: z.strictObject({
    aws_account_id: z.string().regex(/^\d{12}$/, 'aws_account_id must be the 12-digit AWS account id'),
    prefix: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,30}$/, 'prefix must be lower-case letters, digits, "_" or "-", starting with a letter'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'region must be an AWS region name such as us-east-1'),
  }),
});

/** Keys every function section shares; `deploy` reads them. */
export const functionShape = {
  enabled: z.boolean().default(true),
  log_level: z.enum(LOG_LEVELS).default('info'),
  memory: z.number().int().min(128).max(10240).default(128),
  timeout: z.number().int().min(1).max(900).default(60),
  function_name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'function_name must be 1-64 letters, digits, "-" or "_"').optional(),
  source: z.string().min(1).optional(),
  handler: z.string().min(1).optional(),
  runtime: z.string().min(1).default('nodejs20.x'),
  role_arn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'role_arn must be an IAM role ARN').optional(),
  environment: z.record(z.string(), z.string()).optional(),
};

export const functionSchema = z.strictObject(functionShape);

export const athenaSchema = z.strictObject({
  ...functionShape,
  enable_custom_metrics: z.boolean().default(false),
  schedule_expression: scheduleExpression.default('rate(10 minutes)'),
  buckets: z
    .record(
      z.string().regex(BUCKET_NAME, 'bucket names are 3-63 lower-case letters, digits, "." or "-"'),
      z.union([z.literal('*'), identifier('a table name')]),
    )
    .refine((b) => Object.keys(b).length > 0, 'buckets must map at least one S3 bucket to a table (or "*")'),
  database_name: identifier('database_name').default('streamalert'),
  queue_name: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'queue_name must be 1-80 letters, digits, "-" or "_"').optional(),
  results_bucket: z.string().min(3).optional(),
  workgroup: z.string().min(1).optional(),
  refresh_strategy: z.enum(REFRESH_STRATEGIES).default('add_partition'),
  /** Stop a run after this many messages (the rest wait for the next run). */
  max_messages: z.number().int().min(1).default(100_000),
  /** ReceiveMessage calls in flight at once. */
  receive_concurrency: z.number().int().min(1).max(50).default(10),
  /** How long one Athena query may run before the run gives up on it (its messages stay). */
  query_timeout_seconds: z.number().int().min(1).max(3600).default(120),
});

export const lambdaSchema = z.strictObject({
  athena_partition_refresh_config: athenaSchema,
  rule_processor_config: functionSchema.optional(),
  alert_processor_config: functionSchema.optional(),
});

export type GlobalFile = z.infer<typeof globalSchema>;
export type LambdaFile = z.infer<typeof lambdaSchema>;
export type FunctionSection = z.infer<typeof functionSchema>;
export type AthenaSection = z.infer<typeof athenaSchema>;
