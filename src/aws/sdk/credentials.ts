/**
 * Credential failures, told apart from the failures of a call: the SDK could not load credentials
 * (no such profile, an expired SSO session, nothing configured), or AWS refused the ones it sent
 * (an expired session token, an unknown access key). Each becomes a CredentialsError naming the
 * source that failed and what to run.
 */
import { CredentialsError } from '../../core/kernel/errors.js';
import { isSsoProfile, loadSharedConfig, profileName, profileNames, profileOf, type SharedConfig } from './aws-config.js';

export interface CredentialContext {
  /** The --profile option (the SDK falls back to AWS_PROFILE, then `default`). */
  profile?: string;
  /** Credentials were handed to the factory (library callers, tests). */
  passedIn?: boolean;
  /** The shared config files the command read; read again here when not given. */
  sharedConfig?: SharedConfig;
}

/** Errors the SDK's credential and token providers throw before any request is sent. */
const PROVIDER_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError']);
/** AWS error codes that say the credentials sent were refused, not the call. */
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const UNKNOWN_KEY = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'SignatureDoesNotMatch']);

interface SdkError {
  name?: string;
  Code?: string;
  message?: string;
}

/** The CredentialsError `err` stands for, or undefined when it is some other failure. */
export async function credentialsError(
  err: unknown,
  ctx: CredentialContext,
  call: { service: string; operation: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<CredentialsError | undefined> {
  const sdkError = (err ?? {}) as SdkError;
  const code = sdkError.Code ?? sdkError.name ?? '';
  const isProvider = PROVIDER_ERRORS.has(sdkError.name ?? '');
  if (!isProvider && !EXPIRED.has(code) && !UNKNOWN_KEY.has(code)) return undefined;
  const why = (sdkError.message ?? String(err)).split('\n')[0];
  const cause = { ...call, code, cause: err };

  if (ctx.passedIn) {
    const source = 'the credentials passed to streamalert';
    return new CredentialsError(
      `AWS refused ${source} (${code}: ${why})`,
      source,
      'Pass valid credentials, or leave them out to use the default chain',
      cause,
    );
  }
  const named = ctx.profile ? `--profile` : env.AWS_PROFILE ? 'AWS_PROFILE' : undefined;
  const name = profileName(ctx.profile, env);
  const files = ctx.sharedConfig ?? (await loadSharedConfig(env));
  const profile = profileOf(files, name);
  const sso = isSsoProfile(profile);
  const login = `Run \`aws sso login${name === 'default' ? '' : ` --profile ${name}`}\` and try again`;

  if (named) {
    const source = `profile "${name}" (${named})`;
    if (!profile && !files.credentials[name]) {
      const others = profileNames(files);
      const pick = others.length ? `, or use one of: ${others.join(', ')}` : '';
      return new CredentialsError(
        `no AWS profile "${name}" (${named}) in ${files.configFile} or ${files.credentialsFile}`,
        source,
        `Run \`aws configure --profile ${name}\` (access keys) or \`aws configure sso --profile ${name}\` (IAM Identity Center)${pick}`,
        cause,
      );
    }
    if (sso && (isProvider || EXPIRED.has(code)))
      return new CredentialsError(`the SSO session of ${source} is missing or has expired (${why})`, source, login, cause);
    if (EXPIRED.has(code))
      return new CredentialsError(
        `the session token of ${source} has expired`,
        source,
        `Refresh the profile's credentials (\`aws configure --profile ${name}\`) and try again`,
        cause,
      );
    if (!isProvider)
      return new CredentialsError(
        `AWS does not accept the access key of ${source} (${code})`,
        source,
        `Run \`aws configure --profile ${name}\` with a valid key pair, and check the account and --region`,
        cause,
      );
    return new CredentialsError(
      `could not load the credentials of ${source}: ${why}`,
      source,
      `Check the profile in ${files.configFile} and ${files.credentialsFile} (\`aws configure list --profile ${name}\`)`,
      cause,
    );
  }

  if (env.AWS_ACCESS_KEY_ID) {
    const source = 'the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)';
    if (EXPIRED.has(code))
      return new CredentialsError(
        `the session token in AWS_SESSION_TOKEN has expired`,
        source,
        'Get new temporary credentials and export them again, or unset them and use a profile (`aws sso login --profile NAME`, then AWS_PROFILE=NAME)',
        cause,
      );
    return new CredentialsError(
      `AWS does not accept the access key in AWS_ACCESS_KEY_ID (${code})`,
      source,
      'Export a valid key pair, or unset AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY and run `aws configure`',
      cause,
    );
  }

  const source = 'the default credential chain (environment, ~/.aws/credentials and ~/.aws/config, SSO, container or instance role)';
  if (sso) return new CredentialsError(`the SSO session of the default profile is missing or has expired (${why})`, source, login, cause);
  if (isProvider) {
    return new CredentialsError(
      `no AWS credentials found: ${source} has none`,
      source,
      'Run `aws configure` (access keys) or `aws configure sso`, or choose a profile with --profile or AWS_PROFILE',
      cause,
    );
  }
  const problem = EXPIRED.has(code)
    ? 'the session token of the default credentials has expired'
    : `AWS does not accept the default credentials' access key (${code})`;
  return new CredentialsError(problem, source, 'Run `aws configure` (or `aws sso login`) and try again', cause);
}
