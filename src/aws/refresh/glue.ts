/**
 * Glue: BatchCreatePartition with the table's storage descriptor (fetched once per table), and
 * BatchGetPartition for where partitions are already registered (every strategy checks it).
 */
import {
  BatchCreatePartitionCommand,
  BatchGetPartitionCommand,
  GetTableCommand,
  GlueClient,
  type StorageDescriptor,
} from '@aws-sdk/client-glue';
import type { ClientFactory } from '../sdk/client-factory.js';
import type { CallOptions, CatalogPort, GluePort, PartitionFailure, RegisteredPartitions } from '../../core/partitions/ports.js';
import { partitionValues, type Partition } from '../../core/partitions/partition.js';
import { VALUE_SEPARATOR } from '../../core/partitions/layout/match.js';
import { call, callOrNull } from '../sdk/errors.js';

export class GlueCatalog implements GluePort, CatalogPort {
  private readonly tables = new Map<string, Promise<StorageDescriptor>>();

  constructor(private readonly glue: GlueClient) {}

  private storage(database: string, table: string, signal?: AbortSignal): Promise<StorageDescriptor> {
    const key = `${database}.${table}`;
    let sd = this.tables.get(key);
    if (!sd) {
      const get = new GetTableCommand({ DatabaseName: database, Name: table });
      sd = call('Glue', 'GetTable', () => this.glue.send(get, { abortSignal: signal }), signal).then(
        (out) => out.Table?.StorageDescriptor ?? {},
      );
      sd.catch(() => this.tables.delete(key));
      this.tables.set(key, sd);
    }
    return sd;
  }

  async createPartitions(
    database: string,
    table: string,
    partitions: Partition[],
    { signal }: CallOptions = {},
  ): Promise<PartitionFailure[]> {
    const sd = await this.storage(database, table, signal);
    const create = new BatchCreatePartitionCommand({
      DatabaseName: database,
      TableName: table,
      // Values in the table's key order (a declared layout's keys; else dt alone).
      PartitionInputList: partitions.map((p) => ({ Values: partitionValues(p), StorageDescriptor: { ...sd, Location: p.location } })),
    });
    const out = await call('Glue', 'BatchCreatePartition', () => this.glue.send(create, { abortSignal: signal }), signal);
    return (out.Errors ?? [])
      .filter((e) => e.ErrorDetail?.ErrorCode !== 'AlreadyExistsException')
      .map((e) => ({
        dt: (e.PartitionValues ?? []).join(VALUE_SEPARATOR),
        code: e.ErrorDetail?.ErrorCode ?? 'Unknown',
        message: e.ErrorDetail?.ErrorMessage ?? '',
      }));
  }

  async registeredPartitions(database: string, table: string, dts: string[], { signal }: CallOptions = {}): Promise<RegisteredPartitions> {
    const get = new BatchGetPartitionCommand({
      DatabaseName: database,
      TableName: table,
      PartitionsToGet: dts.map((dt) => ({ Values: dt.split(VALUE_SEPARATOR) })),
    });
    const out = await callOrNull('Glue', 'BatchGetPartition', () => this.glue.send(get, { abortSignal: signal }), signal);
    // A table (or database) the catalog does not know has no partitions; Athena's DDL on it
    // fails by itself. (moto keeps Athena's databases apart from Glue's, so tests meet this.)
    if (!out) return { locations: new Map(), unprocessed: [] };
    const locations = new Map<string, string>();
    for (const p of out.Partitions ?? []) {
      if (p.Values?.length) locations.set(p.Values.join(VALUE_SEPARATOR), p.StorageDescriptor?.Location ?? '');
    }
    return { locations, unprocessed: (out.UnprocessedKeys ?? []).map((k) => (k.Values ?? []).join(VALUE_SEPARATOR)).filter(Boolean) };
  }
}

/** A GlueCatalog on the factory's Glue client (what refresh-ports loads on demand). */
export function glueCatalog(clients: ClientFactory): GlueCatalog {
  return new GlueCatalog(clients.get(GlueClient));
}
