/**
 * The library's one-call refresh: load conf/, build the AWS clients, drain the queue.
 *   import { refresh } from 'streamalert';
 *   const result = await refresh({ configDir: 'conf', endpointUrl: 'http://127.0.0.1:5000' });
 */
import { loadSharedConfig } from '../aws/sdk/aws-config.js';
import { ClientFactory, regionFromEnvironment, type ClientOptions } from '../aws/sdk/client-factory.js';
import { refreshPorts } from '../aws/refresh/refresh-ports.js';
import { loadConfig, type Config } from '../core/config/load.js';
import { runRefresh, type RefreshResult, type RunOptions } from '../core/refresh/index.js';

export interface RefreshOptions extends RunOptions, Partial<ClientOptions> {
  /** Folder with global.json and lambda.json (default `conf`). Ignored when `config` is given. */
  configDir?: string;
  config?: Config;
  /** Reuse clients across calls (the Lambda handler and --interval do). */
  clients?: ClientFactory;
}

export async function refresh(options: RefreshOptions = {}): Promise<RefreshResult> {
  // From a folder, the CLI's region order: the option, AWS_REGION, AWS_DEFAULT_REGION, the
  // profile's, then conf/. A config object given is taken as it is, its region included.
  const shared = options.clients ? undefined : (options.sharedConfig ?? (await loadSharedConfig()));
  const config =
    options.config ??
    loadConfig(options.configDir ?? 'conf', {
      region: regionFromEnvironment({ flag: options.region, profile: options.profile }, shared ?? (await loadSharedConfig()))?.region,
    });
  const clients =
    options.clients ??
    new ClientFactory({
      region: options.region ?? config.account.region,
      profile: options.profile,
      endpointUrl: options.endpointUrl,
      sharedConfig: shared,
      maxAttempts: options.maxAttempts,
      credentials: options.credentials,
    });
  try {
    return await runRefresh(config.athena, refreshPorts(config.athena, clients), options);
  } finally {
    if (!options.clients) clients.destroy();
  }
}
