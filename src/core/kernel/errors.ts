/**
 * The error hierarchy. Core and aws throw these; only the CLI turns them into exit codes
 * (see src/cli/errors/exit-codes.ts). Every message says what was wrong, where, and what to do.
 */
export class StreamAlertError extends Error {
  override readonly name: string = 'StreamAlertError';
  /** Set (by `worded`) when the message names options: the CLI renders it with its flags. */
  wording?: Wording;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** conf/ is missing, unreadable or invalid. Raised before any AWS call is made. */
export class ConfigError extends StreamAlertError {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly file?: string,
    readonly keyPath?: string,
  ) {
    super(message);
  }
}

/** Bad command-line input (an option value, a schedule expression typed by the user). */
export class UsageError extends StreamAlertError {
  override readonly name = 'UsageError';
}

/**
 * An option named in a message: a CLI user knows it by its flag (`--config-dir`), a library caller
 * by its option (`configDir`, default: the same name).
 */
export interface OptionRef {
  option: string;
  library?: string;
}
export type Wording = readonly (string | OptionRef)[];

export const opt = (option: string, library?: string): OptionRef => ({ option, ...(library ? { library } : {}) });

/** The text of a wording, each option written by `name` (the CLI: `--since`; the library: `` `since` ``). */
export function renderWording(wording: Wording, name: (option: OptionRef) => string): string {
  return wording.map((part) => (typeof part === 'string' ? part : name(part))).join('');
}

/** A template's text with its `opt(...)` values kept as options: wording`${opt('to')} must be …`. */
export function wording(strings: TemplateStringsArray, ...values: unknown[]): Wording {
  const parts: (string | OptionRef)[] = [];
  strings.forEach((text, i) => {
    parts.push(text);
    if (i < values.length) {
      const value = values[i];
      parts.push(typeof value === 'object' && value !== null && 'option' in value ? (value as OptionRef) : String(value));
    }
  });
  return parts;
}

/** The library's text of a wording. */
export const libraryText = (parts: Wording): string => renderWording(parts, (ref) => `\`${ref.library ?? ref.option}\``);

/** Gives an error a message that names options: the library's text now, the CLI's flags later. */
export function worded<E extends StreamAlertError>(err: E, parts: Wording): E {
  err.wording = parts;
  err.message = libraryText(parts);
  return err;
}

/**
 * A bad option value or combination. Core does not know the CLI's flags: the message names the
 * options as the library does, and the CLI writes its flags in (src/cli/errors/messages.ts).
 */
export class OptionError extends UsageError {
  constructor(override readonly wording: Wording) {
    super(libraryText(wording));
  }
}

/** An OptionError from a template: optionError`${opt('to')} must be …`. */
export function optionError(strings: TemplateStringsArray, ...values: unknown[]): OptionError {
  return new OptionError(wording(strings, ...values));
}

/**
 * A rollback with nothing to go back to: the function has one published version (or none behind
 * its alias). Not bad usage: the command was right, the deployment has no earlier state.
 */
export class NothingToRollBackError extends StreamAlertError {
  override readonly name: string = 'NothingToRollBackError';
}

/** Rollback of a function that has no alias yet: nothing was deployed to roll back from. */
export class NotDeployedError extends NothingToRollBackError {
  override readonly name = 'NotDeployedError';
  constructor(
    readonly functionKey: string,
    readonly functionName: string,
    readonly alias: string,
  ) {
    super(`function ${functionName} has no ${alias} alias to roll back; deploy it first`);
  }
}

/** An AWS call failed after the SDK's retries; carries the service, operation and AWS error code. */
export class AwsError extends StreamAlertError {
  override readonly name: string = 'AwsError';
  constructor(
    message: string,
    readonly service: string,
    readonly operation: string,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * AWS credentials could not be had or were refused: no profile of that name, an expired SSO
 * session or session token, an unknown access key, none at all. Not a failure of the call that met
 * it (it has its own exit code): the message names the credential source and what to run. An
 * AwsError subclass, so code that handles AWS failures generally handles this one too.
 */
export class CredentialsError extends AwsError {
  override readonly name = 'CredentialsError';
  constructor(
    readonly problem: string,
    /** The source that failed: `profile "x" (--profile)`, `the environment (AWS_ACCESS_KEY_ID)`, … */
    readonly source: string,
    /** What to run or change, e.g. `aws sso login --profile x`. */
    readonly remedy: string,
    call: { service: string; operation: string; code?: string; cause?: unknown },
  ) {
    super(`${problem}. ${remedy}.`, call.service, call.operation, call.code, { cause: call.cause });
  }
}

/**
 * An AwsError with what it was for in front (`queue x: SQS ... failed`), its class kept: a
 * CredentialsError stays itself (exit 7; it is about the credentials, not the resource that met
 * it first), anything else not an AwsError is returned as it is.
 */
export function inContext(context: string, err: unknown): unknown {
  if (!(err instanceof AwsError) || err instanceof CredentialsError) return err;
  return new AwsError(`${context}: ${err.message}`, err.service, err.operation, err.code, { cause: err });
}

/** The Athena database the tables live in does not exist. Nothing is deleted from the queue. */
export class DatabaseNotFoundError extends StreamAlertError {
  override readonly name = 'DatabaseNotFoundError';
  constructor(
    readonly database: string,
    /** The region looked in, when known: a database in another region is the usual cause. */
    readonly region?: string,
  ) {
    super(
      `Athena database "${database}" does not exist${region ? ` in ${region}` : ''}. Create it (CREATE DATABASE ${database}) or set ` +
        `athena_partition_refresh_config.database_name in conf/lambda.json; no message was deleted.`,
    );
  }
}

/** The queue the refresh drains (or its dead-letter queue) does not exist. */
export class QueueNotFoundError extends StreamAlertError {
  override readonly name = 'QueueNotFoundError';
  constructor(
    readonly queue: string,
    /** What to check instead of the default advice. */
    advice?: Wording,
  ) {
    super('');
    worded(this, [
      `SQS queue "${queue}" does not exist in this account and region. `,
      ...(advice ??
        wording`Check account.prefix in conf/global.json, athena_partition_refresh_config.queue_name in conf/lambda.json, and ${opt('region')}.`),
    ]);
  }
}

/** An Athena query ended FAILED or CANCELLED, or did not finish in time. */
export class AthenaQueryError extends StreamAlertError {
  override readonly name = 'AthenaQueryError';
  constructor(
    readonly queryExecutionId: string | undefined,
    readonly state: 'FAILED' | 'CANCELLED' | 'TIMEOUT',
    readonly reason: string,
    readonly errorType?: string,
  ) {
    super(`Athena query ${queryExecutionId ?? '(not started)'} ${state}: ${reason}`);
  }
}

/** The user stopped a command that loops (Ctrl-C or SIGTERM). The CLI exits 130. */
export class InterruptedError extends StreamAlertError {
  override readonly name = 'InterruptedError';
  constructor(message = 'stopped by a signal') {
    super(message);
  }
}

/** A backfill or redrive finished, but some of its work failed (listed in its output). */
export class PartialFailureError extends StreamAlertError {
  override readonly name = 'PartialFailureError';
}

/** `athena init` found resources it cannot set up; nothing was applied. Used by the CLI for its exit code. */
export class InitBlockedError extends StreamAlertError {
  override readonly name = 'InitBlockedError';
  constructor(readonly blocked: { kind: string; name: string; detail: string }[]) {
    super(
      `${blocked.length} resource(s) blocked, so nothing was applied:\n${blocked.map((b) => `  ${b.kind} ${b.name}: ${b.detail}`).join('\n')}`,
    );
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
