/**
 * A keep-alive HTTP/1.1 client for the refresh's hot SQS calls (client.ts): one write per
 * request, the response parsed incrementally as it arrives (http1-parse.ts, as strict as Node's
 * own parser: test/integration/http1-differential.test.ts). Node's http module spends about
 * twice the CPU per call on its streams, parser and agent bookkeeping (bench/README.md), which a
 * function at 128 MB (7 % of a core) pays in messages per invocation. Everything else keeps
 * node:http through the SDK.
 *
 * It speaks what those calls need: a string body with its Content-Length, responses framed by
 * Content-Length, chunked encoding or the connection's end, interim 1xx answers skipped, the
 * connection reused only after a cleanly framed answer with no bytes after it and neither side
 * saying `Connection: close` (a refused answer always closes it). IPv6 literals (`[::1]`) as in
 * URLs. `destroy()` closes every connection, idle or busy. TLS through node:tls with its
 * default verification. No proxies, no HTTP/2, no request streaming. Network errors surface as
 * Node's do (`code` ECONNRESET, ...), so the SDK's retry classification reads them the same.
 */
import { isIP, connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { ResponseParser, type ParsedResponse } from './http1-parse.js';

export interface Http1Request {
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export type Http1Response = Omit<ParsedResponse, 'keepAlive'>;

export interface Http1Options {
  /** Connections per origin (the SDK's default agent allows 50). */
  maxSockets?: number;
  /** An idle connection older than this is closed instead of reused (servers drop idle ones). */
  idleMs?: number;
  /** Extra TLS options (tests pass their own CA). */
  tls?: ConnectionOptions;
}

type Exchange = { resolve: (r: Http1Response) => void; reject: (e: Error) => void; parser: ResponseParser };

interface Conn {
  socket: Socket;
  origin: Origin;
  exchange?: Exchange;
  idleSince: number;
}

interface Origin {
  key: string;
  idle: Conn[];
  /** Every connection open, idle or busy. */
  all: Set<Conn>;
  waiting: ((conn: Conn | Error) => void)[];
}

const INVALID_HEADER = /[\r\n\0]/;

function abortError(): Error {
  return Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
}

function hangUp(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

export class Http1Agent {
  private readonly origins = new Map<string, Origin>();
  private readonly maxSockets: number;
  private readonly idleMs: number;

  constructor(private readonly options: Http1Options = {}) {
    this.maxSockets = options.maxSockets ?? 50;
    this.idleMs = options.idleMs ?? 30_000;
  }

  async request(req: Http1Request, signal?: AbortSignal): Promise<Http1Response> {
    if (signal?.aborted) throw abortError();
    let head = `${req.method} ${req.path} HTTP/1.1\r\n`;
    for (const name in req.headers) {
      const value = req.headers[name]!;
      if (INVALID_HEADER.test(name) || INVALID_HEADER.test(value))
        throw new TypeError(`invalid character in HTTP header ${JSON.stringify(name)}`);
      head += `${name}: ${value}\r\n`;
    }
    const conn = await this.acquire(req, signal);
    return new Promise<Http1Response>((resolve, reject) => {
      const onAbort = () => {
        conn.socket.destroy();
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => signal?.removeEventListener('abort', onAbort);
      conn.exchange = {
        parser: new ResponseParser(),
        resolve: (r) => {
          settle();
          resolve(r);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      };
      conn.socket.ref();
      conn.socket.write(`${head}\r\n${req.body}`);
    });
  }

  /** Closes every connection; requests in flight fail. */
  destroy(): void {
    for (const origin of this.origins.values()) {
      for (const conn of origin.all) conn.socket.destroy();
      for (const wake of origin.waiting.splice(0)) wake(new Error('the HTTP agent was destroyed'));
    }
    this.origins.clear();
  }

  private acquire(req: Http1Request, signal?: AbortSignal): Promise<Conn> | Conn {
    const port = req.port ?? (req.protocol === 'https:' ? 443 : 80);
    const key = `${req.protocol}//${req.hostname}:${port}`;
    let origin = this.origins.get(key);
    if (!origin) this.origins.set(key, (origin = { key, idle: [], all: new Set(), waiting: [] }));
    const now = Date.now();
    for (let conn = origin.idle.pop(); conn; conn = origin.idle.pop()) {
      if (now - conn.idleSince < this.idleMs && !conn.socket.destroyed) return conn;
      conn.socket.destroy();
    }
    if (origin.all.size < this.maxSockets) return this.connect(origin, req.protocol, req.hostname, port);
    return new Promise<Conn>((resolve, reject) => {
      const wake = (conn: Conn | Error) => {
        signal?.removeEventListener('abort', onAbort);
        if (conn instanceof Error) reject(conn);
        else resolve(conn);
      };
      const onAbort = () => {
        origin.waiting.splice(origin.waiting.indexOf(wake), 1);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      origin.waiting.push(wake);
    });
  }

  private connect(origin: Origin, protocol: string, hostname: string, port: number): Conn {
    // A URL's IPv6 literal is bracketed; net.connect wants the bare address.
    const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
    const socket =
      protocol === 'https:'
        ? tlsConnect({ host, port, servername: isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'], ...this.options.tls })
        : tcpConnect({ host, port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 1_000);
    const conn: Conn = { socket, origin, idleSince: 0 };
    origin.all.add(conn);
    socket.on('data', (data: Buffer) => this.onData(conn, data));
    socket.on('end', () => this.onData(conn, null));
    socket.on('error', (err) => this.close(conn, err));
    socket.on('close', () => this.close(conn, hangUp()));
    return conn;
  }

  /** `data` null: the server ended the connection. */
  private onData(conn: Conn, data: Buffer | null): void {
    const ex = conn.exchange;
    if (!ex) {
      // Bytes or an end on an idle connection: it cannot be reused.
      conn.socket.destroy();
      return;
    }
    let response: ParsedResponse | null;
    try {
      response = data ? ex.parser.push(data) : ex.parser.end();
    } catch (err) {
      conn.exchange = undefined;
      conn.socket.destroy();
      return ex.reject(err as Error);
    }
    if (!response) {
      if (data === null) this.close(conn, hangUp());
      return;
    }
    conn.exchange = undefined;
    const { keepAlive, ...answer } = response;
    if (keepAlive && ex.parser.rest === 0 && data !== null) this.release(conn);
    else conn.socket.destroy();
    ex.resolve(answer);
  }

  private release(conn: Conn): void {
    const next = conn.origin.waiting.shift();
    if (next) return next(conn);
    conn.idleSince = Date.now();
    conn.socket.unref();
    conn.origin.idle.push(conn);
  }

  private close(conn: Conn, err: Error): void {
    if (conn.idleSince === -1) return;
    conn.idleSince = -1;
    conn.socket.destroy();
    const { origin } = conn;
    origin.all.delete(conn);
    const i = origin.idle.indexOf(conn);
    if (i >= 0) origin.idle.splice(i, 1);
    const ex = conn.exchange;
    conn.exchange = undefined;
    ex?.reject(err);
    // A waiter gets a fresh connection in place of the closed one.
    const next = origin.waiting.shift();
    if (next && this.origins.get(origin.key) === origin) {
      const [protocol, rest] = origin.key.split('//') as [string, string];
      const at = rest.lastIndexOf(':');
      next(this.connect(origin, protocol, rest.slice(0, at), Number(rest.slice(at + 1))));
    }
  }
}
