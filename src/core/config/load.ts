/**
 * Reads conf/global.json and conf/lambda.json, validates them against the schema, and resolves
 * the derived names (queue, results location). Every failure is a ConfigError naming the file and
 * the key path, thrown before anything touches AWS.
 */
import { join, resolve } from 'node:path';
import { ConfigError, worded, wording, opt } from '../kernel/errors.js';
import type { TableLayouts } from '../partitions/layout/types.js';
import { quote } from '../kernel/quote.js';
import { parseResultsLocation, REGION_NAME } from './names.js';
import { readJsonFile, validate } from './read-json.js';
import { globalSchema, lambdaSchema, type AthenaSection, type GlobalFile, type LambdaFile } from './schema.js';
import { loadTableSchemas, tableLayouts } from './table-schemas.js';

export { formatPath, readConfigText, readJsonFile, validate } from './read-json.js';

export interface Config {
  /** Absolute path of the config directory. */
  dir: string;
  account: GlobalFile['account'];
  /** `tags` of global.json: the user's tags for every resource streamalert creates ({} when absent). */
  tags: Record<string, string>;
  lambda: LambdaFile;
  athena: AthenaSettings;
}

/** The athena section with every derived value filled in. */
export interface AthenaSettings extends AthenaSection {
  queue_name: string;
  /** `s3://bucket/prefix/` where Athena writes query results. */
  results_location: string;
  function_name: string;
  /**
   * Declared layouts of the tables whose schema files have them (conf/schemas/<table>.json):
   * refresh and backfill read keys of these tables by their template; others keep the built-in
   * layouts. Empty for configs given as objects unless the caller sets it.
   */
  layouts: TableLayouts;
}

export interface LoadConfigOptions {
  /** Overrides account.region (the --region flag). */
  region?: string;
  /** Where `region` came from, for the error message (default: the region option). */
  regionFrom?: string;
}

export function loadConfig(dir = 'conf', options: LoadConfigOptions = {}): Config {
  if (options.region !== undefined && !REGION_NAME.test(options.region)) {
    const problem = `: ${quote(options.region, 60)} is not an AWS region name such as us-east-1`;
    if (options.regionFrom) throw new ConfigError(`${options.regionFrom}${problem}`);
    throw worded(new ConfigError(''), wording`${opt('region')}${problem}`);
  }
  const abs = resolve(dir);
  const global = readJsonFile(join(abs, 'global.json'), globalSchema);
  const lambda = readJsonFile(join(abs, 'lambda.json'), lambdaSchema);
  const account = { ...global.account, ...(options.region ? { region: options.region } : {}) };
  const layouts = tableLayouts(loadTableSchemas(abs));
  return {
    dir: abs,
    account,
    tags: global.tags ?? {},
    lambda,
    athena: resolveAthena(lambda.athena_partition_refresh_config, account.prefix, layouts),
  };
}

/** Parses config objects that did not come from files (library callers, tests). */
export function configFromObjects(global: unknown, lambda: unknown, dir = '(inline)'): Config {
  const g = validate(globalSchema, global, 'global.json');
  const l = validate(lambdaSchema, lambda, 'lambda.json');
  return {
    dir,
    account: g.account,
    tags: g.tags ?? {},
    lambda: l,
    athena: resolveAthena(l.athena_partition_refresh_config, g.account.prefix),
  };
}

export function defaultQueueName(prefix: string): string {
  return `${prefix}_streamalert_athena_s3_notifications`;
}

function resolveAthena(section: AthenaSection, prefix: string, layouts: TableLayouts = {}): AthenaSettings {
  // The schema has checked results_bucket; the default is `<prefix>-...`, a valid bucket name.
  const results = parseResultsLocation(section.results_bucket ?? `${prefix}-streamalert-athena-results`);
  if (typeof results === 'string')
    throw new ConfigError(
      `athena_partition_refresh_config.results_bucket: ${results}`,
      undefined,
      'athena_partition_refresh_config.results_bucket',
    );
  return {
    ...section,
    queue_name: section.queue_name ?? defaultQueueName(prefix),
    results_location: results.url,
    function_name: section.function_name ?? `${prefix}_streamalert_athena_partition_refresh`,
    layouts,
  };
}
