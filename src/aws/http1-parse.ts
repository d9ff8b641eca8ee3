/**
 * Parsing an HTTP/1.1 response from the bytes received so far (http1.ts). Pure: the same bytes
 * give the same answer, `null` while more are needed, a throw when they cannot be a response.
 * Framing as RFC 9112 section 6.3: no body for 204 and 304; chunked transfer coding; else
 * Content-Length; else the body runs to the connection's end. Interim 1xx answers are skipped.
 */

export interface ParsedResponse {
  statusCode: number;
  /** Lower-case names; repeated fields joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** Whether the connection may carry another request. */
  keepAlive: boolean;
}

/** Larger heads are refused (Node's http parser allows 16 KiB by default). */
export const MAX_HEAD_BYTES = 65_536;

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/;
const DIGITS = /^\d+$/;
const HEX = /^[0-9a-fA-F]+$/;

function malformed(why: string): Error {
  return Object.assign(new Error(`malformed HTTP response: ${why}`), { code: 'HPE_INVALID' });
}

/**
 * `ended`: the connection has closed, so a body without a length is complete. Returns the
 * response and how many bytes followed it (a server must send none).
 */
export function parseResponse(buf: Buffer, ended: boolean): { response: ParsedResponse; rest: number } | null {
  let offset = 0;
  for (;;) {
    const headEnd = buf.indexOf('\r\n\r\n', offset, 'latin1');
    if (headEnd < 0) {
      if (buf.length - offset > MAX_HEAD_BYTES) throw malformed('head larger than 64 KiB');
      return null;
    }
    const lines = buf.toString('latin1', offset, headEnd).split('\r\n');
    const status = STATUS_LINE.exec(lines[0]!);
    if (!status) throw malformed(`status line ${JSON.stringify(lines[0]!.slice(0, 80))}`);
    const statusCode = Number(status[2]);
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0 || line[colon - 1] === ' ') throw malformed(`header line ${JSON.stringify(line.slice(0, 80))}`);
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    const bodyStart = headEnd + 4;
    if (statusCode === 101) throw malformed('protocol upgrade');
    if (statusCode < 200) {
      offset = bodyStart;
      continue;
    }
    const connection = (headers.connection ?? '').toLowerCase();
    let keepAlive = status[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
    let body: Buffer;
    let end: number;
    if (statusCode === 204 || statusCode === 304) {
      body = Buffer.alloc(0);
      end = bodyStart;
    } else if (headers['transfer-encoding'] !== undefined) {
      const codings = headers['transfer-encoding'].toLowerCase().split(',');
      if (codings[codings.length - 1]!.trim() !== 'chunked') throw malformed(`transfer-encoding ${headers['transfer-encoding']}`);
      const chunked = readChunked(buf, bodyStart);
      if (!chunked) return null;
      ({ body, end } = chunked);
    } else if (headers['content-length'] !== undefined) {
      const values = new Set(headers['content-length'].split(',').map((v) => v.trim()));
      const [length] = values;
      if (values.size !== 1 || !DIGITS.test(length!)) throw malformed(`content-length ${headers['content-length']}`);
      end = bodyStart + Number(length);
      if (buf.length < end) return null;
      body = buf.subarray(bodyStart, end);
    } else {
      if (!ended) return null;
      body = buf.subarray(bodyStart);
      end = buf.length;
      keepAlive = false;
    }
    return { response: { statusCode, headers, body: body.toString('utf8'), keepAlive }, rest: buf.length - end };
  }
}

/** The chunked body starting at `at`, trailers skipped; null while incomplete. */
function readChunked(buf: Buffer, at: number): { body: Buffer; end: number } | null {
  const parts: Buffer[] = [];
  let p = at;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', p, 'latin1');
    if (lineEnd < 0) return null;
    const sizeText = buf.toString('latin1', p, lineEnd).split(';')[0]!.trim();
    if (!HEX.test(sizeText) || sizeText.length > 12) throw malformed(`chunk size ${JSON.stringify(sizeText.slice(0, 20))}`);
    const size = parseInt(sizeText, 16);
    if (size === 0) {
      // Trailer fields, then an empty line.
      if (buf.length < lineEnd + 4) return null;
      if (buf[lineEnd + 2] === 13 && buf[lineEnd + 3] === 10) return { body: Buffer.concat(parts), end: lineEnd + 4 };
      const trailersEnd = buf.indexOf('\r\n\r\n', lineEnd + 2, 'latin1');
      return trailersEnd < 0 ? null : { body: Buffer.concat(parts), end: trailersEnd + 4 };
    }
    const dataEnd = lineEnd + 2 + size;
    if (buf.length < dataEnd + 2) return null;
    if (buf[dataEnd] !== 13 || buf[dataEnd + 1] !== 10) throw malformed('chunk not followed by CRLF');
    parts.push(buf.subarray(lineEnd + 2, dataEnd));
    p = dataEnd + 2;
  }
}
