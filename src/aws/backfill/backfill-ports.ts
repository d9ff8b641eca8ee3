/** Builds a backfill's ports: S3 folder listing, the Glue partition catalog, and the refresh's registration ports. */
import { GlueClient } from '@aws-sdk/client-glue';
import type { BackfillPorts } from '../../core/backfill/run.js';
import type { AthenaSettings } from '../../core/config/load.js';
import type { ClientFactory } from '../sdk/client-factory.js';
import { GluePartitions } from './glue-partitions.js';
import { refreshPorts } from '../refresh/refresh-ports.js';
import { s3Client, S3Folders } from './s3-folders.js';

export function backfillPorts(settings: AthenaSettings, clients: ClientFactory): BackfillPorts {
  const { athena, glue } = refreshPorts(settings, clients);
  return {
    folders: new S3Folders(s3Client(clients)),
    catalog: new GluePartitions(clients.get(GlueClient)),
    athena,
    glue,
  };
}
