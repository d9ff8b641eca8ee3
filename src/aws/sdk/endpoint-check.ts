/** The endpoint settings are checked before any client is built. */
import { ConfigError } from '../../core/kernel/errors.js';
import { quote } from '../../core/kernel/quote.js';

/**
 * The endpoint settings the SDK reads: `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`, and
 * ours. A value that is not an http(s) URL is a configuration error before any client is built
 * (the SDK would otherwise fail inside a call, as if AWS had).
 */
export function checkEndpoints(endpointUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  const settings: [string, string | undefined][] = [
    ['endpointUrl', endpointUrl],
    ...Object.entries(env).filter(([k]) => /^AWS_ENDPOINT_URL(_[A-Z0-9_]+)?$/.test(k)),
  ];
  for (const [name, value] of settings) {
    if (value === undefined || value === '') continue;
    let ok = false;
    try {
      const url = new URL(value);
      ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok)
      throw new ConfigError(
        `${name} is ${quote(value, 100)}, not an http(s) URL such as http://127.0.0.1:5000; fix it or unset it`,
        undefined,
        name,
      );
  }
}
