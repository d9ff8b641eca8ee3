/**
 * One table of a backfill: compare what S3 holds with what the catalog holds, register the
 * missing partitions, and with --rebuild update those whose schema is not the table's.
 */
import { AwsError, errorMessage } from '../errors.js';
import { partitionKey, type Partition } from '../partitions.js';
import type { Registrar } from '../registration.js';
import { chunk, GLUE_BATCH_SIZE } from '../statements.js';
import type { BackfillOptions, BackfillPorts, BackfillSettings } from './run.js';
import type { RegisteredPartition } from './ports.js';
import type { DtRange } from './range.js';
import { emptyTable, type TableBackfill } from './report.js';

/** Partitions handed to the registrar at once: bounds the Glue calls (10) or statements in flight. */
const REGISTER_SLICE = 1_000;

export interface TableContext {
  settings: BackfillSettings;
  ports: BackfillPorts;
  range: DtRange;
  registrar: Registrar;
  o: BackfillOptions;
}

export async function backfillTable(table: string, partitions: Partition[], c: TableContext): Promise<TableBackfill> {
  const row = emptyTable(table);
  const db = c.settings.database_name;
  const foundAt = new Map<string, string[]>();
  for (const p of partitions) foundAt.set(p.dt, [...(foundAt.get(p.dt) ?? []), p.location]);
  row.found = foundAt.size;
  row.dt.found = [...foundAt.keys()];
  if (!row.found && !c.o.rebuild) return row;

  let registered: RegisteredPartition[];
  try {
    registered = await c.ports.catalog.listPartitions(db, table, c.range, Boolean(c.o.rebuild));
  } catch (err) {
    row.error = err instanceof AwsError && err.code === 'EntityNotFoundException'
      ? `table ${db}.${table} is not in the Glue Data Catalog (${err.message}); create it, then run the backfill again`
      : errorMessage(err);
    return row;
  }
  const at = new Map(registered.map((r) => [r.dt, r.location]));
  const missing: Partition[] = [];
  for (const [dt, locations] of foundAt) {
    const where = at.get(dt);
    if (where !== undefined) {
      row.dt.already.push(dt);
      if (locations.length === 1 && !sameLocation(where, locations[0]!)) row.elsewhere.push({ dt, registered: where, found: locations[0]! });
    } else if (locations.length > 1) row.conflicts.push({ dt, locations });
    else missing.push({ table, dt, location: locations[0]! });
  }
  row.already = row.dt.already.length;
  row.missing = missing.length;
  row.dt.missing = missing.map((p) => p.dt);

  if (!c.o.dryRun) {
    for (const slice of chunk(missing, REGISTER_SLICE)) {
      let failures: Map<string, string>;
      try {
        failures = await c.registrar.register(slice);
      } catch (err) {
        failures = new Map(slice.map((p) => [partitionKey(p), errorMessage(err)]));
      }
      for (const p of slice) {
        const reason = failures.get(partitionKey(p));
        if (reason) row.failures.push({ dt: p.dt, reason });
        else row.dt.registered.push(p.dt);
      }
    }
    row.registered = row.dt.registered.length;
  }
  if (c.o.rebuild) await rebuild(row, registered, c);
  row.failed = row.failures.length;
  return row;
}

/** --rebuild: registered partitions whose schema is not the table's get the table's storage descriptor. */
async function rebuild(row: TableBackfill, registered: RegisteredPartition[], c: TableContext): Promise<void> {
  const db = c.settings.database_name;
  let schema: string;
  try {
    schema = await c.ports.catalog.tableSchema(db, row.table);
  } catch (err) {
    row.error = errorMessage(err);
    return;
  }
  const outdated = registered.filter((p) => p.schema !== schema);
  if (c.o.dryRun) {
    row.dt.rebuilt = outdated.map((p) => p.dt);
    row.rebuilt = outdated.length;
    return;
  }
  for (const part of chunk(outdated, GLUE_BATCH_SIZE)) {
    let failed: Map<string, string>;
    try {
      failed = new Map((await c.ports.catalog.updatePartitions(db, row.table, part)).map((f) => [f.dt, `Glue ${f.code}: ${f.message}`]));
    } catch (err) {
      failed = new Map(part.map((p) => [p.dt, errorMessage(err)]));
    }
    for (const p of part) {
      const reason = failed.get(p.dt);
      if (reason) row.failures.push({ dt: p.dt, reason: `rebuild: ${reason}` });
      else row.dt.rebuilt.push(p.dt);
    }
  }
  row.rebuilt = row.dt.rebuilt.length;
}

/** Glue may hold a location with or without its trailing slash. */
function sameLocation(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
