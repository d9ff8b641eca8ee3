/** The proxy server: each call named, counted, logged, delayed by the latency model, faulted by the plan. */
import { createServer, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AthenaQueries, type TrackedQuery } from './athena-state.js';
import { noteAnswer, noteRequest, type ProxyLogEntry } from './call-log.js';
import { FaultPlan, faultReply, type FaultRule } from './faults.js';
import { DEFAULT_LATENCY, latencyFor, sleep, type LatencyModel } from './latency.js';
import { MemorySqs } from './memory-sqs.js';
import { identifyOperation, serviceOf } from './operations.js';
import { errorCode, errorReply, isOk, jsonReply, parseJson, send, type JsonObject, type Reply } from './replies.js';
import { forward } from './upstream.js';

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

/** `/__direct/...` reaches the same upstream without latency, faults, counts or log (for preloading). */
const DIRECT = '/__direct';

export async function startAwsProxy(options: ProxyOptions): Promise<AwsProxy> {
  const target = new URL(options.target);
  let latency: LatencyModel = options.latency === false ? {} : (options.latency ?? DEFAULT_LATENCY);
  const latencyMode = options.latencyMode ?? 'add';
  const clock = options.clock ?? Date.now;
  const faults = new FaultPlan(options.faults ?? [], options.seed ?? 1);
  const athena = new AthenaQueries(options.ddlRunningMs ?? 1_500);
  const logBodies = options.logBodies ?? true;
  let log: ProxyLogEntry[] = [];
  let counts = new Map<string, { all: number; ok: number }>();
  let callNumbers = new Map<string, number>();
  let seq = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let memory: MemorySqs | undefined;

  async function upstream(req: IncomingMessage, path: string, body: Buffer, service: string, operation: string): Promise<Reply> {
    if (service === 'SQS' && memory) return memory.handle(operation.slice('SQS.'.length), parseJson(body) ?? {}, req.headers.authorization);
    return forward(target, agent, req, path, body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Buffer = Buffer.concat(chunks);
    let path = req.url ?? '/';
    const direct = path === DIRECT || path.startsWith(`${DIRECT}/`) || path.startsWith(`${DIRECT}?`);
    if (direct) path = path.slice(DIRECT.length) || '/';
    if (!path.startsWith('/')) path = `/${path}`;
    const operation = identifyOperation({ method: req.method ?? 'GET', path, headers: req.headers, body: body.toString() });
    const service = serviceOf(operation);
    if (direct) return send(res, await upstream(req, path, body, service, operation));

    const callNumber = (callNumbers.get(operation) ?? 0) + 1;
    callNumbers.set(operation, callNumber);
    const entry: ProxyLogEntry = { seq: ++seq, operation, start: arrived, end: 0, upstreamMs: 0, addedMs: 0, status: 0 };
    log.push(entry);
    const hit = faults.hit(operation, callNumber);
    const responseKind = hit.response?.rule.kind;
    if (hit.logged) entry.fault = hit.logged;
    const added = latencyFor(latency, operation) + hit.spikeMs;
    entry.addedMs = added;
    const request = parseJson(body);
    const count = (ok: boolean) => {
      const tally = counts.get(operation) ?? { all: 0, ok: 0 };
      tally.all++;
      if (ok) tally.ok++;
      counts.set(operation, tally);
    };

    if (responseKind === 'hang') {
      // Never answered: held until the client aborts (or the proxy stops and closes it).
      await new Promise<void>((resolve) => {
        if (req.socket.destroyed) resolve();
        else req.socket.once('close', () => resolve());
      });
      count(false);
      entry.end = Date.now();
      return;
    }
    if (responseKind === 'reset') {
      await sleep(added);
      count(false);
      entry.end = Date.now();
      req.socket.destroy();
      return;
    }

    noteRequest(entry, operation, request);
    // DeleteMessageBatch with injected per-entry failures: those entries are not forwarded.
    let injectedFailed: JsonObject[] = [];
    const entries: JsonObject[] = request?.Entries ?? [];
    if (operation === 'SQS.DeleteMessageBatch' && request && hit.partialDelete && !hit.response && entries.length) {
      const failing = faults.failingEntries(hit.partialDelete, callNumber, entries);
      injectedFailed = failing.map((failed) => ({
        Id: failed.Id,
        SenderFault: false,
        Code: 'InternalError',
        Message: 'injected: the entry could not be deleted',
      }));
      body = Buffer.from(JSON.stringify({ ...request, Entries: entries.filter((asked) => !failing.includes(asked)) }));
    }

    let reply: Reply;
    if (hit.response && responseKind !== 'reset-after') {
      reply = faultReply(hit.response.rule.kind, service, operation);
    } else {
      const upstreamStart = Date.now();
      try {
        // Every entry failed by injection: SQS would not be asked with an empty batch.
        if (operation === 'SQS.DeleteMessageBatch' && request && !(JSON.parse(body.toString()).Entries ?? []).length) {
          reply = jsonReply(200, { Successful: [], Failed: [] }, 'application/x-amz-json-1.0');
        } else reply = await upstream(req, path, body, service, operation);
      } catch (err) {
        reply = errorReply(service, operation, 502, 'ProxyUpstreamError', String(err));
      }
      entry.upstreamMs = Date.now() - upstreamStart;
      reply = noteAnswer(operation, reply, entry, request, {
        athena,
        logBodies,
        now: clock(),
        injectedFailed,
        queryFault: hit.query?.rule,
      });
      if (hit.corruptBody) reply = corruptFirstBody(reply, entry);
    }
    await sleep(latencyMode === 'add' ? added : added - (Date.now() - arrived));
    const ok = isOk(reply);
    count(ok && responseKind !== 'reset-after');
    entry.status = responseKind === 'reset-after' ? 0 : reply.status;
    if (!ok) entry.error = errorCode(reply);
    entry.end = Date.now();
    if (responseKind === 'reset-after') {
      req.socket.destroy();
      return;
    }
    send(res, reply);
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
    directUrl: `${url}${DIRECT}`,
    port,
    get log() {
      return log;
    },
    counts(okOnly = false) {
      return Object.fromEntries(
        [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([operation, tally]) => [operation, okOnly ? tally.ok : tally.all]),
      );
    },
    queries: () => athena.list(),
    setFaults(rules, newSeed) {
      faults.set(rules, newSeed);
    },
    setLatency(model) {
      latency = model === false ? {} : model;
    },
    setDdlRunningMs(ms) {
      athena.ddlRunningMs = ms;
    },
    resetStats() {
      log = [];
      counts = new Map();
      callNumbers = new Map();
      faults.resetHits();
      athena.clear();
      seq = 0;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  } as AwsProxy;
}

/** `corrupt-body`: the first returned message's Body altered in transit, its MD5OfBody kept. */
function corruptFirstBody(reply: Reply, entry: ProxyLogEntry): Reply {
  const answer = parseJson(reply.body);
  const first = answer?.Messages?.[0];
  if (!first) return reply;
  first.Body = `${first.Body}\u0000`;
  entry.fault = 'corrupt-body';
  return { ...reply, body: Buffer.from(JSON.stringify(answer)) };
}
