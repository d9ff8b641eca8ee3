/**
 * The athena function's schedule: an EventBridge rule with the schedule expression, targeting the
 * function's `production` alias, and the Lambda permission that lets the rule invoke the alias.
 */
import {
  DescribeRuleCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  TagResourceCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { AddPermissionCommand, GetPolicyCommand, RemovePermissionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ALIAS, type ScheduleSpec } from '../../core/deploy/functions.js';
import type { LiveSchedule, ScheduleStep } from '../../core/deploy/schedule-plan.js';
import type { SchedulePort } from '../../core/deploy/ports.js';
import type { AwsClients } from '../sdk/clients.js';
import { awsError, call, callOrNull } from '../sdk/errors.js';

/** The statement id of the permission deploy adds to the alias's resource policy. */
export const PERMISSION_SID = 'streamalert-schedule';

interface PolicyStatement {
  Sid?: string;
  Principal?: { Service?: string } | string;
  Condition?: { ArnLike?: Record<string, string> };
}

/** True when the policy has our statement, for EventBridge, conditioned on this rule. */
export function policyAllows(policy: string | undefined, ruleArn: string): boolean {
  if (!policy) return false;
  let statements: PolicyStatement[] = [];
  try {
    statements = (JSON.parse(policy) as { Statement?: PolicyStatement[] }).Statement ?? [];
  } catch {
    return false;
  }
  return statements.some((statement) => {
    if (statement.Sid !== PERMISSION_SID) return false;
    const service = typeof statement.Principal === 'string' ? statement.Principal : statement.Principal?.Service;
    const source = statement.Condition?.ArnLike?.['AWS:SourceArn'];
    return service === 'events.amazonaws.com' && source === ruleArn;
  });
}

function hasSid(policy: string | undefined): boolean {
  if (!policy) return false;
  try {
    return ((JSON.parse(policy) as { Statement?: PolicyStatement[] }).Statement ?? []).some((s) => s.Sid === PERMISSION_SID);
  } catch {
    return false;
  }
}

export class ScheduleRules implements SchedulePort {
  private readonly events: EventBridgeClient;
  private readonly lambda: LambdaClient;

  constructor(clients: AwsClients) {
    this.events = clients.eventbridge();
    this.lambda = clients.lambda();
  }

  async getState(schedule: ScheduleSpec, functionName: string, aliasArn: string): Promise<LiveSchedule> {
    const described = await callOrNull('eventbridge', 'DescribeRule', () =>
      this.events.send(new DescribeRuleCommand({ Name: schedule.ruleName })),
    );
    if (!described) return { rule: null, targetsAlias: false, permitted: false };
    const listed = described.Arn
      ? await call('eventbridge', 'ListTagsForResource', () =>
          this.events.send(new ListTagsForResourceCommand({ ResourceARN: described.Arn })),
        )
      : undefined;
    const tags = Object.fromEntries((listed?.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    const rule = {
      arn: described.Arn ?? '',
      enabled: described.State === 'ENABLED',
      ...(described.ScheduleExpression ? { expression: described.ScheduleExpression } : {}),
      ...(Object.keys(tags).length ? { tags } : {}),
    };
    // Another team's rule: its targets and our permission are none of our business.
    if (!rule.tags) return { rule, targetsAlias: false, permitted: false };
    const targets = await call('eventbridge', 'ListTargetsByRule', () =>
      this.events.send(new ListTargetsByRuleCommand({ Rule: schedule.ruleName })),
    );
    const targetsAlias = (targets.Targets ?? []).some((target) => target.Arn === aliasArn);
    return { rule, targetsAlias, permitted: policyAllows(await this.policy(functionName), rule.arn) };
  }

  async apply(schedule: ScheduleSpec, functionName: string, aliasArn: string, steps: ScheduleStep[]): Promise<void> {
    let ruleArn: string | undefined;
    for (const step of steps) {
      if (step.op === 'put-rule') {
        const out = await call('eventbridge', 'PutRule', () =>
          this.events.send(
            new PutRuleCommand({
              Name: schedule.ruleName,
              ScheduleExpression: schedule.expression,
              State: schedule.enabled ? 'ENABLED' : 'DISABLED',
              Description: `streamalert: runs ${functionName}:${ALIAS} on ${schedule.expression}`,
              ...(step.tags ? { Tags: Object.entries(step.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
            }),
          ),
        );
        ruleArn = out.RuleArn;
      } else if (step.op === 'tag-rule') {
        ruleArn ??= (
          await call('eventbridge', 'DescribeRule', () => this.events.send(new DescribeRuleCommand({ Name: schedule.ruleName })))
        ).Arn;
        const ResourceARN = ruleArn;
        await call('eventbridge', 'TagResource', () =>
          this.events.send(
            new TagResourceCommand({ ResourceARN, Tags: Object.entries(step.tags).map(([Key, Value]) => ({ Key, Value })) }),
          ),
        );
      } else if (step.op === 'put-targets') {
        const out = await call('eventbridge', 'PutTargets', () =>
          this.events.send(new PutTargetsCommand({ Rule: schedule.ruleName, Targets: [{ Id: functionName.slice(0, 64), Arn: aliasArn }] })),
        );
        if (out.FailedEntryCount) {
          const failed = out.FailedEntries?.[0];
          throw awsError('eventbridge', 'PutTargets', {
            name: failed?.ErrorCode ?? 'FailedEntry',
            message: failed?.ErrorMessage ?? 'target not added',
          });
        }
      } else {
        ruleArn ??= (
          await callOrNull('eventbridge', 'DescribeRule', () => this.events.send(new DescribeRuleCommand({ Name: schedule.ruleName })))
        )?.Arn;
        if (!ruleArn)
          throw awsError('eventbridge', 'DescribeRule', {
            name: 'ResourceNotFoundException',
            message: `rule ${schedule.ruleName} not found`,
          });
        await this.permit(functionName, ruleArn);
      }
    }
  }

  /** The alias's resource policy, undefined when it has none. */
  private async policy(functionName: string): Promise<string | undefined> {
    return (
      await callOrNull('lambda', 'GetPolicy', () =>
        this.lambda.send(new GetPolicyCommand({ FunctionName: functionName, Qualifier: ALIAS })),
      )
    )?.Policy;
  }

  private async permit(functionName: string, ruleArn: string): Promise<void> {
    // A statement with our id but another rule (renamed function) is replaced.
    if (hasSid(await this.policy(functionName))) {
      await call('lambda', 'RemovePermission', () =>
        this.lambda.send(new RemovePermissionCommand({ FunctionName: functionName, Qualifier: ALIAS, StatementId: PERMISSION_SID })),
      );
    }
    await call('lambda', 'AddPermission', () =>
      this.lambda.send(
        new AddPermissionCommand({
          FunctionName: functionName,
          Qualifier: ALIAS,
          StatementId: PERMISSION_SID,
          Action: 'lambda:InvokeFunction',
          Principal: 'events.amazonaws.com',
          SourceArn: ruleArn,
        }),
      ),
    );
  }
}
