/**
 * Differential fuzzing of the direct path's response parser (src/aws/sqs-direct/http1-parse.ts)
 * against Node's own: the same bytes go to our ResponseParser (in random splits) and, over a raw
 * net socket server, to a node:http client. Both must accept the same inputs and give the same
 * status, headers and body; anything Node refuses, we refuse. Inputs: valid responses (every
 * framing, 1xx interims, odd but legal headers), and mutations of the hostile cases of issue 19
 * (control characters, bare CR/LF, folded lines, Transfer-Encoding with Content-Length, duplicate
 * lengths, byte flips, insertions, truncations).
 *
 * Seeded: FUZZ_SEED=<n> reruns a failure (fast-check prints the seed and the shrunk case);
 * FUZZ_RUNS scales the number of cases (default 1,200 valid + 1,800 mutated).
 *
 * Where we are deliberately stricter than Node: status lines of versions other than HTTP/1.0 and
 * 1.1 (Node takes 0.9 and 2.0), statuses below 100, and 101 (an upgrade): no SQS endpoint sends
 * them, and we refuse them.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_HEAD_BYTES, ResponseParser } from '../../src/aws/sqs-direct/http1-parse.js';

const SEED = Number(process.env.FUZZ_SEED ?? 19_2026);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);

interface Verdict {
  ok: boolean;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Ours only: bytes after the response. */
  rest?: number;
  why?: string;
}

let port = 0;
let pieces: Buffer[] = [];
const sockets = new Set<Socket>();
const server = createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => {});
  socket.once('data', () => {
    const parts = pieces;
    const write = (i: number) => {
      if (socket.destroyed) return;
      if (i === parts.length) return socket.end();
      socket.write(parts[i]!);
      setImmediate(() => write(i + 1));
    };
    write(0);
  });
});

before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

/** Node's verdict: node:http against the raw server sending `parts`. */
function node(parts: Buffer[]): Promise<Verdict> {
  pieces = parts;
  return new Promise<Verdict>((resolve) => {
    let done = false;
    const settle = (v: Verdict) => {
      if (!done) resolve(v);
      done = true;
    };
    const req = request({ host: '127.0.0.1', port, method: 'POST', agent: false, maxHeaderSize: MAX_HEAD_BYTES }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!.toLowerCase();
          const value = res.rawHeaders[i + 1]!;
          headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
        }
        settle({ ok: true, status: res.statusCode, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (e) => settle({ ok: false, why: e.message }));
      res.on('aborted', () => settle({ ok: false, why: 'aborted' }));
    });
    req.on('error', (e: Error & { reason?: string }) => settle({ ok: false, why: e.reason ?? e.message }));
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      settle({ ok: true, status: 101, why: 'upgrade' });
    });
    req.end('{}');
  });
}

/** Our verdict: the parser fed the same pieces, then the connection's end. */
function ours(parts: Buffer[]): Verdict {
  const parser = new ResponseParser();
  try {
    let got = null;
    for (const p of parts) got = parser.push(p) ?? got;
    got ??= parser.end();
    if (!got) return { ok: false, why: 'incomplete' };
    return { ok: true, status: got.statusCode, headers: got.headers, body: got.body, rest: parser.rest };
  } catch (err) {
    return { ok: false, why: (err as Error).message };
  }
}

/** Where we refuse on purpose what Node takes (see the file comment). */
function deliberatelyStricter(bytes: Buffer): boolean {
  const line = /^HTTP\/(\d)\.(\d) (\d{3})/.exec(bytes.toString('latin1', 0, 20));
  if (!line) return false;
  const code = Number(line[3]);
  return !(line[1] === '1' && (line[2] === '0' || line[2] === '1')) || code < 100 || code === 101;
}

function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  return [0, ...points, bytes.length].flatMap((p, i, all) => (i ? [bytes.subarray(all[i - 1]!, p)] : [])).filter((b) => b.length);
}

/** Verdicts seen, so a run that never exercised one side fails (the generators must reach both). */
const seen = { accepted: 0, refused: 0, stricter: 0 };

