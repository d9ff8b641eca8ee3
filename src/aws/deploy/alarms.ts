/**
 * CloudWatch: the athena function's alarms (deploy's AlarmPort). DescribeAlarms by name, their
 * tags (ListTagsForResource: ours or someone else's), PutMetricAlarm, TagResource, DeleteAlarms.
 * PutMetricAlarm sets tags only when it creates an alarm (AWS ignores them on an update), so a
 * tag an existing alarm lacks is added with TagResource.
 */
import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  TagResourceCommand,
  type CloudWatchClient,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmStep, LiveAlarm } from '../../core/deploy/alarm-plan.js';
import type { AlarmSettings } from '../../core/deploy/alarm-spec.js';
import type { AlarmPort } from '../../core/deploy/ports.js';
import type { AwsClients } from '../sdk/clients.js';
import { call } from '../sdk/errors.js';

const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export function liveSettings(alarm: MetricAlarm): AlarmSettings {
  return {
    description: alarm.AlarmDescription ?? '',
    namespace: (alarm.Namespace ?? '') as AlarmSettings['namespace'],
    metricName: alarm.MetricName ?? '',
    dimensions: (alarm.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`).sort(),
    statistic: (alarm.Statistic ?? '') as AlarmSettings['statistic'],
    period: alarm.Period ?? 0,
    evaluationPeriods: alarm.EvaluationPeriods ?? 0,
    threshold: alarm.Threshold ?? NaN,
    comparison: (alarm.ComparisonOperator ?? '') as AlarmSettings['comparison'],
    treatMissingData: (alarm.TreatMissingData ?? 'missing') as AlarmSettings['treatMissingData'],
    alarmActions: [...(alarm.AlarmActions ?? [])].sort(),
    okActions: [...(alarm.OKActions ?? [])].sort(),
  };
}

export class MetricAlarms implements AlarmPort {
  private readonly cloudwatch: CloudWatchClient;

  constructor(clients: AwsClients) {
    this.cloudwatch = clients.cloudwatch();
  }

  async get(names: readonly string[]): Promise<Map<string, LiveAlarm>> {
    const found = new Map<string, LiveAlarm>();
    if (!names.length) return found;
    // At most 100 names per call; deploy asks for four.
    const out = await call('CloudWatch', 'DescribeAlarms', () =>
      this.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [...names], AlarmTypes: ['MetricAlarm'] })),
    );
    for (const alarm of out.MetricAlarms ?? []) {
      if (!alarm.AlarmName || !names.includes(alarm.AlarmName)) continue;
      const arn = alarm.AlarmArn ?? '';
      const tags = await call('CloudWatch', 'ListTagsForResource', () =>
        this.cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: arn })),
      );
      found.set(alarm.AlarmName, {
        name: alarm.AlarmName,
        arn,
        tags: Object.fromEntries((tags.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
        settings: liveSettings(alarm),
      });
    }
    return found;
  }

  async apply(steps: AlarmStep[]): Promise<void> {
    for (const step of steps) {
      if (step.op === 'put-alarm') {
        const s = step.alarm.settings;
        await call('CloudWatch', 'PutMetricAlarm', () =>
          this.cloudwatch.send(
            new PutMetricAlarmCommand({
              AlarmName: step.alarm.name,
              AlarmDescription: s.description,
              Namespace: s.namespace,
              MetricName: s.metricName,
              Dimensions: s.dimensions.map((d) => ({ Name: d.slice(0, d.indexOf('=')), Value: d.slice(d.indexOf('=') + 1) })),
              Statistic: s.statistic,
              Period: s.period,
              EvaluationPeriods: s.evaluationPeriods,
              Threshold: s.threshold,
              ComparisonOperator: s.comparison,
              TreatMissingData: s.treatMissingData,
              ActionsEnabled: true,
              AlarmActions: s.alarmActions,
              OKActions: s.okActions,
              ...(step.created ? { Tags: tagList(step.tags) } : {}),
            }),
          ),
        );
        if (!step.created && step.arn && Object.keys(step.tags).length) await this.tag(step.arn, step.tags);
      } else if (step.op === 'tag-alarm') {
        await this.tag(step.arn, step.tags);
      } else {
        await call('CloudWatch', 'DeleteAlarms', () => this.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [step.name] })));
      }
    }
  }

  private async tag(arn: string, tags: Record<string, string>): Promise<void> {
    await call('CloudWatch', 'TagResource', () => this.cloudwatch.send(new TagResourceCommand({ ResourceARN: arn, Tags: tagList(tags) })));
  }
}
