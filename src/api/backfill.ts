/**
 * The library's one-call backfill, like refresh():
 *   const report = await backfill({ configDir: 'conf', since: '2026-11-01', dryRun: true });
 */
import { StsAccount } from '../aws/account/account.js';
import { backfillPorts } from '../aws/backfill/backfill-ports.js';
import { checkAccount } from '../core/account/account.js';
import type { BackfillResult } from '../core/backfill/report.js';
import { runBackfill, type BackfillOptions } from '../core/backfill/run.js';
import { AwsClients } from '../aws/sdk/clients.js';
import { configOf, withClients, type LibraryOptions } from './options.js';

export interface BackfillCallOptions extends BackfillOptions, LibraryOptions {}

export async function backfill(options: BackfillCallOptions = {}): Promise<BackfillResult> {
  const config = await configOf(options);
  return withClients(options, config, AwsClients, (clients) =>
    runBackfill(
      config.athena,
      // Before the first call: another account's catalog is not ours to register in (dry run too).
      { ...backfillPorts(config.athena, clients), account: () => checkAccount(new StsAccount(clients.sts), config) },
      options,
    ),
  );
}
