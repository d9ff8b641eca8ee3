/**
 * One HTTP/1.1 response head (status line and header fields) read as strictly as Node's own parser
 * (llhttp without its lenient flags): CRLF line ends only, no bare CR or LF, no folded lines,
 * token header names with the colon right after them, header values of tab, visible ASCII and
 * obs-text only, one Content-Length of digits, never Content-Length with Transfer-Encoding.
 * The differential fuzz test (test/integration/http1-differential.test.ts) holds it to that.
 */

export interface Head {
  statusCode: number;
  /** Lower-case names; repeated fields joined with ", " (values as Node's rawHeaders has them). */
  headers: Record<string, string>;
  /** How the body is framed (RFC 9112 section 6.3). */
  framing: { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'to-end' };
  keepAlive: boolean;
}

/** Where Node (and we) stop: the reason phrase may hold anything but CR and LF. */
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: [^\r\n]*)?$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A field value: HTAB, SP, visible ASCII and obs-text (latin1-decoded), nothing else. */
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const OWS = /^[ \t]+|[ \t]+$/g;
const DIGITS = /^\d+$/;

export function malformed(why: string): Error {
  return Object.assign(new Error(`malformed HTTP response: ${why}`), { code: 'HPE_INVALID' });
}

const shown = (text: string) => JSON.stringify(text.slice(0, 80));

/** Header field lines (also a chunked body's trailer section) as a lower-case name → value map. */
export function parseFields(lines: string[], from: number): { headers: Record<string, string>; lengths: number } {
  const headers: Record<string, string> = {};
  let lengths = 0;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    // A line starting with whitespace is an obsolete folded continuation: refused, as Node does.
    if (colon <= 0 || !TOKEN.test(name)) throw malformed(`header line ${shown(line)}`);
    const raw = line.slice(colon + 1);
    if (BAD_VALUE.test(raw)) throw malformed(`control character in header ${shown(name)}`);
    const key = name.toLowerCase();
    const value = raw.replace(OWS, '');
    if (key === 'content-length') lengths++;
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  return { headers, lengths };
}

/** `text`: the head's bytes as latin1, without its final empty line. */
export function parseHead(text: string): Head {
  const lines = text.split('\r\n');
  const status = STATUS_LINE.exec(lines[0]!);
  if (!status) throw malformed(`status line ${shown(lines[0]!)}`);
  const statusCode = Number(status[2]);
  // Node would hand over 0xx statuses and 101 as answers; no SQS endpoint sends them.
  if (statusCode < 100) throw malformed(`status ${statusCode}`);
  if (statusCode === 101) throw malformed('protocol upgrade');
  const { headers, lengths } = parseFields(lines, 1);
  const connection = (headers.connection ?? '').toLowerCase();
  let keepAlive = status[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
  const te = headers['transfer-encoding'];
  const cl = headers['content-length'];
  if (lengths > 1) throw malformed('more than one Content-Length');
  if (te !== undefined && cl !== undefined) throw malformed('Transfer-Encoding with Content-Length');
  // Checked whatever the status, as Node does (a 1xx, 204 or 304 has no body all the same).
  if (cl !== undefined && (!DIGITS.test(cl) || Number(cl) > Number.MAX_SAFE_INTEGER)) throw malformed(`content-length ${shown(cl)}`);
  let framing: Head['framing'];
  if (statusCode < 200 || statusCode === 204 || statusCode === 304) framing = { kind: 'none' };
  else if (te !== undefined) {
    // Chunked only when it is the last coding; otherwise the body runs to the connection's end.
    const codings = te.toLowerCase().split(',');
    framing = codings[codings.length - 1]!.replace(OWS, '') === 'chunked' ? { kind: 'chunked' } : { kind: 'to-end' };
  } else if (cl !== undefined) {
    framing = { kind: 'length', length: Number(cl) };
  } else framing = { kind: 'to-end' };
  if (framing.kind === 'to-end') keepAlive = false;
  return { statusCode, headers, framing, keepAlive };
}
