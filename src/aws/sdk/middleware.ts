/**
 * The middleware ClientFactory adds to every SDK client:
 * - credential failures (from the credential providers, or AWS refusing the credentials) become
 *   CredentialsError, whichever call met them first;
 * - with `onRequest` (the CLI's --debug), one record per HTTP attempt: service, operation, status,
 *   attempt, milliseconds, request id. Nothing from the request's headers or body is kept, so no
 *   credentials or signatures can reach the log.
 */
import { quote } from '../../core/kernel/quote.js';
import { credentialsError, type CredentialContext } from './credentials.js';

export interface AwsRequestRecord {
  service: string;
  operation: string;
  /** HTTP status; undefined when no answer came (a reset connection, a refused one). */
  status?: number;
  /** 1 for the first try, then the SDK's retries. */
  attempt: number;
  ms: number;
  requestId?: string;
  /** The error's name when the attempt failed. */
  error?: string;
}

type Handler = (args: { request?: unknown }) => Promise<{ response?: unknown; output?: unknown }>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;

interface Stack {
  add(
    middleware: Middleware,
    options: { step: 'initialize' | 'finalizeRequest'; name: string; priority?: 'high' | 'low'; override?: boolean },
  ): void;
}

interface Answer {
  statusCode?: number;
  headers?: Record<string, string>;
}

interface Failure {
  name?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: Answer;
}

export interface ClientHooks {
  serviceId: string;
  onRequest?: (record: AwsRequestRecord) => void;
  credentials: CredentialContext;
}

/** Each client's hooks, for the calls that bypass its middleware stack (sqs-direct/). */
const hooksOf = new WeakMap<object, ClientHooks>();

export function clientHooks(client: object): ClientHooks | undefined {
  return hooksOf.get(client);
}

export function addMiddleware(client: { middlewareStack: Stack }, o: ClientHooks): void {
  hooksOf.set(client, o);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        throw (await credentialsError(err, o.credentials, { service: o.serviceId, operation: operationOf(context) })) ?? err;
      }
    },
    // Outermost, so it sees failures of the credential providers as well as of the calls.
    { step: 'initialize', priority: 'high', name: 'streamalertCredentialErrors', override: true },
  );
  const log = o.onRequest;
  if (!log) return;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const started = performance.now();
      const headers = ((args.request ?? {}) as { headers?: Record<string, string> }).headers ?? {};
      // The retry middleware numbers each attempt in this header (`attempt=2; max=4`).
      const attempt = Number(/attempt=(\d+)/.exec(headers['amz-sdk-request'] ?? '')?.[1] ?? 1);
      const base = { service: o.serviceId, operation: operationOf(context), attempt };
      const ms = () => Math.round(performance.now() - started);
      try {
        const out = await next(args);
        const response = (out.response ?? {}) as Answer;
        const metadata = (out.output as { $metadata?: { requestId?: string } } | undefined)?.$metadata;
        log({ ...base, status: response.statusCode, ms: ms(), requestId: metadata?.requestId ?? requestIdOf(response) });
        return out;
      } catch (err) {
        const failure = (err ?? {}) as Failure;
        log({
          ...base,
          status: failure.$metadata?.httpStatusCode ?? failure.$response?.statusCode,
          ms: ms(),
          requestId: failure.$metadata?.requestId ?? requestIdOf(failure.$response),
          error: failure.name ?? 'Error',
        });
        throw err;
      }
    },
    // After the retry middleware: once per attempt.
    { step: 'finalizeRequest', priority: 'low', name: 'streamalertRequestLog', override: true },
  );
}

function operationOf(context: { commandName?: string }): string {
  return (context.commandName ?? '').replace(/Command$/, '');
}

function requestIdOf(response: Answer | undefined): string | undefined {
  const headers = response?.headers ?? {};
  return headers['x-amzn-requestid'] ?? headers['x-amz-request-id'] ?? headers['x-amzn-request-id'];
}

/** What a request id or error name from AWS looks like; anything else is shown quoted and escaped. */
const PLAIN = /^[\w.:/+=-]{1,128}$/;

/** A value that came from the network: as it is when plain, else quoted (core/kernel/quote.ts). */
const shown = (value: string | undefined) => (value === undefined ? '-' : PLAIN.test(value) ? value : quote(value, 128));

/**
 * `aws SQS.ReceiveMessage status=200 attempt=1 ms=12 request-id=…`: one line per attempt. The
 * request id and the error name come from the answer (a header, the error body's type): whoever
 * answers must not be able to write control sequences or forged lines into the debug output.
 */
export function formatRequestRecord(r: AwsRequestRecord): string {
  const parts = [
    `aws ${r.service}.${r.operation}`,
    `status=${r.status ?? '-'}`,
    `attempt=${r.attempt}`,
    `ms=${r.ms}`,
    `request-id=${shown(r.requestId)}`,
  ];
  if (r.error) parts.push(`error=${shown(r.error)}`);
  return parts.join(' ');
}
