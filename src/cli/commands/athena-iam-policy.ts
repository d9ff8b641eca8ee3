/** `streamalert athena iam-policy`: the least-privilege IAM policy for the configured refresh; the action is in actions/athena-iam-policy.ts. */
import type { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';

const load = () => import('../actions/athena-iam-policy.js');

export function registerAthenaIamPolicy(athena: Command): void {
  athena
    .command('iam-policy')
    .description('print the least-privilege IAM policy (JSON) the refresh function needs for the configured strategy, queue, database, tables and buckets')
    .action(lazyAction(load));
}
