/**
 * Where the direct path sends a call, as the SQS client would: its explicit endpoint (path kept,
 * with the "/" the SDK's serializer appends; query string kept), or the queue URL's origin
 * (`useQueueUrlAsEndpoint`). IPv6 literals stay bracketed here, as in a URL and the Host header.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';

export interface Endpoint {
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: Record<string, string | string[] | null>;
}

export async function resolveEndpoint(config: SQSClient['config'], queueUrl: string | undefined): Promise<Endpoint> {
  if (config.isCustomEndpoint) {
    const configured = await config.endpoint!();
    const path = configured.path || '/';
    return {
      protocol: configured.protocol,
      hostname: configured.hostname,
      port: configured.port,
      path: path.endsWith('/') ? path : `${path}/`,
      query: { ...(configured.query as Endpoint['query'] | undefined) },
    };
  }
  if (!queueUrl) throw new Error('QueueUrl is required');
  const url = new URL(queueUrl);
  return { protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: '/', query: {} };
}
