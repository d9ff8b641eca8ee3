/**
 * The hash the SDK's SignatureV4 is given (its `sha256` option, a HashConstructor): SHA-256 with
 * node:crypto's one-shot `hash()` for plain digests, HMAC-SHA256 when constructed with a secret.
 * The SDK's default (`@smithy/hash-node`) makes a crypto Hash object for every digest, and the
 * signer takes two plain digests per call (payload, canonical request): 6 % of a drain's CPU in
 * a profile. Same bytes in, same digest out; the wire check verifies every signature.
 */
import * as crypto from 'node:crypto';

type Data = string | ArrayBuffer | ArrayBufferView;

/** node:crypto's one-shot `hash` (Node ≥ 20.12), else undefined. */
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;
interface OneShot {
  (algorithm: string, data: string | Buffer, encoding: 'buffer'): Buffer;
  (algorithm: string, data: string | Buffer, encoding: 'hex'): string;
}

/**
 * The hex digest of a string's UTF-8 bytes with the one-shot `hash()` (no Hash object, hex done
 * natively): the MD5 of every received body (answers.ts) costs a third of a Hash object's.
 */
export const hexDigest = (algorithm: 'md5' | 'sha256', data: string): string =>
  oneShot ? oneShot(algorithm, data, 'hex') : crypto.createHash(algorithm).update(data, 'utf8').digest('hex');

const bytes = (data: Data): string | Buffer =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

export class Sha256 {
  private parts: (string | Buffer)[] = [];
  private readonly secret: string | Buffer | undefined;

  constructor(secret?: Data) {
    this.secret = secret === undefined ? undefined : bytes(secret);
  }

  update(data: Data): void {
    this.parts.push(bytes(data));
  }

  async digest(): Promise<Uint8Array> {
    if (this.secret === undefined && oneShot && this.parts.length === 1) return oneShot('sha256', this.parts[0]!, 'buffer');
    const h = this.secret === undefined ? crypto.createHash('sha256') : crypto.createHmac('sha256', this.secret);
    for (const part of this.parts) h.update(part);
    return h.digest();
  }

  reset(): void {
    this.parts = [];
  }
}
