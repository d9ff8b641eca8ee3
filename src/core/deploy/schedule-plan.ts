/**
 * The schedule: an EventBridge rule → the `production` alias, plus the permission letting
 * EventBridge invoke it. With the sqs trigger the rule is not needed: an existing one is
 * disabled (target and permission kept, so switching back only enables it), none is created.
 */
import { ALIAS, type ScheduleSpec } from './functions.js';

export interface LiveSchedule {
  rule: { arn: string; expression?: string; enabled: boolean } | null;
  /** The rule already targets the alias. */
  targetsAlias: boolean;
  /** The alias's resource policy lets this rule invoke it. */
  permitted: boolean;
}

export type ScheduleStep =
  | { op: 'put-rule'; reason: string }
  | { op: 'put-targets' }
  | { op: 'add-permission' };

export interface SchedulePlan {
  action: 'create' | 'update' | 'unchanged';
  steps: ScheduleStep[];
}

export function planSchedule(schedule: ScheduleSpec, live: LiveSchedule): SchedulePlan {
  const steps: ScheduleStep[] = [];
  const state = schedule.enabled ? 'enabled' : 'disabled';
  if (!schedule.required && (!live.rule || !live.rule.enabled)) return { action: 'unchanged', steps };
  if (!live.rule) steps.push({ op: 'put-rule', reason: `create rule ${schedule.ruleName}: ${schedule.expression}, ${state}` });
  else {
    const why: string[] = [];
    if (live.rule.expression !== schedule.expression) why.push(`schedule ${live.rule.expression ?? '(none)'} → ${schedule.expression}`);
    if (live.rule.enabled !== schedule.enabled) why.push(`${live.rule.enabled ? 'enabled' : 'disabled'} → ${state}${schedule.required ? '' : ' (the sqs trigger invokes the function)'}`);
    if (why.length) steps.push({ op: 'put-rule', reason: `update rule ${schedule.ruleName}: ${why.join(', ')}` });
  }
  if (schedule.required) {
    if (!live.targetsAlias) steps.push({ op: 'put-targets' });
    if (!live.permitted) steps.push({ op: 'add-permission' });
  }
  return { action: !live.rule ? 'create' : steps.length ? 'update' : 'unchanged', steps };
}

export function describeScheduleStep(step: ScheduleStep, schedule: ScheduleSpec, functionName: string): string {
  switch (step.op) {
    case 'put-rule':
      return step.reason;
    case 'put-targets':
      return `point rule ${schedule.ruleName} at ${functionName}:${ALIAS}`;
    case 'add-permission':
      return `allow EventBridge rule ${schedule.ruleName} to invoke ${functionName}:${ALIAS}`;
  }
}
