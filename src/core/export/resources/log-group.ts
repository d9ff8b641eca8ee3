/** Each function's log group, /aws/lambda/<name>, with its retention. */
import type { ResourceMapper, TfResource } from '../types.js';

export const logGroup: ResourceMapper = ({ functions, tags }): TfResource[] =>
  functions.map(({ planned }) => ({
    type: 'aws_cloudwatch_log_group',
    name: planned.spec.key,
    kind: 'log_group',
    body: { name: planned.spec.logGroup.name, retention_in_days: planned.spec.logGroup.retentionDays, tags },
    ...(planned.logGroup.live ? { importId: planned.spec.logGroup.name } : {}),
  }));
