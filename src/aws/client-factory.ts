/**
 * How every AWS SDK client is configured: region, profile, endpoint, retries, and the middleware
 * that turns credential failures into CredentialsError and logs each request for --debug. It
 * imports no client itself, so a bundle (the Lambda zip) holds only the clients its code builds.
 */
import { checkEndpoints } from './endpoint-check.js';
import { addMiddleware, type AwsRequestRecord } from './middleware.js';
import { profileName, sharedFiles } from './shared-config.js';

export type { AwsRequestRecord } from './middleware.js';

export interface ClientOptions {
  region: string;
  /** A named profile from ~/.aws/config and ~/.aws/credentials. */
  profile?: string;
  /** A local or private endpoint for every service (moto, LocalStack, a VPC endpoint); wins over the environment. */
  endpointUrl?: string;
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

/** What a service needs when it talks to a local endpoint instead of AWS. */
const LOCAL_SETTINGS: Record<string, Record<string, unknown>> = {
  // An emulator has no per-bucket host names: buckets go in the path.
  S3: { forcePathStyle: true },
  // Queue URLs name the emulator's own host; following them would bypass a proxy in front of it.
  SQS: { useQueueUrlAsEndpoint: false },
};

/**
 * The endpoint for one service, in the order of the SDKs' shared configuration: the explicit
 * option (--endpoint-url), then AWS_ENDPOINT_URL_<SERVICE> (the service id in capitals, spaces as
 * underscores: AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_S3), then AWS_ENDPOINT_URL; the environment is
 * ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true. Undefined means AWS's own endpoint.
 */
export function endpointFor(serviceId: string, explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (explicit) return explicit;
  if (/^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '')) return undefined;
  return env[`AWS_ENDPOINT_URL_${serviceId.toUpperCase().replace(/ /g, '_')}`] || env.AWS_ENDPOINT_URL || undefined;
}

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
export function regionFromEnvironment(choice: { flag?: string; profile?: string }, env: NodeJS.ProcessEnv = process.env): RegionChoice | undefined {
  if (choice.flag) return { region: choice.flag, source: '--region' };
  if (env.AWS_REGION) return { region: env.AWS_REGION, source: 'AWS_REGION' };
  if (env.AWS_DEFAULT_REGION) return { region: env.AWS_DEFAULT_REGION, source: 'AWS_DEFAULT_REGION' };
  const name = profileName(choice.profile, env);
  const files = sharedFiles(env);
  const region = files.config.get(name)?.region;
  return region ? { region, source: `profile "${name}" in ${files.configFile}` } : undefined;
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

  /** The endpoint every service goes to unless AWS_ENDPOINT_URL_<SERVICE> names its own. */
  get endpoint(): string | undefined {
    if (this.options.endpointUrl) return this.options.endpointUrl;
    return /^true$/i.test(process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '') ? undefined : process.env.AWS_ENDPOINT_URL || undefined;
  }

  /** The endpoint of one service (its id as the SDK names it: `SQS`, `S3`, `Athena`, …). */
  endpointFor(serviceId: string): string | undefined {
    return endpointFor(serviceId, this.options.endpointUrl);
  }

  /** The shared client configuration; with a service id, that service's endpoint and local settings. */
  config(serviceId?: string) {
    const options = this.options;
    const endpoint = serviceId === undefined ? this.endpoint : this.endpointFor(serviceId);
    let credentials = options.credentials;
    if (!credentials && !options.profile && endpoint && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) credentials = LOCAL_CREDENTIALS;
    return {
      region: options.region,
      maxAttempts: options.maxAttempts ?? 4,
      // Resolve each command's middleware stack once per client, not on every call: a draining
      // run makes thousands of identical calls, and this was a tenth of its CPU.
      cacheMiddleware: true,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(endpoint ? { endpoint, ...(serviceId ? LOCAL_SETTINGS[serviceId] : {}) } : {}),
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
      credentials: { profile: this.options.profile, passedIn: Boolean(this.options.credentials) },
    });
    return client;
  }

  destroy(): void {
    for (const c of this.cache.values()) c.destroy();
    this.cache.clear();
  }
}
