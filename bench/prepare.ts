/**
 * What every run starts from: moto and the AWS proxy in front of it, a config folder for the
 * strategy, fresh moto state with the deployment provisioned, and the queue preloaded (through the
 * proxy's direct path: no latency model, not counted).
 */
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  PurgeQueueCommand,
  SendMessageBatchCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { AwsClients } from '../src/aws/sdk/clients.js';
import { provision } from '../src/aws/init/provision.js';
import { loadConfig } from '../src/core/config/load.js';
import type { RefreshStrategy } from '../src/core/config/schema.js';
import { DEFAULT_LATENCY, startAwsProxy, type AwsProxy } from '../test/support/aws-proxy/index.js';
import { ACCOUNT, createBuckets, writeConfig } from '../test/support/deployment.js';
import { startMoto, type MotoServer } from '../test/support/moto.js';
import { BUCKETS, SCHEMAS, notificationBody } from './workload.js';

export const DDL_RUNNING_MS = 1_500;
export const LATENCY = DEFAULT_LATENCY;
/** Parallel SendMessageBatch calls of the preload. */
const PRELOAD_SENDERS = 8;

export interface Servers {
  moto: MotoServer;
  proxy: AwsProxy;
  /** Clients on the proxy's direct path, for provisioning, preloading and reading the queue's depth. */
  direct: AwsClients;
  stop(): Promise<void>;
}

/** moto, the proxy with the memory SQS (moto's is O(queue) per received message) and the latency model. */
export async function startServers(): Promise<Servers> {
  const moto = await startMoto();
  const proxy = await startAwsProxy({ target: moto.url, sqs: 'memory', latency: LATENCY, ddlRunningMs: DDL_RUNNING_MS, logBodies: false });
  const direct = new AwsClients({
    region: 'us-east-1',
    endpointUrl: proxy.directUrl,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  return {
    moto,
    proxy,
    direct,
    async stop() {
      direct.destroy();
      await proxy.stop();
      await moto.stop();
    },
  };
}

/** A config folder whose athena section uses `strategy` (and `extra` settings). */
export function writeBenchConfig(strategy: RefreshStrategy, extra: Record<string, unknown> = {}): string {
  const athena = {
    buckets: BUCKETS,
    results_bucket: 's3://bench-athena-results/refresh/',
    refresh_strategy: strategy,
    log_level: 'warn',
    ...extra,
  };
  return writeConfig(athena, {}, ACCOUNT, SCHEMAS);
}

/** Fresh moto state and queue; `notifications` messages on the queue. Returns the preload time. */
export async function prepareQueue(
  servers: Servers,
  configDir: string,
  notifications: number,
): Promise<{ queueUrl: string; preloadMs: number }> {
  await servers.moto.reset();
  const config = loadConfig(configDir);
  await createBuckets(servers.direct, Object.keys(config.athena.buckets));
  await provision(config, servers.direct);
  const sqs = servers.direct.sqs();
  const queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: config.athena.queue_name }))).QueueUrl!;
  await sqs.send(
    new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: '300', ReceiveMessageWaitTimeSeconds: '0' } }),
  );
  await sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
  const preloadStart = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: PRELOAD_SENDERS }, async () => {
      while (next < notifications) {
        const from = next;
        next = Math.min(notifications, next + 10);
        const Entries = [];
        for (let i = from; i < next; i++) Entries.push({ Id: String(i - from), MessageBody: notificationBody(i) });
        const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries }));
        if (out.Failed?.length) throw new Error(`preload: SendMessageBatch failed: ${JSON.stringify(out.Failed)}`);
      }
    }),
  );
  return { queueUrl, preloadMs: Date.now() - preloadStart };
}

/** Messages still on the queue, visible or in flight. */
export async function queueDepth(servers: Servers, queueUrl: string): Promise<number> {
  const { Attributes: attributes } = await servers.direct.sqs().send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(attributes?.ApproximateNumberOfMessages ?? 0) + Number(attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}
