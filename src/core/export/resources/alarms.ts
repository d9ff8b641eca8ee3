/**
 * The athena function's CloudWatch alarms, from the alarm plan deploy makes (alarm-spec.ts,
 * alarm-plan.ts): the same names, metrics, thresholds, actions (alarm_topic_arn) and tags. With
 * `alarms: false` there are none. An alarm of our name that is not ours is left out (deploy does
 * not touch it either); deploy's warning about it is printed with the function (function.ts).
 */
import type { AlarmSpec } from '../../deploy/alarm-spec.js';
import type { ExportFunction } from '../types.js';
import { resourceName, type ResourceMapper, type TfResource } from '../types.js';

/** `QueueName=q` → { QueueName: 'q' }; a value may itself hold `=`. */
function dimensionMap(dimensions: readonly string[]): Record<string, string> {
  return Object.fromEntries(dimensions.map((d) => [d.slice(0, d.indexOf('=')), d.slice(d.indexOf('=') + 1)]));
}

export function alarmBody(alarm: AlarmSpec, tags: Record<string, string>): Record<string, unknown> {
  const s = alarm.settings;
  return {
    alarm_name: alarm.name,
    alarm_description: s.description,
    namespace: s.namespace,
    metric_name: s.metricName,
    dimensions: dimensionMap(s.dimensions),
    statistic: s.statistic,
    period: s.period,
    evaluation_periods: s.evaluationPeriods,
    threshold: s.threshold,
    comparison_operator: s.comparison,
    treat_missing_data: s.treatMissingData,
    actions_enabled: true,
    alarm_actions: [...s.alarmActions],
    ok_actions: [...s.okActions],
    tags,
  };
}

function functionAlarms({ planned }: ExportFunction, tags: Record<string, string>): TfResource[] {
  const spec = planned.spec.alarms;
  if (!spec?.enabled) return [];
  // Without an alarm port (callers that predate alarms) every wanted alarm is new.
  const rows = planned.alarms?.plan.rows ?? spec.alarms.map((alarm) => ({ name: alarm.name, action: 'create' as const, alarm }));
  return rows.flatMap((row): TfResource[] => {
    // Someone else's alarm under our name: deploy's warning says so (printed with the function's).
    if (!row.alarm || row.action === 'delete' || row.action === 'blocked') return [];
    const name = resourceName(`${planned.spec.key}_${row.alarm.kind.replace(/-/g, '_')}`);
    return [
      {
        type: 'aws_cloudwatch_metric_alarm',
        name,
        kind: 'alarm',
        body: alarmBody(row.alarm, tags),
        ...(row.action === 'create' ? {} : { importId: row.alarm.name }),
      },
    ];
  });
}

export const alarms: ResourceMapper = ({ functions, tags }) => functions.flatMap((f) => functionAlarms(f, tags));
