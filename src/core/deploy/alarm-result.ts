/** The alarms' rows in deploy's report: one per name deploy manages for the function. */
import { describeAlarmStep, type AlarmPlan, type AlarmRowAction, type AlarmStep } from './alarm-plan.js';

export interface AlarmResult {
  name: string;
  /** `AWS/SQS ApproximateAgeOfOldestMessage`; absent for a deleted alarm. */
  metric?: string;
  threshold?: number;
  /** The SNS topic notified on ALARM and OK; empty without alarm_topic_arn. */
  actions: string[];
  /** What happened (dry run: would happen); blocked: another's alarm has the name, nothing was done. */
  action: 'created' | 'updated' | 'unchanged' | 'deleted' | 'blocked';
  reason?: string;
  steps: string[];
}

const DONE: Record<AlarmRowAction, AlarmResult['action']> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  delete: 'deleted',
  blocked: 'blocked',
};

const stepName = (step: AlarmStep) => (step.op === 'put-alarm' ? step.alarm.name : step.name);

export function alarmResults(plan: AlarmPlan): AlarmResult[] {
  return plan.rows.map((row) => {
    const s = row.alarm?.settings;
    return {
      name: row.name,
      ...(s ? { metric: `${s.namespace} ${s.metricName}`, threshold: s.threshold } : {}),
      actions: s?.alarmActions ?? [],
      action: DONE[row.action],
      ...(row.reason ? { reason: row.reason } : {}),
      steps: plan.steps.filter((step) => stepName(step) === row.name).map(describeAlarmStep),
    };
  });
}
