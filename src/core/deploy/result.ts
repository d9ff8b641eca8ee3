/** What deploy reports per function, and how a plan becomes that report before anything is carried out. */
import { alarmResults, type AlarmResult } from './alarm-result.js';
import { describeStep } from './function-plan.js';
import type { FunctionKey, SkippedFunction } from './functions.js';
import { describeMappingStep } from './mapping-plan.js';
import type { PlannedFunction } from './planning.js';
import { describeLogGroupStep, describeRoleStep } from './resource-plans.js';
import { describeScheduleStep } from './schedule-plan.js';

export type DeployAction = 'created' | 'updated' | 'unchanged' | 'skipped';
/** `blocked`: it exists and is not ours (the blockers say why); nothing of it is changed. */
type PartAction = 'created' | 'updated' | 'unchanged' | 'blocked';

export interface ScheduleResult {
  rule: string;
  expression: string;
  /** NONE: the sqs trigger is in use and no rule was ever made. */
  state: 'ENABLED' | 'DISABLED' | 'NONE';
  action: PartAction;
  steps: string[];
}

export interface EventSourceResult {
  queue: string;
  /** The mapping's state after the deploy (NONE: there is no mapping). */
  state: 'ENABLED' | 'DISABLED' | 'NONE';
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  maximumConcurrency: number;
  functionResponseTypes: string[];
  action: PartAction;
  steps: string[];
}

export interface RoleResult {
  name: string;
  arn: string;
  /** True when deploy manages it (`role_arn` not set). */
  managed: boolean;
  action: PartAction;
  steps: string[];
}

export interface LogGroupResult {
  name: string;
  retentionDays: number;
  action: PartAction;
  steps: string[];
}

export interface FunctionDeployResult {
  function: FunctionKey;
  name: string;
  /** What happened (or, with dryRun, what would happen). */
  action: DeployAction;
  /** The version the alias points at afterwards (dry run: now; a created function's is unknown). */
  version?: string;
  previousVersion?: string;
  alias: string;
  runtime: string;
  codeSha256: string;
  size: number;
  /** The function's own steps (code, configuration, version, alias), one line each. */
  steps: string[];
  role?: RoleResult;
  logGroup: LogGroupResult;
  /** athena: what invokes it. */
  trigger?: 'schedule' | 'sqs';
  schedule?: ScheduleResult;
  /** Files of a directory source left out of the zip, and why. */
  excluded?: { path: string; reason: string }[];
  eventSource?: EventSourceResult;
  /** athena: its CloudWatch alarms, one row per name deploy manages (alarm-result.ts). */
  alarms?: AlarmResult[];
  /** Things to act on soon (a runtime near its block date). */
  warnings: string[];
  /** Why the deploy stopped before changing anything (dry run: why it would). */
  blockers: string[];
}

export interface DeployReport {
  dryRun: boolean;
  functions: FunctionDeployResult[];
  skipped: SkippedFunction[];
}

const DONE: Record<'create' | 'update' | 'unchanged' | 'blocked', PartAction> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  blocked: 'blocked',
};

/** The report line of a planned function, before anything is carried out. */
export function resultOf(planned: PlannedFunction): FunctionDeployResult {
  const { spec, pkg, live, plan } = planned;
  const partsChange = [planned.role?.plan, planned.logGroup.plan, planned.schedule?.plan, planned.mapping?.plan, planned.alarms?.plan].some(
    (part) => part && part.steps.length > 0,
  );
  const result: FunctionDeployResult = {
    function: spec.key,
    name: spec.name,
    action: plan.action === 'create' ? 'created' : plan.action === 'update' || partsChange ? 'updated' : 'unchanged',
    alias: planned.alias,
    runtime: spec.runtime,
    codeSha256: pkg.sha256,
    size: pkg.size,
    steps: plan.steps.map((step) => describeStep(step, spec, pkg)),
    logGroup: {
      name: spec.logGroup.name,
      retentionDays: spec.logGroup.retentionDays,
      action: DONE[planned.logGroup.plan.action],
      steps: planned.logGroup.plan.steps.map((step) => describeLogGroupStep(step, spec.logGroup.name)),
    },
    warnings: planned.warnings,
    blockers: planned.blockers,
    ...(live.alias ? { version: live.alias.version } : {}),
    ...(pkg.excluded?.length ? { excluded: pkg.excluded } : {}),
  };
  if (planned.role) {
    result.role = {
      name: planned.role.spec.name,
      arn: planned.role.spec.arn,
      managed: true,
      action: DONE[planned.role.plan.action],
      steps: planned.role.plan.steps.map((step) => describeRoleStep(step, planned.role!.spec)),
    };
  } else if (spec.roleArn) {
    result.role = {
      name: spec.roleArn.split('/').pop() ?? spec.roleArn,
      arn: spec.roleArn,
      managed: false,
      action: 'unchanged',
      steps: [],
    };
  }
  if (spec.schedule && planned.schedule) {
    const schedule = spec.schedule;
    const exists = planned.schedule.live.rule !== null || planned.schedule.plan.steps.length > 0;
    result.schedule = {
      rule: schedule.ruleName,
      expression: schedule.expression,
      state: !exists ? 'NONE' : schedule.enabled ? 'ENABLED' : 'DISABLED',
      action: DONE[planned.schedule.plan.action],
      steps: planned.schedule.plan.steps.map((step) => describeScheduleStep(step, schedule, spec.name)),
    };
  }
  if (spec.trigger && planned.mapping) {
    const trigger = spec.trigger;
    result.trigger = trigger.kind;
    const mapping = planned.mapping;
    if (trigger.kind === 'sqs' || mapping.live) {
      const enabledAfter = trigger.kind === 'sqs' ? trigger.enabled : false;
      result.eventSource = {
        queue: trigger.queueName,
        state: enabledAfter ? 'ENABLED' : 'DISABLED',
        batchSize: trigger.kind === 'sqs' ? trigger.batchSize : (mapping.live?.batchSize ?? trigger.batchSize),
        maximumBatchingWindowSeconds:
          trigger.kind === 'sqs' ? trigger.maximumBatchingWindowSeconds : (mapping.live?.maximumBatchingWindowSeconds ?? 0),
        maximumConcurrency:
          trigger.kind === 'sqs' ? trigger.maximumConcurrency : (mapping.live?.maximumConcurrency ?? trigger.maximumConcurrency),
        functionResponseTypes: trigger.kind === 'sqs' ? ['ReportBatchItemFailures'] : (mapping.live?.functionResponseTypes ?? []),
        action: DONE[mapping.plan.action],
        steps: mapping.plan.steps.map((step) => describeMappingStep(step, trigger, spec.name)),
      };
    }
  }
  if (planned.alarms) result.alarms = alarmResults(planned.alarms.plan);
  return result;
}
