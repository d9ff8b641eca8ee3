/**
 * The catalog tables init manages: `alerts` (built-in schema) when a bucket maps to it, and one
 * table per schema file. Each is an external table partitioned by `dt string` (or by its schema's
 * `partition_keys`, in order), located at `s3://<bucket>/<table>/` unless its schema gives
 * `location`; JSON tables read with the OpenX JSON SerDe, Parquet tables with the Parquet SerDe and
 * formats. A table with `"projection": true` carries Athena's projection properties
 * (core/partitions/layout/projection.ts).
 */
import { bucketMappings, tableLocation, type BucketMapping } from '../partitions/buckets.js';
import type { AthenaSettings } from '../config/load.js';
import { PARTITION_KEY, SCHEMAS_DIR, type TableFormat, type TableSchema } from '../config/table-schemas.js';
import { ConfigError } from '../kernel/errors.js';
import { projectionProperties } from '../partitions/layout/projection.js';
import { ALERTS_TABLE, builtInAlertsSchema } from './alerts-table.js';
import { canonicalHiveType } from './hive-types.js';
import type { TableDefinition } from './types.js';

const STORAGE: Record<TableFormat, Pick<TableDefinition, 'inputFormat' | 'outputFormat' | 'serializationLibrary' | 'serdeParameters'>> = {
  json: {
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
    serdeParameters: { 'ignore.malformed.json': 'true' },
  },
  parquet: {
    inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    serdeParameters: { 'serialization.format': '1' },
  },
};

/** A table init creates and keeps in shape, or one a bucket maps to that init only checks for. */
export type TableSpec =
  | { name: string; managed: true; /** `schemas/<table>.json` or `built-in schema` */ source: string; definition: TableDefinition }
  | { name: string; managed: false; bucket: string; /** A layout-only schema file names the table. */ layoutFile?: string };

/** A schema file with format and columns: init creates that table. */
const creatable = (schema: TableSchema): schema is TableSchema & { format: TableFormat } => schema.format !== undefined;

export function tableDefinition(schema: TableSchema, location: string): TableDefinition {
  if (!creatable(schema)) throw new Error(`${schema.file}: a layout-only schema has no table definition`);
  return {
    name: schema.table,
    tableType: 'EXTERNAL_TABLE',
    location,
    columns: schema.columns.map((c) => ({ name: c.name, type: c.type })),
    partitionKeys: schema.layout
      ? schema.layout.keys.map((k) => ({ name: k.name, type: k.type }))
      : [{ name: PARTITION_KEY, type: 'string' }],
    ...STORAGE[schema.format],
    parameters: { EXTERNAL: 'TRUE', classification: schema.format, ...(schema.layout ? projectionProperties(schema.layout) : {}) },
  };
}

/** Projection's table properties (projection.*, storage.location.template): init's to keep in shape. */
const isProjectionProperty = (name: string) => name.startsWith('projection.') || name === 'storage.location.template';

const sourceOf = (schema: TableSchema, files: Map<string, TableSchema>) =>
  files.has(schema.table) ? `${SCHEMAS_DIR}/${schema.table}.json` : 'built-in schema';

/** The tables of this deployment, from the bucket map and the schema files (sorted by name). */
export function desiredTables(athena: Pick<AthenaSettings, 'buckets'>, schemas: readonly TableSchema[]): TableSpec[] {
  // Locations honour a bucket's prefix (`{"table": "*", "prefix": "parquet/"}`): core/partitions/buckets.ts.
  const mapped = new Map<string, { bucket: string; mapping: BucketMapping }[]>();
  const anyTable: { bucket: string; mapping: BucketMapping }[] = [];
  for (const entry of bucketMappings(athena.buckets)) {
    const table = entry.mapping.table;
    if (table === '*') anyTable.push(entry);
    else mapped.set(table, [...(mapped.get(table) ?? []), entry]);
  }
  const byName = new Map(schemas.map((s) => [s.table, s]));
  const specs: TableSpec[] = [];
  for (const [table, buckets] of mapped) {
    const schema = byName.get(table) ?? (table === ALERTS_TABLE ? builtInAlertsSchema() : undefined);
    const first = buckets[0]!;
    if (!schema || !creatable(schema))
      specs.push({ name: table, managed: false, bucket: first.bucket, ...(schema ? { layoutFile: schema.file } : {}) });
    else
      specs.push({
        name: table,
        managed: true,
        source: sourceOf(schema, byName),
        definition: tableDefinition(schema, schema.location ?? tableLocation(first.bucket, first.mapping, table)),
      });
  }
  for (const schema of schemas) {
    if (mapped.has(schema.table)) continue;
    if (!creatable(schema)) {
      specs.push({ name: schema.table, managed: false, bucket: schema.layout!.bucket, layoutFile: schema.file });
      continue;
    }
    let location = schema.location;
    if (!location) {
      if (anyTable.length !== 1) {
        const why = anyTable.length
          ? `several buckets map to "*" (${anyTable.map((a) => a.bucket).join(', ')})`
          : 'no bucket maps to it or to "*"';
        throw new ConfigError(
          `${schema.file}: table ${schema.table} has no location and ${why}: add "location": "s3://bucket/prefix/" to the file, or map its bucket in conf/lambda.json`,
          schema.file,
          'location',
        );
      }
      location = tableLocation(anyTable[0]!.bucket, anyTable[0]!.mapping, schema.table);
    }
    specs.push({ name: schema.table, managed: true, source: sourceOf(schema, byName), definition: tableDefinition(schema, location) });
  }
  return specs.sort((a, b) => a.name.localeCompare(b.name));
}

