/**
 * The library's one-call backfill and redrive, like refresh():
 *   const report = await backfill({ configDir: 'conf', since: '2026-11-01', dryRun: true });
 *   const moved = await redrive({ configDir: 'conf', max: 100 });
 */
import { backfillPorts } from './aws/backfill-ports.js';
import { ClientFactory, type ClientOptions } from './aws/client-factory.js';
import { redriveQueues } from './aws/dead-letter.js';
import { sqsClient } from './aws/queue.js';
import type { BackfillResult } from './core/backfill/report.js';
import { runBackfill, type BackfillOptions } from './core/backfill/run.js';
import { loadConfig, type Config } from './core/config/load.js';
import { runRedrive, type RedriveOptions, type RedriveResult } from './core/redrive.js';

interface Common extends Partial<ClientOptions> {
  /** Folder with global.json and lambda.json (default `conf`). Ignored when `config` is given. */
  configDir?: string;
  config?: Config;
  clients?: ClientFactory;
}

export interface BackfillCallOptions extends BackfillOptions, Common {}
export interface RedriveCallOptions extends RedriveOptions, Common {}

export async function backfill(options: BackfillCallOptions = {}): Promise<BackfillResult> {
  return withClients(options, (config, clients) => runBackfill(config.athena, backfillPorts(config.athena, clients), options));
}

export async function redrive(options: RedriveCallOptions = {}): Promise<RedriveResult> {
  return withClients(options, async (config, clients) => {
    const { from, to } = await redriveQueues(sqsClient(clients), config.athena.queue_name);
    return runRedrive(from, to, options);
  });
}

async function withClients<T>(o: Common, fn: (config: Config, clients: ClientFactory) => Promise<T>): Promise<T> {
  const config = o.config ?? loadConfig(o.configDir ?? 'conf', { region: o.region });
  const clients = o.clients ?? new ClientFactory({ region: o.region ?? config.account.region, profile: o.profile, endpointUrl: o.endpointUrl, maxAttempts: o.maxAttempts, credentials: o.credentials });
  try {
    return await fn(config, clients);
  } finally {
    if (!o.clients) clients.destroy();
  }
}
