/** `athena init` on the data catalog: the database (Glue, and Athena's view of it) and tables. */
import type { AthenaClient } from '@aws-sdk/client-athena';
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  GetDatabaseCommand,
  GetTableCommand,
  GetTagsCommand,
  TagResourceCommand,
  UpdateTableCommand,
  type GlueClient,
  type Table,
  type TableInput,
} from '@aws-sdk/client-glue';
import type { LiveDatabase, TableDefinition } from '../../core/init/types.js';
import { doubling, pollUntil } from '../../core/kernel/poll.js';
import { systemClock } from '../../core/partitions/ports.js';
import { AthenaQueries, type AthenaOptions } from '../refresh/athena.js';
import { awsError, call, callOrNull, INIT_HINTS } from '../sdk/errors.js';

export function tableInput(table: TableDefinition): TableInput {
  return {
    Name: table.name,
    TableType: table.tableType,
    Parameters: table.parameters,
    PartitionKeys: table.partitionKeys.map((c) => ({ Name: c.name, Type: c.type })),
    StorageDescriptor: {
      Location: table.location,
      Columns: table.columns.map((c) => ({ Name: c.name, Type: c.type })),
      InputFormat: table.inputFormat,
      OutputFormat: table.outputFormat,
      SerdeInfo: { SerializationLibrary: table.serializationLibrary, Parameters: table.serdeParameters },
    },
  };
}

export function tableDefinitionOf(table: Table): TableDefinition {
  const storage = table.StorageDescriptor ?? {};
  const columns = (cs: { Name?: string; Type?: string }[] | undefined) =>
    (cs ?? []).map((c) => ({ name: c.Name ?? '', type: c.Type ?? '' }));
  return {
    name: table.Name ?? '',
    tableType: table.TableType ?? '',
    location: storage.Location ?? '',
    columns: columns(storage.Columns),
    partitionKeys: columns(table.PartitionKeys),
    inputFormat: storage.InputFormat ?? '',
    outputFormat: storage.OutputFormat ?? '',
    serializationLibrary: storage.SerdeInfo?.SerializationLibrary ?? '',
    serdeParameters: storage.SerdeInfo?.Parameters ?? {},
    parameters: table.Parameters ?? {},
  };
}

export class InitCatalog {
  private readonly athenaQueries: AthenaQueries;

  constructor(
    private readonly glue: GlueClient,
    athena: AthenaClient,
    athenaOptions: AthenaOptions,
    /** `arn:<partition>:glue:<region>:<account>:`, the start of the database's ARN (for its tags). */
    private readonly arnPrefix: string,
  ) {
    this.athenaQueries = new AthenaQueries(athena, athenaOptions);
  }

  private databaseArn(name: string): string {
    return `${this.arnPrefix}database/${name}`;
  }

  async getDatabase(name: string): Promise<LiveDatabase> {
    const [glue, athena] = await Promise.all([this.glueDatabaseExists(name), this.athenaDatabaseExists(name)]);
    if (!glue) return { glue, athena };
    const tags = await call(
      'Glue',
      'GetTags',
      () => this.glue.send(new GetTagsCommand({ ResourceArn: this.databaseArn(name) })),
      undefined,
      INIT_HINTS,
    );
    return { glue, athena, tags: tags.Tags ?? {} };
  }

  async tagDatabase(name: string, tags: Record<string, string>): Promise<void> {
    await call(
      'Glue',
      'TagResource',
      () => this.glue.send(new TagResourceCommand({ ResourceArn: this.databaseArn(name), TagsToAdd: tags })),
      undefined,
      INIT_HINTS,
    );
  }

  private async glueDatabaseExists(name: string): Promise<boolean> {
    return (
      (await callOrNull('Glue', 'GetDatabase', () => this.glue.send(new GetDatabaseCommand({ Name: name })), undefined, INIT_HINTS)) !==
      null
    );
  }

  async athenaDatabaseExists(name: string): Promise<boolean> {
    try {
      return await this.athenaQueries.databaseExists(name);
    } catch (err) {
      throw awsError('Athena', 'GetDatabase', (err as { cause?: unknown }).cause ?? err, INIT_HINTS);
    }
  }

  /** AlreadyExistsException is a failure: a database that appeared since the plan is not ours to tag. */
  async createGlueDatabase(name: string, tags: Record<string, string>): Promise<void> {
    await call(
      'Glue',
      'CreateDatabase',
      () => this.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: name }, Tags: tags })),
      undefined,
      INIT_HINTS,
    );
  }

  /** Only where Athena keeps its own catalog (local endpoints): on AWS it already sees Glue's. */
  async createAthenaDatabase(name: string): Promise<void> {
    const id = await this.athenaQueries.startQuery(`CREATE DATABASE IF NOT EXISTS \`${name}\``, name).catch((err: unknown) => {
      throw awsError('Athena', 'StartQueryExecution', (err as { cause?: unknown }).cause ?? err, INIT_HINTS);
    });
    // Done once Athena sees the database (an emulator may show it before the query reads SUCCEEDED).
    await pollUntil<void, void>(
      async () => {
        if (await this.athenaDatabaseExists(name)) return { done: true, value: undefined };
        const [state] = await this.athenaQueries.queryStates([id]);
        if (state?.state === 'SUCCEEDED') return { done: true, value: undefined };
        if (state?.state === 'FAILED' || state?.state === 'CANCELLED') {
          throw awsError(
            'Athena',
            'StartQueryExecution',
            Object.assign(new Error(`CREATE DATABASE ${name} ${state.state}: ${state.reason ?? ''}`), { name: 'QueryFailed' }),
            INIT_HINTS,
          );
        }
        return { done: false, last: undefined };
      },
      { clock: systemClock, delayMs: doubling(100, 2_000), giveUp: () => new Error('unreachable: no time limit') },
    );
  }

  async getTable(database: string, name: string): Promise<TableDefinition | null> {
    const out = await callOrNull(
      'Glue',
      'GetTable',
      () => this.glue.send(new GetTableCommand({ DatabaseName: database, Name: name })),
      undefined,
      INIT_HINTS,
    );
    return out?.Table ? tableDefinitionOf(out.Table) : null;
  }

  async createTable(database: string, table: TableDefinition): Promise<void> {
    await call(
      'Glue',
      'CreateTable',
      () => this.glue.send(new CreateTableCommand({ DatabaseName: database, TableInput: tableInput(table) })),
      undefined,
      INIT_HINTS,
    );
  }

  async updateTable(database: string, table: TableDefinition): Promise<void> {
    await call(
      'Glue',
      'UpdateTable',
      () => this.glue.send(new UpdateTableCommand({ DatabaseName: database, TableInput: tableInput(table) })),
      undefined,
      INIT_HINTS,
    );
  }
}
