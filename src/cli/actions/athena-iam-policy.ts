/** `streamalert athena iam-policy`: the least-privilege IAM policy for the configured refresh. */
import type { Command } from 'commander';
import { buildIamPolicy } from '../../core/iam-policy.js';
import { CommandContext } from '../context.js';
import { printDocument } from '../output.js';

/** Runs `athena iam-policy`. */
export async function action(_flags: unknown, command: Command): Promise<void> {
  const ctx = new CommandContext(command);
  try {
    // Built from conf/ and --region alone: no AWS call is made. An IAM policy document, printed
    // as IAM takes it (no schema_version: IAM refuses unknown keys).
    printDocument(buildIamPolicy(ctx.config));
  } finally {
    ctx.close();
  }
}
