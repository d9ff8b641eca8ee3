/** Global options shared by every command, and what they resolve to (config, clients, logger). */
import type { Command } from 'commander';
import { regionFromEnvironment } from '../aws/client-factory.js';
import { AwsClients } from '../aws/clients.js';
import { formatRequestRecord } from '../aws/middleware.js';
import { loadConfig, type Config } from '../core/config/load.js';
import { LOG_LEVELS, type LogLevel } from '../core/config/schema.js';
import { UsageError } from '../core/errors.js';
import { quote } from '../core/quote.js';
import type { Logger } from '../core/logger.js';
import { paint, stderrLogger, type OutputFormat } from './output.js';

export interface GlobalOptions {
  configDir: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  output: OutputFormat;
  logLevel?: LogLevel;
  debug?: boolean;
}

export function addGlobalOptions(program: Command): Command {
  return program
    .option('--config-dir <dir>', 'folder holding global.json and lambda.json', 'conf')
    .option('--region <region>', "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, then account.region in global.json)")
    .option('--profile <name>', 'AWS named profile (default: AWS_PROFILE, then default)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (moto, LocalStack); wins over AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL')
    .option('--output <format>', 'text or json', 'text')
    .option('--log-level <level>', `log level on stderr: ${LOG_LEVELS.join(', ')} (default: warn, or debug with --debug)`)
    .option('--debug', 'log every AWS request on stderr: service, operation, status, attempt, milliseconds, request id');
}

export class CommandContext {
  private configCache: Config | undefined;
  private clientsCache: AwsClients | undefined;
  readonly options: GlobalOptions;
  readonly logger: Logger;

  constructor(command: Command) {
    const o = command.optsWithGlobals() as GlobalOptions;
    if (o.output !== 'text' && o.output !== 'json') throw new UsageError(`--output must be text or json, not ${quote(o.output)}`);
    if (o.logLevel && !LOG_LEVELS.includes(o.logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not ${quote(o.logLevel)}`);
    if (o.endpointUrl && !/^https?:\/\/[^\s]+$/.test(o.endpointUrl)) throw new UsageError(`--endpoint-url must be an http(s) URL, not ${quote(o.endpointUrl)}`);
    this.options = o;
    this.logger = stderrLogger(o.logLevel ?? (o.debug ? 'debug' : 'warn'));
  }

  get config(): Config {
    if (!this.configCache) {
      // The AWS CLI's order: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region; then conf/.
      const choice = regionFromEnvironment({ flag: this.options.region, profile: this.options.profile });
      this.configCache = loadConfig(this.options.configDir, { region: choice?.region });
      this.logger.debug(`region ${this.configCache.account.region}`, { from: choice?.source ?? `account.region in ${this.options.configDir}/global.json` });
    }
    return this.configCache;
  }

  get clients(): AwsClients {
    this.clientsCache ??= new AwsClients({
      region: this.config.account.region,
      profile: this.options.profile,
      endpointUrl: this.options.endpointUrl,
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
