/**
 * The bench's workloads and the yardsticks it measures runs against: `min_api_calls` and
 * `lower_bound_ms` (definitions in bench/README.md).
 */
import type { RefreshStrategy } from '../src/core/config/schema.js';
import { parseNotification } from '../src/core/partitions/notifications.js';
import { partitionFor, type BucketMap, type Partition } from '../src/core/partitions/partition.js';
import { addPartitionStatements, GLUE_BATCH_SIZE } from '../src/core/partitions/statements.js';
import { latencyFor, type LatencyModel } from '../test/support/aws-proxy/index.js';
import { s3Event } from '../test/support/factories.js';

export const BUCKETS: BucketMap = { 'bench-alerts': 'alerts', 'bench-data': '*' };
export const DATABASE = 'streamalert';
export const TABLES = ['alerts', 'cloudtrail', 'cloudwatch'] as const;
/** Schema files for the tables read from the "*" bucket (alerts has a built-in schema). */
export const SCHEMAS = {
  cloudtrail: { format: 'json' as const, columns: { record: 'string' } },
  cloudwatch: { format: 'json' as const, columns: { record: 'string' } },
};
export const HOURS = 24;

/**
 * Notification i: table i % 3, hour (i / 3) % 24, one S3 record. Both key layouts:
 *   alerts      bench-alerts/dt=2026-11-28-HH/alerts_<i>.json           (Hive, table from the map)
 *   cloudtrail  bench-data/cloudtrail/dt=2026-11-28-HH/<i>.json.gz      (Hive, table from the key)
 *   cloudwatch  bench-data/cloudwatch/2026/11/28/HH/<i>.json.gz         (Firehose)
 */
export function notificationBody(i: number): string {
  const hh = String(Math.floor(i / TABLES.length) % HOURS).padStart(2, '0');
  switch (i % TABLES.length) {
    case 0:
      return s3Event(['bench-alerts', `dt=2026-11-28-${hh}/alerts_${i}.json`]);
    case 1:
      return s3Event(['bench-data', `cloudtrail/dt=2026-11-28-${hh}/${i}.json.gz`]);
    default:
      return s3Event(['bench-data', `cloudwatch/2026/11/28/${hh}/firehose-${i}.json.gz`]);
  }
}

/** The distinct partitions a workload of n notifications touches, per table. */
export function workloadPartitions(n: number): Map<string, Partition[]> {
  const seen = new Map<string, Map<string, Partition>>();
  for (let i = 0; i < Math.min(n, TABLES.length * HOURS); i++) {
    const parsed = parseNotification(notificationBody(i));
    if (!parsed.ok) throw new Error(`workload body ${i} does not parse: ${parsed.reason}`);
    for (const record of parsed.records) {
      if (record.kind !== 'object') continue;
      const found = partitionFor(record.object, BUCKETS);
      if (!found.ok) throw new Error(`workload key ${i}: ${found.reason}`);
      const partition = found.partition;
      (seen.get(partition.table) ?? seen.set(partition.table, new Map()).get(partition.table)!).set(partition.dt, partition);
    }
  }
  return new Map([...seen].map(([table, byDt]) => [table, [...byDt.values()]]));
}

const isHive = (partition: Partition) => /\/dt=[^/]+\/$/.test(partition.location);

export interface MinCalls {
  receive: number;
  delete: number;
  /** Athena statements (StartQueryExecution) or Glue calls (BatchCreatePartition + GetTable). */
  register: number;
  /** Glue BatchGetPartition: where the partitions are already registered (one per table and 1,000). */
  check: number;
  total: number;
}

/**
 * ceil(n/10) receives + ceil(n/10) deletes + the fewest registration calls for the workload's
 * partitions: add_partition one statement per table per 262,144 bytes; repair one MSCK REPAIR per
 * table with Hive folders plus ADD PARTITION statements for Firehose-layout partitions (MSCK
 * cannot discover those); glue ceil(partitions/100) BatchCreatePartition per table + one GetTable
 * per table.
 */
export function minApiCalls(n: number, strategy: RefreshStrategy): MinCalls {
  const receive = Math.ceil(n / 10);
  const del = Math.ceil(n / 10);
  let register = 0;
  let check = 0;
  for (const [table, list] of workloadPartitions(n)) {
    check += Math.ceil(list.length / 1_000);
    if (strategy === 'glue') register += Math.ceil(list.length / GLUE_BATCH_SIZE) + 1;
    else if (strategy === 'repair') {
      const explicit = list.filter((partition) => !isHive(partition));
      register +=
        (explicit.length < list.length ? 1 : 0) + (explicit.length ? addPartitionStatements(DATABASE, table, explicit).length : 0);
    } else register += addPartitionStatements(DATABASE, table, list).length;
  }
  return { receive, delete: del, register, check, total: receive + del + register + check };
}

export interface Concurrency {
  receive: number;
  delete: number;
}

/**
 * The latency model's time for the minimum calls at the concurrency the run used (its peak number
 * of ReceiveMessage and DeleteMessageBatch calls in flight):
 *   GetDatabase
 *   + max( ceil(receives / c_receive) × t_receive,            receiving the backlog
 *          ceil(deletes / c_delete) × t_delete,                deleting it
 *          t_receive + registration )                          first batch, then registering
 *   + t_delete                                                 the last delete after the last receive
 * registration = t_StartQueryExecution + DDL RUNNING time + t_GetQueryExecution (Athena), or
 * t_GetTable + t_BatchCreatePartition (Glue): statements for different tables run in parallel.
 */
export function lowerBoundMs(
  min: MinCalls,
  strategy: RefreshStrategy,
  concurrency: Concurrency,
  latency: LatencyModel,
  ddlRunningMs: number,
): number {
  const ms = (operation: string) => latencyFor(latency, operation);
  const receive = Math.ceil(min.receive / Math.max(1, concurrency.receive)) * ms('SQS.ReceiveMessage');
  const del = Math.ceil(min.delete / Math.max(1, concurrency.delete)) * ms('SQS.DeleteMessageBatch');
  const registration =
    strategy === 'glue'
      ? ms('Glue.GetTable') + ms('Glue.BatchCreatePartition')
      : ms('Athena.StartQueryExecution') + ddlRunningMs + ms('Athena.GetQueryExecution');
  return ms('Athena.GetDatabase') + Math.max(receive, del, ms('SQS.ReceiveMessage') + registration) + ms('SQS.DeleteMessageBatch');
}

/** Peak number of calls of an operation in flight at once, from the proxy's log. */
export function peakConcurrency(entries: { operation: string; start: number; end: number }[], operation: string): number {
  const events: [number, number][] = [];
  for (const entry of entries) {
    if (entry.operation !== operation) continue;
    events.push([entry.start, 1], [entry.end, -1]);
  }
  // Ends before starts at the same instant: a call that ended is not in flight with one that began.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let inFlight = 0;
  let peak = 0;
  for (const [, change] of events) {
    inFlight += change;
    peak = Math.max(peak, inFlight);
  }
  return peak;
}
