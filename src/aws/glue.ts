/** Glue: BatchCreatePartition with the table's storage descriptor, fetched once per table. */
import { BatchCreatePartitionCommand, GetTableCommand, GlueClient, type StorageDescriptor } from '@aws-sdk/client-glue';
import type { ClientFactory } from './client-factory.js';
import type { GluePort, PartitionFailure } from '../core/ports.js';
import type { Partition } from '../core/partitions.js';
import { call } from './errors.js';

export class GlueCatalog implements GluePort {
  private readonly tables = new Map<string, Promise<StorageDescriptor>>();

  constructor(private readonly glue: GlueClient) {}

  private storage(database: string, table: string): Promise<StorageDescriptor> {
    const key = `${database}.${table}`;
    let sd = this.tables.get(key);
    if (!sd) {
      sd = call('Glue', 'GetTable', () => this.glue.send(new GetTableCommand({ DatabaseName: database, Name: table }))).then(
        (out) => out.Table?.StorageDescriptor ?? {},
      );
      sd.catch(() => this.tables.delete(key));
      this.tables.set(key, sd);
    }
    return sd;
  }

  async createPartitions(database: string, table: string, partitions: Partition[]): Promise<PartitionFailure[]> {
    const sd = await this.storage(database, table);
    const out = await call('Glue', 'BatchCreatePartition', () =>
      this.glue.send(
        new BatchCreatePartitionCommand({
          DatabaseName: database,
          TableName: table,
          PartitionInputList: partitions.map((p) => ({ Values: [p.dt], StorageDescriptor: { ...sd, Location: p.location } })),
        }),
      ),
    );
    return (out.Errors ?? [])
      .filter((e) => e.ErrorDetail?.ErrorCode !== 'AlreadyExistsException')
      .map((e) => ({ dt: e.PartitionValues?.[0] ?? '', code: e.ErrorDetail?.ErrorCode ?? 'Unknown', message: e.ErrorDetail?.ErrorMessage ?? '' }));
  }
}

/** A GlueCatalog on the factory's Glue client (what refresh-ports loads on demand). */
export function glueCatalog(clients: ClientFactory): GlueCatalog {
  return new GlueCatalog(clients.get(GlueClient));
}
