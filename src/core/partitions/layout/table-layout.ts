/**
 * A table's declared layout, from its schema file: where its data lies (`location`), its
 * partition keys in order, the template of the key path below the location, the templates of
 * files AWS writes beside the data (ignored), and whether Athena projects its partitions. Pure.
 *
 * Every rule is checked when the schema file is read, and a broken one is a ConfigError naming
 * the file and the key, before anything touches AWS.
 */
import { ConfigError } from '../../kernel/errors.js';
import { compile, matchPath, parseTemplate, type CompiledTemplate, type Template } from './template.js';
import type { LayoutFields, PartitionKeySpec, ProjectionKeySettings, TableLayout } from './types.js';

export * from './types.js';

const LAYOUT_KEYS = ['partition_keys', 'partition_layout', 'ignore_layouts', 'projection', 'projection_keys'] as const;

/** Whether a schema file declares a layout (otherwise the table keeps the built-in ones). */
export function declaresLayout(fields: LayoutFields): boolean {
  return LAYOUT_KEYS.some((k) => fields[k] !== undefined);
}

/** The table's layout, or undefined when the file declares none; throws ConfigError naming the file. */
export function tableLayout(table: string, file: string, fields: LayoutFields, columns: readonly string[] = []): TableLayout | undefined {
  if (!declaresLayout(fields)) return undefined;
  const fail = (key: string, message: string): never => {
    throw new ConfigError(`${file}: invalid configuration\n  ${key}: ${message}`, file, key);
  };
  if (fields.partition_layout === undefined) {
    fail(
      fields.partition_keys
        ? 'partition_keys'
        : fields.projection !== undefined
          ? 'projection'
          : LAYOUT_KEYS.find((k) => fields[k] !== undefined)!,
      'needs "partition_layout", the key path below "location" (e.g. "{account}/CloudTrail/{region}/{day:yyyy/MM/dd}/")',
    );
  }
  if (!fields.location) fail('partition_layout', 'needs "location": "s3://bucket/prefix/", the folder the layout continues');
  const location = fields.location!.endsWith('/') ? fields.location! : `${fields.location}/`;
  const [, bucket = '', prefix = ''] = /^s3:\/\/([^/]+)\/(.*)$/.exec(location) ?? [];
  const keys: PartitionKeySpec[] = Object.entries(fields.partition_keys ?? { dt: 'string' as const }).map(([name, type]) => ({
    name: name.toLowerCase(),
    type,
  }));
  if (!keys.length) fail('partition_keys', 'must name at least one partition key');
  if (new Set(keys.map((k) => k.name)).size !== keys.length)
    fail('partition_keys', 'key names must differ in more than letter case (Athena lower-cases them)');
  const clash = keys.find((k) => columns.includes(k.name));
  if (clash) fail('partition_keys', `"${clash.name}" is also a column: a partition key is a column of its own; remove it from columns`);
  const types = new Map(keys.map((k) => [k.name, k.type]));

  const parsed = parseTemplate(fields.partition_layout!);
  if (!parsed.ok) return fail('partition_layout', parsed.problem);
  const template = lowerKeys(parsed.template);
  if (!template.folder) fail('partition_layout', `"${template.text}" must end in "/": a partition is a folder`);
  const problem = keyProblem(template, keys);
  if (problem) fail('partition_layout', problem);
  const data = compile(template, types);

  const ignore = (fields.ignore_layouts ?? []).map((text, i) => {
    const p = parseTemplate(text);
    if (!p.ok) return fail(`ignore_layouts[${i}]`, p.problem);
    const compiled = compile(p.template);
    if (matchPath(compiled, sampleKey(data), !p.template.folder))
      fail(`ignore_layouts[${i}]`, `"${text}" overlaps partition_layout "${template.text}": it would ignore data files`);
    return compiled;
  });

  let projection: Record<string, ProjectionKeySettings> | undefined;
  if (fields.projection) {
    projection = {};
    for (const [name, settings] of Object.entries(fields.projection_keys ?? {})) {
      if (!types.has(name.toLowerCase()))
        fail(`projection_keys.${name}`, `"${name}" is not in partition_keys (${keys.map((k) => k.name).join(', ')})`);
      projection[name.toLowerCase()] = settings;
    }
    const unended = template.segments.find((s) => s[s.length - 1]!.kind === 'text' && s.some((t) => t.kind !== 'text'));
    if (unended)
      fail(
        'projection',
        `Athena's storage.location.template needs each placeholder to end its folder (followed by "/"); "${template.text}" does not`,
      );
  } else if (fields.projection_keys) fail('projection_keys', 'only applies with "projection": true');

  return {
    table,
    file,
    location,
    bucket,
    prefix,
    keys,
    keyNames: keys.map((k) => k.name),
    data,
    ignore,
    ...(projection ? { projection } : {}),
    ...(fields.projection === false ? { projectionOff: true as const } : {}),
  };
}

function lowerKeys(t: Template): Template {
  const segments = t.segments.map((s) => s.map((tok) => (tok.kind === 'text' ? tok : { ...tok, key: tok.key.toLowerCase() })));
  return { ...t, segments, keys: t.keys.map((k) => k.toLowerCase()), dates: new Map([...t.dates].map(([k, v]) => [k.toLowerCase(), v])) };
}

/** Every key once, no other placeholder, and each placeholder's kind fits its key's type. */
function keyProblem(t: Template, keys: PartitionKeySpec[]): string | undefined {
  const declared = new Set(keys.map((k) => k.name));
  const unknown = t.keys.filter((k) => !declared.has(k));
  if (unknown.length) return `{${unknown[0]}} is not in partition_keys (${[...declared].join(', ')})`;
  const unused = keys.filter((k) => !t.keys.includes(k.name));
  if (unused.length) return `partition key ${unused.map((k) => k.name).join(', ')} is not in the layout "${t.text}"; each key appears once`;
  for (const k of keys) {
    const format = t.dates.get(k.name);
    if ((k.type === 'int' || k.type === 'bigint') && format)
      return `{${k.name}:${format.text}}: ${k.name} is ${k.type}; a date format needs a string or date key`;
    if (k.type === 'date' && format?.text !== 'yyyy-MM-dd')
      return `${k.name} is a date key: write it {${k.name}:yyyy-MM-dd}, the form Athena reads a date in (or make it a string key)`;
  }
  return undefined;
}

/** A path the data template matches (every `{key}` "x", dates 2000-01-01 00h, then a file), for the overlap check. */
function sampleKey(data: CompiledTemplate): string[] {
  const digits = { y: '2000', M: '01', d: '01', H: '00' } as const;
  const segs = data.template.segments.map((s) =>
    s.map((t) => (t.kind === 'text' ? t.text : t.kind === 'key' ? '1' : digits[t.unit])).join(''),
  );
  return [...segs, 'file'];
}
