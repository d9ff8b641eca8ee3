/** Builds the refresh run's ports from the configuration and a client factory. */
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { AthenaSettings } from '../core/config/load.js';
import type { RefreshPorts } from '../core/refresh.js';
import { AthenaCatalog } from './athena.js';
import type { ClientFactory } from './client-factory.js';
import { GlueCatalog } from './glue.js';
import { SqsQueue } from './queue.js';

export function refreshPorts(settings: AthenaSettings, clients: ClientFactory): RefreshPorts {
  // With an explicit endpoint SQS must not follow the queue URL's host (a proxy would be bypassed).
  const sqs = clients.get(SQSClient, { useQueueUrlAsEndpoint: !clients.endpoint });
  return {
    queue: new SqsQueue(sqs, settings.queue_name),
    athena: new AthenaCatalog(clients.get(AthenaClient), { outputLocation: settings.results_location, workgroup: settings.workgroup }),
    glue: settings.refresh_strategy === 'glue' ? new GlueCatalog(clients.get(GlueClient)) : undefined,
  };
}
