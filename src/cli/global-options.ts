/** The options every command accepts, before or after its name. Light: --help loads only this and commander. */
import type { Command } from 'commander';
import { LOG_LEVELS, type LogLevel } from '../core/kernel/log-levels.js';

export type OutputFormat = 'text' | 'json';

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
    .option(
      '--region <region>',
      "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, then account.region in global.json)",
    )
    .option('--profile <name>', 'AWS named profile (default: AWS_PROFILE, then default)')
    .option(
      '--endpoint-url <url>',
      'send every AWS call to this endpoint (moto, LocalStack); wins over AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL',
    )
    .option('--output <format>', 'text or json', 'text')
    .option('--log-level <level>', `log level on stderr: ${LOG_LEVELS.join(', ')} (default: warn, or debug with --debug)`)
    .option('--debug', 'log every AWS request on stderr: service, operation, status, attempt, milliseconds, request id');
}
