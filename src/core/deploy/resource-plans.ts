/**
 * Plans for what deploy keeps beside the function: the execution role it manages (trust policy
 * and inline policy) and the function's log group with its retention. Pure, like plan.ts: the
 * live state goes in, the steps come out, and nothing is called when nothing differs.
 */
import { isOurs, MANAGED_TAG, missingTags, notOursReason, PREFIX_TAG } from '../account/ownership.js';
import { printable, quote } from '../kernel/quote.js';
import type { ManagedRoleSpec } from './athena-spec.js';

/** `blocked`: the resource exists and is not ours (or a role of ours was widened by hand); nothing is changed. */
export type ResourceAction = 'create' | 'update' | 'unchanged' | 'blocked';

// ---------------------------------------------------------------------------------------------
// The role

export interface LiveRole {
  arn: string;
  /** The trust policy, parsed (IAM returns it URL-encoded). */
  trustPolicy?: unknown;
  /** The inline policy named `policyName`, parsed; undefined when the role has none by that name. */
  policy?: unknown;
  /** The role's tags; ownership is decided by them (core/account/ownership.ts). */
  tags?: Record<string, string>;
  /** Every inline policy's name (ours included). */
  inlinePolicies?: string[];
  /** ARNs of the managed policies attached to it. */
  attachedPolicies?: string[];
  /** The permissions boundary's ARN, if any. */
  permissionsBoundary?: string;
}

export type RoleStep =
  | { op: 'create-role'; tags: Record<string, string> }
  | { op: 'update-trust-policy' }
  | { op: 'put-role-policy'; created: boolean }
  | { op: 'tag-role'; tags: Record<string, string> }
  | { op: 'delete-role-policy'; name: string }
  | { op: 'detach-role-policy'; arn: string }
  | { op: 'delete-permissions-boundary'; arn: string };

export interface RolePlan {
  action: ResourceAction;
  steps: RoleStep[];
  /** Why deploy must not touch the role (not ours, or widened by hand without --force-role). */
  blocker?: string;
}

/** What deploy may do with what it finds: the tags it puts on what it makes, and --force-role. */
export interface Ownership {
  /** ownershipTags(config): the user's tags and ours. */
  tags: Record<string, string>;
  /** Put back a role of ours that was widened by hand (remove what is not our one inline policy). */
  forceRole?: boolean;
}

/** The fix for a role that is not ours, and the option that restores one of ours. */
export const ROLE_FIX =
  'name another function (athena_partition_refresh_config.function_name), or set athena_partition_refresh_config.role_arn to its ARN to use it as it is (deploy never changes a role_arn role)';
export const FORCE_ROLE = '--force-role';

export function planRole(spec: ManagedRoleSpec, live: LiveRole | null, own: Ownership): RolePlan {
  if (!live)
    return {
      action: 'create',
      steps: [
        { op: 'create-role', tags: own.tags },
        { op: 'put-role-policy', created: true },
      ],
    };
  const prefix = own.tags[PREFIX_TAG] ?? '';
  if (!isOurs(live.tags, prefix))
    return { action: 'blocked', steps: [], blocker: `${notOursReason('role', spec.name, live.tags, prefix)}: ${ROLE_FIX}` };
  const steps: RoleStep[] = [];
  const extras = roleExtras(spec, live);
  if (extras.length && !own.forceRole) {
    return {
      action: 'blocked',
      steps: [],
      blocker:
        `role ${spec.name} is streamalert's, but someone widened it by hand: ${extras.map((e) => e.text).join('; ')}. Its only policy should be the inline ${spec.policyName}; ` +
        `remove the rest, or deploy with ${FORCE_ROLE} to remove them (or set role_arn to a role of your own)`,
    };
  }
  steps.push(...extras.map((e) => e.step));
  if (!samePolicy(live.trustPolicy, spec.trustPolicy)) steps.push({ op: 'update-trust-policy' });
  if (!samePolicy(live.policy, spec.policy)) steps.push({ op: 'put-role-policy', created: live.policy === undefined });
  const tags = missingTags(own.tags, live.tags);
  if (Object.keys(tags).length) steps.push({ op: 'tag-role', tags });
  return { action: steps.length ? 'update' : 'unchanged', steps };
}

/** What a role of ours has besides its one inline policy, each with the step that removes it. */
function roleExtras(spec: ManagedRoleSpec, live: LiveRole): { text: string; step: RoleStep }[] {
  return [
    ...(live.inlinePolicies ?? [])
      .filter((name) => name !== spec.policyName)
      .map((name) => ({ text: `inline policy ${quote(name)}`, step: { op: 'delete-role-policy', name } as const })),
    ...(live.attachedPolicies ?? []).map((arn) => ({
      text: `attached policy ${quote(arn)}`,
      step: { op: 'detach-role-policy', arn } as const,
    })),
    ...(live.permissionsBoundary
      ? [
          {
            text: `permissions boundary ${quote(live.permissionsBoundary)}`,
            step: { op: 'delete-permissions-boundary', arn: live.permissionsBoundary } as const,
          },
        ]
      : []),
  ];
}

