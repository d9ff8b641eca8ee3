/** What a backfill takes: its settings, ports and options (apart from run.ts, which table.ts also reads them from). */
import type { BucketMap } from '../partitions/buckets.js';
import type { RefreshStrategy } from '../config/schema.js';
import type { TableLayouts } from '../partitions/layout/types.js';
import type { Logger } from '../kernel/logger.js';
import type { AthenaPort, Clock, GluePort } from '../partitions/ports.js';
import type { FolderLister, PartitionCatalog } from './ports.js';

export interface BackfillSettings {
  database_name: string;
  buckets: BucketMap;
  /** Tables with a declared layout (loadConfig fills it from conf/schemas/). */
  layouts?: TableLayouts;
  refresh_strategy: RefreshStrategy;
  query_timeout_seconds: number;
}

export interface BackfillPorts {
  /** The account check (core/account/account.ts): after the options are checked, before the first AWS call. */
  account?: () => Promise<unknown>;
  folders: FolderLister;
  catalog: PartitionCatalog;
  athena: AthenaPort;
  glue?: GluePort;
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
