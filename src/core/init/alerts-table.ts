/**
 * The built-in schema of the `alerts` table: StreamAlert's alert record as its alert processor
 * writes it (`Alert.output_dict()` in streamalert/shared/alert.py), typed the way StreamAlert's
 * own Athena setup typed it (streamalert_cli/athena/helpers.py `generate_alerts_table_schema`:
 * nested objects become map<string,string>, lists array<string>). Sorted by name, as there.
 * A `conf/schemas/alerts.json` replaces it.
 */
import type { TableSchema } from '../config/table-schemas.js';

export const ALERTS_TABLE = 'alerts';

export const ALERTS_COLUMNS: TableSchema['columns'] = [
  { name: 'cluster', type: 'string' },
  { name: 'context', type: 'map<string,string>' },
  { name: 'created', type: 'string' },
  { name: 'id', type: 'string' },
  { name: 'log_source', type: 'string' },
  { name: 'log_type', type: 'string' },
  { name: 'outputs', type: 'array<string>' },
  { name: 'publishers', type: 'map<string,string>' },
  { name: 'record', type: 'map<string,string>' },
  { name: 'rule_description', type: 'string' },
  { name: 'rule_name', type: 'string' },
  { name: 'source_entity', type: 'string' },
  { name: 'source_service', type: 'string' },
  { name: 'staged', type: 'boolean' },
];

/** The alerts table's schema for a deployment without conf/schemas/alerts.json. */
export function builtInAlertsSchema(): TableSchema {
  return { table: ALERTS_TABLE, file: '(built-in alerts schema)', format: 'json', columns: ALERTS_COLUMNS };
}
