/**
 * Field names of every `--output json` document are snake_case (docs/json-output.md). The library
 * keeps its camelCase results; the CLI converts at its JSON edge, here, field names only:
 *
 * - a key is converted only when it is a lowerCamel identifier (`dryRun` → `dry_run`,
 *   `codeSha256` → `code_sha256`); keys such as `test-streamalerts`, `CostCenter` or
 *   `aws:SourceArn` are not field names of ours and stay as they are;
 * - maps keyed by data (table names, bucket names, function keys, tag keys) keep their keys: each
 *   command names them in its shape (`dataKeys`, paths of snake_case field names, arrays looked
 *   through, `*` for a level of data keys); a field named `tags` always is one.
 */
export interface JsonShape {
  /** Paths of the maps whose keys are data: `partitions`, `tables.*.partitions`. */
  dataKeys?: readonly string[];
}

export const snakeCase = (name: string): string =>
  /^[a-z][a-zA-Z0-9]*$/.test(name) ? name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase() : name;

export function jsonDocument(value: unknown, shape: JsonShape = {}): unknown {
  const dataMaps = new Set(shape.dataKeys ?? []);
  const walk = (v: unknown, path: string, dataLevel: boolean): unknown => {
    if (Array.isArray(v)) return v.map((item) => walk(item, path, false));
    if (!v || typeof v !== 'object' || v instanceof Date) return v;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(v)) {
      const name = dataLevel ? key : snakeCase(key);
      const childPath = dataLevel ? `${path}.*` : path ? `${path}.${name}` : name;
      out[name] = walk(child, childPath.replace(/^\./, ''), !dataLevel && (dataMaps.has(childPath) || name === 'tags'));
    }
    return out;
  };
  return walk(value, '', false);
}
