import type { SignatureV4 } from '@smithy/signature-v4';

/**
 * The SDK's signer looks its signing key up in a module-wide cache whose key is an HMAC of the
 * credentials, computed on every call (4 % of a drain's CPU in a profile). One signer per client
 * can remember the last key for the same credentials object and day instead. If a later SDK
 * renames the method, this does nothing and the signer derives keys as before.
 */
type KeyDerivation = (credentials: object, region: string, shortDate: string, service?: string) => Promise<Uint8Array>;
export function memoSigningKey(signer: SignatureV4): SignatureV4 {
  const target = signer as unknown as { getSigningKey?: KeyDerivation };
  const derive = target.getSigningKey;
  if (typeof derive !== 'function') return signer;
  let last: { credentials: object; region: string; shortDate: string; service?: string; key: Promise<Uint8Array> } | undefined;
  target.getSigningKey = (credentials, region, shortDate, service) => {
    if (last && last.credentials === credentials && last.region === region && last.shortDate === shortDate && last.service === service)
      return last.key;
    const key = derive.call(signer, credentials, region, shortDate, service);
    last = { credentials, region, shortDate, service, key };
    key.catch(() => (last = undefined));
    return key;
  };
  return signer;
}
