/** Builds the refresh run's ports from the configuration and a client factory. */
import { AthenaClient } from '@aws-sdk/client-athena';
import type { AthenaSettings } from '../core/config/load.js';
import type { GluePort } from '../core/ports.js';
import type { RefreshPorts } from '../core/refresh.js';
import { AthenaCatalog } from './athena.js';
import type { ClientFactory } from './client-factory.js';
import { sqsClient, SqsQueue } from './queue.js';

export function refreshPorts(settings: AthenaSettings, clients: ClientFactory): RefreshPorts {
  return {
    queue: new SqsQueue(sqsClient(clients), settings.queue_name),
    athena: new AthenaCatalog(clients.get(AthenaClient), { outputLocation: settings.results_location, workgroup: settings.workgroup }),
    glue: settings.refresh_strategy === 'glue' ? lazyGlue(clients) : undefined,
  };
}

/**
 * The Glue client is a quarter of the Lambda bundle and only the glue strategy uses it: load it on
 * first use, so the other strategies' cold starts do not pay for it.
 */
function lazyGlue(clients: ClientFactory): GluePort {
  let catalog: Promise<GluePort> | undefined;
  const load = async (): Promise<GluePort> => (await import('./glue.js')).glueCatalog(clients);
  return {
    createPartitions: async (database, table, partitions) => (await (catalog ??= load())).createPartitions(database, table, partitions),
  };
}
