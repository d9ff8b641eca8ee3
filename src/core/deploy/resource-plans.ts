/**
 * Plans for what deploy keeps beside the function: the execution role it manages (trust policy
 * and inline policy) and the function's log group with its retention. Pure, like plan.ts: the
 * live state goes in, the steps come out, and nothing is called when nothing differs.
 */
import type { ManagedRoleSpec } from './athena-spec.js';

export type ResourceAction = 'create' | 'update' | 'unchanged';

// ---------------------------------------------------------------------------------------------
// The role

export interface LiveRole {
  arn: string;
  /** The trust policy, parsed (IAM returns it URL-encoded). */
  trustPolicy?: unknown;
  /** The inline policy named `policyName`, parsed; undefined when the role has none by that name. */
  policy?: unknown;
}

export type RoleStep = { op: 'create-role' } | { op: 'update-trust-policy' } | { op: 'put-role-policy'; created: boolean };

export interface RolePlan {
  action: ResourceAction;
  steps: RoleStep[];
}

export function planRole(spec: ManagedRoleSpec, live: LiveRole | null): RolePlan {
  if (!live) return { action: 'create', steps: [{ op: 'create-role' }, { op: 'put-role-policy', created: true }] };
  const steps: RoleStep[] = [];
  if (!samePolicy(live.trustPolicy, spec.trustPolicy)) steps.push({ op: 'update-trust-policy' });
  if (!samePolicy(live.policy, spec.policy)) steps.push({ op: 'put-role-policy', created: live.policy === undefined });
  return { action: steps.length ? 'update' : 'unchanged', steps };
}

export function describeRoleStep(step: RoleStep, spec: ManagedRoleSpec): string {
  switch (step.op) {
    case 'create-role':
      return `create role ${spec.name} (trusting lambda.amazonaws.com)`;
    case 'update-trust-policy':
      return `update the trust policy of role ${spec.name}: lambda.amazonaws.com may assume it`;
    case 'put-role-policy':
      return `${step.created ? 'add' : 'update'} inline policy ${spec.policyName} on role ${spec.name} (what \`streamalert athena iam-policy\` prints: ${spec.policy.Statement.map((s) => s.Sid).join(', ')})`;
  }
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
  if (Array.isArray(value)) return value.map((v) => canonical(v)).map((v) => JSON.stringify(v)).sort();
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
}

/** Creating the group also sets its retention (CreateLogGroup, then PutRetentionPolicy). */
export type LogGroupStep = { op: 'create-log-group'; retentionDays: number } | { op: 'put-retention'; from?: number; to: number };

export interface LogGroupPlan {
  action: ResourceAction;
  steps: LogGroupStep[];
}

export function planLogGroup(retentionDays: number, live: LiveLogGroup | null): LogGroupPlan {
  if (!live) return { action: 'create', steps: [{ op: 'create-log-group', retentionDays }] };
  if (live.retentionDays === retentionDays) return { action: 'unchanged', steps: [] };
  return { action: 'update', steps: [{ op: 'put-retention', ...(live.retentionDays !== undefined ? { from: live.retentionDays } : {}), to: retentionDays }] };
}

export function describeLogGroupStep(step: LogGroupStep, name: string): string {
  if (step.op === 'create-log-group') return `create log group ${name}, keeping logs ${step.retentionDays} days`;
  return `set the retention of ${name} to ${step.to} days${step.from === undefined ? ' (it keeps logs forever now)' : ` (now ${step.from})`}`;
}
