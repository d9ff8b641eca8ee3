/** What a backfill reports, per table and in all. Plain data; `--output json` prints it as it is. */
import type { RefreshStrategy } from '../config/schema.js';
import type { CallRecord } from '../partitions/registrar.js';
import type { SkippedFolder } from './discovery.js';
import type { DtRange } from './range.js';

export interface TableBackfill {
  table: string;
  /** Partitions (dt values; a declared layout's as `key=value/...`) found in S3 within the range. */
  found: number;
  /** Of those, already registered. */
  already: number;
  /** Found and not registered: what the backfill registers (or, with --dry-run, would). */
  missing: number;
  /** Registered by this run (0 with --dry-run). */
  registered: number;
  failed: number;
  /** --rebuild: registered partitions given the table's current schema (with --dry-run: that would be). */
  rebuilt: number;
  dt: { found: string[]; already: string[]; missing: string[]; registered: string[]; rebuilt: string[] };
  failures: { dt: string; reason: string }[];
  /** A dt found in two folders (both layouts, or two buckets): one partition has one location, so neither is registered. */
  conflicts: { dt: string; locations: string[] }[];
  /** Registered at another location than the one folder that holds it in S3: left as it is. */
  elsewhere: { dt: string; registered: string; found: string }[];
  /** The table could not be read from the catalog (e.g. it does not exist); nothing was registered. */
  error?: string;
  /** Why nothing was done for a table on purpose (it uses partition projection). */
  note?: string;
}

export interface BackfillResult {
  database: string;
  strategy: RefreshStrategy;
  dryRun: boolean;
  rebuild: boolean;
  range: DtRange;
  tables: TableBackfill[];
  totals: { found: number; already: number; missing: number; registered: number; failed: number; rebuilt: number };
  /** ListObjectsV2 calls made to find the partition folders. */
  listCalls: number;
  skipped: SkippedFolder[];
  skippedCount: number;
  /** Statements or Glue calls made to register partitions. */
  calls: CallRecord[];
  durationMs: number;
}

export function emptyTable(table: string): TableBackfill {
  return {
    table,
    found: 0,
    already: 0,
    missing: 0,
    registered: 0,
    failed: 0,
    rebuilt: 0,
    dt: { found: [], already: [], missing: [], registered: [], rebuilt: [] },
    failures: [],
    conflicts: [],
    elsewhere: [],
  };
}

export function totals(tables: TableBackfill[]): BackfillResult['totals'] {
  const sum = (k: 'found' | 'already' | 'missing' | 'registered' | 'failed' | 'rebuilt') => tables.reduce((n, t) => n + t[k], 0);
  return {
    found: sum('found'),
    already: sum('already'),
    missing: sum('missing'),
    registered: sum('registered'),
    failed: sum('failed'),
    rebuilt: sum('rebuilt'),
  };
}

/**
 * Whether every table was read, every registration or update succeeded, and (unless a dry run)
 * no partition was left out for being found in two folders: each of those leaves data unsearchable.
 */
export function backfillSucceeded(r: BackfillResult): boolean {
  return r.tables.every((t) => !t.error && t.failed === 0 && (r.dryRun || t.conflicts.length === 0));
}
