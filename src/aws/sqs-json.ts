/**
 * ReceiveMessage and DeleteMessageBatch, the two calls a drain makes thousands of times, without
 * the SDK's per-call middleware stack. Through `SQSClient.send` each call cost about 1 ms of CPU,
 * most of a run's CPU (issue 11, bench/README.md): building the command, schema-driven
 * serialization, endpoint rules, auth-scheme and identity resolution, a new signer per call (so
 * no cached signing key), the user agent assembled anew, then node:http's streams. Here a call is
 * JSON.stringify, a SigV4 signature (sigv4.ts) with the client's credentials and clock offset, one
 * write on a kept-alive connection (http1.ts), JSON.parse, and the MD5 of every received body
 * checked against MD5OfBody as the SDK's SQS client does. Retries are the SDK's own retry
 * middleware with the client's retry strategy (standard mode, maxAttempts, retry quota).
 *
 * It reproduces the endpoint set-ups ClientFactory's clients use: an explicit endpoint, or the
 * queue URL's host (`useQueueUrlAsEndpoint`). Any other client goes through `SQSClient.send`.
 * The client's requestHandler is not used: ClientFactory never sets one (no proxy agent; the SDK
 * reads no HTTP(S)_PROXY variables either).
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
import { retryMiddleware } from '@smithy/core/retry';
import { credentialsError } from './credentials.js';
import { Http1Agent, type Http1Response } from './http1.js';
import { clientHooks } from './middleware.js';
import { md5Hex, plainPath, SigV4, type Credentials } from './sigv4.js';

interface Operations {
  ReceiveMessage: { input: ReceiveMessageRequest; output: ReceiveMessageResult };
  DeleteMessageBatch: { input: DeleteMessageBatchRequest; output: DeleteMessageBatchResult };
}
type Operation = keyof Operations;

const COMMANDS = { ReceiveMessage: ReceiveMessageCommand, DeleteMessageBatch: DeleteMessageBatchCommand };

export interface SqsCallOptions {
  abortSignal?: AbortSignal;
}

interface Endpoint {
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
}

interface Request extends Endpoint {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

type Response = Http1Response;

/** The SDK's threshold for correcting the signing clock from a response's Date header. */
const CLOCK_SKEW_MS = 300_000;

export class SqsJson {
  private signer: Promise<SigV4> | undefined;
  private userAgent: Promise<Record<string, string>> | undefined;
  private readonly endpoints = new Map<string, Promise<Endpoint | undefined>>();
  /** Its own keep-alive connections (http1.ts), not the client's requestHandler. */
  private readonly http = new Http1Agent();

  constructor(private readonly client: SQSClient) {}

  /** Whether this client's endpoint is one this path reproduces; if not, calls go through `send`. */
  get direct(): boolean {
    const config = this.client.config;
    return config.isCustomEndpoint || config.useQueueUrlAsEndpoint !== false;
  }

  async send<K extends Operation>(operation: K, input: Operations[K]['input'], options: SqsCallOptions = {}): Promise<Operations[K]['output']> {
    const config = this.client.config;
    const endpoint = this.direct ? await this.endpoint(input.QueueUrl) : undefined;
    if (!endpoint) {
      const Command = COMMANDS[operation] as new (input: Operations[K]['input']) => ReceiveMessageCommand;
      return this.client.send(new Command(input), options) as Promise<Operations[K]['output']>;
    }
    const body = JSON.stringify(input);
    const request: Request = {
      method: 'POST',
      ...endpoint,
      headers: {
        host: endpoint.port ? `${endpoint.hostname}:${endpoint.port}` : endpoint.hostname,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `AmazonSQS.${operation}`,
        // Errors carry the query protocol's codes too (x-amzn-query-error), as the SDK asks.
        'x-amzn-query-mode': 'true',
        'content-length': String(Buffer.byteLength(body)),
        ...(await (this.userAgent ??= this.userAgentHeaders())),
      },
      body,
    };
    let attempts = 0;
    const attempt = async (args: { request: unknown }) => {
      const started = performance.now();
      const number = ++attempts;
      let response: Response | undefined;
      try {
        response = await this.attempt(args.request as Request, options.abortSignal);
        const text = response.body;
        if (response.statusCode < 200 || response.statusCode >= 300) throw this.serviceError(response, text);
        const output = (text ? JSON.parse(text) : {}) as Operations[K]['output'] & { $metadata: object };
        output.$metadata = { httpStatusCode: response.statusCode, requestId: response.headers['x-amzn-requestid'] };
        this.log(operation, number, started, response);
        return { response, output };
      } catch (err) {
        this.log(operation, number, started, response, err);
        throw err;
      }
    };
    // The SDK's retry middleware: the client's retry strategy (standard mode, maxAttempts, retry
    // quota), the same error classification, Retry-After hints and abort handling.
    const retrying = retryMiddleware({ retryStrategy: config.retryStrategy, maxAttempts: config.maxAttempts, logger: config.logger })(attempt as never, {
      __smithy_context: { abortSignal: options.abortSignal },
    } as never);
    const hooks = clientHooks(this.client);
    let output: Operations[K]['output'];
    try {
      ({ output } = (await retrying({ input, request } as never)) as { output: Operations[K]['output'] });
    } catch (err) {
      // As the middleware ClientFactory adds: credential failures become CredentialsError.
      throw (hooks && (await credentialsError(err, hooks.credentials, { service: hooks.serviceId, operation }))) ?? err;
    }
    if (operation === 'ReceiveMessage') checkBodies(config, output as ReceiveMessageResult);
    return output;
  }

