/**
 * The AWS shared config and credentials files (~/.aws/config, ~/.aws/credentials, or
 * AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), read synchronously: the CLI loads its
 * configuration, region included, before any AWS call, and the SDK's own reader is asynchronous.
 * Only what streamalert needs: a profile's settings (its region; whether it exists; whether it is
 * an SSO profile, for the remedy a credentials error names).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type Profile = Record<string, string>;

export interface SharedFiles {
  configFile: string;
  credentialsFile: string;
  /** Profiles of the config file (`[default]`, `[profile NAME]`), by name. */
  config: Map<string, Profile>;
  /** Profiles of the credentials file (`[NAME]`), by name. */
  credentials: Map<string, Profile>;
}

export function sharedFiles(env: NodeJS.ProcessEnv = process.env): SharedFiles {
  const home = env.HOME || env.USERPROFILE || homedir();
  const configFile = env.AWS_CONFIG_FILE || join(home, '.aws', 'config');
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials');
  const config = new Map<string, Profile>();
  for (const [section, values] of parseIni(readOrEmpty(configFile))) {
    // `[profile NAME]` (and `[default]`); sso-session and services sections are not profiles.
    const name = section === 'default' ? 'default' : /^profile\s+(.+)$/.exec(section)?.[1]?.trim();
    if (name) config.set(name, { ...config.get(name), ...values });
  }
  return { configFile, credentialsFile, config, credentials: parseIni(readOrEmpty(credentialsFile)) };
}

/** The profile the SDK uses: the explicit one, AWS_PROFILE, or `default`. */
export function profileName(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return explicit || env.AWS_PROFILE || 'default';
}

/** True when the profile signs in through IAM Identity Center (`aws sso login`). */
export function isSsoProfile(profile: Profile | undefined): boolean {
  return Boolean(profile && (profile.sso_session || profile.sso_start_url));
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** INI as the AWS CLI writes it: `[section]`, `key = value`, `#`/`;` comments; indented sub-keys are skipped. */
export function parseIni(text: string): Map<string, Profile> {
  const sections = new Map<string, Profile>();
  let current: Profile | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[([^\]]+)\]/.exec(line);
    if (section) {
      const name = section[1]!.trim();
      current = sections.get(name) ?? {};
      sections.set(name, current);
      continue;
    }
    // An indented line continues a nested setting (e.g. `s3 =` then `  addressing_style = path`).
    if (!current || /^\s/.test(raw)) continue;
    const eq = line.indexOf('=');
    if (eq > 0) current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return sections;
}