const slash = (location: string) => (location.endsWith('/') ? location : `${location}/`);
const columnText = (c: { name: string; type: string }) => `${c.name} ${c.type}`;

/** How a live table differs from the definition, one line per difference (none: the same). */
export function tableDifferences(want: TableDefinition, live: TableDefinition): string[] {
  const out: string[] = [];
  const liveColumns = new Map(live.columns.map((c) => [c.name.toLowerCase(), canonicalHiveType(c.type)]));
  const wantNames = new Set(want.columns.map((c) => c.name));
  const added = want.columns.filter((c) => !liveColumns.has(c.name)).map(columnText);
  const removed = live.columns.filter((c) => !wantNames.has(c.name.toLowerCase())).map((c) => c.name.toLowerCase());
  const retyped = want.columns
    .filter((c) => liveColumns.has(c.name) && liveColumns.get(c.name) !== c.type)
    .map((c) => `${c.name} ${liveColumns.get(c.name)} → ${c.type}`);
  if (added.length) out.push(`adds column(s) ${added.join(', ')}`);
  if (removed.length) out.push(`drops column(s) ${removed.join(', ')}`);
  if (retyped.length) out.push(`retypes ${retyped.join(', ')}`);
  const keys = (cs: { name: string; type: string }[]) => cs.map((c) => `${c.name.toLowerCase()} ${canonicalHiveType(c.type)}`).join(', ');
  if (keys(live.partitionKeys) !== keys(want.partitionKeys))
    out.push(`partition keys (${keys(live.partitionKeys) || 'none'}) → (${keys(want.partitionKeys)})`);
  if (
    live.serializationLibrary !== want.serializationLibrary ||
    live.inputFormat !== want.inputFormat ||
    live.outputFormat !== want.outputFormat
  ) {
    out.push(`storage ${live.serializationLibrary || 'none'} → ${want.serializationLibrary}`);
  }
  if (slash(live.location) !== slash(want.location)) out.push(`location ${live.location || 'none'} → ${want.location}`);
  if (live.tableType !== want.tableType) out.push(`type ${live.tableType || 'none'} → ${want.tableType}`);
  const projection = Object.entries(want.parameters).filter(
    ([name, value]) => isProjectionProperty(name) && live.parameters[name] !== value,
  );
  if (projection.length) out.push(`sets ${projection.map(([name, value]) => `${name}=${value}`).join(', ')}`);
  return out;
}

export interface TablePlan {
  action: 'create' | 'update' | 'unchanged' | 'blocked';
  detail: string;
  /** The definition to write (none: nothing to write, or not with these options). */
  write?: { op: 'createTable' | 'updateTable'; table: TableDefinition };
}

export function planTable(spec: TableSpec, live: TableDefinition | null, database: string, updateTables: boolean): TablePlan {
  if (!spec.managed && spec.layoutFile) {
    if (live) return { action: 'unchanged', detail: `exists; not managed by init (${spec.layoutFile} gives its layout only)` };
    return {
      action: 'blocked',
      detail: `${spec.layoutFile} gives table ${spec.name}'s layout but no columns, and it is not in database ${database}: create it (e.g. with the DDL of the Athena docs, docs/layouts.md), or add "format" and "columns" to the file`,
    };
  }
  if (!spec.managed) {
    if (live) return { action: 'unchanged', detail: `exists; not managed by init (no schema file conf/schemas/${spec.name}.json)` };
    return {
      action: 'blocked',
      detail: `bucket ${spec.bucket} maps to table ${spec.name}, which is not in database ${database} and has no schema: add conf/schemas/${spec.name}.json ({"format": "json", "columns": {"<name>": "<hive type>"}}), or create the table yourself`,
    };
  }
  const want = spec.definition;
  const format = want.serializationLibrary.includes('Parquet') ? 'parquet' : 'json';
  const keys = want.partitionKeys.map((k) => k.name).join(', ');
  const projected = want.parameters['projection.enabled'] === 'true' ? ', partition projection' : '';
  if (!live) {
    return {
      action: 'create',
      detail: `${want.columns.length} column(s), ${format}, partitioned by ${keys}${projected}, at ${want.location} (${spec.source})`,
      write: { op: 'createTable', table: want },
    };
  }
  const differences = tableDifferences(want, live);
  if (!differences.length) return { action: 'unchanged', detail: `${want.columns.length} column(s), ${format}, at ${want.location}` };
  // Parameters that are not ours (statistics, a crawler's, a user's) stay on the table.
  const table = { ...want, parameters: { ...live.parameters, ...want.parameters } };
  if (!updateTables)
    return { action: 'update', detail: `${differences.join('; ')} — not applied: run with --update-tables (partitions are kept)` };
  return { action: 'update', detail: `${differences.join('; ')} (partitions are kept)`, write: { op: 'updateTable', table } };
}
