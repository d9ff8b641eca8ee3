/** The execution role deploy manages when role_arn is not set, with its inline policy: exactly `athena iam-policy`. */
import { ref, type ResourceMapper, type TfResource } from '../types.js';

export const role: ResourceMapper = ({ functions, tags }): TfResource[] =>
  functions.flatMap(({ planned }) => {
    if (!planned.role) return [];
    const { spec, live } = planned.role;
    const key = planned.spec.key;
    return [
      {
        type: 'aws_iam_role',
        name: key,
        kind: 'role',
        body: {
          name: spec.name,
          assume_role_policy: JSON.stringify(spec.trustPolicy),
          description: `streamalert: execution role of ${planned.spec.name}, managed by streamalert deploy`,
          tags,
        },
        ...(live ? { importId: spec.name } : {}),
      },
      {
        type: 'aws_iam_role_policy',
        name: key,
        kind: 'role_policy',
        body: { name: spec.policyName, role: ref('aws_iam_role', key, 'name'), policy: JSON.stringify(spec.policy) },
        ...(live?.policy !== undefined ? { importId: `${spec.name}:${spec.policyName}` } : {}),
      },
    ];
  });
