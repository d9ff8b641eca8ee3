/** What a backfill takes: its settings, ports and options (apart from run.ts, which table.ts also reads them from). */
import type { BucketMap } from '../partitions/buckets.js';
import type { RefreshStrategy } from '../config/schema.js';
import type { TableLayouts } from '../partitions/layout/types.js';
import type { Logger } from '../kernel/logger.js';
import type { AthenaPort, Clock, GluePort } from '../partitions/ports.js';
import type { FolderLister, PartitionCatalog } from './ports.js';

/**
 * What a backfill reads of the configuration: a slice of `AthenaSettings`, so its keys are spelled as
 * conf/lambda.json spells them (snake_case). Everything else the library takes or returns (options,
 * results, ports) is camelCase; the CLI's --output json turns those into snake_case at the edge.
 */
export interface BackfillSettings {
  database_name: string;
  buckets: BucketMap;
  /** Tables with a declared layout (loadConfig fills it from conf/schemas/). */
  layouts?: TableLayouts;
  refresh_strategy: RefreshStrategy;
  query_timeout_seconds: number;
}

export interface BackfillOptions {
  /** Only these tables (--table). */
  tables?: string[];
  /** `YYYY-MM-DD[-HH]` bounds, inclusive (--since, --until). */
  since?: string;
  until?: string;
  rebuild?: boolean;
  dryRun?: boolean;
  /** ListObjectsV2 calls in flight (default 8). */
  listConcurrency?: number;
  clock?: Clock;
  logger?: Logger;
  onProgress?: (p: BackfillProgress) => void;
  firstPollMs?: number;
  maxPollMs?: number;
  maxQueryBytes?: number;
}

export interface BackfillProgress {
  phase: 'listing' | 'registering';
  listCalls: number;
  partitions: number;
  registered: number;
}
