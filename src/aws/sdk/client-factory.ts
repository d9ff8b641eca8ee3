/**
 * How every AWS SDK client is configured: region, profile, endpoint, retries, and the middleware
 * that turns credential failures into CredentialsError and logs each request for --debug. It
 * imports no client itself, so a bundle (the Lambda zip) holds only the clients its code builds.
 */
import { configuredEndpoint, profileName, profileOf, type ConfiguredEndpoint, type SharedConfig } from './aws-config.js';
import { checkEndpoints } from './endpoint-check.js';
import { addMiddleware, type AwsRequestRecord } from './middleware.js';

export type { AwsRequestRecord } from './middleware.js';
export type { SharedConfig } from './aws-config.js';

export interface ClientOptions {
  region: string;
  /** A named profile from ~/.aws/config and ~/.aws/credentials. */
  profile?: string;
  /** A local or private endpoint for every service (moto, LocalStack, a VPC endpoint); wins over the environment. */
  endpointUrl?: string;
  /**
   * The shared config files as `loadSharedConfig()` read them: a profile's `endpoint_url` and
   * `services` section come from here. Without them only the option and the environment name an
   * endpoint (and the SDK's own reading of AWS_PROFILE's settings is left on).
   */
  sharedConfig?: SharedConfig;
  /** Attempts per call, first included (the SDK's standard retry mode with backoff). */
  maxAttempts?: number;
  credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
  /** Called after every HTTP attempt (the CLI's --debug); never given credentials or signatures. */
  onRequest?: (record: AwsRequestRecord) => void;
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Credentials a local emulator accepts, used only when an endpoint is given and none are configured. */
const LOCAL_CREDENTIALS: AwsCredentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** What a service needs when it talks to a local endpoint instead of AWS, wherever the endpoint was named. */
const LOCAL_SETTINGS: Record<string, Record<string, unknown>> = {
  // An emulator has no per-bucket host names: buckets go in the path.
  S3: { forcePathStyle: true },
  // Queue URLs name the emulator's own host; following them would bypass a proxy in front of it.
  SQS: { useQueueUrlAsEndpoint: false },
};

export interface RegionChoice {
  region: string;
  /** Where it came from: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, or a profile in the config file. */
  source: string;
}

/**
 * The region the AWS CLI would use: --region, AWS_REGION, AWS_DEFAULT_REGION, then the profile's
 * `region` in the shared config file. Undefined when none says: account.region in conf/global.json
 * applies then.
 */
export function regionFromEnvironment(
  choice: { flag?: string; profile?: string },
  shared: SharedConfig,
  env: NodeJS.ProcessEnv = process.env,
): RegionChoice | undefined {
  if (choice.flag) return { region: choice.flag, source: '--region' };
  if (env.AWS_REGION) return { region: env.AWS_REGION, source: 'AWS_REGION' };
  if (env.AWS_DEFAULT_REGION) return { region: env.AWS_DEFAULT_REGION, source: 'AWS_DEFAULT_REGION' };
  const name = profileName(choice.profile, env);
  const region = profileOf(shared, name)?.region;
  return region ? { region, source: `profile "${name}" in ${shared.configFile}` } : undefined;
}

interface SdkClient {
  destroy(): void;
  config: { serviceId?: string };
  middlewareStack: Parameters<typeof addMiddleware>[0]['middlewareStack'];
}

type ClientClass<T> = new (config: ReturnType<ClientFactory['config']> & Record<string, unknown>) => T;

export class ClientFactory {
  private readonly cache = new Map<unknown, SdkClient>();
  constructor(readonly options: ClientOptions) {
    checkEndpoints(options.endpointUrl);
  }

  /** Where one service's calls go, and why (the service id as the SDK names it: `SQS`, `S3`, …); '' for every service's shared setting. */
  endpointOf(serviceId: string): ConfiguredEndpoint | undefined {
    return configuredEndpoint(serviceId, this.options.endpointUrl, { shared: this.options.sharedConfig, profile: this.options.profile });
  }

  /** The endpoint every service goes to unless one names its own. */
  get endpoint(): string | undefined {
    return this.endpointOf('')?.url;
  }

  /** The endpoint of one service; undefined: AWS's own. */
  endpointFor(serviceId: string): string | undefined {
    return this.endpointOf(serviceId)?.url;
  }

  /** The shared client configuration; with a service id, that service's endpoint and local settings. */
  config(serviceId?: string) {
    const options = this.options;
    const endpoint = this.endpointOf(serviceId ?? '');
    let credentials = options.credentials;
    // An endpoint from the profile comes with the profile's credentials; test ones only for an endpoint named outside it.
    if (!credentials && !options.profile && endpoint && !endpoint.fromProfile && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE)
      credentials = LOCAL_CREDENTIALS;
    return {
      region: options.region,
      maxAttempts: options.maxAttempts ?? 4,
      // Resolve each command's middleware stack once per client, not on every call: a draining
      // run makes thousands of identical calls, and this was a tenth of its CPU.
      cacheMiddleware: true,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(endpoint ? { endpoint: endpoint.url, ...(serviceId ? LOCAL_SETTINGS[serviceId] : {}) } : {}),
      // The files were read here, for the command's profile: the SDK must not read AWS_PROFILE's endpoint instead.
      ...(!endpoint && options.sharedConfig ? { ignoreConfiguredEndpointUrls: true } : {}),
      ...(credentials ? { credentials } : {}),
    };
  }

  /** One client per class, built on first use with the shared configuration plus `extra`. */
  get<T extends { destroy(): void }>(Client: ClientClass<T>, extra: Record<string, unknown> = {}): T {
    let client = this.cache.get(Client);
    if (!client) {
      client = this.build(Client as unknown as ClientClass<SdkClient>, extra);
      this.cache.set(Client, client);
    }
    return client as unknown as T;
  }

  private build(Client: ClientClass<SdkClient>, extra: Record<string, unknown>): SdkClient {
    // The service id is known only once a client exists: build with the shared endpoint, and again
    // when the service has its own (AWS_ENDPOINT_URL_<SERVICE>) or needs local-endpoint settings.
    const probe = new Client({ ...this.config(), ...extra });
    const serviceId = probe.config.serviceId ?? '';
    const endpoint = this.endpointFor(serviceId);
    let client = probe;
    if (endpoint !== this.endpoint || (endpoint && LOCAL_SETTINGS[serviceId])) {
      probe.destroy();
      client = new Client({ ...this.config(serviceId), ...extra });
    }
    addMiddleware(client, {
      serviceId,
      onRequest: this.options.onRequest,
      credentials: { profile: this.options.profile, passedIn: Boolean(this.options.credentials), sharedConfig: this.options.sharedConfig },
    });
    return client;
  }

  destroy(): void {
    for (const c of this.cache.values()) c.destroy();
    this.cache.clear();
  }
}
