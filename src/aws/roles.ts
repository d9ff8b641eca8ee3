/**
 * IAM: the athena function's execution role when `role_arn` is not set — `<function_name>_role`,
 * trusted by lambda.amazonaws.com, with one inline policy that is `streamalert athena iam-policy`.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { ManagedRoleSpec } from '../core/deploy/athena-spec.js';
import type { RolePort } from '../core/deploy/ports.js';
import type { LiveRole, RoleStep } from '../core/deploy/resource-plans.js';
import type { AwsClients } from './clients.js';
import { awsError, call } from './errors.js';

function isNoSuchEntity(err: unknown): boolean {
  return (err as { name?: string })?.name === 'NoSuchEntityException' || (err as { name?: string })?.name === 'NoSuchEntity';
}

/** IAM returns policy documents URL-encoded. */
function parseDocument(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(decodeURIComponent(text));
  } catch {
    return text;
  }
}

export function iamRoles(clients: AwsClients): RolePort {
  // The SDK package is loaded on first use (see AwsClients.iam).
  const sdk = async (): Promise<{ iam: IAMClient } & typeof import('@aws-sdk/client-iam')> => ({ ...(await import('@aws-sdk/client-iam')), iam: await clients.iam() });
  return {
    async get(name: string, policyName: string): Promise<LiveRole | null> {
      const { iam, GetRoleCommand, GetRolePolicyCommand } = await sdk();
      let role;
      try {
        role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
      } catch (err) {
        if (isNoSuchEntity(err)) return null;
        throw awsError('iam', 'GetRole', err);
      }
      if (!role) return null;
      let policy: unknown;
      try {
        policy = parseDocument((await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }))).PolicyDocument);
      } catch (err) {
        if (!isNoSuchEntity(err)) throw awsError('iam', 'GetRolePolicy', err);
      }
      return { arn: role.Arn ?? '', trustPolicy: parseDocument(role.AssumeRolePolicyDocument), ...(policy !== undefined ? { policy } : {}) };
    },

    async apply(spec: ManagedRoleSpec, steps: RoleStep[]): Promise<void> {
      const { iam, CreateRoleCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } = await sdk();
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
    },
  };
}
