/**
 * AWS Signature Version 4 for the hot SQS calls (sqs-json.ts): a POST with a JSON body, no
 * query string, to a plain path. It produces the same Authorization header as the SDK's
 * SignatureV4 (test/unit/sigv4.test.ts compares them), for a fifth of the CPU: the SDK's signer,
 * made anew per call by the client, derives the signing key and hashes the credentials on every
 * call and hex-encodes in JavaScript. Here the key is derived once per day, region and
 * credentials, and hashing is node:crypto's one-shot digest.
 */
import * as crypto from 'node:crypto';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignableRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** node:crypto's one-shot `hash` (Node ≥ 20.12), else a Hash object. */
const hashHex: (algorithm: string, data: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (algorithm, data) => (crypto as unknown as { hash(a: string, d: string): string }).hash(algorithm, data)
    : (algorithm, data) => crypto.createHash(algorithm).update(data, 'utf8').digest('hex');

export const sha256Hex = (data: string) => hashHex('sha256', data);
export const md5Hex = (data: string) => hashHex('md5', data);

const hmac = (key: crypto.BinaryLike, data: string) => crypto.createHmac('sha256', key).update(data, 'utf8').digest();

/** Headers SigV4 leaves unsigned (as the SDK's signer does). */
const UNSIGNED = new Set(['authorization', 'cache-control', 'connection', 'expect', 'from', 'keep-alive', 'max-forwards', 'pragma', 'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'x-amzn-trace-id']);

/** A header value that needs the SDK's whitespace normalization (most need none). */
const MESSY = /[\r\n\t]| {2}|^ | $/;

/** A path the signer signs as it is: segments of unreserved characters, no `.` or `..` (else use the SDK). */
export const plainPath = (path: string) => /^\/([A-Za-z0-9_~-][A-Za-z0-9._~-]*\/?)*$/.test(path);

export class SigV4 {
  private keyId = '';
  private key: Buffer | undefined;

  constructor(
    private readonly region: string,
    private readonly service: string,
  ) {}

  /** A copy of the request with x-amz-date, x-amz-content-sha256, the session token and Authorization. */
  sign<T extends SignableRequest>(request: T, credentials: Credentials, date: Date): T {
    const longDate = date.toISOString().replace(/[-:]|\.\d{3}/g, '');
    const shortDate = longDate.slice(0, 8);
    const payloadHash = sha256Hex(request.body);
    const headers: Record<string, string> = { ...request.headers, 'x-amz-date': longDate, 'x-amz-content-sha256': payloadHash };
    delete headers.authorization;
    if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
    const values = new Map<string, string>();
    for (const name of Object.keys(headers).sort()) {
      const lower = name.toLowerCase();
      if (UNSIGNED.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-')) continue;
      const value = headers[name]!;
      values.set(lower, MESSY.test(value) ? value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '') : value);
    }
    const names = [...values.keys()].sort();
    const canonical = names.map((name) => `${name}:${values.get(name)}\n`);
    const signedHeaders = names.join(';');
    const canonicalRequest = `${request.method}\n${request.path}\n\n${canonical.join('')}\n${signedHeaders}\n${payloadHash}`;
    const scope = `${shortDate}/${this.region}/${this.service}/aws4_request`;
    const stringToSign = `AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
    const signature = crypto.createHmac('sha256', this.signingKey(shortDate, credentials)).update(stringToSign, 'utf8').digest('hex');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return { ...request, headers };
  }

  /** kSigning = HMAC chain of date, region, service over the secret; kept until any of them changes. */
  private signingKey(shortDate: string, c: Credentials): Buffer {
    const id = `${shortDate}\n${c.accessKeyId}\n${c.secretAccessKey}`;
    if (this.key && this.keyId === id) return this.key;
    const key = hmac(hmac(hmac(hmac(`AWS4${c.secretAccessKey}`, shortDate), this.region), this.service), 'aws4_request');
    this.keyId = id;
    this.key = key;
    return key;
  }
}
