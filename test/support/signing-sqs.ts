/**
 * A minimal SQS JSON endpoint that checks every request's SigV4 signature, as AWS does and moto
 * does not: it recomputes the Authorization header with the SDK's own signer from the known test
 * credentials and what arrived on the wire (method, path, query, the signed headers, body), and
 * refuses a mismatch with 403 SignatureDoesNotMatch, as it does an x-amz-content-sha256 that is not
 * the body's SHA-256. It holds an in-memory list of messages for
 * ReceiveMessage and answers DeleteMessageBatch; it counts open connections and keeps each
 * request's line and headers, and can answer the next requests with a given status.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SigningSqs {
  url: string;
  port: number;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; verified: boolean }[];
  /** Connections open now. */
  open: () => number;
  /** Resolves once no connection is open. */
  allClosed: () => Promise<void>;
  /** Answer the next requests with these statuses (then as usual). */
  failNext: (...statuses: number[]) => void;
  queue: string[];
  stop: () => Promise<void>;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const sha256 = new SQSClient({ region: 'us-east-1' }).config.sha256;
const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

function query(search: URLSearchParams): Record<string, string | string[] | null> {
  const out: Record<string, string | string[] | null> = {};
  for (const [k, v] of search) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev as string, v];
  }
  return out;
}

/** The Authorization header the SDK's signer computes for what arrived, or a reason it cannot. */
async function expectedAuthorization(req: IncomingMessage, body: string, creds: Credentials, region: string): Promise<string> {
  const auth = String(req.headers.authorization ?? '');
  const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
  const date = String(req.headers['x-amz-date'] ?? '');
  const when = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  if (!when || !signed.length) return 'unsigned';
  if ((req.headers['x-amz-security-token'] ?? undefined) !== creds.sessionToken) return 'wrong session token';
  // As AWS: a signed payload hash must be the body's (the signer takes the header as it is).
  const payloadHash = req.headers['x-amz-content-sha256'];
  if (payloadHash !== undefined && payloadHash !== createHash('sha256').update(body, 'utf8').digest('hex')) return 'wrong payload hash';
  const headers: Record<string, string> = {};
  for (const name of signed) if (req.headers[name] !== undefined) headers[name] = String(req.headers[name]);
  const url = new URL(req.url!, 'http://x');
  const signer = new SignatureV4({ credentials: creds, region, service: 'sqs', sha256, uriEscapePath: true });
  const [, y, mo, d, h, mi, s] = when;
  const request = {
    method: req.method!,
    protocol: 'http:',
    hostname: 'x',
    path: url.pathname,
    query: query(url.searchParams),
    headers,
    body,
  };
  const out = await signer.sign(request as never, { signingDate: new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!)) });
  return String((out as unknown as { headers: Record<string, string> }).headers.authorization);
}

export async function startSigningSqs(creds: Credentials, options: { host?: string; region?: string } = {}): Promise<SigningSqs> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'us-east-1';
  const sockets = new Set<Socket>();
  let waiters: (() => void)[] = [];
  const failing: number[] = [];
  let ids = 0;
  const state = { queue: [] as string[] };
  const answer = (res: ServerResponse, status: number, data: unknown, code?: string) => {
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': `req-${++ids}`,
      ...(code ? { 'x-amzn-query-error': `${code};Sender` } : {}),
    });
    res.end(JSON.stringify(data));
  };
  const requests: SigningSqs['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      void expectedAuthorization(req, body, creds, region).then((expected) => {
        const verified = expected === req.headers.authorization;
        requests.push({ method: req.method!, url: req.url!, headers: req.headers, verified });
        if (!verified)
          return answer(
            res,
            403,
            {
              __type: 'com.amazonaws.sqs#SignatureDoesNotMatch',
              message: 'The request signature we calculated does not match the signature you provided.',
            },
            'SignatureDoesNotMatch',
          );
        const status = failing.shift();
        if (status) return answer(res, status, { __type: 'com.amazonaws.sqs#InternalError', message: 'injected' });
        const input = JSON.parse(body || '{}') as { MaxNumberOfMessages?: number; Entries?: { Id: string }[] };
        if (req.headers['x-amz-target'] === 'AmazonSQS.ReceiveMessage') {
          const taken = state.queue.splice(0, input.MaxNumberOfMessages ?? 1);
          const Messages = taken.map((Body, i) => ({
            MessageId: `m-${ids}-${i}`,
            ReceiptHandle: `r-${ids}-${i}`,
            Body,
            MD5OfBody: md5(Body),
          }));
          return answer(res, 200, Messages.length ? { Messages } : {});
        }
        return answer(res, 200, { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })), Failed: [] });
      });
    });
  });
  // Idle connections stay open until the client closes them (Node's default closes them after 5 s).
  server.keepAliveTimeout = 0;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => {
      sockets.delete(s);
      if (sockets.size === 0) for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    requests,
    get queue() {
      return state.queue;
    },
    set queue(q: string[]) {
      state.queue = q;
    },
    open: () => sockets.size,
    allClosed: () => (sockets.size === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
    failNext: (...statuses) => failing.push(...statuses),
    stop: async () => {
      waiters = [];
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
