/** Builds the refresh run's ports from the configuration and a set of clients. */
import type { AthenaSettings } from '../core/config/load.js';
import type { RefreshPorts } from '../core/refresh.js';
import { AthenaCatalog } from './athena.js';
import type { AwsClients } from './clients.js';
import { GlueCatalog } from './glue.js';
import { SqsQueue } from './queue.js';

export function refreshPorts(settings: AthenaSettings, clients: AwsClients): RefreshPorts {
  return {
    queue: new SqsQueue(clients.sqs(), settings.queue_name),
    athena: new AthenaCatalog(clients.athena(), { outputLocation: settings.results_location, workgroup: settings.workgroup }),
    glue: settings.refresh_strategy === 'glue' ? new GlueCatalog(clients.glue()) : undefined,
  };
}
