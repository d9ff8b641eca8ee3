/**
 * The IAM policy of whoever runs `streamalert deploy` (`athena iam-policy --for deploy`), pure,
 * from the configuration alone. What deploy calls (src/aws/deploy/functions.ts, event-sources.ts,
 * roles.ts, schedule-rule.ts, log-groups.ts, alarms.ts), on the configured functions:
 *   Lambda       the function, its versions and alias, its resource policy (the schedule's
 *                permission), tags; event-source mappings (List/Create take no resource ARN)
 *   IAM          the role deploy manages (`<function_name>_role`) and PassRole of each function's role
 *   EventBridge  the schedule rule `<function_name>` and its targets
 *   Logs         the log group /aws/lambda/<function_name> and its retention
 *   CloudWatch   the alarms `<function_name>-*`: PutMetricAlarm, DeleteAlarms, DescribeAlarms,
 *                ListTagsForResource, TagResource
 *   SQS          the notification queue's URL and attributes (the trigger's checks)
 * STS GetCallerIdentity (the account check) needs no permission.
 */
import type { Config } from '../config/load.js';
import { defaultFunctionName, FUNCTION_KEYS, SECTIONS } from '../deploy/functions.js';
import { managedRoleName } from '../deploy/athena-spec.js';
import { arnMaker, arnPartition, literal, type PolicyDocument, type PolicyStatement } from './policy.js';

/** The configured functions' names (athena always; rule and alert when their sections exist). */
export function functionNames(config: Pick<Config, 'account' | 'athena' | 'lambda'>): string[] {
  return FUNCTION_KEYS.flatMap((key) => {
    if (key === 'athena') return [literal(config.athena.function_name, `${SECTIONS.athena}.function_name`)];
    const section = config.lambda[SECTIONS[key]];
    return section
      ? [literal(section.function_name ?? defaultFunctionName(config.account.prefix, key), `${SECTIONS[key]}.function_name`)]
      : [];
  });
}

export function buildDeployPolicy(config: Pick<Config, 'account' | 'athena' | 'lambda'>): PolicyDocument {
  const arn = arnMaker(config);
  const names = functionNames(config);
  const athena = config.athena.function_name;
  const iam = (resource: string) =>
    `arn:${arnPartition(config.account.region)}:iam::${literal(config.account.aws_account_id, 'account.aws_account_id')}:${resource}`;
  const roles = [
    ...(config.athena.role_arn ? [] : [iam(`role/${managedRoleName(athena)}`)]),
    ...FUNCTION_KEYS.map((key) => config.lambda[SECTIONS[key]]?.role_arn)
      .filter((r): r is string => Boolean(r))
      .map((r) => literal(r, 'role_arn')),
  ];
  const statements: PolicyStatement[] = [
    {
      Sid: 'DeployFunctions',
      Effect: 'Allow',
      Action: [
        'lambda:AddPermission',
        'lambda:CreateAlias',
        'lambda:CreateFunction',
        'lambda:GetAlias',
        'lambda:GetFunction',
        'lambda:GetFunctionConfiguration',
        'lambda:GetPolicy',
        'lambda:ListTags',
        'lambda:ListVersionsByFunction',
        'lambda:PublishVersion',
        'lambda:RemovePermission',
        'lambda:TagResource',
        'lambda:UpdateAlias',
        'lambda:UpdateFunctionCode',
        'lambda:UpdateFunctionConfiguration',
      ],
      Resource: names.flatMap((n) => [arn('lambda', `function:${n}`), arn('lambda', `function:${n}:*`)]),
    },
    // ListEventSourceMappings and CreateEventSourceMapping authorise on no resource ARN.
    {
      Sid: 'EventSourceMappings',
      Effect: 'Allow',
      Action: ['lambda:CreateEventSourceMapping', 'lambda:ListEventSourceMappings'],
      Resource: ['*'],
    },
    {
      Sid: 'UpdateEventSourceMappings',
      Effect: 'Allow',
      Action: ['lambda:ListTags', 'lambda:TagResource', 'lambda:UpdateEventSourceMapping'],
      Resource: [arn('lambda', 'event-source-mapping:*')],
    },
    {
      Sid: 'TriggerQueue',
      Effect: 'Allow',
      Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      Resource: [arn('sqs', literal(config.athena.queue_name, 'queue_name'))],
    },
    {
      Sid: 'ScheduleRule',
      Effect: 'Allow',
      Action: [
        'events:DescribeRule',
        'events:ListTagsForResource',
        'events:ListTargetsByRule',
        'events:PutRule',
        'events:PutTargets',
        'events:TagResource',
      ],
      Resource: [arn('events', `rule/${athena}`)],
    },
    { Sid: 'FindLogGroups', Effect: 'Allow', Action: ['logs:DescribeLogGroups'], Resource: [arn('logs', 'log-group:*')] },
    {
      Sid: 'FunctionLogGroups',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:ListTagsForResource', 'logs:PutRetentionPolicy', 'logs:TagLogGroup', 'logs:TagResource'],
      Resource: names.map((n) => arn('logs', `log-group:/aws/lambda/${n}`)),
    },
    {
      Sid: 'FunctionAlarms',
      Effect: 'Allow',
      Action: [
        'cloudwatch:DeleteAlarms',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:ListTagsForResource',
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:TagResource',
      ],
      Resource: [arn('cloudwatch', `alarm:${athena}-*`)],
    },
  ];
  if (!config.athena.role_arn) {
    statements.push({
      Sid: 'ManagedRole',
      Effect: 'Allow',
      // The List* calls show a role widened by hand; the Delete*/Detach* ones are --force-role's.
      Action: [
        'iam:CreateRole',
        'iam:DeleteRolePermissionsBoundary',
        'iam:DeleteRolePolicy',
        'iam:DetachRolePolicy',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListRolePolicies',
        'iam:ListRoleTags',
        'iam:PutRolePolicy',
        'iam:TagRole',
        'iam:UpdateAssumeRolePolicy',
      ],
      Resource: [iam(`role/${managedRoleName(athena)}`)],
    });
  }
  if (roles.length) statements.push({ Sid: 'PassFunctionRoles', Effect: 'Allow', Action: ['iam:PassRole'], Resource: [...new Set(roles)] });
  return { Version: '2012-10-17', Statement: statements };
}