export function describeRoleStep(step: RoleStep, spec: ManagedRoleSpec): string {
  switch (step.op) {
    case 'create-role':
      return `create role ${spec.name} (trusting lambda.amazonaws.com), tagged ${tagText(step.tags)}`;
    case 'update-trust-policy':
      return `update the trust policy of role ${spec.name}: lambda.amazonaws.com may assume it`;
    case 'put-role-policy':
      return `${step.created ? 'add' : 'update'} inline policy ${spec.policyName} on role ${spec.name} (what \`streamalert athena iam-policy\` prints: ${spec.policy.Statement.map((s) => s.Sid).join(', ')})`;
    case 'tag-role':
      return `tag role ${spec.name} ${tagText(step.tags)}`;
    case 'delete-role-policy':
      return `delete inline policy ${quote(step.name)} from role ${spec.name} (${FORCE_ROLE}: not streamalert's)`;
    case 'detach-role-policy':
      return `detach policy ${quote(step.arn)} from role ${spec.name} (${FORCE_ROLE}: not streamalert's)`;
    case 'delete-permissions-boundary':
      return `remove the permissions boundary ${quote(step.arn)} from role ${spec.name} (${FORCE_ROLE}: not streamalert's)`;
  }
}

/** `k=v, k2=v2`, values quoted only when they need it. */
export function tagText(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => `${printable(k)}=${printable(v)}`)
    .join(', ');
}

/** Keys whose value IAM treats the same as a string or a one-element list, in any order. */
const LIST_KEYS = new Set(['Action', 'NotAction', 'Resource', 'NotResource', 'Service', 'AWS', 'Federated']);

/**
 * Policy documents compared as IAM reads them: key order, list order and `"x"` versus `["x"]`
 * do not matter, so a document written by hand or by another tool is not rewritten needlessly.
 */
export function samePolicy(a: unknown, b: unknown): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown, key?: string): unknown {
  if (key && LIST_KEYS.has(key) && (typeof value === 'string' || Array.isArray(value))) {
    return [...new Set((Array.isArray(value) ? value : [value]).map(String))].sort();
  }
  if (Array.isArray(value))
    return value
      .map((v) => canonical(v))
      .map((v) => JSON.stringify(v))
      .sort();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k], k)]),
    );
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// The log group

export interface LiveLogGroup {
  /** Days kept; undefined means never expire (CloudWatch's default, and Lambda's when it creates the group). */
  retentionDays?: number;
  /** The group's tags (undefined: none). */
  tags?: Record<string, string>;
}

/** Creating the group also sets its retention (CreateLogGroup with our tags, then PutRetentionPolicy). */
export type LogGroupStep =
  | { op: 'create-log-group'; retentionDays: number; tags: Record<string, string> }
  | { op: 'put-retention'; from?: number; to: number }
  | { op: 'tag-log-group'; tags: Record<string, string> };

export interface LogGroupPlan {
  action: ResourceAction;
  steps: LogGroupStep[];
  blocker?: string;
}

/**
 * The log group is ours when tagged so, or when it is untagged and its function is ours: Lambda
 * creates `/aws/lambda/<name>` itself, untagged, the first time the function logs.
 */
export function planLogGroup(
  retentionDays: number,
  live: LiveLogGroup | null,
  own: Ownership,
  name = 'the log group',
  functionIsOurs = false,
): LogGroupPlan {
  if (!live) return { action: 'create', steps: [{ op: 'create-log-group', retentionDays, tags: own.tags }] };
  const prefix = own.tags[PREFIX_TAG] ?? '';
  const untagged = !live.tags || Object.keys(live.tags).length === 0;
  if (!isOurs(live.tags, prefix) && !(untagged && functionIsOurs)) {
    return {
      action: 'blocked',
      steps: [],
      blocker: `${notOursReason('log group', name, live.tags, prefix)}: name another function (function_name), or tag the group ${MANAGED_TAG}=true if it is this function's`,
    };
  }
  const steps: LogGroupStep[] = [];
  if (live.retentionDays !== retentionDays)
    steps.push({ op: 'put-retention', ...(live.retentionDays !== undefined ? { from: live.retentionDays } : {}), to: retentionDays });
  const tags = missingTags(own.tags, live.tags);
  if (Object.keys(tags).length) steps.push({ op: 'tag-log-group', tags });
  return { action: steps.length ? 'update' : 'unchanged', steps };
}

export function describeLogGroupStep(step: LogGroupStep, name: string): string {
  if (step.op === 'create-log-group') return `create log group ${name}, keeping logs ${step.retentionDays} days`;
  if (step.op === 'tag-log-group') return `tag log group ${name} ${tagText(step.tags)}`;
  return `set the retention of ${name} to ${step.to} days${step.from === undefined ? ' (it keeps logs forever now)' : ` (now ${step.from})`}`;
}