async function compare(bytes: Buffer, cuts: number[]): Promise<void> {
  const mine = ours(split(bytes, cuts));
  seen[mine.ok ? 'accepted' : 'refused']++;
  // Bytes after a complete response are the connection's problem (it is closed, never reused):
  // Node is asked about the response itself.
  const theirs = await node(split(mine.ok && mine.rest ? bytes.subarray(0, bytes.length - mine.rest) : bytes, cuts));
  const shown = JSON.stringify(bytes.toString('latin1').slice(0, 300));
  if (!mine.ok && theirs.ok && deliberatelyStricter(bytes)) {
    seen.stricter++;
    return;
  }
  assert.equal(
    mine.ok,
    theirs.ok,
    `ours ${mine.ok ? 'accepted' : `refused (${mine.why})`}, Node ${theirs.ok ? 'accepted' : `refused (${theirs.why})`}: ${shown}`,
  );
  if (!mine.ok) return;
  assert.equal(mine.status, theirs.status, shown);
  assert.deepEqual(mine.headers, theirs.headers, shown);
  assert.equal(mine.body, theirs.body, shown);
}

// --- generators ---------------------------------------------------------------------------

const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 12 });
const latin1 = (codes: number[]) => String.fromCharCode(...codes);
/** A legal field value: tab, visible ASCII, obs-text; any leading/trailing whitespace. */
const value = fc
  .array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constant(9), fc.integer({ min: 0x80, max: 0xff })), { maxLength: 24 })
  .map(latin1);
const reason = fc
  .array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constant(9), fc.integer({ min: 0x80, max: 0xff })), { maxLength: 16 })
  .map(latin1);
const field = fc.tuple(
  token.filter((t) => !/^(content-length|transfer-encoding|connection)$/i.test(t)),
  value,
);
const body = fc.oneof(
  fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)),
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(s, 'utf8')),
  fc.constantFrom(Buffer.from('{"Messages":[{"Body":"\\u0001\\u001b[2J"}]}'), Buffer.alloc(0)),
);
const extension = fc.constantFrom('', ';a', ';a=b', ';a="q \\" x"', ';a;b=c', ';=', ';a=');

interface Shape {
  version: string;
  status: number;
  reason: string;
  fields: [string, string][];
  framing: 'length' | 'chunked' | 'to-end';
  body: Buffer;
  cuts: number[];
  exts: string[];
  trailers: [string, string][];
  interim: boolean;
  connection: string | null;
}

const shape: fc.Arbitrary<Shape> = fc.record({
  version: fc.constantFrom('1.1', '1.1', '1.0'),
  status: fc.constantFrom(200, 200, 201, 204, 304, 400, 403, 404, 500, 503),
  reason: fc.oneof(fc.constant('OK'), reason),
  fields: fc.array(field, { maxLength: 6 }),
  framing: fc.constantFrom('length', 'chunked', 'to-end'),
  body,
  cuts: fc.array(fc.nat(), { maxLength: 5 }),
  exts: fc.array(extension, { maxLength: 6 }),
  trailers: fc.array(field, { maxLength: 2 }),
  interim: fc.boolean(),
  connection: fc.constantFrom(null, 'close', 'keep-alive', 'Keep-Alive, Upgrade'),
});

