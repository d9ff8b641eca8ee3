/** Turns SDK exceptions into the core's typed AwsError, keeping the service, operation and code. */
import { AwsError } from '../core/errors.js';

interface SdkError {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

export function awsError(service: string, operation: string, err: unknown, hints: Record<string, string> = HINTS): AwsError {
  // Includes CredentialsError: the client's middleware has already named the credential source.
  if (err instanceof AwsError) return err;
  const e = (err ?? {}) as SdkError;
  const code = e.Code ?? e.name ?? 'UnknownError';
  const status = e.$metadata?.httpStatusCode;
  const hint = hints[code] ?? '';
  return new AwsError(`${service} ${operation} failed: ${code}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(err)}${hint}`, service, operation, code, { cause: err });
}

const HINTS: Record<string, string> = {
  AccessDenied: ' — the credentials in use lack this permission (`streamalert athena iam-policy` prints what the refresh function needs; docs/deploy.md lists what deploy needs).',
  AccessDeniedException: ' — the credentials in use lack this permission (`streamalert athena iam-policy` prints what the refresh function needs; docs/deploy.md lists what deploy needs).',
  UnrecognizedClientException: ' — check the credentials (AWS_PROFILE, --profile) and --region.',
  InvalidClientTokenId: ' — check the credentials (AWS_PROFILE, --profile) and --region.',
  ExpiredToken: ' — the session token expired; refresh your credentials.',
  ExpiredTokenException: ' — the session token expired; refresh your credentials.',
};

/** `athena init`'s calls: the permissions it needs come from `iam-policy --for init`. */
const INIT_ACCESS = ' — the credentials in use lack this permission: `streamalert athena iam-policy --for init` prints what athena init needs (docs/init.md).';
export const INIT_HINTS: Record<string, string> = {
  ...HINTS,
  AccessDenied: INIT_ACCESS,
  AccessDeniedException: INIT_ACCESS,
  Forbidden: INIT_ACCESS,
  BucketAlreadyExists: ' — S3 bucket names are global and another account owns this one: choose another results_bucket in conf/lambda.json.',
};

/**
 * Calls `fn`, rethrowing any SDK failure as an AwsError (with a hint for the codes in `hints`);
 * one cut off by `signal` says so.
 */
export async function call<T>(service: string, operation: string, fn: () => Promise<T>, signal?: AbortSignal, hints: Record<string, string> = HINTS): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (signal?.aborted) throw abortedError(service, operation, signal, err);
    throw awsError(service, operation, err, hints);
  }
}

/** The SDK's "Request aborted" in our words: the call was cut off (at the run's deadline). */
export function abortedError(service: string, operation: string, signal: AbortSignal, cause: unknown): AwsError {
  const why = signal.reason instanceof Error ? signal.reason.message : 'the call was aborted';
  return new AwsError(`${service} ${operation} was cut off: ${why}`, service, operation, 'RequestAborted', { cause });
}
