/**
 * A CLI `--output json` document read back as the library's result type, for tests that check
 * behaviour (counts, states) with the library's field names: snake_case field names become
 * camelCase again, except the keys of the maps named (data: table names). The naming of the
 * documents themselves is checked by test/integration/json-naming.test.ts.
 */
const camelCase = (name: string) =>
  /^[a-z][a-z0-9_]*$/.test(name) ? name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : name;

export function fromCliJson<T>(text: string, dataKeys: readonly string[] = []): T {
  const maps = new Set(dataKeys);
  const walk = (v: unknown, path: string, dataLevel: boolean): unknown => {
    if (Array.isArray(v)) return v.map((item) => walk(item, path, false));
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(v)) {
      const childPath = dataLevel ? `${path}.*` : path ? `${path}.${key}` : key;
      out[dataLevel || key === 'schema_version' ? key : camelCase(key)] = walk(
        child,
        childPath,
        !dataLevel && (maps.has(childPath) || key === 'tags'),
      );
    }
    return out;
  };
  return walk(JSON.parse(text), '', false) as T;
}