function render(s: Shape): Buffer {
  const head = [`HTTP/${s.version} ${s.status}${s.reason ? ` ${s.reason}` : ''}`, ...s.fields.map(([n, v]) => `${n}:${v}`)];
  if (s.connection) head.push(`Connection: ${s.connection}`);
  const parts: Buffer[] = [];
  if (s.interim) parts.push(Buffer.from('HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n', 'latin1'));
  if (s.framing === 'length') head.push(`Content-Length: ${s.body.length}`);
  if (s.framing === 'chunked') head.push('Transfer-Encoding: chunked');
  parts.push(Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'));
  if (s.framing === 'chunked') {
    split(s.body, s.cuts).forEach((b, i) =>
      parts.push(Buffer.from(`${b.length.toString(16)}${s.exts[i] ?? ''}\r\n`, 'latin1'), b, Buffer.from('\r\n')),
    );
    parts.push(Buffer.from(`0${s.exts.at(-1) ?? ''}\r\n${s.trailers.map(([n, v]) => `${n}:${v}\r\n`).join('')}\r\n`, 'latin1'));
  } else parts.push(s.body);
  return Buffer.concat(parts);
}

/** The hostile cases of issue 19, and blind byte edits. */
type Mutation = (bytes: Buffer, at: number, byte: number) => Buffer;
const headEnd = (b: Buffer) => Math.max(0, b.lastIndexOf('\r\n\r\n', b.indexOf('\r\n\r\n') + 3));
const inHead = (b: Buffer, at: number) => 1 + (at % Math.max(1, headEnd(b)));
const insertAfterStatus = (b: Buffer, text: string) => {
  const eol = b.indexOf('\r\n') + 2;
  return Buffer.concat([b.subarray(0, eol), Buffer.from(text, 'latin1'), b.subarray(eol)]);
};
const MUTATIONS: Record<string, Mutation> = {
  'control char in the head': (b, at, byte) =>
    Buffer.concat([b.subarray(0, inHead(b, at)), Buffer.from([byte % 32]), b.subarray(inHead(b, at))]),
  'DEL in a value': (b) => insertAfterStatus(b, 'X-Del: a\x7fb\r\n'),
  'bare LF for CRLF': (b, at) => {
    const i = b.indexOf('\r\n', at % Math.max(1, b.length));
    return i < 0 ? b : Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
  },
  'bare CR in a value': (b) => insertAfterStatus(b, 'X-Cr: a\rb\r\n'),
  'folded line': (b, at) => insertAfterStatus(b, `X-Fold: a\r\n${at % 2 ? ' ' : '\t'}b\r\n`),
  'Transfer-Encoding with Content-Length': (b, at) =>
    insertAfterStatus(b, at % 2 ? 'Transfer-Encoding: chunked\r\n' : 'Content-Length: 3\r\n'),
  'a second Content-Length': (b) => insertAfterStatus(b, 'Content-Length: 0\r\n'),
  'Content-Length list': (b) => insertAfterStatus(b, 'Content-Length: 1, 1\r\n'),
  'flip a byte': (b, at, byte) => {
    const c = Buffer.from(b);
    if (c.length) c[at % c.length] = byte;
    return c;
  },
  'insert a byte': (b, at, byte) =>
    Buffer.concat([b.subarray(0, at % (b.length + 1)), Buffer.from([byte]), b.subarray(at % (b.length + 1))]),
  'delete a byte': (b, at) => Buffer.concat([b.subarray(0, at % Math.max(1, b.length)), b.subarray((at % Math.max(1, b.length)) + 1)]),
  truncate: (b, at) => b.subarray(0, at % (b.length + 1)),
  'space before the colon': (b) => insertAfterStatus(b, 'X-Space : 1\r\n'),
};

const runs = (n: number) => Math.max(1, Math.round(n * RUNS));

describe('http1-parse against Node: the same verdict on the same bytes', () => {
  it('valid responses, any split', async () => {
    await fc.assert(
      fc.asyncProperty(shape, fc.array(fc.nat(), { maxLength: 6 }), async (s, cuts) => compare(render(s), cuts)),
      { seed: SEED, numRuns: runs(1_200) },
    );
  });

  it('mutations of the hostile cases, any split', async () => {
    await fc.assert(
      fc.asyncProperty(
        shape,
        fc.constantFrom(...Object.keys(MUTATIONS)),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (s, m, at, byte, cuts) => compare(MUTATIONS[m]!(render(s), at, byte), cuts),
      ),
      { seed: SEED + 1, numRuns: runs(1_800) },
    );
    // Both verdicts were reached, most of them real comparisons.
    assert.ok(seen.accepted > runs(1_200) && seen.refused > runs(600) && seen.stricter < seen.refused / 10, JSON.stringify(seen));
  });

  it('the fixed hostile cases: both refuse', async () => {
    const big = `HTTP/1.1 200 OK\r\nx-amzn-RequestId: ${'a'.repeat(70_000)}\r\ncontent-length: 0\r\n\r\n`;
    const hostile = [
      'HTTP/1.1 200 OK\r\nx-amzn-RequestId: \x1b[2J\x1b[31mforged\r\ncontent-length: 0\r\n\r\n',
      'HTTP/1.1 200 OK\r\nx-amzn-RequestId: a\nforged: 1\r\ncontent-length: 0\r\n\r\n',
      'HTTP/1.1 200 OK\r\nX: a\r\n b\r\ncontent-length: 0\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n',
      big,
    ];
    for (const raw of hostile) {
      const bytes = Buffer.from(raw, 'latin1');
      await compare(bytes, []);
      assert.equal(ours([bytes]).ok, false, raw.slice(0, 60));
    }
  });
});
