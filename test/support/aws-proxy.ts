/**
 * An HTTP proxy of ours in front of a moto server: it names every AWS call, counts and logs it,
 * adds latency from a per-operation model, holds Athena DDL queries RUNNING for a while, and
 * injects faults deterministically from a seed. Used by the bench (bench/) and the chaos test.
 *
 *   const moto = await startMoto();
 *   const proxy = await startAwsProxy({ target: moto.url, sqs: 'memory', seed: 7,
 *     faults: [{ operation: 'SQS.ReceiveMessage', kind: 'throttle', rate: 0.1 }] });
 *   const clients = new AwsClients({ region: 'us-east-1', endpointUrl: proxy.url });
 *   ... proxy.counts()['SQS.ReceiveMessage'], proxy.log, proxy.queries() ...
 *   await proxy.stop();
 *
 * Operations are named `Service.Operation`: `SQS.ReceiveMessage`, `Athena.StartQueryExecution`,
 * `Glue.BatchCreatePartition`, `S3.PutObject`. The service comes from the SigV4 credential scope
 * (or the X-Amz-Target prefix); the operation from X-Amz-Target (JSON protocols), `Action=` (query
 * protocol), `/service/X/operation/Op` (RPC v2) or the method and path (S3 and other REST APIs).
 * Patterns in the latency model and fault rules: an exact name, `Service.*`, or `*`.
 *
 * Options (all optional except `target`):
 *   latency       per-operation milliseconds; default DEFAULT_LATENCY (issue 5's model: SQS 20 ms;
 *                 Athena StartQueryExecution, GetQueryExecution, GetDatabase 50 ms; Glue 80 ms).
 *                 `false` for none. The most specific pattern wins.
 *   latencyMode   'add' (default): the answer is held `latency` ms after the upstream answered, so a
 *                 call costs upstream time + latency. 'floor': the answer is released no earlier
 *                 than `latency` ms after the request arrived (upstream time hides inside it).
 *   ddlRunningMs  a DDL query (ALTER, MSCK, CREATE, DROP) started through the proxy reads RUNNING
 *                 for this long after its start (GetQueryExecution's State is rewritten); default
 *                 1,500. Then it reads SUCCEEDED, or FAILED/CANCELLED if a fault picked it.
 *   sqs           'moto' (default) forwards SQS to moto. 'memory' serves SQS's JSON protocol from an
 *                 in-memory standard queue in the proxy (visibility timeout, receive count, redrive
 *                 to a dead-letter queue, approximate counts; O(1) per message). Use it for more
 *                 than a few hundred messages: moto 5.2's ReceiveMessage scans the whole queue
 *                 several times per returned message (~2 s per call at 1,000 queued messages).
 *                 S3 bucket notifications are not delivered to memory queues.
 *   faults, seed  fault rules (below) and the seed that picks which calls they hit.
 *   logBodies     keep received message bodies in the log (default true; the bench turns it off).
 *
 * Fault rules: `{ operation, kind, rate }`, or `nth: [1, 5]` (1-based call numbers of that
 * operation) instead of a rate; `limit` caps how many times a rule fires. Whether call k of
 * operation O is hit depends only on (seed, rule index, O, k), so a seed replays the same faults
 * for the same sequence of calls per operation. Kinds:
 *   http500, http503   the service's error shape for an internal error / unavailable (not forwarded)
 *   throttle           SQS: HTTP 403 `RequestThrottled` (x-amzn-query-error RequestThrottled;Sender);
 *                      Athena: 400 `TooManyRequestsException` (Reason CONCURRENT_QUERY_LIMIT_EXCEEDED);
 *                      Glue and others: 400 `ThrottlingException`; S3: 503 `SlowDown` (not forwarded)
 *                      (not forwarded; the SDK does not retry it)
 *   reset              the connection is destroyed before the call reaches moto
 *   expired-token      HTTP 403 `ExpiredTokenException` (the session token expired; not forwarded)
 *   reset-after        the call is forwarded (it happened), then the connection is destroyed
 *   hang               the call is never answered (nor forwarded): the proxy holds the connection
 *                      until the client gives up (aborts) or the proxy stops
 *   denied             HTTP 400 `AccessDenied` (SQS) / `AccessDeniedException` (others): what a
 *                      missing IAM permission looks like (not forwarded, not retried by the SDK)
 *   latency            `spikeMs` (default 2,000) more latency; combines with the others
 *   query-failed,      on Athena.StartQueryExecution: the started query ends FAILED / CANCELLED
 *   query-cancelled    (with `reason`, or a Hive-like default) once its RUNNING time is over
 *   partial-delete     on SQS.DeleteMessageBatch: each entry fails with probability `entryRate`
 *                      (default 0.3, at least one entry) and is reported in `Failed` (Code
 *                      InternalError, SenderFault false) and NOT deleted; the rest are deleted.
 *   corrupt-body       on SQS.ReceiveMessage: the first returned message's Body is altered in
 *                      transit, its MD5OfBody kept (what a damaged answer looks like to the client).
 * The SDK retries throttles, 500/503 and resets by itself (up to its maxAttempts); faults hit each
 * attempt independently, since each attempt is a call.
 *
 * The API: `url` (point clients here), `directUrl` (same upstream, but no latency, faults, counts
 * or log: for preloading), `counts()` (calls per operation; `counts(true)` only those answered 2xx),
 * `log` (ProxyLogEntry[]), `queries()` (Athena queries started through the proxy, with their fate),
 * `setFaults(rules, seed?)`, `setLatency(model)`, `setDdlRunningMs(ms)`, `resetStats()`, `stop()`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type LatencyModel = Record<string, number>;

export const DEFAULT_LATENCY: LatencyModel = {
  'SQS.*': 20,
  'Athena.StartQueryExecution': 50,
  'Athena.GetQueryExecution': 50,
  'Athena.GetDatabase': 50,
  'Glue.*': 80,
};

export type FaultKind =
  | 'http500'
  | 'http503'
  | 'throttle'
  | 'reset'
  | 'reset-after'
  | 'expired-token'
  | 'hang'
  | 'denied'
  | 'latency'
  | 'query-failed'
  | 'query-cancelled'
  | 'partial-delete'
  | 'corrupt-body';

export interface FaultRule {
  /** `Service.Operation`, `Service.*` or `*`. */
  operation: string;
  kind: FaultKind;
  /** Probability per call, 0..1. */
  rate?: number;
  /** 1-based call numbers of the operation to hit (instead of, or besides, `rate`). */
  nth?: number[];
  /** At most this many hits. */
  limit?: number;
  /** `latency`: extra milliseconds. */
  spikeMs?: number;
  /** `partial-delete`: probability per entry. */
  entryRate?: number;
  /** `query-failed` / `query-cancelled`: StateChangeReason. */
  reason?: string;
}

