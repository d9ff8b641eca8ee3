/**
 * The library's one-call `athena init`: plan the refresh function's resources from conf/ and,
 * unless `dryRun`, apply the plan (nothing is applied while anything is blocked).
 *   const run = await init({ configDir: 'conf', dryRun: true });
 */
import { initDeployment } from '../aws/init/provision.js';
import type { InitOptions, InitRun } from '../core/init/run.js';
import { AwsClients } from '../aws/sdk/clients.js';
import { configOf, withClients, type LibraryOptions } from './options.js';

export interface InitCallOptions extends InitOptions, LibraryOptions {}

export async function init(options: InitCallOptions = {}): Promise<InitRun> {
  const config = await configOf(options);
  return withClients(options, config, AwsClients, (clients) => initDeployment(config, clients, options));
}
