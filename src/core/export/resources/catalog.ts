/**
 * The Glue database and the tables init manages (columns, SerDe, partition keys in order, and a
 * projected table's projection.* / storage.location.template parameters). A table's
 * parameters that are not ours (statistics, a crawler's) are kept, as init's update keeps them.
 * Tables a bucket maps to without a schema file are not init's, so they are not exported.
 */
import type { TableDefinition } from '../../init/types.js';
import { ref, resourceName, type ResourceMapper, type TfResource } from '../types.js';

export const DATABASE = 'catalog';

export function tableBody(table: TableDefinition, database: string): Record<string, unknown> {
  const column = (c: { name: string; type: string }) => ({ name: c.name, type: c.type });
  return {
    name: table.name,
    database_name: database,
    table_type: table.tableType,
    parameters: table.parameters,
    partition_keys: table.partitionKeys.map(column),
    storage_descriptor: {
      location: table.location,
      input_format: table.inputFormat,
      output_format: table.outputFormat,
      columns: table.columns.map(column),
      ser_de_info: { serialization_library: table.serializationLibrary, parameters: table.serdeParameters },
    },
  };
}

export const catalog: ResourceMapper = ({ init, tags }): TfResource[] => {
  const { target, live } = init;
  const out: TfResource[] = [
    {
      type: 'aws_glue_catalog_database',
      name: DATABASE,
      kind: 'database',
      body: { name: target.database, tags },
      ...(live.database.glue ? { importId: `${target.accountId}:${target.database}` } : {}),
    },
  ];
  for (const spec of target.tables) {
    if (!spec.managed) continue;
    const existing = live.tables[spec.name];
    // Init's own table input (tables.ts tableDefinition: partition keys in order with their Hive
    // types, projection.* and storage.location.template): its planned write, else the definition
    // with the live table's other parameters kept, as init's update keeps them.
    const step = init.plan
      .find((i) => i.kind === 'table' && i.name === spec.name)
      ?.steps.find((s) => s.op === 'createTable' || s.op === 'updateTable');
    const table =
      step && (step.op === 'createTable' || step.op === 'updateTable')
        ? step.table
        : existing
          ? { ...spec.definition, parameters: { ...existing.parameters, ...spec.definition.parameters } }
          : spec.definition;
    out.push({
      type: 'aws_glue_catalog_table',
      name: resourceName(spec.name),
      kind: 'table',
      body: tableBody(table, ref('aws_glue_catalog_database', DATABASE, 'name')),
      ...(existing ? { importId: `${target.accountId}:${target.database}:${spec.name}` } : {}),
    });
  }
  return out;
};
