/** Builds a backfill's ports: S3 folder listing, the Glue partition catalog, and the refresh's registration ports. */
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import type { BackfillPorts } from '../core/backfill/run.js';
import type { AthenaSettings } from '../core/config/load.js';
import type { ClientFactory } from './client-factory.js';
import { GluePartitions } from './glue-partitions.js';
import { refreshPorts } from './refresh-ports.js';
import { S3Folders } from './s3-folders.js';

export function backfillPorts(settings: AthenaSettings, clients: ClientFactory): BackfillPorts {
  const { athena, glue } = refreshPorts(settings, clients);
  return {
    // Path-style with a custom endpoint (moto, LocalStack), as AwsClients.s3 does.
    folders: new S3Folders(clients.get(S3Client, { forcePathStyle: Boolean(clients.endpoint) })),
    catalog: new GluePartitions(clients.get(GlueClient)),
    athena,
    glue,
  };
}
