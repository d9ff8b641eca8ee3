/**
 * The library's one-call backfill and redrive, like refresh():
 *   const report = await backfill({ configDir: 'conf', since: '2026-11-01', dryRun: true });
 *   const moved = await redrive({ configDir: 'conf', max: 100 });
 */
import { StsAccount } from '../aws/account/account.js';
import { backfillPorts } from '../aws/backfill/backfill-ports.js';
import { checkAccount } from '../core/account/account.js';
import { redriveQueues } from '../aws/redrive/dead-letter.js';
import { sqsClient } from '../aws/refresh/queue.js';
import type { BackfillResult } from '../core/backfill/report.js';
import { runBackfill, type BackfillOptions } from '../core/backfill/run.js';
import { runRedrive, type RedriveOptions, type RedriveResult } from '../core/redrive/redrive.js';
import { configOf, withClients, type LibraryOptions } from './options.js';

export interface BackfillCallOptions extends BackfillOptions, LibraryOptions {}
export interface RedriveCallOptions extends RedriveOptions, LibraryOptions {}

export async function backfill(options: BackfillCallOptions = {}): Promise<BackfillResult> {
  const config = await configOf(options);
  return withClients(options, config, (clients) =>
    runBackfill(
      config.athena,
      { ...backfillPorts(config.athena, clients), account: () => checkAccount(new StsAccount(clients.sts), config) },
      options,
    ),
  );
}

export async function redrive(options: RedriveCallOptions = {}): Promise<RedriveResult> {
  const config = await configOf(options);
  return withClients(options, config, async (clients) => {
    await checkAccount(new StsAccount(clients.sts), config);
    const { from, to, queueArn } = await redriveQueues(sqsClient(clients), config.athena.queue_name);
    return runRedrive(from, to, { ...options, owner: { queueArn, buckets: config.athena.buckets } });
  });
}
