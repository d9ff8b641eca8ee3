/**
 * The alarms' plan: compare the live alarms of our names with the wanted ones. Pure. An alarm of
 * our name without our tags is someone else's: its row is `blocked` and nothing touches it. With
 * `alarms: false` (or an alarm the trigger no longer needs) ours are deleted, never others'.
 */
import { isOurs, missingTags, notOursReason } from '../account/ownership.js';
import type { AlarmSettings, AlarmSpec, AlarmsSpec } from './alarm-spec.js';
import type { ResourceAction } from './resource-plans.js';

export interface LiveAlarm {
  name: string;
  arn: string;
  /** Undefined when the tags could not be read (then it is not ours). */
  tags: Record<string, string> | undefined;
  settings: AlarmSettings;
}

export type AlarmStep =
  | { op: 'put-alarm'; alarm: AlarmSpec; created: boolean; changes: string[]; tags: Record<string, string>; arn?: string }
  | { op: 'tag-alarm'; name: string; arn: string; tags: Record<string, string> }
  | { op: 'delete-alarm'; name: string; reason: string };

export type AlarmRowAction = 'create' | 'update' | 'unchanged' | 'delete' | 'blocked';

export interface AlarmRow {
  name: string;
  action: AlarmRowAction;
  /** blocked: whose it is; delete: why. */
  reason?: string;
  /** The wanted alarm (absent for a deletion or a blocked one we do not want). */
  alarm?: AlarmSpec;
}

export interface AlarmPlan {
  action: ResourceAction;
  steps: AlarmStep[];
  rows: AlarmRow[];
}

/** The settings that differ, one `what from → to` each. */
export function alarmChanges(want: AlarmSettings, have: AlarmSettings): string[] {
  const changes: string[] = [];
  for (const key of Object.keys(want) as (keyof AlarmSettings)[]) {
    const a = JSON.stringify(have[key]);
    const b = JSON.stringify(want[key]);
    if (a !== b) changes.push(key === 'description' ? 'description' : `${key} ${a} → ${b}`);
  }
  return changes;
}

export function planAlarms(spec: AlarmsSpec, live: ReadonlyMap<string, LiveAlarm>): AlarmPlan {
  const steps: AlarmStep[] = [];
  const rows: AlarmRow[] = [];
  const wanted = new Map(spec.alarms.map((alarm) => [alarm.name, alarm]));
  for (const name of spec.names) {
    const want = wanted.get(name);
    const have = live.get(name);
    if (have && !isOurs(have.tags, spec.prefix)) {
      // Someone else's alarm under our name: never overwritten, never deleted.
      if (want) rows.push({ name, action: 'blocked', reason: notOursReason('alarm', name, have.tags, spec.prefix), alarm: want });
      continue;
    }
    if (!want) {
      if (have) {
        const reason = spec.enabled ? 'the trigger no longer needs it' : 'alarms is false';
        steps.push({ op: 'delete-alarm', name, reason });
        rows.push({ name, action: 'delete', reason });
      }
      continue;
    }
    if (!have) {
      steps.push({ op: 'put-alarm', alarm: want, created: true, changes: [], tags: spec.tags });
      rows.push({ name, action: 'create', alarm: want });
      continue;
    }
    const changes = alarmChanges(want.settings, have.settings);
    const tags = missingTags(spec.tags, have.tags);
    if (changes.length) steps.push({ op: 'put-alarm', alarm: want, created: false, changes, tags, arn: have.arn });
    else if (Object.keys(tags).length) steps.push({ op: 'tag-alarm', name, arn: have.arn, tags });
    rows.push({ name, action: changes.length || Object.keys(tags).length ? 'update' : 'unchanged', alarm: want });
  }
  const acted = rows.filter((row) => row.action !== 'unchanged' && row.action !== 'blocked');
  const action: ResourceAction = !acted.length ? 'unchanged' : acted.every((row) => row.action === 'create') ? 'create' : 'update';
  return { action, steps, rows };
}

/** Why an alarm under our name cannot be ours: a blocker of the deploy, like any resource not ours. */
export function blockedAlarmWarnings(plan: AlarmPlan): string[] {
  return plan.rows
    .filter((row) => row.action === 'blocked')
    .map((row) => `alarm ${row.name}: ${row.reason}; rename or remove that alarm, or set alarms to false`);
}

export function describeAlarmStep(step: AlarmStep): string {
  switch (step.op) {
    case 'put-alarm': {
      const s = step.alarm.settings;
      const what = `${s.metricName} (${s.dimensions.join(', ')}) ${s.statistic} > ${s.threshold} over ${s.period / 60} min${s.alarmActions.length ? `, notifying ${s.alarmActions.join(', ')}` : ', no action (alarm_topic_arn not set)'}`;
      return step.created ? `create alarm ${step.alarm.name}: ${what}` : `update alarm ${step.alarm.name}: ${step.changes.join('; ')}`;
    }
    case 'tag-alarm':
      return `tag alarm ${step.name}: ${Object.keys(step.tags).join(', ')}`;
    case 'delete-alarm':
      return `delete alarm ${step.name} (${step.reason})`;
  }
}
