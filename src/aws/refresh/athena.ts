/** Athena: the database check and running DDL statements. */
import { GetDatabaseCommand, GetQueryExecutionCommand, StartQueryExecutionCommand, type AthenaClient } from '@aws-sdk/client-athena';
import type { AthenaPort, CallOptions, QueryState, QueryStateName } from '../../core/partitions/ports.js';
import { abortedError, awsError, call } from '../sdk/errors.js';

export interface AthenaOptions {
  /** `s3://bucket/prefix/` for query results. */
  outputLocation: string;
  workgroup?: string;
  catalog?: string;
  /** The client's region, named when a database is not found. */
  region?: string;
}

export class AthenaQueries implements AthenaPort {
  /** Databases known to exist: checked once per process (the Lambda reuses its process). */
  private readonly known = new Set<string>();

  constructor(
    private readonly athena: AthenaClient,
    private readonly options: AthenaOptions,
  ) {}

  get region(): string | undefined {
    return this.options.region;
  }

  async databaseExists(database: string, { signal }: CallOptions = {}): Promise<boolean> {
    if (this.known.has(database)) return true;
    try {
      await this.athena.send(new GetDatabaseCommand({ CatalogName: this.options.catalog ?? 'AwsDataCatalog', DatabaseName: database }), {
        abortSignal: signal,
      });
    } catch (err) {
      if (signal?.aborted) throw abortedError('Athena', 'GetDatabase', signal, err);
      const e = err as { name?: string; message?: string };
      if (e.name === 'MetadataException' && /not found|EntityNotFound/i.test(e.message ?? '')) return false;
      throw awsError('Athena', 'GetDatabase', err);
    }
    this.known.add(database);
    return true;
  }

  async startQuery(sql: string, database: string, { signal }: CallOptions = {}): Promise<string> {
    const start = new StartQueryExecutionCommand({
      QueryString: sql,
      QueryExecutionContext: { Database: database, Catalog: this.options.catalog ?? 'AwsDataCatalog' },
      ResultConfiguration: { OutputLocation: this.options.outputLocation },
      ...(this.options.workgroup ? { WorkGroup: this.options.workgroup } : {}),
    });
    const out = await call('Athena', 'StartQueryExecution', () => this.athena.send(start, { abortSignal: signal }), signal);
    return out.QueryExecutionId!;
  }

  /** One GetQueryExecution per query, in parallel (moto has no BatchGetQueryExecution). */
  async queryStates(ids: string[], { signal }: CallOptions = {}): Promise<QueryState[]> {
    return Promise.all(
      ids.map(async (id) => {
        const get = new GetQueryExecutionCommand({ QueryExecutionId: id });
        const out = await call('Athena', 'GetQueryExecution', () => this.athena.send(get, { abortSignal: signal }), signal);
        const status = out.QueryExecution?.Status;
        return {
          id,
          state: (status?.State ?? 'QUEUED') as QueryStateName,
          reason: status?.StateChangeReason ?? status?.AthenaError?.ErrorMessage,
          errorType: status?.AthenaError?.ErrorType !== undefined ? String(status.AthenaError.ErrorType) : undefined,
        };
      }),
    );
  }
}
