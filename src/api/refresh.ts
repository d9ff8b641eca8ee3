/**
 * The library's one-call refresh: load conf/, build the AWS clients, drain the queue.
 *   import { refresh } from 'streamalert';
 *   const result = await refresh({ configDir: 'conf', endpointUrl: 'http://127.0.0.1:5000' });
 * The CLI (once and --interval) and the Lambda handler (scheduled and SQS-triggered) run the same
 * wiring through refresher(), which keeps the ports, and so the SQS connections, across runs.
 */
import { ClientFactory } from '../aws/sdk/client-factory.js';
import { refreshPorts } from '../aws/refresh/refresh-ports.js';
import type { Config } from '../core/config/load.js';
import type { QueueMessage } from '../core/refresh/ports.js';
import { processMessages, runRefresh, type RefreshResult, type RunOptions } from '../core/refresh/index.js';
import { configOf, withClients, type LibraryOptions } from './options.js';

/** LibraryOptions, with any ClientFactory as `clients` (AwsClients is one): the refresh needs only SQS, Athena and Glue. */
export interface RefreshOptions extends RunOptions, Omit<LibraryOptions, 'clients'> {
  /** Reuse clients across calls (the Lambda handler and --interval do). */
  clients?: ClientFactory;
}

export async function refresh(options: RefreshOptions = {}): Promise<RefreshResult> {
  const config = await configOf(options);
  return withClients(options, config, ClientFactory, (clients) => refresher(config, clients).drain(options));
}

export interface Refresher {
  /** Drains the queue (the scheduled run). */
  drain(options?: RunOptions): Promise<RefreshResult>;
  /** Processes messages handed in, receiving and deleting nothing (an SQS event source's batch). */
  process(messages: QueueMessage[], options?: RunOptions): Promise<RefreshResult>;
}

/** The refresh's ports wired to the AWS adapters once, for runs that share them. */
export function refresher(config: Config, clients: ClientFactory): Refresher {
  const ports = refreshPorts(config.athena, clients);
  return {
    drain: (options) => runRefresh(config.athena, ports, options),
    process: (messages, options) => processMessages(config.athena, ports, messages, options),
  };
}
