/** Builds the refresh run's ports from the configuration and a client factory. */
import { AthenaClient } from '@aws-sdk/client-athena';
import type { AthenaSettings } from '../../core/config/load.js';
import type { CatalogPort, GluePort } from '../../core/partitions/ports.js';
import type { RefreshPorts } from '../../core/refresh/index.js';
import { AthenaQueries } from './athena.js';
import type { ClientFactory } from '../sdk/client-factory.js';
import type { GlueCatalog } from './glue.js';
import { sqsClient, SqsQueue } from './queue.js';

export function refreshPorts(settings: AthenaSettings, clients: ClientFactory): RefreshPorts {
  const glue = lazyGlue(clients);
  return {
    queue: new SqsQueue(sqsClient(clients), settings.queue_name, undefined, { sqsClient: settings.sqs_client }),
    athena: new AthenaQueries(clients.get(AthenaClient), {
      outputLocation: settings.results_location,
      workgroup: settings.workgroup,
      region: clients.options.region,
    }),
    glue: settings.refresh_strategy === 'glue' ? glue : undefined,
    // Every strategy checks where partitions are already registered, before a message is deleted.
    catalog: glue,
  };
}

/**
 * The Glue client is a quarter of the Lambda bundle: load it on first use, so a cold start does
 * not parse it before the first registration.
 */
function lazyGlue(clients: ClientFactory): GluePort & CatalogPort {
  let catalog: Promise<GlueCatalog> | undefined;
  const load = async (): Promise<GlueCatalog> => (await import('./glue.js')).glueCatalog(clients);
  return {
    createPartitions: async (...args) => (await (catalog ??= load())).createPartitions(...args),
    registeredPartitions: async (...args) => (await (catalog ??= load())).registeredPartitions(...args),
  };
}
