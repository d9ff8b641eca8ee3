/**
 * What one message asks of the run, from its body, the bucket map and the tables' declared
 * layouts alone (pure): nothing (test events, placeholders, non-create events, files a layout
 * ignores, objects of a table that uses partition projection), these partitions, or "keep it,
 * because ...".
 */
import type { TableLayouts } from '../partitions/layout/types.js';
import { parseNotification } from '../partitions/notifications.js';
import { locateObject, type BucketMap, type Partition } from '../partitions/partition.js';
import type { LayoutSkips } from './types.js';

export type Classified = (
  | { kind: 'no-work' }
  | { kind: 'work'; partitions: Partition[] }
  /**
   * Kept: `problems` say why. `partitions` are those of the message's good records: the run
   * still registers them (another message may need them; registering is idempotent).
   */
  | { kind: 'keep'; problems: string[]; partitions: Partition[] }
) & { skips?: LayoutSkips };

export function classifyMessage(body: string, buckets: BucketMap, layouts: TableLayouts = {}): Classified {
  const parsed = parseNotification(body);
  if (!parsed.ok) return { kind: 'keep', problems: [parsed.reason], partitions: [] };
  const problems: string[] = [];
  const partitions: Partition[] = [];
  let work = 0;
  let skips: LayoutSkips | undefined;
  for (const record of parsed.records) {
    if (record.kind === 'ignored') continue;
    if (record.kind === 'rejected') {
      problems.push(record.reason);
      continue;
    }
    const found = locateObject(record.object, buckets, layouts);
    if (found.kind === 'skip') {
      skips ??= { ignored: 0, projected: 0 };
      skips[found.why]++;
      continue;
    }
    work++;
    if (found.kind === 'partition') partitions.push(found.partition);
    else problems.push(found.reason);
  }
  const counted = skips ? { skips } : {};
  if (problems.length) return { kind: 'keep', problems, partitions, ...counted };
  return work === 0 ? { kind: 'no-work', ...counted } : { kind: 'work', partitions, ...counted };
}

/** At most this many problems are named in a kept message's reason. */
const MAX_PROBLEMS = 3;

export function problemText(problems: string[]): string {
  return problems.slice(0, MAX_PROBLEMS).join('; ') + (problems.length > MAX_PROBLEMS ? ` (+${problems.length - MAX_PROBLEMS} more)` : '');
}
