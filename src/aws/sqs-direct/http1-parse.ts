/**
 * An HTTP/1.1 response read incrementally from a connection's data events (http1.ts): each byte
 * is looked at a bounded number of times, the head is found once, body pieces are kept as they
 * came and joined once at the end. (The first version concatenated and re-parsed everything on
 * every event: a 1 MiB body in 64 KiB reads cost 16 times its size.) Framing as RFC 9112
 * section 6.3 and as strict as Node's parser (http1-head.ts): no body for 1xx, 204 and 304;
 * chunked transfer coding; else Content-Length; else the body runs to the connection's end.
 * Interim 1xx answers are skipped.
 */
import { malformed, parseFields, parseHead, type Head } from './http1-head.js';

export interface ParsedResponse {
  statusCode: number;
  /** Lower-case names; repeated fields joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** Whether the connection may carry another request. */
  keepAlive: boolean;
}

/** Larger heads are refused, however they arrive (Node's default is 16 KiB; AWS's are small). */
export const MAX_HEAD_BYTES = 65_536;
/** A chunk-size line (with its extensions) longer than this is refused. */
const MAX_LINE_BYTES = 4_096;

const CRLFCRLF = Buffer.from('\r\n\r\n');
const SEQ = [13, 10, 13, 10];
/** A chunk-size line after its hex digits: extensions `;name[=token|"quoted"]`, as Node accepts them. */
const EXTENSIONS =
  /^(?:;[!#$%&'*+\-.^_`|~0-9A-Za-z]*(?:=(?:[!#$%&'*+\-.^_`|~0-9A-Za-z]*|"(?:[\t !#-[\]-~\x80-\xff]|\\[\t\x20-\x7e\x80-\xff])*"))?)*$/;

type State = 'head' | 'length' | 'size' | 'data' | 'data-end' | 'trailers' | 'to-end' | 'done';

export class ResponseParser {
  private state: State = 'head';
  /** Pieces of the head (or of the current line) not yet complete. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** How many bytes of CRLFCRLF the pending head already ends with. */
  private match = 0;
  private head: Head | undefined;
  private body: Buffer[] = [];
  private bodyBytes = 0;
  /** Bytes of the body (or of the current chunk) still to come. */
  private remaining = 0;
  private result: ParsedResponse | undefined;
  private trailerBytes = 0;
  /** Bytes received after the response ended (a server must send none). */
  rest = 0;

  /** The response once complete; null while more is needed; throws when the bytes cannot be one. */
  push(data: Buffer): ParsedResponse | null {
    if (this.result) {
      this.rest += data.length;
      return this.result;
    }
    let at = 0;
    while (at < data.length && !this.result) at = this.step(data, at);
    if (this.result) this.rest += data.length - at;
    return this.result ?? null;
  }

  /** The connection ended: a body running to the end is complete; anything else unfinished is null. */
  end(): ParsedResponse | null {
    if (this.state === 'to-end') this.finish();
    return this.result ?? null;
  }

  private step(data: Buffer, at: number): number {
    switch (this.state) {
      case 'head':
        return this.readHead(data, at);
      case 'length':
      case 'data':
      case 'to-end': {
        const take = this.state === 'to-end' ? data.length - at : Math.min(this.remaining, data.length - at);
        this.body.push(at === 0 && take === data.length ? data : data.subarray(at, at + take));
        this.bodyBytes += take;
        this.remaining -= take;
        if (this.remaining === 0 && this.state === 'length') this.finish();
        else if (this.remaining === 0 && this.state === 'data') this.state = 'data-end';
        return at + take;
      }
      case 'data-end': {
        // CRLF after the chunk's data, possibly split across reads.
        const want = SEQ[this.match]!;
        if (data[at] !== want) throw malformed('chunk data not followed by CRLF');
        this.match = this.match === 0 ? 1 : 0;
        if (this.match === 0) this.state = 'size';
        return at + 1;
      }
      case 'size':
      case 'trailers':
        return this.readLine(data, at);
      default:
        return data.length;
    }
  }

  private readHead(data: Buffer, at: number): number {
    const end = this.headEnd(data, at);
    const used = (end < 0 ? data.length : end) - at;
    if (this.pendingBytes + used > MAX_HEAD_BYTES) throw malformed('head larger than 64 KiB');
    this.pending.push(data.subarray(at, at + used));
    this.pendingBytes += used;
    if (end < 0) return data.length;
    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.match = 0;
    const head = parseHead(bytes.toString('latin1', 0, bytes.length - 4));
    if (head.statusCode < 200) return end; // interim: the real answer follows
    this.head = head;
    const framing = head.framing;
    if (framing.kind === 'none' || (framing.kind === 'length' && framing.length === 0)) this.finish();
    else if (framing.kind === 'length') {
      this.state = 'length';
      this.remaining = framing.length;
    } else this.state = framing.kind === 'chunked' ? 'size' : 'to-end';
    return end;
  }

  /** The offset just past CRLFCRLF in `data` (continuing a match begun in an earlier read), or -1. */
  private headEnd(data: Buffer, at: number): number {
    let m = this.match;
    let i = at;
    while (m > 0 && i < data.length && data[i] === SEQ[m]) {
      m++;
      i++;
      if (m === 4) return i;
    }
    if (m > 0 && i === data.length) {
      this.match = m;
      return -1;
    }
    const found = data.indexOf(CRLFCRLF, at);
    if (found >= 0) return found + 4;
    // How much of CRLFCRLF the data ends with, for the next read.
    this.match = 0;
    for (let k = Math.min(3, data.length - at); k > 0; k--) {
      if (data.subarray(data.length - k).equals(CRLFCRLF.subarray(0, k))) {
        this.match = k;
        break;
      }
    }
    return -1;
  }

  /** A chunk-size line or a trailer line: collected up to its LF, then read. */
  private readLine(data: Buffer, at: number): number {
    const lf = data.indexOf(10, at);
    const stop = lf < 0 ? data.length : lf + 1;
    this.pending.push(data.subarray(at, stop));
    this.pendingBytes += stop - at;
    const limit = this.state === 'size' ? MAX_LINE_BYTES : MAX_HEAD_BYTES - this.trailerBytes;
    if (this.pendingBytes > limit) throw malformed(this.state === 'size' ? 'chunk-size line too long' : 'trailers larger than 64 KiB');
    if (lf < 0) return data.length;
    const line = Buffer.concat(this.pending, this.pendingBytes).toString('latin1');
    this.pending = [];
    this.pendingBytes = 0;
    if (line.length < 2 || line[line.length - 2] !== '\r')
      throw malformed(this.state === 'size' ? 'chunk-size line without CR' : 'trailer line without CR');
    if (this.state === 'trailers') {
      // Trailer fields are checked as header fields, then dropped; an empty line ends them.
      if (line === '\r\n') this.finish();
      else if ((this.trailerBytes += line.length) > MAX_HEAD_BYTES) throw malformed('trailers larger than 64 KiB');
      else parseFields([line.slice(0, -2)], 0);
      return stop;
    }
    const text = line.slice(0, -2);
    const digits = /^[0-9a-fA-F]+/.exec(text)?.[0] ?? '';
    const size = parseInt(digits, 16);
    if (!digits || !(size <= Number.MAX_SAFE_INTEGER) || !EXTENSIONS.test(text.slice(digits.length)))
      throw malformed(`chunk size ${JSON.stringify(text.slice(0, 20))}`);
    if (size === 0) this.state = 'trailers';
    else {
      this.state = 'data';
      this.remaining = size;
    }
    return stop;
  }

  private finish(): void {
    const head = this.head!;
    const body = this.body.length === 1 ? this.body[0]! : Buffer.concat(this.body, this.bodyBytes);
    this.body = [];
    this.state = 'done';
    this.result = { statusCode: head.statusCode, headers: head.headers, body: body.toString('utf8'), keepAlive: head.keepAlive };
  }
}

/**
 * The response in `buf` (pure: for tests and one-shot use). `ended`: the connection has closed,
 * so a body without a length is complete. Returns the response and how many bytes followed it.
 */
export function parseResponse(buf: Buffer, ended: boolean): { response: ParsedResponse; rest: number } | null {
  const parser = new ResponseParser();
  const response = parser.push(buf) ?? (ended ? parser.end() : null);
  return response ? { response, rest: parser.rest } : null;
}
