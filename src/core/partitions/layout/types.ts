/**
 * The shapes of a declared table layout (table-layout.ts builds them from a schema file). Types
 * only, so the refresh's types can name them without importing the checks.
 */
import type { CompiledTemplate } from './template.js';

export const PARTITION_KEY_TYPES = ['string', 'int', 'bigint', 'date'] as const;
export type PartitionKeyType = (typeof PARTITION_KEY_TYPES)[number];

export interface PartitionKeySpec {
  name: string;
  type: PartitionKeyType;
}

/** Per-key projection settings a schema file may give (projection.ts turns them into properties). */
export interface ProjectionKeySettings {
  type?: 'enum' | 'injected' | 'integer' | 'date';
  values?: string[];
  range?: string;
  interval?: number;
  digits?: number;
}

/** The layout keys of a schema file, as zod validated their shapes. */
export interface LayoutFields {
  location?: string;
  partition_keys?: Record<string, PartitionKeyType>;
  partition_layout?: string;
  ignore_layouts?: string[];
  projection?: boolean;
  projection_keys?: Record<string, ProjectionKeySettings>;
}

export interface TableLayout {
  table: string;
  file: string;
  /** `s3://bucket/prefix/`: the table's location, which the template continues. */
  location: string;
  bucket: string;
  /** The key prefix of the location (`''` or ending in `/`). */
  prefix: string;
  keys: PartitionKeySpec[];
  /** Key names in order, shared by every partition of the table. */
  keyNames: readonly string[];
  data: CompiledTemplate;
  ignore: CompiledTemplate[];
  /** Present when Athena projects the partitions: then nothing is ever registered. */
  projection?: Record<string, ProjectionKeySettings>;
  /** `"projection": false` given: init turns projection off on a table that had it. */
  projectionOff?: true;
}

/** Layouts by (lower-case) table name. */
export type TableLayouts = Readonly<Record<string, TableLayout>>;