export interface ProxyOptions {
  /** moto's URL, e.g. http://127.0.0.1:5000 */
  target: string;
  latency?: LatencyModel | false;
  latencyMode?: 'add' | 'floor';
  ddlRunningMs?: number;
  sqs?: 'moto' | 'memory';
  faults?: FaultRule[];
  seed?: number;
  logBodies?: boolean;
  /**
   * The clock of Athena's RUNNING time and the memory queue's visibility and long polls (default
   * Date.now); a test's manual clock makes them independent of the machine's speed.
   */
  clock?: () => number;
}

export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body?: string;
}

export interface ProxyLogEntry {
  seq: number;
  operation: string;
  /** Epoch ms the request arrived, and when its answer was sent (or the connection dropped). */
  start: number;
  end: number;
  /** Time moto (or the memory queue) took; 0 when the call was not forwarded. */
  upstreamMs: number;
  /** Latency the model (and spikes) added. */
  addedMs: number;
  /** HTTP status sent; 0 for a reset connection. */
  status: number;
  /** Error code sent, if any (injected or from moto). */
  error?: string;
  /** The fault injected into this call, if any. */
  fault?: FaultKind;
  /** SQS.ReceiveMessage */
  received?: ReceivedMessage[];
  /** SQS.DeleteMessageBatch / DeleteMessage: the entries asked for, and which were not deleted. */
  deleteEntries?: { id: string; receiptHandle: string }[];
  deleteFailed?: { id: string; code: string; injected: boolean }[];
  /** Athena.StartQueryExecution */
  query?: string;
  queryExecutionId?: string;
  /** Athena.GetQueryExecution: the state the client was told. */
  state?: string;
  /** Glue.BatchCreatePartition / CreatePartition */
  glue?: { database: string; table: string; values: string[][]; errors: string[][] };
}

export interface TrackedQuery {
  id: string;
  query: string;
  startedAt: number;
  ddl: boolean;
  fate: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  reason?: string;
  /** The last state a GetQueryExecution answer showed. */
  lastState?: string;
}

export interface AwsProxy {
  url: string;
  directUrl: string;
  port: number;
  log: ProxyLogEntry[];
  counts(okOnly?: boolean): Record<string, number>;
  queries(): TrackedQuery[];
  setFaults(rules: FaultRule[], seed?: number): void;
  setLatency(model: LatencyModel | false): void;
  setDdlRunningMs(ms: number): void;
  /** Clears counts, log, tracked queries and per-operation call numbers (not queue contents). */
  resetStats(): void;
  stop(): Promise<void>;
}

const SIGNING_NAMES: Record<string, string> = {
  sqs: 'SQS',
  athena: 'Athena',
  glue: 'Glue',
  s3: 'S3',
  lambda: 'Lambda',
  monitoring: 'CloudWatch',
  events: 'EventBridge',
  iam: 'IAM',
  sts: 'STS',
  logs: 'CloudWatchLogs',
  sns: 'SNS',
};

const TARGET_PREFIXES: Record<string, string> = {
  AmazonSQS: 'SQS',
  AmazonAthena: 'Athena',
  AWSGlue: 'Glue',
  AWSEvents: 'EventBridge',
  GraniteServiceVersion20100801: 'CloudWatch',
  Logs_20140328: 'CloudWatchLogs',
};

