/**
 * Athena DDL for registering partitions. Pure. Identifiers are validated and back-quoted;
 * literals are escaped the way Hive's DDL parser reads them (C-style backslash escapes), so no
 * character of a key can end a literal early.
 */
import { IDENTIFIER } from '../config/schema.js';
import { partitionKeys, partitionValues, type Partition } from './partition.js';

/** Athena's limit on a query string, in UTF-8 bytes. */
export const MAX_QUERY_BYTES = 262_144;

export interface Statement {
  table: string;
  sql: string;
  /** The partitions this statement registers (all of the table's pending ones for MSCK REPAIR). */
  partitions: Partition[];
}

export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`invalid identifier ${JSON.stringify(name)}`);
  return `\`${name}\``;
}

/** A Hive/Athena DDL string literal. */
export function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/**
 * `PARTITION (dt = '...') LOCATION '...'`; a declared layout's keys are back-quoted (a key may be
 * named like a DDL keyword: date, year) and come in the table's key order.
 */
function partitionClause(p: Partition): string {
  if (!p.keys) return `PARTITION (dt = ${stringLiteral(p.dt)}) LOCATION ${stringLiteral(p.location)}`;
  const values = partitionValues(p);
  const pairs = partitionKeys(p).map((key, i) => `${quoteIdentifier(key)} = ${stringLiteral(values[i]!)}`);
  return `PARTITION (${pairs.join(', ')}) LOCATION ${stringLiteral(p.location)}`;
}

/**
 * `ALTER TABLE db.table ADD IF NOT EXISTS PARTITION (...) LOCATION '...' ...`, split so that no
 * statement exceeds `maxBytes`. Every partition lands in exactly one statement.
 */
export function addPartitionStatements(
  database: string,
  table: string,
  partitions: readonly Partition[],
  maxBytes = MAX_QUERY_BYTES,
): Statement[] {
  const head = `ALTER TABLE ${quoteIdentifier(database)}.${quoteIdentifier(table)} ADD IF NOT EXISTS`;
  const headBytes = Buffer.byteLength(head);
  const statements: Statement[] = [];
  let clauses: string[] = [];
  let members: Partition[] = [];
  let bytes = headBytes;
  const flush = () => {
    if (members.length) statements.push({ table, sql: `${head}\n${clauses.join('\n')}`, partitions: members });
    clauses = [];
    members = [];
    bytes = headBytes;
  };
  for (const p of partitions) {
    const clause = partitionClause(p);
    const size = Buffer.byteLength(clause) + 1; // + newline
    if (headBytes + size > maxBytes) throw new Error(`one partition clause is larger than ${maxBytes} bytes: ${p.location.slice(0, 100)}`);
    if (bytes + size > maxBytes) flush();
    clauses.push(clause);
    members.push(p);
    bytes += size;
  }
  flush();
  return statements;
}

/** `MSCK REPAIR TABLE`: Athena lists the table's location and adds every partition it finds. */
export function repairStatement(database: string, table: string, partitions: readonly Partition[]): Statement {
  return { table, sql: `MSCK REPAIR TABLE ${quoteIdentifier(database)}.${quoteIdentifier(table)}`, partitions: [...partitions] };
}

/** Glue's BatchCreatePartition takes at most this many partitions per call. */
export const GLUE_BATCH_SIZE = 100;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
