/**
 * The catalog side of a backfill: Glue GetPartitions (all pages, with an expression on dt for a
 * range), GetTable for the current schema, BatchUpdatePartition for --rebuild.
 */
import {
  BatchUpdatePartitionCommand,
  GetTableCommand,
  paginateGetPartitions,
  type GlueClient,
  type Partition as GluePartition,
  type StorageDescriptor,
} from '@aws-sdk/client-glue';
import type { PartitionCatalog, RegisteredPartition } from '../../core/backfill/ports.js';
import { dtExpression, type DtRange } from '../../core/backfill/range.js';
import { VALUE_SEPARATOR } from '../../core/partitions/layout/match.js';
import type { PartitionFailure } from '../../core/partitions/ports.js';
import { call } from '../sdk/errors.js';

export class GluePartitions implements PartitionCatalog {
  /** Table storage descriptors read in this run (a backfill is one run: the schema is read once). */
  private readonly tables = new Map<string, Promise<StorageDescriptor>>();

  constructor(private readonly glue: GlueClient) {}

  async listPartitions(database: string, table: string, range: DtRange, withSchema: boolean): Promise<RegisteredPartition[]> {
    const Expression = dtExpression(range);
    const input = {
      DatabaseName: database,
      TableName: table,
      ...(Expression ? { Expression } : {}),
      ...(withSchema ? {} : { ExcludeColumnSchema: true }),
    };
    return call('Glue', 'GetPartitions', async () => {
      const found: RegisteredPartition[] = [];
      for await (const page of paginateGetPartitions({ client: this.glue }, input))
        found.push(...(page.Partitions ?? []).map((partition) => registered(partition, withSchema)));
      return found;
    });
  }

  async tableSchema(database: string, table: string): Promise<string> {
    return schemaOf(await this.storage(database, table));
  }

  async updatePartitions(database: string, table: string, partitions: RegisteredPartition[]): Promise<PartitionFailure[]> {
    const sd = await this.storage(database, table);
    const out = await call('Glue', 'BatchUpdatePartition', () =>
      this.glue.send(
        new BatchUpdatePartitionCommand({
          DatabaseName: database,
          TableName: table,
          // dt holds a declared layout's values joined (core/partitions/layout/match.ts): one value otherwise.
          Entries: partitions.map((p) => ({
            PartitionValueList: p.dt.split(VALUE_SEPARATOR),
            PartitionInput: {
              Values: p.dt.split(VALUE_SEPARATOR),
              StorageDescriptor: { ...sd, Location: p.location },
              ...(p.parameters ? { Parameters: p.parameters } : {}),
            },
          })),
        }),
      ),
    );
    return (out.Errors ?? []).map((e) => ({
      dt: (e.PartitionValueList ?? []).join(VALUE_SEPARATOR),
      code: e.ErrorDetail?.ErrorCode ?? 'Unknown',
      message: e.ErrorDetail?.ErrorMessage ?? '',
    }));
  }

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
}

function registered(p: GluePartition, withSchema: boolean): RegisteredPartition {
  return {
    dt: (p.Values ?? []).join(VALUE_SEPARATOR),
    location: p.StorageDescriptor?.Location ?? '',
    schema: withSchema ? schemaOf(p.StorageDescriptor ?? {}) : '',
    ...(p.Parameters && Object.keys(p.Parameters).length ? { parameters: p.Parameters } : {}),
  };
}

/**
 * What makes a partition readable the way its table is: the columns, the formats and the SerDe.
 * Location, statistics and other per-partition fields are left out.
 */
export function schemaOf(sd: StorageDescriptor): string {
  const sorted = (o: Record<string, string> | undefined) =>
    Object.fromEntries(Object.entries(o ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify({
    columns: (sd.Columns ?? []).map((c) => [c.Name ?? '', c.Type ?? '', c.Comment ?? '']),
    input: sd.InputFormat ?? '',
    output: sd.OutputFormat ?? '',
    serde: [sd.SerdeInfo?.SerializationLibrary ?? '', sorted(sd.SerdeInfo?.Parameters)],
  });
}
