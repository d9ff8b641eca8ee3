/** What deploy reports per function, and how a plan becomes that report before anything is carried out. */
import { describeStep } from './function-plan.js';
import type { FunctionKey, SkippedFunction } from './functions.js';
import { describeMappingStep } from './mapping-plan.js';
import type { PlannedFunction } from './planning.js';
import { describeLogGroupStep, describeRoleStep } from './resource-plans.js';
import { describeScheduleStep } from './schedule-plan.js';

export type DeployAction = 'created' | 'updated' | 'unchanged' | 'skipped';
type PartAction = 'created' | 'updated' | 'unchanged';

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

const DONE: Record<'create' | 'update' | 'unchanged', PartAction> = { create: 'created', update: 'updated', unchanged: 'unchanged' };

/** The report line of a planned function, before anything is carried out. */
export function resultOf(p: PlannedFunction): FunctionDeployResult {
  const { spec, pkg, live, plan } = p;
  const partsChange = [p.role?.plan, p.logGroup.plan, p.schedule?.plan, p.mapping?.plan].some((x) => x && x.steps.length > 0);
  const result: FunctionDeployResult = {
    function: spec.key,
    name: spec.name,
    action: plan.action === 'create' ? 'created' : plan.action === 'update' || partsChange ? 'updated' : 'unchanged',
    alias: p.alias,
    runtime: spec.runtime,
    codeSha256: pkg.sha256,
    size: pkg.size,
    steps: plan.steps.map((s) => describeStep(s, spec, pkg)),
    logGroup: {
      name: spec.logGroup.name,
      retentionDays: spec.logGroup.retentionDays,
      action: DONE[p.logGroup.plan.action],
      steps: p.logGroup.plan.steps.map((s) => describeLogGroupStep(s, spec.logGroup.name)),
    },
    warnings: p.warnings,
    blockers: p.blockers,
    ...(live.alias ? { version: live.alias.version } : {}),
    ...(pkg.excluded?.length ? { excluded: pkg.excluded } : {}),
  };
  if (p.role) {
    result.role = { name: p.role.spec.name, arn: p.role.spec.arn, managed: true, action: DONE[p.role.plan.action], steps: p.role.plan.steps.map((s) => describeRoleStep(s, p.role!.spec)) };
  } else if (spec.roleArn) {
    result.role = { name: spec.roleArn.split('/').pop() ?? spec.roleArn, arn: spec.roleArn, managed: false, action: 'unchanged', steps: [] };
  }
  if (spec.schedule && p.schedule) {
    const s = spec.schedule;
    const exists = p.schedule.live.rule !== null || p.schedule.plan.steps.length > 0;
    result.schedule = {
      rule: s.ruleName,
      expression: s.expression,
      state: !exists ? 'NONE' : s.enabled ? 'ENABLED' : 'DISABLED',
      action: DONE[p.schedule.plan.action],
      steps: p.schedule.plan.steps.map((x) => describeScheduleStep(x, s, spec.name)),
    };
  }
  if (spec.trigger && p.mapping) {
    const t = spec.trigger;
    result.trigger = t.kind;
    const m = p.mapping;
    if (t.kind === 'sqs' || m.live) {
      const enabledAfter = t.kind === 'sqs' ? t.enabled : false;
      result.eventSource = {
        queue: t.queueName,
        state: enabledAfter ? 'ENABLED' : 'DISABLED',
        batchSize: t.kind === 'sqs' ? t.batchSize : (m.live?.batchSize ?? t.batchSize),
        maximumBatchingWindowSeconds: t.kind === 'sqs' ? t.maximumBatchingWindowSeconds : (m.live?.maximumBatchingWindowSeconds ?? 0),
        maximumConcurrency: t.kind === 'sqs' ? t.maximumConcurrency : (m.live?.maximumConcurrency ?? t.maximumConcurrency),
        functionResponseTypes: t.kind === 'sqs' ? ['ReportBatchItemFailures'] : (m.live?.functionResponseTypes ?? []),
        action: DONE[m.plan.action],
        steps: m.plan.steps.map((x) => describeMappingStep(x, t, spec.name)),
      };
    }
  }
  return result;
}
