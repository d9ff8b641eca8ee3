/**
 * How every AWS SDK client is configured: region, profile, endpoint, retries. It imports no
 * client itself, so a bundle (the Lambda zip) holds only the clients its code actually builds.
 */
import { ConfigError } from '../core/errors.js';
import { quote } from '../core/quote.js';
export interface ClientOptions {
  region: string;
  /** A named profile from ~/.aws/config and ~/.aws/credentials. */
  profile?: string;
  /** A local or private endpoint for every service (moto, LocalStack, a VPC endpoint). */
  endpointUrl?: string;
  /** Attempts per call, first included (the SDK's standard retry mode with backoff). */
  maxAttempts?: number;
  credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Credentials a local emulator accepts, used only when an endpoint is given and none are configured. */
const LOCAL_CREDENTIALS: AwsCredentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

interface Destroyable {
  destroy(): void;
}

/**
 * The endpoint settings the SDK reads: `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`, and
 * ours. A value that is not an http(s) URL is a configuration error before any client is built
 * (the SDK would otherwise fail inside a call, as if AWS had).
 */
export function checkEndpoints(endpointUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  const settings: [string, string | undefined][] = [['endpointUrl', endpointUrl], ...Object.entries(env).filter(([k]) => /^AWS_ENDPOINT_URL(_[A-Z0-9_]+)?$/.test(k))];
  for (const [name, value] of settings) {
    if (value === undefined || value === '') continue;
    let ok = false;
    try {
      const url = new URL(value);
      ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError(`${name} is ${quote(value, 100)}, not an http(s) URL such as http://127.0.0.1:5000; fix it or unset it`, undefined, name);
  }
}

export class ClientFactory {
  private readonly cache = new Map<unknown, Destroyable>();
  constructor(readonly options: ClientOptions) {
    checkEndpoints(options.endpointUrl);
  }

  /** The endpoint every call goes to, when not AWS's own. */
  get endpoint(): string | undefined {
    return this.options.endpointUrl ?? process.env.AWS_ENDPOINT_URL;
  }

  config() {
    const o = this.options;
    const endpoint = this.endpoint;
    let credentials = o.credentials;
    if (!credentials && !o.profile && endpoint && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) credentials = LOCAL_CREDENTIALS;
    return {
      region: o.region,
      maxAttempts: o.maxAttempts ?? 4,
      // Resolve each command's middleware stack once per client, not on every call: a draining
      // run makes thousands of identical calls, and this was a tenth of its CPU.
      cacheMiddleware: true,
      ...(o.profile ? { profile: o.profile } : {}),
      ...(endpoint ? { endpoint } : {}),
      ...(credentials ? { credentials } : {}),
    };
  }

  /** One client per class, built on first use with the shared configuration plus `extra`. */
  get<T extends Destroyable>(Client: new (config: ReturnType<ClientFactory['config']> & Record<string, unknown>) => T, extra: Record<string, unknown> = {}): T {
    let client = this.cache.get(Client) as T | undefined;
    if (!client) {
      client = new Client({ ...this.config(), ...extra });
      this.cache.set(Client, client);
    }
    return client;
  }

  destroy(): void {
    for (const c of this.cache.values()) c.destroy();
    this.cache.clear();
  }
}
