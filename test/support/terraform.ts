/**
 * Terraform for the export test: the `terraform` binary on PATH and a local filesystem mirror of
 * the hashicorp/aws provider (the folder above `registry.terraform.io/hashicorp/aws`), found in
 * TF_PLUGIN_MIRROR or a few usual places, never hard-coded to one machine. Tests run Terraform
 * offline with their own CLI config file naming that mirror (TF_CLI_CONFIG_FILE).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const PROVIDER = join('registry.terraform.io', 'hashicorp', 'aws');

/** Where filesystem mirrors usually are (Terraform's own implied locations, and /opt). */
export function mirrorCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = homedir();
  return [
    env.TF_PLUGIN_MIRROR,
    '/opt/tf-plugins',
    '/opt/terraform/plugins',
    join(home, '.terraform.d', 'plugins'),
    join(home, '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ].filter((p): p is string => Boolean(p));
}

export function findMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return mirrorCandidates(env).find((dir) => existsSync(join(dir, PROVIDER)));
}

export function terraformVersion(): string | undefined {
  const r = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  try {
    return (JSON.parse(r.stdout) as { terraform_version?: string }).terraform_version;
  } catch {
    return undefined;
  }
}

export interface TerraformSetup {
  mirror: string;
  version: string;
}

/** What is there, or one line naming what is missing (and where it was looked for). */
export function terraformSetup(): TerraformSetup | { missing: string } {
  const version = terraformVersion();
  const mirror = findMirror();
  const missing: string[] = [];
  if (!version) missing.push('`terraform` (≥ 1.5) on PATH');
  if (!mirror)
    missing.push(
      `a hashicorp/aws provider mirror (a folder holding ${PROVIDER}; looked in TF_PLUGIN_MIRROR, ${mirrorCandidates({}).join(', ')})`,
    );
  if (missing.length) return { missing: `the Terraform export test needs ${missing.join(' and ')}` };
  return { mirror: mirror!, version: version! };
}

/** A CLI config file that installs providers only from the mirror (offline). */
export function writeCliConfig(file: string, mirror: string): string {
  writeFileSync(file, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
  return file;
}

export interface TfResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs terraform in `dir` with the test's CLI config, no colour, no prompts. */
export function terraform(dir: string, cliConfig: string, args: string[]): Promise<TfResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [`-chdir=${dir}`, ...args], {
      env: {
        ...process.env,
        TF_CLI_CONFIG_FILE: cliConfig,
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        CHECKPOINT_DISABLE: '1',
        TF_PLUGIN_CACHE_DIR: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The override file that points the provider at a local endpoint with test credentials. The
 * account ID is asked of the endpoint's STS (not skipped): the provider builds the ARNs it reads
 * tags by (a Glue database's) from it. `resource` adds the test's own overrides.
 */
export function motoOverride(endpoint: string, resource: Record<string, unknown> = {}): Record<string, unknown> {
  const services = ['cloudwatch', 'cloudwatchevents', 'cloudwatchlogs', 'glue', 'iam', 'lambda', 's3', 'sqs', 'sts'];
  return {
    provider: {
      aws: {
        access_key: 'testing',
        secret_key: 'testing',
        s3_use_path_style: true,
        skip_credentials_validation: true,
        skip_metadata_api_check: true,
        endpoints: Object.fromEntries(services.map((s) => [s, endpoint])),
      },
    },
    ...(Object.keys(resource).length ? { resource } : {}),
  };
}
