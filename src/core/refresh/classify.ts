/**
 * What one message asks of the run, from its body and the bucket map alone (pure): nothing (test
 * events, placeholders, non-create events), these partitions, or "keep it, because ...".
 */
import { parseNotification } from '../notifications.js';
import { partitionFor, type BucketMap, type Partition } from '../partitions.js';

export type Classified =
  | { kind: 'no-work' }
  | { kind: 'work'; partitions: Partition[] }
  /**
   * Kept: `problems` say why. `partitions` are those of the message's good records: the run
   * still registers them (another message may need them; registering is idempotent).
   */
  | { kind: 'keep'; problems: string[]; partitions: Partition[] };

export function classifyMessage(body: string, buckets: BucketMap): Classified {
  const parsed = parseNotification(body);
  if (!parsed.ok) return { kind: 'keep', problems: [parsed.reason], partitions: [] };
  const problems: string[] = [];
  const partitions: Partition[] = [];
  let work = 0;
  for (const record of parsed.records) {
    if (record.kind === 'ignored') continue;
    if (record.kind === 'rejected') {
      problems.push(record.reason);
      continue;
    }
    work++;
    const found = partitionFor(record.object, buckets);
    if (found.ok) partitions.push(found.partition);
    else problems.push(found.reason);
  }
  if (problems.length) return { kind: 'keep', problems, partitions };
  return work === 0 ? { kind: 'no-work' } : { kind: 'work', partitions };
}

/** At most this many problems are named in a kept message's reason. */
const MAX_PROBLEMS = 3;

export function problemText(problems: string[]): string {
  return problems.slice(0, MAX_PROBLEMS).join('; ') + (problems.length > MAX_PROBLEMS ? ` (+${problems.length - MAX_PROBLEMS} more)` : '');
}