  /** With `--debug` (the client's onRequest hook): one record per attempt, as middleware.ts writes. */
  private log(operation: Operation, attempt: number, started: number, response: Response | undefined, err?: unknown): void {
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

  /** One HTTP attempt, signed anew (the retry middleware changes the attempt header). */
  private async attempt(request: Request, abortSignal: AbortSignal | undefined): Promise<Response> {
    const config = this.client.config;
    const signer = await (this.signer ??= config.region().then((region) => new SigV4(region, 'sqs')));
    const signed = signer.sign(request, (await config.credentials()) as Credentials, new Date(Date.now() + (config.systemClockOffset ?? 0)));
    return this.http.request(signed, abortSignal);
  }

  private endpoint(queueUrl: string | undefined): Promise<Endpoint | undefined> {
    const key = this.client.config.isCustomEndpoint ? '' : (queueUrl ?? '');
    let found = this.endpoints.get(key);
    if (!found) {
      found = this.resolveEndpoint(queueUrl);
      this.endpoints.set(key, found);
    }
    return found;
  }

  /** Undefined when the path is not one sigv4.ts signs: then the SDK sends the call. */
  private async resolveEndpoint(queueUrl: string | undefined): Promise<Endpoint | undefined> {
    const config = this.client.config;
    if (config.isCustomEndpoint) {
      const configured = await config.endpoint!();
      if (!plainPath(configured.path || '/')) return undefined;
      return { protocol: configured.protocol, hostname: configured.hostname, port: configured.port, path: configured.path || '/' };
    }
    if (!queueUrl) throw new Error('QueueUrl is required');
    const url = new URL(queueUrl);
    return { protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: '/' };
  }

  /** The SDK's user agent, assembled once per client instead of on every call. */
  private async userAgentHeaders(): Promise<Record<string, string>> {
    const pairs = (await this.client.config.defaultUserAgentProvider()) as [string, string?][];
    const part = ([name, version]: [string, string?]) => (version ? `${name}/${version}` : name).replace(/[^!#$%&'*+\-.^_`|~\w/]/g, '-');
    return { 'user-agent': [...pairs.map(part), 'md/streamalert-sqs-json'].join(' '), 'x-amz-user-agent': pairs[0] ? part(pairs[0]) : 'aws-sdk-js' };
  }

  /** An error shaped like the SDK's, so its retry classification and `awsError` read it the same. */
  private serviceError(response: Response, text: string): Error {
    let data: Record<string, unknown> = {};
    try {
      data = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON: a proxy's or load balancer's page; the status says what it was
    }
    const type = String(data.__type ?? response.headers['x-amzn-errortype'] ?? '');
    const name = type.split('#').pop()!.split(':')[0] || 'UnknownError';
    const [queryCode, queryFault] = (response.headers['x-amzn-query-error'] ?? '').split(';');
    const message = String(data.message ?? data.Message ?? `HTTP ${response.statusCode}`);
    const metadata: Record<string, unknown> = { httpStatusCode: response.statusCode, requestId: response.headers['x-amzn-requestid'] };
    // A Date header far from our clock: sign with the server's time from now on, and retry.
    const config = this.client.config;
    const serverTime = Date.parse(response.headers.date ?? '');
    if (serverTime && Math.abs(Date.now() + (config.systemClockOffset ?? 0) - serverTime) >= CLOCK_SKEW_MS) {
      config.systemClockOffset = serverTime - Date.now();
      metadata.clockSkewCorrected = true;
    }
    return Object.assign(new Error(message), {
      name,
      ...(queryCode ? { Code: queryCode, Type: queryFault } : {}),
      $fault: response.statusCode >= 500 ? 'server' : 'client',
      $metadata: metadata,
      $response: response,
    });
  }
}

/** As the SDK's SQS client: a body whose MD5 differs from MD5OfBody fails the whole receive. */
function checkBodies(config: { md5?: unknown }, output: ReceiveMessageResult): void {
  if (config.md5 === false || !output.Messages) return;
  const bad = output.Messages.filter((m) => md5Hex(m.Body ?? '') !== m.MD5OfBody).map((m) => m.MessageId);
  if (bad.length) throw new Error(`Invalid MD5 checksum on messages: ${bad.join(', ')}`);
}