export interface RequestFacts {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Names the AWS operation of a request: `Service.Operation`. */
export function identifyOperation(r: RequestFacts): string {
  const header = (name: string) => {
    const v = r.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(header('authorization') ?? '');
  const target = header('x-amz-target');
  let service = scope ? (SIGNING_NAMES[scope[1]!] ?? scope[1]!) : undefined;
  if (target) {
    const [prefix, op] = target.split('.');
    return `${service ?? TARGET_PREFIXES[prefix!] ?? prefix}.${op}`;
  }
  const [pathname = '/', search = ''] = r.path.split('?');
  const rpc = /^\/service\/([^/]+)\/operation\/([^/]+)/.exec(pathname);
  if (rpc) return `${service ?? TARGET_PREFIXES[rpc[1]!] ?? rpc[1]}.${rpc[2]}`;
  const contentType = header('content-type') ?? '';
  if (r.method === 'POST' && contentType.includes('x-www-form-urlencoded')) {
    const action = new URLSearchParams(r.body).get('Action');
    if (action) return `${service ?? 'Unknown'}.${action}`;
  }
  const action = new URLSearchParams(search).get('Action');
  if (action) return `${service ?? 'Unknown'}.${action}`;
  service ??= 'S3';
  if (service === 'S3') return `S3.${s3Operation(r.method, pathname, new URLSearchParams(search), header('x-amz-copy-source'))}`;
  return `${service}.${r.method} ${pathname.replace(/\/[^/]*[0-9a-f]{8,}[^/]*/g, '/{id}')}`;
}

const S3_SUBRESOURCES: Record<string, string> = {
  notification: 'BucketNotificationConfiguration',
  policy: 'BucketPolicy',
  versioning: 'BucketVersioning',
  tagging: 'BucketTagging',
  lifecycle: 'BucketLifecycleConfiguration',
  acl: 'BucketAcl',
  encryption: 'BucketEncryption',
  location: 'BucketLocation',
  cors: 'BucketCors',
  publicAccessBlock: 'PublicAccessBlock',
};

function s3Operation(method: string, pathname: string, q: URLSearchParams, copySource: string | undefined): string {
  const parts = pathname.split('/').filter(Boolean);
  const verb = method === 'GET' ? 'Get' : method === 'PUT' ? 'Put' : method === 'DELETE' ? 'Delete' : method === 'HEAD' ? 'Head' : 'Post';
  if (!parts.length) return 'ListBuckets';
  if (parts.length === 1) {
    if (q.has('delete') && method === 'POST') return 'DeleteObjects';
    for (const [sub, name] of Object.entries(S3_SUBRESOURCES)) if (q.has(sub)) return `${verb}${name}`;
    if (method === 'GET') return q.get('list-type') === '2' ? 'ListObjectsV2' : q.has('uploads') ? 'ListMultipartUploads' : 'ListObjects';
    return { Put: 'CreateBucket', Delete: 'DeleteBucket', Head: 'HeadBucket', Get: 'ListObjects', Post: 'PostBucket' }[verb]!;
  }
  if (q.has('uploads') && method === 'POST') return 'CreateMultipartUpload';
  if (q.has('uploadId')) return { Put: 'UploadPart', Post: 'CompleteMultipartUpload', Delete: 'AbortMultipartUpload', Get: 'ListParts', Head: 'HeadObject' }[verb]!;
  if (q.has('tagging')) return `${verb}ObjectTagging`;
  if (method === 'PUT' && copySource) return 'CopyObject';
  return `${verb}Object`;
}

/** Most specific pattern: exact, then `Service.*`, then `*`. */
function lookup(model: LatencyModel, operation: string): number {
  return model[operation] ?? model[`${operation.split('.')[0]}.*`] ?? model['*'] ?? 0;
}

function matches(pattern: string, operation: string): boolean {
  return pattern === '*' || pattern === operation || (pattern.endsWith('.*') && operation.startsWith(pattern.slice(0, -1)));
}

/** A 32-bit hash of integers and a string → [0, 1). */
function unitHash(seed: number, ...parts: (number | string)[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  const mix = (x: number) => {
    h = Math.imul(h ^ x, 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  };
  for (const p of parts) {
    if (typeof p === 'number') mix(p >>> 0);
    else for (let i = 0; i < p.length; i++) mix(p.charCodeAt(i));
  }
  return h / 2 ** 32;
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());
const DDL = /^\s*(ALTER|MSCK|CREATE|DROP)\b/i;

interface Reply {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

type JsonObject = Record<string, any>;

function parseJson(body: Buffer | string): JsonObject | undefined {
  try {
    const v = JSON.parse(body.toString());
    return v && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

function jsonReply(status: number, value: unknown, contentType: string, extra: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': contentType, 'x-amzn-requestid': randomUUID(), ...extra }, body: Buffer.from(JSON.stringify(value)) };
}

/** The error answer a service gives, in its protocol's shape. */
function errorReply(service: string, operation: string, status: number, code: string, message: string, extra: JsonObject = {}): Reply {
  if (service === 'S3') {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomUUID()}</RequestId></Error>`;
    return { status, headers: { 'content-type': 'application/xml' }, body: Buffer.from(xml) };
  }
  if (service === 'SQS') {
    const type = `com.amazonaws.sqs#${code}`;
    const fault = status >= 500 ? 'Receiver' : 'Sender';
    return jsonReply(status, { __type: type, message }, 'application/x-amz-json-1.0', { 'x-amzn-query-error': `${code};${fault}` });
  }
  if (operation.includes(' ') || !['Athena', 'Glue', 'EventBridge', 'CloudWatchLogs'].includes(service)) {
    // Query protocol and REST services: an XML ErrorResponse is understood by query clients; REST
    // JSON clients read x-amzn-errortype.
    const xml = `<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
    return { status, headers: { 'content-type': 'text/xml', 'x-amzn-errortype': code }, body: Buffer.from(xml) };
  }
  return jsonReply(status, { __type: code, Message: message, message, ...extra }, 'application/x-amz-json-1.1', { 'x-amzn-errortype': code });
}

function faultReply(kind: FaultKind, service: string, operation: string): Reply {
  if (kind === 'expired-token') return errorReply(service, operation, 403, 'ExpiredTokenException', 'The security token included in the request is expired');
  if (kind === 'denied') {
    const code = service === 'SQS' ? 'AccessDenied' : service === 'S3' ? 'AccessDenied' : 'AccessDeniedException';
    return errorReply(service, operation, service === 'S3' ? 403 : 400, code, `injected: User: arn:aws:sts::123456789012:assumed-role/test is not authorized to perform: ${operation.toLowerCase().replace('.', ':')}`);
  }
  if (kind === 'http500') return errorReply(service, operation, 500, service === 'S3' || service === 'SQS' ? 'InternalError' : 'InternalFailure', 'injected internal error');
  if (kind === 'http503') return errorReply(service, operation, 503, service === 'S3' ? 'ServiceUnavailable' : 'ServiceUnavailable', 'injected: service unavailable');
  // throttle
  if (service === 'SQS') return errorReply(service, operation, 403, 'RequestThrottled', 'injected: request throttled');
  if (service === 'Athena') {
    return errorReply(service, operation, 400, 'TooManyRequestsException', 'injected: you have exceeded the limit for the number of queries you can run concurrently', {
      Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED',
    });
  }
  if (service === 'S3') return errorReply(service, operation, 503, 'SlowDown', 'injected: please reduce your request rate');
  return errorReply(service, operation, 400, 'ThrottlingException', 'injected: rate exceeded');
}

const RESPONSE_FAULTS = new Set<FaultKind>(['http500', 'http503', 'throttle', 'reset', 'reset-after', 'expired-token', 'hang', 'denied']);

export async function startAwsProxy(options: ProxyOptions): Promise<AwsProxy> {
  const target = new URL(options.target);
  let latency: LatencyModel = options.latency === false ? {} : (options.latency ?? DEFAULT_LATENCY);
  const latencyMode = options.latencyMode ?? 'add';
  let ddlRunningMs = options.ddlRunningMs ?? 1_500;
  const clock = options.clock ?? Date.now;
  let faults = options.faults ?? [];
  let seed = options.seed ?? 1;
  const logBodies = options.logBodies ?? true;
  let log: ProxyLogEntry[] = [];
  let counts = new Map<string, { all: number; ok: number }>();
  let callNumbers = new Map<string, number>();
  let ruleHits = new Map<number, number>();
  let tracked = new Map<string, TrackedQuery>();
  let seq = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let memory: MemorySqs | undefined;

  function pickFaults(operation: string, n: number): { rule: FaultRule; index: number }[] {
    const hits: { rule: FaultRule; index: number }[] = [];
    faults.forEach((rule, index) => {
      if (!matches(rule.operation, operation)) return;
      if (rule.limit !== undefined && (ruleHits.get(index) ?? 0) >= rule.limit) return;
      const hit = rule.nth?.includes(n) || (rule.rate !== undefined && unitHash(seed, index, operation, n) < rule.rate);
      if (!hit) return;
      ruleHits.set(index, (ruleHits.get(index) ?? 0) + 1);
      hits.push({ rule, index });
    });
    return hits;
  }

  function forward(req: IncomingMessage, path: string, body: Buffer): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      delete headers.connection;
      delete headers.expect;
      const up = httpRequest({ host: target.hostname, port: target.port, method: req.method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const h: Record<string, string | string[]> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !['connection', 'transfer-encoding', 'content-length', 'keep-alive'].includes(k)) h[k] = v;
          resolve({ status: res.statusCode ?? 502, headers: h, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    });
  }

  async function upstream(req: IncomingMessage, path: string, body: Buffer, service: string, operation: string): Promise<Reply> {
    if (service === 'SQS' && memory) return memory.handle(operation.slice(4), parseJson(body) ?? {}, req.headers.authorization);
    return forward(req, path, body);
  }

  function rewriteQueryExecution(qe: JsonObject | undefined, now: number): string | undefined {
    const t = qe && tracked.get(qe.QueryExecutionId);
    if (!qe || !t) return qe?.Status?.State;
    qe.Status ??= {};
    if (t.ddl && now < t.startedAt + ddlRunningMs) {
      qe.Status.State = 'RUNNING';
      delete qe.Status.CompletionDateTime;
    } else if (t.fate !== 'SUCCEEDED') {
      qe.Status.State = t.fate;
      qe.Status.StateChangeReason = t.reason;
      qe.Status.CompletionDateTime = (t.startedAt + ddlRunningMs) / 1000;
      if (t.fate === 'FAILED') qe.Status.AthenaError = { ErrorCategory: 2, ErrorType: 1301, Retryable: false, ErrorMessage: t.reason };
    }
    t.lastState = qe.Status.State;
    return qe.Status.State;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Buffer = Buffer.concat(chunks);
    let path = req.url ?? '/';
    const direct = path === '/__direct' || path.startsWith('/__direct/') || path.startsWith('/__direct?');
    if (direct) path = path.slice('/__direct'.length) || '/';
    if (!path.startsWith('/')) path = `/${path}`;
    const operation = identifyOperation({ method: req.method ?? 'GET', path, headers: req.headers, body: body.toString() });
    const service = operation.split('.')[0]!;
    if (direct) {
      const reply = await upstream(req, path, body, service, operation);
      return send(res, reply);
    }
    const n = (callNumbers.get(operation) ?? 0) + 1;
    callNumbers.set(operation, n);
    const entry: ProxyLogEntry = { seq: ++seq, operation, start: arrived, end: 0, upstreamMs: 0, addedMs: 0, status: 0 };
    log.push(entry);
    const hits = pickFaults(operation, n);
    const responseFault = hits.find((h) => RESPONSE_FAULTS.has(h.rule.kind));
    const spike = hits.filter((h) => h.rule.kind === 'latency').reduce((ms, h) => ms + (h.rule.spikeMs ?? 2_000), 0);
    const queryFault = hits.find((h) => h.rule.kind === 'query-failed' || h.rule.kind === 'query-cancelled');
    const partial = hits.find((h) => h.rule.kind === 'partial-delete');
    const corrupt = operation === 'SQS.ReceiveMessage' && hits.some((h) => h.rule.kind === 'corrupt-body');
    if (responseFault) entry.fault = responseFault.rule.kind;
    else if (queryFault && operation === 'Athena.StartQueryExecution') entry.fault = queryFault.rule.kind;
    else if (partial && operation === 'SQS.DeleteMessageBatch') entry.fault = 'partial-delete';
    else if (spike) entry.fault = 'latency';
    const added = lookup(latency, operation) + spike;
    entry.addedMs = added;
    const json = parseJson(body);

    const count = (ok: boolean) => {
      const c = counts.get(operation) ?? { all: 0, ok: 0 };
      c.all++;
      if (ok) c.ok++;
      counts.set(operation, c);
    };

    if (responseFault?.rule.kind === 'hang') {
      // Never answered: held until the client aborts (or the proxy stops and closes it).
      await new Promise<void>((resolve) => {
        if (req.socket.destroyed) resolve();
        else req.socket.once('close', () => resolve());
      });
      count(false);
      entry.end = Date.now();
      return;
    }
    if (responseFault?.rule.kind === 'reset') {
      await sleep(added);
      count(false);
      entry.end = Date.now();
      req.socket.destroy();
      return;
    }

    // DeleteMessageBatch with injected per-entry failures: those entries are not forwarded.
    let injectedFailed: JsonObject[] = [];
    if (operation === 'SQS.DeleteMessageBatch' && json) {
      const entries: JsonObject[] = json.Entries ?? [];
      entry.deleteEntries = entries.map((e) => ({ id: String(e.Id), receiptHandle: String(e.ReceiptHandle) }));
      if (partial && !responseFault && entries.length) {
        const rate = partial.rule.entryRate ?? 0.3;
        let failing = entries.filter((_, i) => unitHash(seed, partial.index, 'entry', n, i) < rate);
        if (!failing.length) failing = [entries[Math.floor(unitHash(seed, partial.index, 'one', n) * entries.length)]!];
        injectedFailed = failing.map((e) => ({ Id: e.Id, SenderFault: false, Code: 'InternalError', Message: 'injected: the entry could not be deleted' }));
        const keep = entries.filter((e) => !failing.includes(e));
        body = Buffer.from(JSON.stringify({ ...json, Entries: keep }));
      }
    } else if (operation === 'SQS.DeleteMessage' && json) {
      entry.deleteEntries = [{ id: '0', receiptHandle: String(json.ReceiptHandle) }];
    } else if (operation === 'Athena.StartQueryExecution' && json) {
      entry.query = String(json.QueryString ?? '');
    } else if ((operation === 'Glue.BatchCreatePartition' || operation === 'Glue.CreatePartition') && json) {
      const inputs: JsonObject[] = json.PartitionInputList ?? (json.PartitionInput ? [json.PartitionInput] : []);
      entry.glue = { database: json.DatabaseName, table: json.TableName, values: inputs.map((p) => p.Values ?? []), errors: [] };
    }

    let reply: Reply;
    if (responseFault && responseFault.rule.kind !== 'reset-after') {
      reply = faultReply(responseFault.rule.kind, service, operation);
    } else {
      const t0 = Date.now();
      try {
        if (operation === 'SQS.DeleteMessageBatch' && json && !(JSON.parse(body.toString()).Entries ?? []).length) {
          reply = jsonReply(200, { Successful: [], Failed: [] }, 'application/x-amz-json-1.0');
        } else reply = await upstream(req, path, body, service, operation);
      } catch (err) {
        reply = errorReply(service, operation, 502, 'ProxyUpstreamError', String(err));
      }
      entry.upstreamMs = Date.now() - t0;
      reply = postProcess(operation, reply, entry, json, injectedFailed, queryFault?.rule);
      if (corrupt) {
        const out = parseJson(reply.body);
        const first = out?.Messages?.[0];
        if (first) {
          first.Body = `${first.Body}\u0000`;
          entry.fault = 'corrupt-body';
          reply = { ...reply, body: Buffer.from(JSON.stringify(out)) };
        }
      }
    }
    const wait = latencyMode === 'add' ? added : added - (Date.now() - arrived);
    await sleep(wait);
    const ok = reply.status >= 200 && reply.status < 300;
    count(ok && responseFault?.rule.kind !== 'reset-after');
    entry.status = responseFault?.rule.kind === 'reset-after' ? 0 : reply.status;
    if (!ok) entry.error = errorCode(reply);
    entry.end = Date.now();
    if (responseFault?.rule.kind === 'reset-after') {
      req.socket.destroy();
      return;
    }
    send(res, reply);
  }

  function postProcess(operation: string, reply: Reply, entry: ProxyLogEntry, request: JsonObject | undefined, injectedFailed: JsonObject[], queryFault?: FaultRule): Reply {
    const ok = reply.status >= 200 && reply.status < 300;
    if (!ok) return reply;
    const now = clock();
    const out = parseJson(reply.body);
    if (!out) return reply;
    let changed = false;
    switch (operation) {
      case 'SQS.ReceiveMessage':
        entry.received = (out.Messages ?? []).map((m: JsonObject) => ({ messageId: m.MessageId, receiptHandle: m.ReceiptHandle, ...(logBodies ? { body: m.Body } : {}) }));
        break;
      case 'SQS.DeleteMessageBatch': {
        if (injectedFailed.length) {
          out.Failed = [...(out.Failed ?? []), ...injectedFailed];
          changed = true;
        }
        entry.deleteFailed = (out.Failed ?? []).map((f: JsonObject) => ({ id: String(f.Id), code: String(f.Code), injected: injectedFailed.some((i) => i.Id === f.Id) }));
        break;
      }
      case 'Athena.StartQueryExecution': {
        const id = String(out.QueryExecutionId);
        const query = String(request?.QueryString ?? '');
        entry.queryExecutionId = id;
        const fate = queryFault ? (queryFault.kind === 'query-failed' ? 'FAILED' : 'CANCELLED') : 'SUCCEEDED';
        const reason =
          queryFault?.reason ??
          (fate === 'FAILED'
            ? 'FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask (injected)'
            : fate === 'CANCELLED'
              ? 'Query was cancelled (injected)'
              : undefined);
        tracked.set(id, { id, query, startedAt: now, ddl: DDL.test(query), fate, reason });
        break;
      }
      case 'Athena.GetQueryExecution':
        entry.queryExecutionId = out.QueryExecution?.QueryExecutionId;
        entry.state = rewriteQueryExecution(out.QueryExecution, now);
        changed = true;
        break;
      case 'Athena.BatchGetQueryExecution':
        for (const qe of out.QueryExecutions ?? []) rewriteQueryExecution(qe, now);
        changed = true;
        break;
      case 'Glue.BatchCreatePartition':
        if (entry.glue) entry.glue.errors = (out.Errors ?? []).map((e: JsonObject) => e.PartitionValues ?? []);
        break;
    }
    if (!changed) return reply;
    return { ...reply, body: Buffer.from(JSON.stringify(out)) };
  }

  function errorCode(reply: Reply): string {
    const q = reply.headers['x-amzn-query-error'];
    const t = reply.headers['x-amzn-errortype'];
    const json = parseJson(reply.body);
    const xml = /<Code>([^<]+)<\/Code>/.exec(reply.body.toString());
    return String((Array.isArray(q) ? q[0] : q)?.split(';')[0] ?? json?.__type?.split('#').pop() ?? (Array.isArray(t) ? t[0] : t)?.split(':')[0] ?? xml?.[1] ?? `HTTP${reply.status}`);
  }

  function send(res: ServerResponse, reply: Reply): void {
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) });
    res.end(reply.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(err));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  if (options.sqs === 'memory') memory = new MemorySqs(url, clock);

  return {
    url,
    directUrl: `${url}/__direct`,
    port,
    get log() {
      return log;
    },
    counts(okOnly = false) {
      return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)).map(([op, c]) => [op, okOnly ? c.ok : c.all]));
    },
    queries: () => [...tracked.values()],
    setFaults(rules, newSeed) {
      faults = rules;
      if (newSeed !== undefined) seed = newSeed;
      ruleHits = new Map();
    },
    setLatency(model) {
      latency = model === false ? {} : model;
    },
    setDdlRunningMs(ms) {
      ddlRunningMs = ms;
    },
    resetStats() {
      log = [];
      counts = new Map();
      callNumbers = new Map();
      ruleHits = new Map();
      tracked = new Map();
      seq = 0;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  } as AwsProxy;
}

// ---------------------------------------------------------------------------------------------
// An in-memory SQS standard queue, JSON protocol.

interface Msg {
  id: string;
  body: string;
  md5: string;
  sentAt: number;
  firstReceiveAt?: number;
  receiveCount: number;
  /** Bumped on every state change; stale heap/deque entries carry an older generation. */
  gen: number;
  inflight: boolean;
  visibleAt: number;
  handles: string[];
}

class MemoryQueue {
  readonly messages = new Map<string, Msg>();
  /** Visible messages, oldest first (entries may be stale). */
  private ready: { m: Msg; gen: number }[] = [];
  private head = 0;
  /** In-flight messages by visibleAt (a binary min-heap; entries may be stale). */
  private heap: { at: number; m: Msg; gen: number }[] = [];
  inflightCount = 0;
  attributes: Record<string, string>;
  readonly created: number;

  constructor(
    readonly name: string,
    readonly url: string,
    readonly arn: string,
    attributes: Record<string, string>,
    now: number,
  ) {
    this.created = now;
    this.attributes = { VisibilityTimeout: '30', MessageRetentionPeriod: '345600', DelaySeconds: '0', ReceiveMessageWaitTimeSeconds: '0', ...attributes };
  }

  add(m: Msg): void {
    this.messages.set(m.id, m);
    this.ready.push({ m, gen: m.gen });
  }

  /** Moves messages whose visibility timeout ran out back to the visible list. */
  expire(now: number): void {
    const h = this.heap;
    while (h.length && h[0]!.at <= now) {
      const top = heapPop(h);
      const m = top.m;
      if (top.gen !== m.gen || !m.inflight || !this.messages.has(m.id)) continue;
      m.inflight = false;
      m.gen++;
      this.inflightCount--;
      this.ready.push({ m, gen: m.gen });
    }
  }

  nextVisible(): Msg | undefined {
    while (this.head < this.ready.length) {
      const e = this.ready[this.head++]!;
      if (e.gen === e.m.gen && !e.m.inflight && this.messages.has(e.m.id)) return e.m;
    }
    if (this.head > 0) {
      this.ready = [];
      this.head = 0;
    }
    return undefined;
  }

  compact(): void {
    if (this.head > 4096 && this.head > this.ready.length / 2) {
      this.ready = this.ready.slice(this.head);
      this.head = 0;
    }
  }

  hide(m: Msg, seconds: number, now: number): void {
    if (!m.inflight) this.inflightCount++;
    m.inflight = true;
    m.gen++;
    m.visibleAt = now + seconds * 1000;
    heapPush(this.heap, { at: m.visibleAt, m, gen: m.gen });
  }

  /** Makes an in-flight message visible at `seconds` from now (ChangeMessageVisibility). */
  setVisibility(m: Msg, seconds: number, now: number): void {
    if (seconds === 0) {
      if (m.inflight) this.inflightCount--;
      m.inflight = false;
      m.gen++;
      this.ready.push({ m, gen: m.gen });
    } else this.hide(m, seconds, now);
  }

  remove(m: Msg): void {
    if (this.messages.delete(m.id) && m.inflight) this.inflightCount--;
    m.gen++;
  }

  purge(): void {
    this.messages.clear();
    this.ready = [];
    this.head = 0;
    this.heap = [];
    this.inflightCount = 0;
  }
}

function heapPush<T extends { at: number }>(h: T[], x: T): void {
  h.push(x);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p]!.at <= h[i]!.at) break;
    [h[p], h[i]] = [h[i]!, h[p]!];
    i = p;
  }
}

function heapPop<T extends { at: number }>(h: T[]): T {
  const top = h[0]!;
  const last = h.pop()!;
  if (h.length) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let s = i;
      if (l < h.length && h[l]!.at < h[s]!.at) s = l;
      if (r < h.length && h[r]!.at < h[s]!.at) s = r;
      if (s === i) break;
      [h[s], h[i]] = [h[i]!, h[s]!];
      i = s;
    }
  }
  return top;
}

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');
const ACCOUNT_ID = '123456789012';

class MemorySqs {
  private readonly queues = new Map<string, MemoryQueue>();
  /** receipt handle → [queue name, message id] */
  private readonly handles = new Map<string, [string, string]>();
  private counter = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly clock: () => number,
  ) {}

  private ok(value: unknown): Reply {
    return jsonReply(200, value, 'application/x-amz-json-1.0');
  }

  private error(code: string, queryCode: string, message: string): Reply {
    return jsonReply(400, { __type: `com.amazonaws.sqs#${code}`, message }, 'application/x-amz-json-1.0', { 'x-amzn-query-error': `${queryCode};Sender` });
  }

  private queue(input: JsonObject): MemoryQueue | undefined {
    const url = String(input.QueueUrl ?? '');
    return this.queues.get(url.split('/').filter(Boolean).pop() ?? '');
  }

  async handle(op: string, input: JsonObject, authorization?: string): Promise<Reply> {
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization ?? '')?.[1] ?? 'us-east-1';
    const now = this.clock();
    if (op === 'CreateQueue') {
      const name = String(input.QueueName);
      let q = this.queues.get(name);
      if (!q) {
        q = new MemoryQueue(name, `${this.baseUrl}/${ACCOUNT_ID}/${name}`, `arn:aws:sqs:${region}:${ACCOUNT_ID}:${name}`, input.Attributes ?? {}, now);
        this.queues.set(name, q);
      }
      return this.ok({ QueueUrl: q.url });
    }
    if (op === 'GetQueueUrl') {
      const q = this.queues.get(String(input.QueueName));
      return q ? this.ok({ QueueUrl: q.url }) : this.noQueue();
    }
    if (op === 'ListQueues') {
      const prefix = String(input.QueueNamePrefix ?? '');
      return this.ok({ QueueUrls: [...this.queues.values()].filter((q) => q.name.startsWith(prefix)).map((q) => q.url) });
    }
    const q = this.queue(input);
    if (!q) return this.noQueue();
    switch (op) {
      case 'DeleteQueue':
        this.queues.delete(q.name);
        return this.ok({});
      case 'PurgeQueue':
        q.purge();
        return this.ok({});
      case 'SetQueueAttributes':
        Object.assign(q.attributes, input.Attributes ?? {});
        return this.ok({});
      case 'GetQueueAttributes': {
        q.expire(now);
        const all: Record<string, string> = {
          ...q.attributes,
          QueueArn: q.arn,
          ApproximateNumberOfMessages: String(q.messages.size - q.inflightCount),
          ApproximateNumberOfMessagesNotVisible: String(q.inflightCount),
          ApproximateNumberOfMessagesDelayed: '0',
          CreatedTimestamp: String(Math.floor(q.created / 1000)),
          LastModifiedTimestamp: String(Math.floor(q.created / 1000)),
        };
        const names: string[] = input.AttributeNames ?? ['All'];
        return this.ok({ Attributes: names.includes('All') ? all : Object.fromEntries(names.filter((n) => n in all).map((n) => [n, all[n]!])) });
      }
      case 'SendMessage': {
        const m = this.newMessage(String(input.MessageBody ?? ''), now);
        q.add(m);
        return this.ok({ MessageId: m.id, MD5OfMessageBody: m.md5 });
      }
      case 'SendMessageBatch': {
        const Successful = (input.Entries ?? []).map((e: JsonObject) => {
          const m = this.newMessage(String(e.MessageBody ?? ''), now);
          q.add(m);
          return { Id: e.Id, MessageId: m.id, MD5OfMessageBody: m.md5 };
        });
        return this.ok({ Successful, Failed: [] });
      }
      case 'ReceiveMessage':
        return this.receive(q, input);
      case 'DeleteMessage': {
        const r = this.deleteOne(q, String(input.ReceiptHandle));
        return r ? this.error('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', r) : this.ok({});
      }
      case 'DeleteMessageBatch': {
        const Successful: JsonObject[] = [];
        const Failed: JsonObject[] = [];
        for (const e of input.Entries ?? []) {
          const r = this.deleteOne(q, String(e.ReceiptHandle));
          if (r) Failed.push({ Id: e.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: r });
          else Successful.push({ Id: e.Id });
        }
        return this.ok({ Successful, Failed });
      }
      case 'ChangeMessageVisibility': {
        const m = this.byHandle(q, String(input.ReceiptHandle));
        if (!m) return this.error('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', 'invalid receipt handle');
        q.setVisibility(m, Number(input.VisibilityTimeout ?? 0), now);
        return this.ok({});
      }
      case 'ChangeMessageVisibilityBatch': {
        const Successful: JsonObject[] = [];
        const Failed: JsonObject[] = [];
        for (const e of input.Entries ?? []) {
          const m = this.byHandle(q, String(e.ReceiptHandle));
          if (!m) Failed.push({ Id: e.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'invalid receipt handle' });
          else {
            q.setVisibility(m, Number(e.VisibilityTimeout ?? 0), now);
            Successful.push({ Id: e.Id });
          }
        }
        return this.ok({ Successful, Failed });
      }
      default:
        return jsonReply(400, { __type: 'com.amazonaws.sqs#UnsupportedOperation', message: `the proxy's memory queue does not implement ${op}` }, 'application/x-amz-json-1.0', {
          'x-amzn-query-error': 'AWS.SimpleQueueService.UnsupportedOperation;Sender',
        });
    }
  }

  private noQueue(): Reply {
    return this.error('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
  }

  private newMessage(body: string, now: number): Msg {
    return { id: randomUUID(), body, md5: md5(body), sentAt: now, receiveCount: 0, gen: 0, inflight: false, visibleAt: 0, handles: [] };
  }

  private byHandle(q: MemoryQueue, handle: string): Msg | undefined {
    const ref = this.handles.get(handle);
    return ref && ref[0] === q.name ? q.messages.get(ref[1]) : undefined;
  }

  /** undefined when deleted (or already gone), else the reason the handle is invalid. */
  private deleteOne(q: MemoryQueue, handle: string): string | undefined {
    const ref = this.handles.get(handle);
    if (!ref || ref[0] !== q.name) return `The input receipt handle "${handle}" is not a valid receipt handle.`;
    const m = q.messages.get(ref[1]);
    // An earlier handle of the message, or a message already deleted: success, as SQS answers.
    if (m) q.remove(m);
    return undefined;
  }

  private async receive(q: MemoryQueue, input: JsonObject): Promise<Reply> {
    const max = Math.min(10, Math.max(1, Number(input.MaxNumberOfMessages ?? 1)));
    const waitMs = Math.min(20, Number(input.WaitTimeSeconds ?? q.attributes.ReceiveMessageWaitTimeSeconds ?? 0)) * 1000;
    const visibility = Number(input.VisibilityTimeout ?? q.attributes.VisibilityTimeout ?? 30);
    const wanted = new Set<string>([...(input.AttributeNames ?? []), ...(input.MessageSystemAttributeNames ?? [])]);
    const until = this.clock() + waitMs;
    const redrive = q.attributes.RedrivePolicy ? (parseJson(q.attributes.RedrivePolicy) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string }) : undefined;
    const dlq = redrive?.deadLetterTargetArn ? [...this.queues.values()].find((x) => x.arn === redrive.deadLetterTargetArn) : undefined;
    const maxReceives = Number(redrive?.maxReceiveCount ?? Infinity);
    for (;;) {
      const now = this.clock();
      q.expire(now);
      const out: Msg[] = [];
      while (out.length < max) {
        const m = q.nextVisible();
        if (!m) break;
        if (dlq && m.receiveCount >= maxReceives) {
          q.remove(m);
          const moved: Msg = { ...m, gen: 0, inflight: false, handles: [] };
          dlq.add(moved);
          continue;
        }
        m.receiveCount++;
        m.firstReceiveAt ??= now;
        const handle = Buffer.from(`${q.name}:${m.id}:${++this.counter}`).toString('base64');
        m.handles.push(handle);
        this.handles.set(handle, [q.name, m.id]);
        q.hide(m, visibility, now);
        out.push(m);
      }
      q.compact();
      if (out.length || this.clock() >= until) {
        return this.ok({
          Messages: out.map((m) => ({
            MessageId: m.id,
            ReceiptHandle: m.handles[m.handles.length - 1],
            MD5OfBody: m.md5,
            Body: m.body,
            ...(wanted.size
              ? {
                  Attributes: {
                    ApproximateReceiveCount: String(m.receiveCount),
                    SentTimestamp: String(m.sentAt),
                    ApproximateFirstReceiveTimestamp: String(m.firstReceiveAt),
                    SenderId: 'AIDAIT2UOQQY3AUEKVGXU',
                  },
                }
              : {}),
          })),
        });
      }
      await sleep(Math.min(20, until - this.clock()));
    }
  }
}
