/**
 * The IAM policy of whoever runs `streamalert rollback` (`athena iam-policy --for rollback`), pure,
 * from the configuration alone. What rollback calls (src/aws/deploy/functions.ts), on the
 * configured functions only: GetFunction (the function and its tags: only ours moves), GetAlias and
 * GetFunctionConfiguration of the alias's version, ListVersionsByFunction, UpdateAlias. STS
 * GetCallerIdentity (the account check) needs no permission. Less than deploy's: a rollback cannot
 * upload code, change settings or touch a role.
 */
import type { Config } from '../config/load.js';
import { functionNames } from './deploy-policy.js';
import { arnMaker, type PolicyDocument } from './policy.js';

export function buildRollbackPolicy(config: Pick<Config, 'account' | 'athena' | 'lambda'>): PolicyDocument {
  const arn = arnMaker(config);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'MoveProductionAlias',
        Effect: 'Allow',
        Action: [
          'lambda:GetAlias',
          'lambda:GetFunction',
          'lambda:GetFunctionConfiguration',
          'lambda:ListVersionsByFunction',
          'lambda:UpdateAlias',
        ],
        Resource: functionNames(config).flatMap((n) => [arn('lambda', `function:${n}`), arn('lambda', `function:${n}:*`)]),
      },
    ],
  };
}
