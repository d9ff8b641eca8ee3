/** The built-in layouts are the templates BUILT_IN_LAYOUTS: the hand-written matcher and the template matcher agree. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { realDate } from '../../../../../src/core/partitions/layout/date-format.js';
import { compile, matchPath, parseTemplate } from '../../../../../src/core/partitions/layout/template.js';
import { BUILT_IN_LAYOUTS, partitionFor } from '../../../../../src/core/partitions/partition.js';

const templates = BUILT_IN_LAYOUTS.map((text) => {
  const parsed = parseTemplate(text);
  assert.ok(parsed.ok);
  return compile(parsed.template);
});

/** dt and folder by the templates, or null when none fits (or the date is not real). */
function byTemplates(key: string): { dt: string; folder: string } | null {
  const segments = key.split('/');
  for (const t of templates) {
    const date = matchPath(t, segments)?.dates.get('dt');
    if (date)
      return realDate(date)
        ? { dt: `${date.y}-${date.M}-${date.d}-${date.H}`, folder: `${segments.slice(0, t.patterns.length).join('/')}/` }
        : null;
  }
  return null;
}

describe('built-in layouts as templates', () => {
  const keys = [
    'dt=2026-11-28-09/rule.json',
    'dt=2026-11-28-09/nested/deeper/x.json',
    '2026/11/28/09/firehose-1.gz',
    '2024/02/29/23/a b.gz',
    'dt=2026-11-28-09',
    '2026/11/28/09',
    'dt=2026-02-30-10/x',
    'dt=2026-11-28-24/x',
    '2023/02/29/00/x',
    '2026/13/01/00/x',
    '2026/1/28/09/x',
    'dt=2026-11-28/x',
    'x/dt=2026-11-28-09/y',
    'dt=２０２６-11-28-09/x',
  ];
  for (const key of keys) {
    it(key, () => {
      const builtIn = partitionFor({ bucket: 'b', key }, { b: 't' });
      const expected = byTemplates(key);
      assert.deepEqual(
        builtIn.ok ? { dt: builtIn.partition.dt, folder: builtIn.partition.location.slice('s3://b/'.length) } : null,
        expected,
      );
    });
  }
});
