/** What the global options resolve to for a running command: config, clients, logger. */
import type { Command } from 'commander';
import { loadSharedConfig, type SharedConfig } from '../aws/sdk/aws-config.js';
import { regionFromEnvironment } from '../aws/sdk/client-factory.js';
import { AwsClients } from '../aws/sdk/clients.js';
import { formatRequestRecord } from '../aws/sdk/middleware.js';
import { loadConfig, type Config } from '../core/config/load.js';
import { LOG_LEVELS } from '../core/kernel/log-levels.js';
import { UsageError } from '../core/kernel/errors.js';
import { quote } from '../core/kernel/quote.js';
import type { Logger } from '../core/kernel/logger.js';
import type { GlobalOptions } from './global-options.js';
import { paint, stderrLogger } from './output.js';

export class CommandContext {
  private configCache: Config | undefined;
  private clientsCache: AwsClients | undefined;
  readonly options: GlobalOptions;
  readonly logger: Logger;

  /** The context of a running command, with the AWS shared config files read (once, by the SDK's loader). */
  static async create(command: Command): Promise<CommandContext> {
    return new CommandContext(command, await loadSharedConfig());
  }

  private constructor(
    command: Command,
    readonly sharedConfig: SharedConfig,
  ) {
    const options = command.optsWithGlobals() as GlobalOptions;
    if (options.output !== 'text' && options.output !== 'json')
      throw new UsageError(`--output must be text or json, not ${quote(options.output)}`);
    if (options.logLevel && !LOG_LEVELS.includes(options.logLevel))
      throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not ${quote(options.logLevel)}`);
    if (options.endpointUrl && !/^https?:\/\/[^\s]+$/.test(options.endpointUrl))
      throw new UsageError(`--endpoint-url must be an http(s) URL, not ${quote(options.endpointUrl)}`);
    this.options = options;
    this.logger = stderrLogger(options.logLevel ?? (options.debug ? 'debug' : 'warn'));
  }

  get config(): Config {
    if (!this.configCache) {
      // The AWS CLI's order: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region; then conf/.
      const choice = regionFromEnvironment({ flag: this.options.region, profile: this.options.profile }, this.sharedConfig);
      this.configCache = loadConfig(this.options.configDir, { region: choice?.region });
      this.logger.debug(`region ${this.configCache.account.region}`, {
        from: choice?.source ?? `account.region in ${this.options.configDir}/global.json`,
      });
    }
    return this.configCache;
  }

  get clients(): AwsClients {
    this.clientsCache ??= new AwsClients({
      region: this.config.account.region,
      profile: this.options.profile,
      endpointUrl: this.options.endpointUrl,
      sharedConfig: this.sharedConfig,
      onRequest: this.options.debug ? (r) => process.stderr.write(`${paint.dim(formatRequestRecord(r))}\n`) : undefined,
    });
    return this.clientsCache;
  }

  get json(): boolean {
    return this.options.output === 'json';
  }

  close(): void {
    this.clientsCache?.destroy();
  }
}
