/**
 * The AWS shared config and credentials files (~/.aws/config, ~/.aws/credentials, or
 * AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), read by the SDK's own loader
 * (`loadSharedConfigFiles`, the one its clients use), once per command, before any client is
 * built: the region and the endpoints must be known when the CLI loads conf/ and builds clients.
 *
 * Why the endpoint is resolved here and not left to the clients: the SDK resolves a profile's
 * `endpoint_url` and `services` section for the profile named by AWS_PROFILE only, never for a
 * client's `profile` option (--profile), and it would not tell us that a service goes to a local
 * endpoint (path-style S3, SQS kept off the queue URL's host). So we read the same settings with
 * the same rules, for the profile the command uses, and hand clients an explicit endpoint.
 */
import { loadSharedConfigFiles } from '@smithy/core/config';
import { ConfigError } from '../../core/kernel/errors.js';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type Profile = Record<string, string | undefined>;

export interface SharedConfig {
  configFile: string;
  credentialsFile: string;
  /** Sections of the config file as the SDK keys them: profiles by name, `services.NAME`, `sso-session.NAME`. */
  config: Record<string, Profile>;
  /** Profiles of the credentials file, by name. */
  credentials: Record<string, Profile>;
}

/** No files: what a Lambda function or a caller that passes everything explicitly has. */
export const NO_SHARED_CONFIG: SharedConfig = { configFile: '', credentialsFile: '', config: {}, credentials: {} };

export async function loadSharedConfig(env: NodeJS.ProcessEnv = process.env): Promise<SharedConfig> {
  const home = env.HOME || env.USERPROFILE || homedir();
  const configFile = env.AWS_CONFIG_FILE || join(home, '.aws', 'config');
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials');
  // ignoreCache: a long-running process (refresh --interval, tests) sees an edited file.
  const files = await loadSharedConfigFiles({ configFilepath: configFile, filepath: credentialsFile, ignoreCache: true });
  return { configFile, credentialsFile, config: files.configFile, credentials: files.credentialsFile };
}

/** The profile the SDK uses: the explicit one, AWS_PROFILE, or `default`. */
export function profileName(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return explicit || env.AWS_PROFILE || 'default';
}

/** The named profile's settings in the config file (not a `services` or `sso-session` section). */
export function profileOf(shared: SharedConfig, name: string): Profile | undefined {
  return /^(services|sso-session)\./.test(name) ? undefined : shared.config[name];
}

/** Every profile name in either file. */
export function profileNames(shared: SharedConfig): string[] {
  const names = [...Object.keys(shared.config).filter((n) => profileOf(shared, n)), ...Object.keys(shared.credentials)];
  return [...new Set(names)].sort();
}

/** True when the profile signs in through IAM Identity Center (`aws sso login`). */
export function isSsoProfile(profile: Profile | undefined): boolean {
  return Boolean(profile && (profile.sso_session || profile.sso_start_url));
}

const isTrue = (value: string | undefined) => /^true$/i.test(value ?? '');

export interface ConfiguredEndpoint {
  url: string;
  /** Where it came from, for --log-level debug: `--endpoint-url`, `AWS_ENDPOINT_URL_SQS`, `profile "x" in FILE`. */
  source: string;
  /** From the profile, not from the option or the environment. */
  fromProfile: boolean;
}

/**
 * One service's endpoint in the order of the SDKs' shared configuration ("Service-specific
 * endpoints" in the AWS SDKs and Tools reference): the explicit option (--endpoint-url), then
 * AWS_ENDPOINT_URL_<SERVICE> (the service id in capitals, spaces as underscores), AWS_ENDPOINT_URL,
 * the profile's `services` section (`sqs =` then `  endpoint_url = …`, the service id in lower case
 * with underscores), the profile's `endpoint_url`. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true or the
 * profile's `ignore_configured_endpoint_urls = true` ignores all but the option. Undefined: AWS's own.
 */
export function configuredEndpoint(
  serviceId: string,
  explicit: string | undefined,
  where: { shared?: SharedConfig; profile?: string },
  env: NodeJS.ProcessEnv = process.env,
): ConfiguredEndpoint | undefined {
  if (explicit) return { url: explicit, source: '--endpoint-url', fromProfile: false };
  const name = profileName(where.profile, env);
  const profile = where.shared ? profileOf(where.shared, name) : undefined;
  if (isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) || isTrue(profile?.ignore_configured_endpoint_urls)) return undefined;
  const words = serviceId.split(' ');
  const own = `AWS_ENDPOINT_URL_${words.map((w) => w.toUpperCase()).join('_')}`;
  if (env[own]) return { url: env[own]!, source: own, fromProfile: false };
  if (env.AWS_ENDPOINT_URL) return { url: env.AWS_ENDPOINT_URL, source: 'AWS_ENDPOINT_URL', fromProfile: false };
  if (!profile || !where.shared) return undefined;
  const at = `profile "${name}" in ${where.shared.configFile}`;
  if (profile.services) {
    const section = where.shared.config[`services.${profile.services}`];
    // As the SDK does: a typo must not send the calls to AWS itself.
    if (!section)
      throw new ConfigError(
        `${at} names services "${profile.services}", but the file has no [services ${profile.services}] section`,
        where.shared.configFile,
      );
    const url = section[`${words.map((w) => w.toLowerCase()).join('_')}.endpoint_url`];
    if (url) return { url, source: `${at} (services ${profile.services})`, fromProfile: true };
  }
  return profile.endpoint_url ? { url: profile.endpoint_url, source: at, fromProfile: true } : undefined;
}
