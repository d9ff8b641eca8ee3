/**
 * What deploy manages around the athena function besides its code: the trigger (the EventBridge
 * schedule or the SQS event-source mapping), and the execution role `<function_name>_role` when
 * `role_arn` is not set. Pure: built from the configuration alone.
 */
import type { Config } from '../config/load.js';
import type { Trigger } from '../config/schema.js';
import { arnPartition, buildIamPolicy, type PolicyDocument } from '../iam/policy.js';

export interface ScheduleSpec {
  /** EventBridge rule name (the function's name). */
  ruleName: string;
  expression: string;
  /** The rule's state: ENABLED when the function is enabled and the trigger is the schedule. */
  enabled: boolean;
  /**
   * False when the sqs trigger invokes the function: a missing rule is not created, an existing
   * one is only disabled (its target and permission stay, so switching back just enables it).
   */
  required: boolean;
}

export interface TriggerSpec {
  kind: Trigger;
  queueName: string;
  /** The queue's ARN, derived from the configuration (the mapping's EventSourceArn). */
  queueArn: string;
  /** The mapping's state: enabled when the function is enabled and the trigger is sqs. */
  enabled: boolean;
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  maximumConcurrency: number;
}

/** The batch response the handler returns; the mapping must be told to read it. */
export const FUNCTION_RESPONSE_TYPES = ['ReportBatchItemFailures'] as const;

export interface ManagedRoleSpec {
  name: string;
  arn: string;
  /** Who may assume the role: Lambda. */
  trustPolicy: TrustPolicy;
  /** The inline policy's name on the role. */
  policyName: string;
  /** Exactly `streamalert athena iam-policy` for this configuration. */
  policy: PolicyDocument;
}

export interface TrustPolicy {
  Version: '2012-10-17';
  Statement: { Effect: 'Allow'; Principal: { Service: string }; Action: string }[];
}

export const LAMBDA_TRUST_POLICY: TrustPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** The inline policy deploy writes on the role it manages. */
export const MANAGED_POLICY_NAME = 'streamalert-athena-partition-refresh';

/** IAM's limit on role names. */
export const MAX_ROLE_NAME = 64;

export function managedRoleName(functionName: string): string {
  return `${functionName}_role`;
}

export function managedRole(config: Pick<Config, 'account' | 'athena'>): ManagedRoleSpec {
  const { aws_account_id: account, region } = config.account;
  const name = managedRoleName(config.athena.function_name);
  return {
    name,
    arn: `arn:${arnPartition(region)}:iam::${account}:role/${name}`,
    trustPolicy: LAMBDA_TRUST_POLICY,
    policyName: MANAGED_POLICY_NAME,
    policy: buildIamPolicy(config),
  };
}

export function queueArn(config: Pick<Config, 'account' | 'athena'>): string {
  const { aws_account_id: account, region } = config.account;
  return `arn:${arnPartition(region)}:sqs:${region}:${account}:${config.athena.queue_name}`;
}

export function athenaTriggers(
  config: Pick<Config, 'account' | 'athena'>,
  functionName: string,
): { schedule: ScheduleSpec; trigger: TriggerSpec } {
  const a = config.athena;
  return {
    schedule: {
      ruleName: functionName,
      expression: a.schedule_expression,
      enabled: a.enabled && a.trigger === 'schedule',
      required: a.trigger === 'schedule',
    },
    trigger: {
      kind: a.trigger,
      queueName: a.queue_name,
      queueArn: queueArn(config),
      enabled: a.enabled && a.trigger === 'sqs',
      batchSize: a.batch_size,
      maximumBatchingWindowSeconds: a.maximum_batching_window_seconds,
      maximumConcurrency: a.maximum_concurrency,
    },
  };
}
