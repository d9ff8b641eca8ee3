/**
 * The hot SQS calls' HTTP/1.1 client (src/aws/http1.ts) against real node:http and node:https
 * servers on loopback: connections kept and reused, capped per origin, closed when either side
 * says so, errors surfacing with Node's codes, aborts, TLS verification on.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createRawServer, type AddressInfo, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { Http1Agent, type Http1Request } from '../../src/aws/sqs-direct/http1.js';

const TLS = new URL('../support/tls/', import.meta.url);
const cert = readFileSync(new URL('localhost-test-only.crt', TLS));
const key = readFileSync(new URL('localhost-test-only.key', TLS));

interface Served {
  port: number;
  /** Connections the server accepted. */
  connections: Socket[];
  requests: { body: string; headers: IncomingMessage['headers'] }[];
}

const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

async function serve(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void, tls = false): Promise<Served> {
  const served: Served = { port: 0, connections: [], requests: [] };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      served.requests.push({ body, headers: req.headers });
      handle(req, res, body);
    });
  };
  const server = tls ? createTlsServer({ cert, key }, onRequest) : createServer(onRequest);
  server.on(tls ? 'secureConnection' : 'connection', (s: Socket) => served.connections.push(s));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  served.port = (server.address() as AddressInfo).port;
  return served;
}

const echo = (_req: IncomingMessage, res: ServerResponse, body: string) => {
  res.writeHead(200, { 'content-type': 'application/json', 'x-seen': String(Buffer.byteLength(body)) });
  res.end(JSON.stringify({ body }));
};

const post = (port: number, body = '{}', headers: Record<string, string> = {}, protocol = 'http:'): Http1Request => ({
  protocol,
  hostname: '127.0.0.1',
  port,
  path: '/',
  method: 'POST',
  headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
  body,
});

async function failure(p: Promise<unknown>): Promise<Error & { code?: string }> {
  return p.then(
    () => assert.fail('expected the request to fail'),
    (e: Error) => e,
  );
}

