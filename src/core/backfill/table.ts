/**
 * One table of a backfill: compare what S3 holds with what the catalog holds, register the
 * missing partitions, and with --rebuild update those whose schema is not the table's.
 */
import { AwsError, errorMessage } from '../kernel/errors.js';
import { partitionKey, partitionLabel, type Partition } from '../partitions/partition.js';
import { VALUE_SEPARATOR } from '../partitions/layout/match.js';
import { valuesInRange } from './layout-walk.js';
import type { Registrar } from '../partitions/registrar.js';
import { chunk, GLUE_BATCH_SIZE } from '../partitions/statements.js';
import type { BackfillOptions, BackfillSettings } from './types.js';
import type { BackfillPorts } from './ports.js';
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
  options: BackfillOptions;
}

export async function backfillTable(table: string, partitions: Partition[], context: TableContext): Promise<TableBackfill> {
  const row = emptyTable(table);
  const db = context.settings.database_name;
  const layout = context.settings.layouts?.[table.toLowerCase()];
  if (layout?.projection) {
    row.note = `table uses partition projection (${layout.file}): Athena computes its partitions, nothing to register`;
    return row;
  }
  const label = (dt: string) => (layout ? partitionLabel({ dt, keys: layout.keyNames }) : dt);
  const foundAt = new Map<string, string[]>();
  for (const partition of partitions) foundAt.set(partition.dt, [...(foundAt.get(partition.dt) ?? []), partition.location]);
  row.found = foundAt.size;
  row.dt.found = [...foundAt.keys()].map(label);
  if (!row.found && !context.options.rebuild) return row;

  let registered: RegisteredPartition[];
  try {
    // The catalog's range filter is on dt: a declared layout's partitions are listed whole and
    // kept by their date values here.
    registered = await context.ports.catalog.listPartitions(db, table, layout ? {} : context.range, Boolean(context.options.rebuild));
    if (layout) registered = registered.filter((r) => valuesInRange(layout, r.dt.split(VALUE_SEPARATOR), context.range));
  } catch (err) {
    row.error =
      err instanceof AwsError && err.code === 'EntityNotFoundException'
        ? `table ${db}.${table} is not in the Glue Data Catalog (${err.message}); create it, then run the backfill again`
        : errorMessage(err);
    return row;
  }
  const at = new Map(registered.map((r) => [r.dt, r.location]));
  const missing: Partition[] = [];
  for (const [dt, locations] of foundAt) {
    const where = at.get(dt);
    if (where !== undefined) {
      row.dt.already.push(label(dt));
      if (locations.length === 1 && !sameLocation(where, locations[0]!))
        row.elsewhere.push({ dt: label(dt), registered: where, found: locations[0]! });
    } else if (locations.length > 1) row.conflicts.push({ dt: label(dt), locations });
    else missing.push({ table, dt, location: locations[0]!, ...(layout ? { keys: layout.keyNames } : {}) });
  }
  row.already = row.dt.already.length;
  row.missing = missing.length;
  row.dt.missing = missing.map(partitionLabel);

  if (!context.options.dryRun) {
    for (const slice of chunk(missing, REGISTER_SLICE)) {
      let failures: Map<string, string>;
      try {
        failures = await context.registrar.register(slice);
      } catch (err) {
        failures = new Map(slice.map((partition) => [partitionKey(partition), errorMessage(err)]));
      }
      for (const partition of slice) {
        const reason = failures.get(partitionKey(partition));
        if (reason) row.failures.push({ dt: partitionLabel(partition), reason });
        else row.dt.registered.push(partitionLabel(partition));
      }
    }
    row.registered = row.dt.registered.length;
  }
  if (context.options.rebuild) await rebuild(row, registered, context, label);
  row.failed = row.failures.length;
  return row;
}

/** --rebuild: registered partitions whose schema is not the table's get the table's storage descriptor. */
async function rebuild(
  row: TableBackfill,
  registered: RegisteredPartition[],
  context: TableContext,
  label: (dt: string) => string,
): Promise<void> {
  const db = context.settings.database_name;
  let schema: string;
  try {
    schema = await context.ports.catalog.tableSchema(db, row.table);
  } catch (err) {
    row.error = errorMessage(err);
    return;
  }
  const outdated = registered.filter((partition) => partition.schema !== schema);
  if (context.options.dryRun) {
    row.dt.rebuilt = outdated.map((partition) => label(partition.dt));
    row.rebuilt = outdated.length;
    return;
  }
  for (const part of chunk(outdated, GLUE_BATCH_SIZE)) {
    let failed: Map<string, string>;
    try {
      failed = new Map(
        (await context.ports.catalog.updatePartitions(db, row.table, part)).map((failure) => [
          failure.dt,
          `Glue ${failure.code}: ${failure.message}`,
        ]),
      );
    } catch (err) {
      failed = new Map(part.map((partition) => [partition.dt, errorMessage(err)]));
    }
    for (const partition of part) {
      const reason = failed.get(partition.dt);
      if (reason) row.failures.push({ dt: label(partition.dt), reason: `rebuild: ${reason}` });
      else row.dt.rebuilt.push(label(partition.dt));
    }
  }
  row.rebuilt = row.dt.rebuilt.length;
}

/** Glue may hold a location with or without its trailing slash. */
function sameLocation(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
