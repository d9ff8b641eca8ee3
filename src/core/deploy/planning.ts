/**
 * One function's whole plan: package it, read everything deploy manages for it (function, alias,
 * role, log group, schedule, queue and mapping) and plan each part. Only reads happen here, so a
 * problem found now (a queue whose visibility timeout is too short, a runtime AWS no longer
 * creates functions on) stops the deploy before anything changes.
 */
import { blockedAlarmWarnings, planAlarms, type AlarmPlan } from './alarm-plan.js';
import type { ManagedRoleSpec } from './athena-spec.js';
import { aliasArn, type FunctionSpec } from './functions.js';
import { planMapping, visibilityProblem, type LiveMapping, type LiveQueue, type MappingPlan } from './mapping-plan.js';
import { planFunction, type FunctionPlan, type LiveState } from './function-plan.js';
import type { BuiltPackage, DeployPorts } from './ports.js';
import type { Preflight } from './preflight.js';
import {
  planLogGroup,
  planRole,
  type LiveLogGroup,
  type LiveRole,
  type LogGroupPlan,
  type Ownership,
  type RolePlan,
} from './resource-plans.js';
import { planSchedule, type LiveSchedule, type SchedulePlan } from './schedule-plan.js';

export interface DeployTarget {
  region: string;
  accountId: string;
  /** ownershipTags(config) (core/account/ownership.ts): what every resource deploy makes is tagged with, and how it knows its own. */
  tags: Record<string, string>;
  /** conf/lambda.json, for error messages. */
  configFile?: string;
}

export interface PlannedFunction {
  spec: FunctionSpec;
  pkg: BuiltPackage;
  live: LiveState;
  plan: FunctionPlan;
  /** The alias's ARN, live or (before it exists) derived. */
  alias: string;
  role?: { spec: ManagedRoleSpec; live: LiveRole | null; plan: RolePlan };
  logGroup: { live: LiveLogGroup | null; plan: LogGroupPlan };
  schedule?: { live: LiveSchedule; plan: SchedulePlan };
  mapping?: { live: LiveMapping | null; plan: MappingPlan; queue?: LiveQueue };
  alarms?: { plan: AlarmPlan };
  warnings: string[];
  /** Why this function cannot be deployed as configured; nothing is changed while any exists. */
  blockers: string[];
}

export async function planDeploy(
  spec: FunctionSpec,
  target: DeployTarget,
  ports: DeployPorts,
  checks: Preflight,
  say: (text: string) => void,
  forceRole = false,
): Promise<PlannedFunction> {
  const own: Ownership = { tags: target.tags, forceRole };
  say('packaging');
  const pkg = await ports.packager(spec);
  say('reading the live function');
  const live = await ports.functions.getState(spec.name);
  const blockers: string[] = [];
  if (!live.function && checks.createBlocked) blockers.push(checks.createBlocked);
  const plan = planFunction(spec, pkg, live, target.region, own);
  if (plan.blocker) blockers.push(plan.blocker);
  const functionIsOurs = live.function !== null && !plan.blocker;
  const alias = live.alias?.arn ?? aliasArn(target.region, target.accountId, spec.name);
  const planned: PlannedFunction = {
    spec,
    pkg,
    live,
    plan,
    alias,
    warnings: [...checks.warnings],
    blockers,
    logGroup: { live: null, plan: { action: 'unchanged', steps: [] } },
  };

  if (spec.managedRole) {
    say(`reading role ${spec.managedRole.name}`);
    const liveRole = await ports.roles.get(spec.managedRole.name, spec.managedRole.policyName);
    planned.role = { spec: spec.managedRole, live: liveRole, plan: planRole(spec.managedRole, liveRole, own) };
    if (planned.role.plan.blocker) blockers.push(planned.role.plan.blocker);
  }

  say(`reading log group ${spec.logGroup.name}`);
  const liveLogs = await ports.logGroups.get(spec.logGroup.name);
  planned.logGroup = { live: liveLogs, plan: planLogGroup(spec.logGroup.retentionDays, liveLogs, own, spec.logGroup.name, functionIsOurs) };
  if (planned.logGroup.plan.blocker) blockers.push(planned.logGroup.plan.blocker);

  if (spec.schedule) {
    say('reading the schedule');
    const liveSchedule = await ports.schedules.getState(spec.schedule, spec.name, alias);
    planned.schedule = { live: liveSchedule, plan: planSchedule(spec.schedule, liveSchedule, own) };
    if (planned.schedule.plan.blocker) blockers.push(planned.schedule.plan.blocker);
    if (planned.schedule.plan.warning) planned.warnings.push(planned.schedule.plan.warning);
  }

  if (spec.trigger) {
    const trigger = spec.trigger;
    let queue: LiveQueue | undefined;
    if (trigger.kind === 'sqs') {
      say(`reading queue ${trigger.queueName}`);
      queue = await ports.eventSources.queue(trigger.queueName);
      const problem = visibilityProblem(trigger, spec.timeout, queue, spec.section);
      if (problem) blockers.push(problem);
    }
    // No alias, no mapping on it: nothing to read.
    const liveMapping = live.alias ? await ports.eventSources.getMapping(queue?.arn ?? trigger.queueArn, alias) : null;
    planned.mapping = { live: liveMapping, plan: planMapping(trigger, liveMapping, own.tags), ...(queue ? { queue } : {}) };
  }

  if (spec.alarms && ports.alarms) {
    say('reading the alarms');
    const plan = planAlarms(spec.alarms, await ports.alarms.get(spec.alarms.names));
    planned.alarms = { plan };
    // Another team's alarm under one of our names blocks the deploy like any resource not ours.
    blockers.push(...blockedAlarmWarnings(plan));
  }
  return planned;
}

/** True when deploying this plan calls no write API at all. */
export function isUnchanged(p: PlannedFunction): boolean {
  return [p.plan, p.role?.plan, p.logGroup.plan, p.schedule?.plan, p.mapping?.plan, p.alarms?.plan].every(
    (x) => !x || x.steps.length === 0,
  );
}