describe('Http1Agent', () => {
  it('sends the body as it is and reads the answer, over one kept-alive connection', async () => {
    const s = await serve(echo);
    const agent = new Http1Agent();
    for (const body of ['{"a":1}', '{"text":"ünïcødé ✓ 日本"}', '']) {
      const r = await agent.request(post(s.port, body));
      assert.equal(r.statusCode, 200);
      assert.deepEqual(JSON.parse(r.body), { body });
      assert.equal(r.headers['x-seen'], String(Buffer.byteLength(body)));
    }
    assert.equal(s.connections.length, 1);
    agent.destroy();
  });

  it('reads chunked answers and error statuses', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.write('{"message":');
      res.end('"busy"}');
    });
    const agent = new Http1Agent();
    const r = await agent.request(post(s.port));
    assert.equal(r.statusCode, 503);
    assert.equal(r.headers['transfer-encoding'], 'chunked');
    assert.deepEqual(JSON.parse(r.body), { message: 'busy' });
    agent.destroy();
  });

  it('opens at most maxSockets connections per origin; the other requests wait their turn', async () => {
    const s = await serve(echo);
    const agent = new Http1Agent({ maxSockets: 2 });
    const bodies = Array.from({ length: 12 }, (_, i) => `{"n":${i}}`);
    const answers = await Promise.all(bodies.map((b) => agent.request(post(s.port, b))));
    assert.deepEqual(
      answers.map((a) => JSON.parse(a.body).body),
      bodies,
    );
    assert.ok(s.connections.length <= 2, `${s.connections.length} connections`);
    agent.destroy();
  });

  it('does not reuse a connection the server closes or one idle longer than idleMs', async () => {
    const closing = await serve((_req, res) => {
      res.setHeader('connection', 'close');
      echo(_req, res, '');
    });
    const agent = new Http1Agent();
    await agent.request(post(closing.port));
    await agent.request(post(closing.port));
    assert.equal(closing.connections.length, 2);
    const s = await serve(echo);
    const eager = new Http1Agent({ idleMs: 0 });
    await eager.request(post(s.port));
    await eager.request(post(s.port));
    assert.equal(s.connections.length, 2);
    agent.destroy();
    eager.destroy();
  });

  it('fails with ECONNRESET when the server drops the connection mid-answer or without one', async () => {
    const midway = await serve((req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setImmediate(() => req.socket.destroy());
    });
    const agent = new Http1Agent();
    assert.equal((await failure(agent.request(post(midway.port)))).code, 'ECONNRESET');
    const silent = await serve((req) => req.socket.destroy());
    assert.equal((await failure(agent.request(post(silent.port)))).code, 'ECONNRESET');
    agent.destroy();
  });

  it('fails with ECONNREFUSED when nothing listens', async () => {
    const s = await serve(echo);
    await new Promise<void>((r) => servers.pop()!.close(() => r()));
    assert.equal((await failure(new Http1Agent().request(post(s.port)))).code, 'ECONNREFUSED');
  });

  it('aborts before sending, while waiting for the answer, and while waiting for a connection', async () => {
    let arrived!: () => void;
    const held: ServerResponse[] = [];
    const s = await serve((_req, res) => {
      held.push(res);
      arrived();
    });
    const agent = new Http1Agent({ maxSockets: 1 });
    assert.equal((await failure(agent.request(post(s.port), AbortSignal.abort()))).name, 'AbortError');
    const seen = new Promise<void>((r) => (arrived = r));
    const first = new AbortController();
    const pending = agent.request(post(s.port), first.signal);
    await seen;
    const queued = new AbortController();
    const waiting = agent.request(post(s.port, '{"queued":true}'), queued.signal);
    queued.abort();
    assert.equal((await failure(waiting)).name, 'AbortError');
    first.abort();
    assert.equal((await failure(pending)).name, 'AbortError');
    // The aborted exchange's connection is closed; the next request gets a new one and succeeds.
    const again = new Promise<void>((r) => (arrived = r));
    const next = agent.request(post(s.port, '{"n":2}'));
    await again;
    echo(undefined as never, held.at(-1)!, '{"n":2}');
    assert.equal((await next).statusCode, 200);
    assert.equal(s.requests.length, 2, 'the queued request was never sent');
    agent.destroy();
  });

  it('refuses a header value that would split the request', async () => {
    const s = await serve(echo);
    await assert.rejects(new Http1Agent().request(post(s.port, '{}', { 'x-bad': 'a\r\nx-injected: 1' })), TypeError);
    assert.equal(s.requests.length, 0);
  });

  it('speaks TLS, verifying the server certificate', async () => {
    const s = await serve(echo, true);
    const trusting = new Http1Agent({ tls: { ca: cert } });
    const r = await trusting.request({ ...post(s.port, '{"tls":true}', { host: `localhost:${s.port}` }, 'https:'), hostname: 'localhost' });
    assert.deepEqual(JSON.parse(r.body), { body: '{"tls":true}' });
    const strict = new Http1Agent();
    const err = await failure(strict.request({ ...post(s.port, '{}', {}, 'https:'), hostname: 'localhost' }));
    assert.match(err.code ?? '', /SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    trusting.destroy();
    strict.destroy();
  });

  it('reads large answers copying each byte a bounded number of times (no re-parse per read)', async () => {
    const mib = Buffer.alloc(1 << 20, 'a');
    const controls = Buffer.alloc(256 << 10, '\\u0001');
    const s = await serve((_req, res) => {
      const big = _req.headers['x-kind'] === 'length';
      if (big) res.writeHead(200, { 'content-length': String(10 * mib.length) });
      else res.writeHead(200); // chunked
      for (let i = 0; i < 10; i++) res.write(big ? mib : controls);
      res.end();
    });
    const agent = new Http1Agent();
    const original = Buffer.concat;
    let copied = 0;
    Buffer.concat = ((list: readonly Uint8Array[], length?: number) => {
      copied += length ?? list.reduce((n, b) => n + b.length, 0);
      return original(list, length);
    }) as typeof Buffer.concat;
    try {
      const length = await agent.request(post(s.port, '{}', { 'x-kind': 'length' }));
      assert.equal(length.body.length, 10 * mib.length);
      assert.ok(copied <= 2 * 10 * mib.length, `${copied} bytes copied for a ${10 * mib.length}-byte body`);
      copied = 0;
      const chunked = await agent.request(post(s.port, '{}', { 'x-kind': 'chunked' }));
      assert.equal(chunked.body.length, 10 * controls.length);
      assert.ok(copied <= 2 * 10 * controls.length, `${copied} bytes copied for a ${10 * controls.length}-byte body`);
    } finally {
      Buffer.concat = original;
      agent.destroy();
    }
  });

  it('refuses Transfer-Encoding with Content-Length and never reuses that connection', async () => {
    const accepted: Socket[] = [];
    const raw = createRawServer((socket) => {
      accepted.push(socket);
      socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n0\r\n\r\n'));
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    const port = (raw.address() as AddressInfo).port;
    const agent = new Http1Agent();
    try {
      for (let i = 0; i < 2; i++) assert.match((await failure(agent.request(post(port)))).message, /Transfer-Encoding with Content-Length/);
      assert.equal(accepted.length, 2, 'each request on a new connection');
    } finally {
      agent.destroy();
      accepted.forEach((c) => c.destroy());
      raw.close();
    }
  });
});
