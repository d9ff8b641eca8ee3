/**
 * IAM: the athena function's execution role when `role_arn` is not set — `<function_name>_role`,
 * trusted by lambda.amazonaws.com, with one inline policy that is `streamalert athena iam-policy`.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { ManagedRoleSpec } from '../core/deploy/athena-spec.js';
import type { RolePort } from '../core/deploy/ports.js';
import type { LiveRole, RoleStep } from '../core/deploy/resource-plans.js';
import type { AwsClients } from './clients.js';
import { call, callOrNull } from './errors.js';

/** IAM returns policy documents URL-encoded. */
function parseDocument(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(decodeURIComponent(text));
  } catch {
    return text;
  }
}

export class IamRoles implements RolePort {
  constructor(private readonly clients: AwsClients) {}

  async get(name: string, policyName: string): Promise<LiveRole | null> {
    const { iam, GetRoleCommand, GetRolePolicyCommand } = await this.sdk();
    const role = (await callOrNull('iam', 'GetRole', () => iam.send(new GetRoleCommand({ RoleName: name }))))?.Role;
    if (!role) return null;
    const inline = await callOrNull('iam', 'GetRolePolicy', () => iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName })));
    const policy = inline ? parseDocument(inline.PolicyDocument) : undefined;
    return { arn: role.Arn ?? '', trustPolicy: parseDocument(role.AssumeRolePolicyDocument), ...(policy !== undefined ? { policy } : {}) };
  }

  async apply(spec: ManagedRoleSpec, steps: RoleStep[]): Promise<void> {
    const { iam, CreateRoleCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } = await this.sdk();
    for (const step of steps) {
      if (step.op === 'create-role') {
        await call('iam', 'CreateRole', () =>
          iam.send(
            new CreateRoleCommand({
              RoleName: spec.name,
              AssumeRolePolicyDocument: JSON.stringify(spec.trustPolicy),
              Description: `streamalert: execution role of ${spec.name.replace(/_role$/, '')}, managed by streamalert deploy`,
            }),
          ),
        );
      } else if (step.op === 'update-trust-policy') {
        await call('iam', 'UpdateAssumeRolePolicy', () => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: spec.name, PolicyDocument: JSON.stringify(spec.trustPolicy) })));
      } else {
        await call('iam', 'PutRolePolicy', () =>
          iam.send(new PutRolePolicyCommand({ RoleName: spec.name, PolicyName: spec.policyName, PolicyDocument: JSON.stringify(spec.policy) })),
        );
      }
    }
  }

  /** The SDK package is loaded on first use (see AwsClients.iam). */
  private async sdk(): Promise<{ iam: IAMClient } & typeof import('@aws-sdk/client-iam')> {
    return { ...(await import('@aws-sdk/client-iam')), iam: await this.clients.iam() };
  }
}
