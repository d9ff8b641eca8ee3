/**
 * Table schema files, `conf/schemas/<table>.json`: the columns of the tables `athena init`
 * creates. Validated like the rest of conf/ (unknown keys, identifiers, Hive types), before any
 * AWS call.
 *
 *   { "format": "json" | "parquet", "columns": { "<name>": "<hive type>" }, "location": "s3://..."?,
 *     "partition_keys"?, "partition_layout"?, "ignore_layouts"?, "projection"?, "projection_keys"? }
 *
 * The layout keys (docs/layouts.md) are checked against each other in core/partitions/layout/table-layout.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { ConfigError } from '../kernel/errors.js';
import { parseHiveType } from '../init/hive-types.js';
import { projectionProperties } from '../partitions/layout/projection.js';
import { PARTITION_KEY_TYPES, tableLayout, type TableLayout, type TableLayouts } from '../partitions/layout/table-layout.js';
import { readJsonFile } from './read-json.js';
import { IDENTIFIER } from './schema.js';

export const TABLE_FORMATS = ['json', 'parquet'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** Every table is partitioned by `dt`, so no column may take that name. */
export const PARTITION_KEY = 'dt';

const hiveType = z.string().check(
  z.superRefine((value, ctx) => {
    const parsed = parseHiveType(value);
    if (!parsed.ok)
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not a Hive type: ${parsed.reason} (e.g. string, bigint, array<string>, map<string,string>, struct<a:string,b:int>)`,
        input: value,
      });
  }),
);

const columnName = z.string().check(
  z.regex(IDENTIFIER, 'column names must be letters, digits and underscores, starting with a letter or underscore'),
  z.refine(
    (name) => name.toLowerCase() !== PARTITION_KEY,
    `"${PARTITION_KEY}" is the partition key every table gets; remove it from columns`,
  ),
);

export const tableSchemaFile = z.strictObject({
  /** With columns: init creates the table. Both absent: a layout-only file for a table made elsewhere. */
  format: z.optional(z.enum(TABLE_FORMATS)),
  columns: z.optional(
    z.record(columnName, hiveType).check(
      z.refine((c) => Object.keys(c).length > 0, 'columns must name at least one column'),
      z.refine(
        (c) => new Set(Object.keys(c).map((k) => k.toLowerCase())).size === Object.keys(c).length,
        'column names must differ in more than letter case (Athena lower-cases them)',
      ),
    ),
  ),
  location: z.optional(
    z.string().check(z.regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'location must be an s3://bucket/prefix/ URL')),
  ),
  /** The table's partition columns in order (Hive types). */
  partition_keys: z.optional(
    z.record(
      z.string().check(z.regex(IDENTIFIER, 'partition key names must be letters, digits and underscores')),
      z.enum(PARTITION_KEY_TYPES, { error: `a partition key's type is one of ${PARTITION_KEY_TYPES.join(', ')}` }),
    ),
  ),
  /** The key path below location: `{key}` and `{key:yyyy/MM/dd}` placeholders. */
  partition_layout: z.optional(z.string().check(z.maxLength(1024))),
  /** Templates of files AWS writes beside the data (CloudTrail-Digest/): done with no work. */
  ignore_layouts: z.optional(z.array(z.string().check(z.maxLength(1024))).check(z.maxLength(20))),
  projection: z.optional(z.boolean()),
  projection_keys: z.optional(
    z.record(
      z.string(),
      z.strictObject({
        type: z.optional(z.enum(['enum', 'injected', 'integer', 'date'])),
        values: z.optional(z.array(z.string())),
        range: z.optional(z.string().check(z.maxLength(200))),
        interval: z.optional(z.number().check(z.int(), z.minimum(1))),
        digits: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(19))),
      }),
    ),
  ),
});

export interface TableSchema {
  table: string;
  /** The file it came from, for messages. */
  file: string;
  /** Absent for a layout-only file: the table is made elsewhere, init only checks it exists. */
  format?: TableFormat;
  /** Lower-case names, canonical Hive types, in file order. */
  columns: { name: string; type: string }[];
  location?: string;
  /** The declared layout (none: the built-in dt layouts). */
  layout?: TableLayout;
}

export const SCHEMAS_DIR = 'schemas';

/** Reads every `<configDir>/schemas/*.json`; none (or no folder) is an empty list. */
export function loadTableSchemas(configDir: string): TableSchema[] {
  const dir = join(configDir, SCHEMAS_DIR);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ConfigError(`${dir}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, dir);
  }
  return names.map((name) => {
    const file = join(dir, name);
    const table = name.slice(0, -'.json'.length);
    if (!IDENTIFIER.test(table)) {
      throw new ConfigError(
        `${file}: "${table}" is not a table name: name the file <table>.json with letters, digits and underscores`,
        file,
      );
    }
    return tableSchema(table, file, readJsonFile(file, tableSchemaFile));
  });
}

/** A validated schema file's content as a TableSchema (library callers and tests). */
export function tableSchema(table: string, file: string, data: z.infer<typeof tableSchemaFile>): TableSchema {
  const fail = (key: string, message: string): never => {
    throw new ConfigError(`${file}: invalid configuration\n  ${key}: ${message}`, file, key);
  };
  if (!data.format !== !data.columns)
    fail(
      data.format ? 'columns' : 'format',
      'give "format" and "columns" together (init creates the table), or neither with a "partition_layout" (a table you create yourself, e.g. with the DDL of the Athena docs)',
    );
  if (!data.format && !data.partition_layout) fail('format', 'is required ("json" or "parquet"), with "columns"');
  if (!data.format && data.projection)
    fail(
      'projection',
      'init writes the projection properties when it creates the table: give "format" and "columns", or set the properties on your own table and drop "projection" here',
    );
  const columns = Object.entries(data.columns ?? {}).map(([name, type]) => {
    const parsed = parseHiveType(type);
    return { name: name.toLowerCase(), type: parsed.ok ? parsed.type : type };
  });
  const layout = tableLayout(
    table,
    file,
    data,
    columns.map((c) => c.name),
  );
  // Projection settings are checked now (a bad range is a config error, not an init failure).
  if (layout) projectionProperties(layout);
  return {
    table,
    file,
    ...(data.format ? { format: data.format } : {}),
    columns,
    ...(data.location ? { location: data.location.endsWith('/') ? data.location : `${data.location}/` } : {}),
    ...(layout ? { layout } : {}),
  };
}

/** The declared layouts by table name. */
export function tableLayouts(schemas: readonly TableSchema[]): TableLayouts {
  return Object.fromEntries(schemas.filter((s) => s.layout).map((s) => [s.table.toLowerCase(), s.layout!]));
}
