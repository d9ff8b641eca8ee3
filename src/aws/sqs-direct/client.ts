/**
 * ReceiveMessage and DeleteMessageBatch, the two calls a drain makes thousands of times, without
 * the SDK's per-call middleware stack (about 1 ms of CPU per call through `SQSClient.send`: the
 * command, schema-driven serde, endpoint rules, auth-scheme resolution, node:http's streams;
 * bench/README.md). Here a call is JSON.stringify, the SDK's SigV4 signer (one per client, its
 * signing key cached), one write on a kept-alive connection (http1.ts), JSON.parse, and the MD5
 * of every received body checked as the SDK's SQS client does. Retries are the SDK's own retry
 * middleware with the client's retry strategy (standard mode, maxAttempts, the retry quota, the
 * long-poll handling of ReceiveMessage), which also sets amz-sdk-invocation-id and
 * amz-sdk-request.
 *
 * Switchable: `sqs_client: "sdk"` in the config, or STREAMALERT_SQS_CLIENT=sdk (which wins), sends
 * every call through `SQSClient.send`; so does a client whose endpoint this path does not
 * reproduce (neither an explicit endpoint nor the queue URL's host). The client's requestHandler
 * is not used: ClientFactory never sets one (no proxy agent; the SDK reads no HTTP(S)_PROXY).
 */
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type DeleteMessageBatchRequest,
  type DeleteMessageBatchResult,
  type ReceiveMessageRequest,
  type ReceiveMessageResult,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { buildQueryString } from '@smithy/core/protocols';
import { retryMiddleware } from '@smithy/core/retry';
import { SignatureV4 } from '@smithy/signature-v4';
import { credentialsError } from '../sdk/credentials.js';
import { clientHooks } from '../sdk/middleware.js';
import { checkBodies, serviceError } from './answers.js';
import { resolveEndpoint, type Endpoint } from './endpoint.js';
import { Http1Agent, type Http1Response } from './http1.js';
import { sqsClientMode, type SqsClientMode } from './mode.js';
import { hexDigest, Sha256 } from './sha256.js';
import { memoSigningKey } from './signing-key.js';

export type { SqsClientMode } from './mode.js';

interface Operations {
  ReceiveMessage: { input: ReceiveMessageRequest; output: ReceiveMessageResult };
  DeleteMessageBatch: { input: DeleteMessageBatchRequest; output: DeleteMessageBatchResult };
}
type Operation = keyof Operations;

const COMMANDS = { ReceiveMessage: ReceiveMessageCommand, DeleteMessageBatch: DeleteMessageBatchCommand };

export interface SqsCallOptions {
  abortSignal?: AbortSignal;
}

/** The HttpRequest shape the retry middleware and the signer work on (`query` makes it one). */
interface Request extends Endpoint {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

interface Shared {
  http: Http1Agent;
  signer?: Promise<SignatureV4>;
  userAgent?: Promise<Record<string, string>>;
  endpoints: Map<string, Promise<Endpoint>>;
}

/** One set of connections, signer and endpoints per SQS client, closed when the client is destroyed. */
const sharedOf = new WeakMap<SQSClient, Shared>();

function shared(client: SQSClient): Shared {
  let found = sharedOf.get(client);
  if (!found) {
    const state: Shared = { http: new Http1Agent(), endpoints: new Map() };
    const destroy = client.destroy.bind(client);
    client.destroy = () => {
      state.http.destroy();
      destroy();
    };
    sharedOf.set(client, (found = state));
  }
  return found;
}

export class SqsDirect {
  readonly mode: SqsClientMode;

  constructor(
    private readonly client: SQSClient,
    options: { mode?: SqsClientMode; env?: NodeJS.ProcessEnv } = {},
  ) {
    this.mode = sqsClientMode(options.mode, options.env);
  }

  /** Whether calls take this path; if not, they go through `send`. */
  get direct(): boolean {
    const config = this.client.config;
    return this.mode === 'direct' && (config.isCustomEndpoint || config.useQueueUrlAsEndpoint !== false);
  }

