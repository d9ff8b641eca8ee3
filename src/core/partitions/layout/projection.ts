/**
 * Athena partition projection: the table properties that let Athena compute a table's partitions
 * from its layout instead of reading them from the catalog. Pure. Names and formats as Athena's
 * "Supported types for partition projection" and "Setting up partition projection" pages give them:
 *
 *   projection.enabled                 true
 *   projection.<key>.type              date | enum | integer | injected
 *   projection.<key>.format / .range / .interval / .interval.unit    (date)
 *   projection.<key>.values                                          (enum, comma-separated)
 *   projection.<key>.range / .interval / .digits                     (integer)
 *   storage.location.template          s3://bucket/prefix/${key}/...  (every key, ending in "/")
 */
import { ConfigError } from '../../kernel/errors.js';
import { unitName } from './date-format.js';
import type { PartitionKeySpec, TableLayout } from './types.js';

/** A date key's range when the schema file gives none: the last year, up to now. */
export const DEFAULT_DATE_RANGE = 'NOW-1YEARS,NOW';

const INTEGER_RANGE = /^\s*-?\d{1,19}\s*,\s*-?\d{1,19}\s*$/;

export function projectionProperties(layout: TableLayout): Record<string, string> {
  // "projection": false turns it off on a table that had it (Athena's documented switch).
  if (layout.projectionOff) return { 'projection.enabled': 'false' };
  if (!layout.projection) return {};
  const out: Record<string, string> = { 'projection.enabled': 'true' };
  for (const key of layout.keys) Object.assign(out, keyProperties(layout, key));
  out['storage.location.template'] = locationTemplate(layout);
  return out;
}

/** `location` followed by the template with `${key}` for each placeholder. */
export function locationTemplate(layout: TableLayout): string {
  // The template was parsed already: every brace pair is a placeholder, a date's format included.
  return `${layout.location}${layout.data.template.text.replace(/\{(\w+)(?::[^}]*)?\}/g, (_, key: string) => `\${${key.toLowerCase()}}`)}`;
}

function keyProperties(layout: TableLayout, key: PartitionKeySpec): Record<string, string> {
  const p = `projection.${key.name}`;
  const settings = layout.projection?.[key.name] ?? {};
  const fail = (message: string): never => {
    throw new ConfigError(
      `${layout.file}: invalid configuration\n  projection_keys.${key.name}: ${message}`,
      layout.file,
      `projection_keys.${key.name}`,
    );
  };
  const format = layout.data.template.dates.get(key.name);
  const type =
    settings.type ?? (format ? 'date' : key.type === 'int' || key.type === 'bigint' ? 'integer' : settings.values ? 'enum' : 'injected');
  if (format && type !== 'date')
    fail(`${key.name} is written as a date ({${key.name}:${format.text}}): its projection type is date, not ${type}`);
  if (!format && type === 'date') fail(`type date needs a date in the layout ({${key.name}:yyyy/MM/dd})`);
  if (type === 'integer' && key.type === 'string' && !settings.range) fail('type integer needs "range": "<min>,<max>"');
  switch (type) {
    case 'date': {
      const range = settings.range ?? DEFAULT_DATE_RANGE;
      if (range.split(',').length !== 2)
        fail(
          `range ${JSON.stringify(range)} must be two dates in the format ${format!.text} (or NOW, NOW-3YEARS, ...) separated by a comma`,
        );
      return {
        [`${p}.type`]: 'date',
        [`${p}.format`]: format!.text,
        [`${p}.range`]: range,
        [`${p}.interval`]: String(settings.interval ?? 1),
        [`${p}.interval.unit`]: unitName(format!.finest),
      };
    }
    case 'enum': {
      const values = settings.values ?? fail('type enum needs "values": ["...", ...]');
      if (!values.length || values.some((v) => !v || v.includes(',')))
        fail('values must be non-empty and hold no comma (Athena reads them as one comma-separated list)');
      return { [`${p}.type`]: 'enum', [`${p}.values`]: values.join(',') };
    }
    case 'integer': {
      if (!settings.range || !INTEGER_RANGE.test(settings.range))
        fail(`a projected ${key.type} key needs "range": "<min>,<max>" (whole numbers), e.g. "0,100"`);
      return {
        [`${p}.type`]: 'integer',
        [`${p}.range`]: settings.range!.replace(/\s/g, ''),
        ...(settings.interval ? { [`${p}.interval`]: String(settings.interval) } : {}),
        ...(settings.digits ? { [`${p}.digits`]: String(settings.digits) } : {}),
      };
    }
    default:
      if (settings.values) fail('values are for type enum; remove "type": "injected" or the values');
      return { [`${p}.type`]: 'injected' };
  }
}

/** The sentence monitor and `athena iam-policy` print about projected tables, or undefined when none. */
export function projectedTablesNote(layouts: Readonly<Record<string, TableLayout>>): string | undefined {
  const tables = Object.values(layouts)
    .filter((l) => l.projection)
    .map((l) => l.table)
    .sort();
  if (!tables.length) return undefined;
  return `${tables.join(', ')} ${tables.length > 1 ? 'use' : 'uses'} partition projection: Athena computes ${tables.length > 1 ? 'their' : 'its'} partitions, so none is registered (no Athena DDL or Glue partition call) and ${tables.length > 1 ? 'their' : 'its'} messages are done with no work.`;
}
