/** Turns SDK exceptions into the core's typed AwsError, keeping the service, operation and code. */
import { AwsError } from '../../core/kernel/errors.js';

interface SdkError {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

export type Hints = Record<string, string>;

export function awsError(service: string, operation: string, err: unknown, hints: Hints = HINTS): AwsError {
  // Includes CredentialsError: the client's middleware has already named the credential source.
  if (err instanceof AwsError) return err;
  const sdkError = (err ?? {}) as SdkError;
  const code = sdkError.Code ?? sdkError.name ?? 'UnknownError';
  const status = sdkError.$metadata?.httpStatusCode;
  const hint = lakeFormationHint(service, code, sdkError.message) ?? hints[code] ?? '';
  return new AwsError(
    `${service} ${operation} failed: ${code}${status ? ` (HTTP ${status})` : ''}: ${sdkError.message ?? String(err)}${hint}`,
    service,
    operation,
    code,
    { cause: err },
  );
}

/**
 * Glue's AccessDenied when Lake Formation governs the catalog: IAM alone is not enough, so the IAM
 * hint would send the user the wrong way. The grants init and the refresh need, by name.
 */
export const LAKE_FORMATION_HINT =
  ' — Lake Formation governs this Data Catalog, so IAM permissions alone are not enough: a Lake Formation administrator must grant the principal in use ' +
  'CREATE_DATABASE on the catalog (athena init), CREATE_TABLE and ALTER on the database (init; the refresh adds partitions with ALTER), DESCRIBE on the database and its tables, ' +
  'and DATA_LOCATION_ACCESS on the data locations (s3://<bucket>/...) the tables point at (docs/init.md, "Lake Formation").';

function lakeFormationHint(service: string, code: string, message: string | undefined): string | undefined {
  if (service.toLowerCase() !== 'glue' || !/AccessDenied/.test(code)) return undefined;
  return /lake ?formation/i.test(message ?? '') ? LAKE_FORMATION_HINT : undefined;
}

/** The hints every call gets; a caller with its own adds to them (`{ ...HINTS, ... }`). */
export const HINTS: Hints = {
  AccessDenied:
    ' — the credentials in use lack this permission (`streamalert athena iam-policy` prints what the refresh function needs; docs/deploy.md lists what deploy needs).',
  AccessDeniedException:
    ' — the credentials in use lack this permission (`streamalert athena iam-policy` prints what the refresh function needs; docs/deploy.md lists what deploy needs).',
  UnrecognizedClientException: ' — check the credentials (AWS_PROFILE, --profile) and --region.',
  InvalidClientTokenId: ' — check the credentials (AWS_PROFILE, --profile) and --region.',
  ExpiredToken: ' — the session token expired; refresh your credentials.',
  ExpiredTokenException: ' — the session token expired; refresh your credentials.',
};

/** `athena init`'s calls: the permissions it needs come from `iam-policy --for init`. */
const INIT_ACCESS =
  ' — the credentials in use lack this permission: `streamalert athena iam-policy --for init` prints what athena init needs (docs/init.md).';
export const INIT_HINTS: Record<string, string> = {
  ...HINTS,
  AccessDenied: INIT_ACCESS,
  AccessDeniedException: INIT_ACCESS,
  Forbidden: INIT_ACCESS,
  BucketAlreadyExists:
    ' — S3 bucket names are global and another account owns this one: choose another results_bucket in conf/lambda.json.',
};

/**
 * Calls `fn`, rethrowing any SDK failure as an AwsError (with a hint for the codes in `hints`);
 * one cut off by `signal` says so.
 */
export async function call<T>(
  service: string,
  operation: string,
  fn: () => Promise<T>,
  signal?: AbortSignal,
  hints: Hints = HINTS,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (signal?.aborted) throw abortedError(service, operation, signal, err);
    throw awsError(service, operation, err, hints);
  }
}

/** Each service's codes for "there is no such resource" (SQS's also comes as AWS.SimpleQueueService.NonExistentQueue). */
const NOT_FOUND: Record<string, readonly string[]> = {
  lambda: ['ResourceNotFoundException'],
  eventbridge: ['ResourceNotFoundException'],
  glue: ['EntityNotFoundException'],
  iam: ['NoSuchEntity', 'NoSuchEntityException'],
  sqs: ['QueueDoesNotExist', 'NonExistentQueue'],
  s3: ['NoSuchBucket', 'NotFound'],
};

/**
 * Like call(), but null when the service answers that the resource does not exist (its codes in
 * NOT_FOUND, or `codes` for a sub-resource such as a bucket's encryption configuration).
 */
export async function callOrNull<T>(
  service: string,
  operation: string,
  fn: () => Promise<T>,
  signal?: AbortSignal,
  hints: Hints = HINTS,
  codes: readonly string[] = NOT_FOUND[service.toLowerCase()] ?? [],
): Promise<T | null> {
  try {
    return await call(service, operation, fn, signal, hints);
  } catch (err) {
    if (err instanceof AwsError && err.code !== undefined && codes.some((c) => err.code === c || err.code!.endsWith(`.${c}`))) return null;
    throw err;
  }
}

/** The SDK's "Request aborted" in our words: the call was cut off (at the run's deadline). */
export function abortedError(service: string, operation: string, signal: AbortSignal, cause: unknown): AwsError {
  const why = signal.reason instanceof Error ? signal.reason.message : 'the call was aborted';
  return new AwsError(`${service} ${operation} was cut off: ${why}`, service, operation, 'RequestAborted', { cause });
}
