/** `streamalert athena iam-policy`: the action; its options are defined in commands/athena-iam-policy/command.ts. */
import type { Command } from 'commander';
import type { Config } from '../../../core/config/load.js';
import { loadTableSchemas } from '../../../core/config/table-schemas.js';
import { UsageError } from '../../../core/kernel/errors.js';
import { buildIamPolicy, type PolicyDocument } from '../../../core/iam/policy.js';
import { buildDeployPolicy } from '../../../core/iam/deploy-policy.js';
import { buildBackfillPolicy, buildRedrivePolicy } from '../../../core/iam/recovery-policies.js';
import { buildInitIamPolicy } from '../../../core/iam/init-policy.js';
import { buildMonitorPolicy } from '../../../core/iam/monitor-policy.js';
import { buildRollbackPolicy } from '../../../core/iam/rollback-policy.js';
import { initTarget } from '../../../core/init/plan.js';
import { projectedTablesNote } from '../../../core/partitions/layout/projection.js';
import { CommandContext } from '../../context.js';
import { printDocument } from '../../output.js';

const BUILDERS: Record<string, (config: Config) => PolicyDocument> = {
  refresh: buildIamPolicy,
  init: (config) => buildInitIamPolicy(config, initTarget(config, loadTableSchemas(config.dir))),
  backfill: buildBackfillPolicy,
  redrive: buildRedrivePolicy,
  deploy: buildDeployPolicy,
  rollback: buildRollbackPolicy,
  monitor: buildMonitorPolicy,
};

/** Runs the command (loaded only when it runs). */
export async function action(flags: { for: string }, command: Command): Promise<void> {
  const ctx = await CommandContext.create(command);
  try {
    if (!Object.hasOwn(BUILDERS, flags.for))
      throw new UsageError(`--for must be refresh, init, backfill, redrive, deploy, rollback or monitor, not "${flags.for}"`);
    // Built from conf/ and --region alone: no AWS call is made. An IAM policy document, printed
    // as IAM takes it (no schema_version: IAM refuses unknown keys).
    printDocument(BUILDERS[flags.for]!(ctx.config));
    // On stderr: stdout stays the document IAM takes.
    const projected = flags.for === 'refresh' || flags.for === 'backfill' ? projectedTablesNote(ctx.config.athena.layouts) : undefined;
    if (projected) process.stderr.write(`streamalert: ${projected}\n`);
  } finally {
    ctx.close();
  }
}
