/**
 * What every one-call library function takes: the configuration, and how to reach AWS. This is the
 * one place that turns those options into a Config and clients; each src/api function then wires
 * its ports to its adapters.
 */
import { loadSharedConfig } from '../aws/sdk/aws-config.js';
import { regionFromEnvironment, type ClientFactory, type ClientOptions } from '../aws/sdk/client-factory.js';
import type { AwsClients } from '../aws/sdk/clients.js';
import { loadConfig, type Config } from '../core/config/load.js';

export interface LibraryOptions extends Partial<ClientOptions> {
  /** Folder with global.json and lambda.json (default `conf`). Ignored when `config` is given. */
  configDir?: string;
  config?: Config;
  /** Reuse clients across calls; they are then not destroyed at the end of the call. */
  clients?: AwsClients;
}

/**
 * The configuration: `config` as it is, its region included; from a folder, the CLI's region
 * order (the option, AWS_REGION, AWS_DEFAULT_REGION, the profile's, then conf/).
 */
export async function configOf(options: Omit<LibraryOptions, 'clients'>): Promise<Config> {
  if (options.config) return options.config;
  const shared = options.sharedConfig ?? (await loadSharedConfig());
  return loadConfig(options.configDir ?? 'conf', {
    region: regionFromEnvironment({ flag: options.region, profile: options.profile }, shared)?.region,
  });
}

/**
 * Runs `use` with the given clients, or with clients of its own (`Clients`, built from the options
 * and the configuration's region) that it destroys afterwards. The refresh passes the bare
 * ClientFactory, so the Lambda bundle holds only the SQS, Athena and Glue clients.
 */
export async function withClients<C extends ClientFactory, T>(
  options: Omit<LibraryOptions, 'clients'> & { clients?: C },
  config: Config,
  Clients: new (options: ClientOptions) => C,
  use: (clients: C) => Promise<T>,
): Promise<T> {
  const clients =
    options.clients ??
    new Clients({
      region: options.region ?? config.account.region,
      profile: options.profile,
      endpointUrl: options.endpointUrl,
      sharedConfig: options.sharedConfig ?? (await loadSharedConfig()),
      maxAttempts: options.maxAttempts,
      credentials: options.credentials,
      onRequest: options.onRequest,
    });
  try {
    return await use(clients);
  } finally {
    if (!options.clients) clients.destroy();
  }
}