  async send<K extends Operation>(
    operation: K,
    input: Operations[K]['input'],
    options: SqsCallOptions = {},
  ): Promise<Operations[K]['output']> {
    if (!this.direct) {
      const Command = COMMANDS[operation] as new (input: Operations[K]['input']) => ReceiveMessageCommand;
      return this.client.send(new Command(input), options) as Promise<Operations[K]['output']>;
    }
    const config = this.client.config;
    const state = shared(this.client);
    const endpoint = await this.endpoint(state, input.QueueUrl);
    const body = JSON.stringify(input);
    const request: Request = {
      method: 'POST',
      ...endpoint,
      query: { ...endpoint.query },
      headers: {
        host: endpoint.port ? `${endpoint.hostname}:${endpoint.port}` : endpoint.hostname,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `AmazonSQS.${operation}`,
        // Errors carry the query protocol's codes too (x-amzn-query-error), as the SDK asks.
        'x-amzn-query-mode': 'true',
        'content-length': String(Buffer.byteLength(body)),
        // The payload hash the signer would compute and add (getPayloadHash takes this header as
        // it is): hashed once per call with hex done natively, not per attempt through its
        // Uint8Array and JavaScript hex encoding. Same header, same value, same signature.
        'x-amz-content-sha256': hexDigest('sha256', body),
        ...(await (state.userAgent ??= this.userAgentHeaders())),
      },
      body,
    };
    let attempts = 0;
    const attempt = async (args: { request: unknown }) => {
      const started = performance.now();
      const number = ++attempts;
      let response: Http1Response | undefined;
      try {
        response = await this.attempt(state, args.request as Request, options.abortSignal);
        if (response.statusCode < 200 || response.statusCode >= 300) throw serviceError(config, response);
        const output = (response.body ? JSON.parse(response.body) : {}) as Operations[K]['output'] & { $metadata: object };
        output.$metadata = { httpStatusCode: response.statusCode, requestId: response.headers['x-amzn-requestid'] };
        this.log(operation, number, started, response);
        return { response, output };
      } catch (err) {
        this.log(operation, number, started, response, err);
        throw err;
      }
    };
    // The SDK's retry middleware, with the context SQSClient.send gives it: ReceiveMessage is a
    // long poll (the SDK's long-poll plugin), which backs off instead of failing at once when the
    // retry quota is spent.
    const context = {
      __smithy_context: { abortSignal: options.abortSignal },
      ...(operation === 'ReceiveMessage' ? { __retryLongPoll: true } : {}),
    };
    const retrying = retryMiddleware({ retryStrategy: config.retryStrategy, maxAttempts: config.maxAttempts, logger: config.logger })(
      attempt as never,
      context as never,
    );
    let output: Operations[K]['output'];
    try {
      ({ output } = (await retrying({ input, request } as never)) as { output: Operations[K]['output'] });
    } catch (err) {
      // As the middleware ClientFactory adds: credential failures become CredentialsError.
      const hooks = clientHooks(this.client);
      throw (hooks && (await credentialsError(err, hooks.credentials, { service: hooks.serviceId, operation }))) ?? err;
    }
    if (operation === 'ReceiveMessage') checkBodies(config, output as ReceiveMessageResult);
    return output;
  }

  /** With `--debug` (the client's onRequest hook): one record per attempt, as middleware.ts writes. */
  private log(operation: Operation, attempt: number, started: number, response: Http1Response | undefined, err?: unknown): void {
    const hooks = clientHooks(this.client);
    if (!hooks?.onRequest) return;
    hooks.onRequest({
      service: hooks.serviceId,
      operation,
      attempt,
      status: response?.statusCode,
      ms: Math.round(performance.now() - started),
      requestId: response?.headers['x-amzn-requestid'],
      ...(err !== undefined ? { error: (err as Error).name || 'Error' } : {}),
    });
  }

  /** One HTTP attempt, signed anew (the retry middleware changes amz-sdk-request). */
  private async attempt(state: Shared, request: Request, abortSignal: AbortSignal | undefined): Promise<Http1Response> {
    const config = this.client.config;
    const signer = await (state.signer ??= this.signer());
    const signed = (await signer.sign(request as never, {
      signingDate: new Date(Date.now() + (config.systemClockOffset ?? 0)),
    })) as unknown as Request;
    const query = buildQueryString(signed.query);
    return state.http.request({ ...signed, path: query ? `${signed.path}?${query}` : signed.path }, abortSignal);
  }

  /** The SDK's signer as the client builds it, but one for all calls, so its signing key is reused. */
  private async signer(): Promise<SignatureV4> {
    const config = this.client.config;
    const signer = new SignatureV4({
      credentials: config.credentials as never,
      region: await config.region(),
      service: 'sqs',
      sha256: Sha256,
      uriEscapePath: true,
    });
    return memoSigningKey(signer);
  }

  private endpoint(state: Shared, queueUrl: string | undefined): Promise<Endpoint> {
    const key = this.client.config.isCustomEndpoint ? '' : (queueUrl ?? '');
    let found = state.endpoints.get(key);
    if (!found) {
      found = resolveEndpoint(this.client.config, queueUrl);
      state.endpoints.set(key, found);
      found.catch(() => state.endpoints.delete(key));
    }
    return found;
  }

  /** The SDK's user agent, assembled once per client instead of on every call. */
  private async userAgentHeaders(): Promise<Record<string, string>> {
    const pairs = (await this.client.config.defaultUserAgentProvider()) as [string, string?][];
    const part = ([name, version]: [string, string?]) => (version ? `${name}/${version}` : name).replace(/[^!#$%&'*+\-.^_`|~\w/]/g, '-');
    return {
      'user-agent': [...pairs.map(part), 'md/streamalert-sqs-direct'].join(' '),
      'x-amz-user-agent': pairs[0] ? part(pairs[0]) : 'aws-sdk-js',
    };
  }
}
