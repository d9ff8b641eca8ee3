/**
 * The athena function's schedule: an EventBridge rule with the schedule expression, targeting the
 * function's `production` alias, and the Lambda permission that lets the rule invoke the alias.
 */
import { DescribeRuleCommand, ListTargetsByRuleCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { AddPermissionCommand, GetPolicyCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { ALIAS, type ScheduleSpec } from '../core/deploy/functions.js';
import type { LiveSchedule, ScheduleStep } from '../core/deploy/schedule-plan.js';
import type { SchedulePort } from '../core/deploy/ports.js';
import type { AwsClients } from './clients.js';
import { awsError, call } from './errors.js';

/** The statement id of the permission deploy adds to the alias's resource policy. */
export const PERMISSION_SID = 'streamalert-schedule';

function isNotFound(err: unknown): boolean {
  return (err as { name?: string })?.name === 'ResourceNotFoundException';
}

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
  return statements.some((s) => {
    if (s.Sid !== PERMISSION_SID) return false;
    const service = typeof s.Principal === 'string' ? s.Principal : s.Principal?.Service;
    const source = s.Condition?.ArnLike?.['AWS:SourceArn'];
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

export function scheduleRules(clients: AwsClients): SchedulePort {
  const events = clients.eventbridge();
  const lambda = clients.lambda();

  const policy = async (functionName: string): Promise<string | undefined> => {
    try {
      return (await lambda.send(new GetPolicyCommand({ FunctionName: functionName, Qualifier: ALIAS }))).Policy;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw awsError('lambda', 'GetPolicy', err);
    }
  };

  const ruleArn = async (name: string): Promise<string | undefined> => {
    try {
      return (await events.send(new DescribeRuleCommand({ Name: name }))).Arn;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw awsError('eventbridge', 'DescribeRule', err);
    }
  };

  return {
    async getState(schedule: ScheduleSpec, functionName: string, aliasArn: string): Promise<LiveSchedule> {
      let rule: LiveSchedule['rule'] = null;
      try {
        const r = await events.send(new DescribeRuleCommand({ Name: schedule.ruleName }));
        rule = { arn: r.Arn ?? '', enabled: r.State === 'ENABLED', ...(r.ScheduleExpression ? { expression: r.ScheduleExpression } : {}) };
      } catch (err) {
        if (!isNotFound(err)) throw awsError('eventbridge', 'DescribeRule', err);
      }
      if (!rule) return { rule: null, targetsAlias: false, permitted: false };
      const targets = await call('eventbridge', 'ListTargetsByRule', () => events.send(new ListTargetsByRuleCommand({ Rule: schedule.ruleName })));
      const targetsAlias = (targets.Targets ?? []).some((t) => t.Arn === aliasArn);
      return { rule, targetsAlias, permitted: policyAllows(await policy(functionName), rule.arn) };
    },

    async apply(schedule: ScheduleSpec, functionName: string, aliasArn: string, steps: ScheduleStep[]): Promise<void> {
      let arn: string | undefined;
      for (const step of steps) {
        if (step.op === 'put-rule') {
          const out = await call('eventbridge', 'PutRule', () =>
            events.send(
              new PutRuleCommand({
                Name: schedule.ruleName,
                ScheduleExpression: schedule.expression,
                State: schedule.enabled ? 'ENABLED' : 'DISABLED',
                Description: `streamalert: runs ${functionName}:${ALIAS} on ${schedule.expression}`,
              }),
            ),
          );
          arn = out.RuleArn;
        } else if (step.op === 'put-targets') {
          const out = await call('eventbridge', 'PutTargets', () =>
            events.send(new PutTargetsCommand({ Rule: schedule.ruleName, Targets: [{ Id: functionName.slice(0, 64), Arn: aliasArn }] })),
          );
          if (out.FailedEntryCount) {
            const e = out.FailedEntries?.[0];
            throw awsError('eventbridge', 'PutTargets', { name: e?.ErrorCode ?? 'FailedEntry', message: e?.ErrorMessage ?? 'target not added' });
          }
        } else {
          arn ??= await ruleArn(schedule.ruleName);
          if (!arn) throw awsError('eventbridge', 'DescribeRule', { name: 'ResourceNotFoundException', message: `rule ${schedule.ruleName} not found` });
          const ruleArnValue = arn;
          // A statement with our id but another rule (renamed function) is replaced.
          if (hasSid(await policy(functionName))) {
            await call('lambda', 'RemovePermission', () => lambda.send(new RemovePermissionCommand({ FunctionName: functionName, Qualifier: ALIAS, StatementId: PERMISSION_SID })));
          }
          await call('lambda', 'AddPermission', () =>
            lambda.send(
              new AddPermissionCommand({
                FunctionName: functionName,
                Qualifier: ALIAS,
                StatementId: PERMISSION_SID,
                Action: 'lambda:InvokeFunction',
                Principal: 'events.amazonaws.com',
                SourceArn: ruleArnValue,
              }),
            ),
          );
        }
      }
    },
  };
}
