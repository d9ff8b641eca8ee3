import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_HEAD_BYTES, parseResponse, ResponseParser, type ParsedResponse } from '../../../../src/aws/sqs-direct/http1-parse.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

type Case = [name: string, raw: string, expected: Partial<ParsedResponse> & { rest?: number }, ended?: boolean];

const cases: Case[] = [
  [
    'Content-Length',
    'HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 10\r\n\r\n{"a":"ü"}',
    {
      statusCode: 200,
      body: '{"a":"ü"}',
      keepAlive: true,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'content-length': '10' },
    },
  ],
  ['no reason phrase', 'HTTP/1.1 200\r\ncontent-length: 2\r\n\r\n{}', { statusCode: 200, body: '{}' }],
  [
    'chunked, with an extension and trailers',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{"a"\r\nA\r\n:"0123456"\r\n0\r\nX-Trailer: t\r\n\r\n',
    { body: '{"a":"0123456"', keepAlive: true },
  ],
  [
    'chunked, upper-case hex, no trailers',
    'HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, chunked\r\n\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n',
    { body: 'abcdefghijklmnopqrstuvwxyz' },
  ],
  ['204 has no body', 'HTTP/1.1 204 No Content\r\ncontent-length: 5\r\n\r\n', { statusCode: 204, body: '', rest: 0 }],
  ['304 has no body', 'HTTP/1.1 304 Not Modified\r\n\r\n', { statusCode: 304, body: '' }],
  [
    'interim 100 Continue skipped',
    'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 Bad Request\r\ncontent-length: 3\r\n\r\nbad',
    { statusCode: 400, body: 'bad' },
  ],
  ['Connection: close', 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n', { keepAlive: false, body: '' }],
  ['HTTP/1.0 closes unless asked', 'HTTP/1.0 200 OK\r\ncontent-length: 1\r\n\r\nx', { keepAlive: false }],
  ['HTTP/1.0 keep-alive', 'HTTP/1.0 200 OK\r\nconnection: Keep-Alive\r\ncontent-length: 1\r\n\r\nx', { keepAlive: true }],
  [
    'a body to the end of the connection',
    'HTTP/1.1 500 Internal Server Error\r\n\r\noops',
    { statusCode: 500, body: 'oops', keepAlive: false },
    true,
  ],
  [
    'repeated fields joined, names lower-cased',
    'HTTP/1.1 200 OK\r\nX-A: 1\r\nx-a:2\r\nX-Amzn-Query-Error:  AWS.SimpleQueueService.NonExistentQueue;Sender \r\ncontent-length: 0\r\n\r\n',
    { headers: { 'x-a': '1, 2', 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender', 'content-length': '0' } },
  ],
  [
    'a coding other than chunked last: to the end, as Node reads it',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nabc',
    { body: 'abc', keepAlive: false },
    true,
  ],
  [
    'obs-text and tabs in a value, whitespace around it dropped',
    'HTTP/1.1 200 OK\r\nX: \t\u00e9\tz \r\ncontent-length: 0\r\n\r\n',
    { headers: { x: '\u00c3\u00a9\tz', 'content-length': '0' } },
  ],
  ['bytes after the response are counted', 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokEXTRA', { body: 'ok', rest: 5 }],
];

const malformed: [string, string][] = [
  ['not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n'],
  ['a bad status code', 'HTTP/1.1 2000 OK\r\n\r\n'],
  ['a header without a colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n'],
  ['a space before the colon', 'HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\nx'],
  ['a negative length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'],
  ['conflicting lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx'],
  // What Node's parser refuses and the first version accepted (issue 19):
  ['identical repeated Content-Length in one field', 'HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok'],
  ['a Content-Length field twice, equal', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok'],
  [
    'Transfer-Encoding with Content-Length',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\nok\r\n0\r\n\r\n',
  ],
  ['a control character in a header value', 'HTTP/1.1 200 OK\r\nx-amzn-RequestId: a\u001b[2Jb\r\ncontent-length: 0\r\n\r\n'],
  ['DEL in a header value', 'HTTP/1.1 200 OK\r\nX: a\u007f\r\ncontent-length: 0\r\n\r\n'],
  ['a bare LF in a header value', 'HTTP/1.1 200 OK\r\nX: a\nforged: 1\r\ncontent-length: 0\r\n\r\n'],
  ['a bare CR in a header value', 'HTTP/1.1 200 OK\r\nX: a\rb\r\ncontent-length: 0\r\n\r\n'],
  ['a bare LF after the status line', 'HTTP/1.1 200 OK\ncontent-length: 0\r\n\r\n'],
  ['a folded header line (space)', 'HTTP/1.1 200 OK\r\nX: a\r\n b\r\ncontent-length: 0\r\n\r\n'],
  ['a folded header line (tab)', 'HTTP/1.1 200 OK\r\nX: a\r\n\tb\r\ncontent-length: 0\r\n\r\n'],
  ['a space in a chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2 \r\nok\r\n0\r\n\r\n'],
  ['a bare LF after a chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nok\r\n0\r\n\r\n'],
  ['a control character in a trailer', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nT: \u0001\r\n\r\n'],
  ['a status below 100', 'HTTP/1.1 099 X\r\n\r\n'],
  ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
  ['a chunk without its CRLF', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY0\r\n\r\n'],
  ['an upgrade', 'HTTP/1.1 101 Switching Protocols\r\n\r\n'],
];

describe('parseResponse', () => {
  for (const [name, raw, expected, ended] of cases) {
    it(`parses ${name}`, () => {
      const parsed = parseResponse(bytes(raw), ended ?? false);
      assert.ok(parsed, 'complete');
      const { rest, ...response } = expected;
      for (const [k, v] of Object.entries(response)) assert.deepEqual(parsed.response[k as keyof ParsedResponse], v, k);
      if (rest !== undefined) assert.equal(parsed.rest, rest);
    });
    it(`waits for the rest of ${name}`, () => {
      const full = bytes(raw);
      const complete = parseResponse(full, ended ?? false)!;
      // Every proper prefix that ends before the response does is incomplete.
      const needed = full.length - complete.rest;
      for (let k = 0; k < needed; k++) assert.equal(parseResponse(full.subarray(0, k), false), null, `prefix of ${k} bytes`);
    });
  }

  for (const [name, raw] of malformed)
    it(`refuses ${name}`, () => assert.throws(() => parseResponse(bytes(raw), true), /malformed HTTP response/));

  it('refuses a head larger than 64 KiB, arriving in pieces or complete in one read', () => {
    assert.throws(() => parseResponse(bytes(`HTTP/1.1 200 OK\r\nx: ${'a'.repeat(MAX_HEAD_BYTES)}`), false), /head larger/);
    const whole = bytes(`HTTP/1.1 200 OK\r\nx: ${'a'.repeat(70_000)}\r\ncontent-length: 0\r\n\r\n`);
    assert.throws(() => parseResponse(whole, false), /head larger/);
    const parser = new ResponseParser();
    assert.throws(() => {
      for (let i = 0; i < whole.length; i += 1000) parser.push(whole.subarray(i, i + 1000));
    }, /head larger/);
  });

  it('gives the same answer however the bytes are split, one byte at a time included', () => {
    for (const [name, raw, , ended] of cases) {
      const full = bytes(raw);
      const whole = parseResponse(full, ended ?? false)!.response;
      const parser = new ResponseParser();
      let got: ParsedResponse | null = null;
      for (let i = 0; i < full.length; i++) got = parser.push(full.subarray(i, i + 1)) ?? got;
      if (ended) got = parser.end();
      assert.deepEqual(got, whole, name);
    }
  });

  it('reads any body, framed by length or in any chunks, as sent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.array(fc.nat(), { maxLength: 6 }), (body, cuts) => {
        const data = bytes(body);
        const withLength = Buffer.concat([bytes(`HTTP/1.1 200 OK\r\ncontent-length: ${data.length}\r\n\r\n`), data]);
        assert.equal(parseResponse(withLength, false)!.response.body, data.toString('utf8'));
        const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...points, data.length]
          .flatMap((p, i, all) => (i ? [data.subarray(all[i - 1]!, p)] : []))
          .filter((b) => b.length);
        const chunked = Buffer.concat([
          bytes('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n'),
          ...pieces.flatMap((b) => [bytes(`${b.length.toString(16)}\r\n`), b, bytes('\r\n')]),
          bytes('0\r\n\r\n'),
        ]);
        const parsed = parseResponse(chunked, false)!;
        assert.equal(parsed.response.body, data.toString('utf8'));
        assert.equal(parsed.rest, 0);
      }),
      { numRuns: 300 },
    );
  });
});
