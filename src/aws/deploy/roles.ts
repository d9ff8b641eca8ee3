/**
 * IAM: the athena function's execution role when `role_arn` is not set — `<function_name>_role`,
 * trusted by lambda.amazonaws.com, with one inline policy that is `streamalert athena iam-policy`,
 * tagged ours. Reading it lists everything else on it too (inline and attached policies, the
 * permissions boundary, tags): the plan decides whether it is ours and still only what we made.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { ManagedRoleSpec } from '../../core/deploy/athena-spec.js';
import type { RolePort } from '../../core/deploy/ports.js';
import type { LiveRole, RoleStep } from '../../core/deploy/resource-plans.js';
import type { AwsClients } from '../sdk/clients.js';
import { call, callOrNull } from '../sdk/errors.js';

const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

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
    const { iam, GetRoleCommand, GetRolePolicyCommand, paginateListRolePolicies, paginateListAttachedRolePolicies, paginateListRoleTags } =
      await this.sdk();
    const role = (await callOrNull('iam', 'GetRole', () => iam.send(new GetRoleCommand({ RoleName: name }))))?.Role;
    if (!role) return null;
    const inline = await callOrNull('iam', 'GetRolePolicy', () =>
      iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName })),
    );
    const policy = inline ? parseDocument(inline.PolicyDocument) : undefined;
    // Everything else on the role: a role of ours carries exactly one inline policy and nothing more.
    const inlinePolicies = await call('iam', 'ListRolePolicies', async () => {
      const names: string[] = [];
      for await (const page of paginateListRolePolicies({ client: iam }, { RoleName: name })) names.push(...(page.PolicyNames ?? []));
      return names;
    });
    const attachedPolicies = await call('iam', 'ListAttachedRolePolicies', async () => {
      const arns: string[] = [];
      for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName: name }))
        arns.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? p.PolicyName ?? ''));
      return arns;
    });
    const tags = await call('iam', 'ListRoleTags', async () => {
      const found: Record<string, string> = {};
      for await (const page of paginateListRoleTags({ client: iam }, { RoleName: name }))
        for (const t of page.Tags ?? []) found[t.Key ?? ''] = t.Value ?? '';
      return found;
    });
    const boundary = role.PermissionsBoundary?.PermissionsBoundaryArn;
    return {
      arn: role.Arn ?? '',
      trustPolicy: parseDocument(role.AssumeRolePolicyDocument),
      ...(policy !== undefined ? { policy } : {}),
      ...(Object.keys(tags).length ? { tags } : {}),
      inlinePolicies,
      attachedPolicies,
      ...(boundary ? { permissionsBoundary: boundary } : {}),
    };
  }

  async apply(spec: ManagedRoleSpec, steps: RoleStep[]): Promise<void> {
    const sdk = await this.sdk();
    const { iam } = sdk;
    const RoleName = spec.name;
    for (const step of steps) {
      switch (step.op) {
        case 'create-role':
          await call('iam', 'CreateRole', () =>
            iam.send(
              new sdk.CreateRoleCommand({
                RoleName,
                AssumeRolePolicyDocument: JSON.stringify(spec.trustPolicy),
                Description: `streamalert: execution role of ${spec.name.replace(/_role$/, '')}, managed by streamalert deploy`,
                Tags: tagList(step.tags),
              }),
            ),
          );
          break;
        case 'update-trust-policy':
          await call('iam', 'UpdateAssumeRolePolicy', () =>
            iam.send(new sdk.UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: JSON.stringify(spec.trustPolicy) })),
          );
          break;
        case 'put-role-policy':
          await call('iam', 'PutRolePolicy', () =>
            iam.send(new sdk.PutRolePolicyCommand({ RoleName, PolicyName: spec.policyName, PolicyDocument: JSON.stringify(spec.policy) })),
          );
          break;
        case 'tag-role':
          await call('iam', 'TagRole', () => iam.send(new sdk.TagRoleCommand({ RoleName, Tags: tagList(step.tags) })));
          break;
        case 'delete-role-policy':
          await call('iam', 'DeleteRolePolicy', () => iam.send(new sdk.DeleteRolePolicyCommand({ RoleName, PolicyName: step.name })));
          break;
        case 'detach-role-policy':
          await call('iam', 'DetachRolePolicy', () => iam.send(new sdk.DetachRolePolicyCommand({ RoleName, PolicyArn: step.arn })));
          break;
        case 'delete-permissions-boundary':
          await call('iam', 'DeleteRolePermissionsBoundary', () => iam.send(new sdk.DeleteRolePermissionsBoundaryCommand({ RoleName })));
          break;
      }
    }
  }

  /** The SDK package is loaded on first use (see AwsClients.iam). */
  private async sdk(): Promise<{ iam: IAMClient } & typeof import('@aws-sdk/client-iam')> {
    return { ...(await import('@aws-sdk/client-iam')), iam: await this.clients.iam() };
  }
}
