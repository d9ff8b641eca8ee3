/**
 * The schedule: an EventBridge rule → the `production` alias, plus the permission letting
 * EventBridge invoke it. With the sqs trigger the rule is not needed: an existing one is
 * disabled (target and permission kept, so switching back only enables it), none is created.
 */
import { isOurs, missingTags, notOursReason, PREFIX_TAG } from '../account/ownership.js';
import { ALIAS, type ScheduleSpec } from './functions.js';
import { tagText, type Ownership } from './resource-plans.js';

export interface LiveSchedule {
  /** `tags` undefined: the rule has none. */
  rule: { arn: string; expression?: string; enabled: boolean; tags?: Record<string, string> } | null;
  /** The rule already targets the alias. */
  targetsAlias: boolean;
  /** The alias's resource policy lets this rule invoke it. */
  permitted: boolean;
}

export type ScheduleStep =
  /** `tags` when the rule is created. */
  | { op: 'put-rule'; reason: string; tags?: Record<string, string> }
  | { op: 'tag-rule'; tags: Record<string, string> }
  | { op: 'put-targets' }
  | { op: 'add-permission' };

export interface SchedulePlan {
  action: 'create' | 'update' | 'unchanged' | 'blocked';
  steps: ScheduleStep[];
  /** A rule of this name exists and is not ours: it is never changed (with the sqs trigger it is only left alone). */
  blocker?: string;
  warning?: string;
}

export function planSchedule(schedule: ScheduleSpec, live: LiveSchedule, own: Ownership): SchedulePlan {
  const steps: ScheduleStep[] = [];
  const state = schedule.enabled ? 'enabled' : 'disabled';
  const prefix = own.tags[PREFIX_TAG] ?? '';
  if (live.rule && !isOurs(live.rule.tags, prefix)) {
    const reason = notOursReason('EventBridge rule', schedule.ruleName, live.rule.tags, prefix);
    // The sqs trigger needs no rule: another team's rule of the same name is simply not ours to disable.
    if (!schedule.required) return { action: 'unchanged', steps, warning: `${reason}; left as it is` };
    return {
      action: 'blocked',
      steps,
      blocker: `${reason}: name another function (athena_partition_refresh_config.function_name; the rule is named after it), or use trigger sqs`,
    };
  }
  if (!schedule.required && (!live.rule || !live.rule.enabled)) return { action: 'unchanged', steps };
  if (!live.rule)
    steps.push({ op: 'put-rule', reason: `create rule ${schedule.ruleName}: ${schedule.expression}, ${state}`, tags: own.tags });
  else {
    const why: string[] = [];
    if (live.rule.expression !== schedule.expression) why.push(`schedule ${live.rule.expression ?? '(none)'} → ${schedule.expression}`);
    if (live.rule.enabled !== schedule.enabled)
      why.push(
        `${live.rule.enabled ? 'enabled' : 'disabled'} → ${state}${schedule.required ? '' : ' (the sqs trigger invokes the function)'}`,
      );
    if (why.length) steps.push({ op: 'put-rule', reason: `update rule ${schedule.ruleName}: ${why.join(', ')}` });
    const tags = missingTags(own.tags, live.rule.tags);
    if (Object.keys(tags).length) steps.push({ op: 'tag-rule', tags });
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
    case 'tag-rule':
      return `tag rule ${schedule.ruleName} ${tagText(step.tags)}`;
    case 'put-targets':
      return `point rule ${schedule.ruleName} at ${functionName}:${ALIAS}`;
    case 'add-permission':
      return `allow EventBridge rule ${schedule.ruleName} to invoke ${functionName}:${ALIAS}`;
  }
}
