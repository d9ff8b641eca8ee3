/**
 * Our queue configuration merged into a bucket's notification configuration.
 *
 * PutBucketNotificationConfiguration replaces the whole configuration, so init reads it, keeps
 * every topic, queue, Lambda and EventBridge configuration that is not ours exactly as read, and
 * writes ours beside them under a fixed Id. S3 refuses a configuration in which two entries
 * overlap: the same event type (a `*` covers its whole family) with key filters that can both
 * match one key. Local endpoints do not enforce that rule, so it is checked here.
 */
import type { BucketNotifications, NotificationEntry } from './types.js';

/** The Id of our configuration in every bucket. */
export const NOTIFICATION_ID = 'streamalert-athena-refresh';
export const OBJECT_CREATED = 's3:ObjectCreated:*';

export interface KeyFilter {
  prefix: string;
  suffix: string;
}

/** Two event names overlap when equal, or when one ends in `*` and covers the other. */
export function eventsOverlap(a: readonly string[], b: readonly string[]): boolean {
  const covers = (wild: string, name: string) => wild.endsWith('*') && name.startsWith(wild.slice(0, -1));
  return a.some((x) => b.some((y) => x === y || covers(x, y) || covers(y, x)));
}

/** An entry's key filter; a missing prefix or suffix matches every key ("" is a prefix of all). */
export function keyFilter(entry: NotificationEntry): KeyFilter {
  const rules = entry.Filter?.Key?.FilterRules ?? [];
  const value = (name: string) => rules.find((r) => r.Name?.toLowerCase() === name)?.Value ?? '';
  return { prefix: value('prefix'), suffix: value('suffix') };
}

/** Some key can match both filters: the prefixes nest and the suffixes nest. */
export function filtersOverlap(a: KeyFilter, b: KeyFilter): boolean {
  const prefixes = a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix);
  const suffixes = a.suffix.endsWith(b.suffix) || b.suffix.endsWith(a.suffix);
  return prefixes && suffixes;
}

/** S3's rule: the same event type and overlapping key filters. */
export function configurationsOverlap(a: NotificationEntry, b: NotificationEntry): boolean {
  return eventsOverlap(a.Events ?? [], b.Events ?? []) && filtersOverlap(keyFilter(a), keyFilter(b));
}

export function ourQueueConfiguration(queueArn: string): NotificationEntry {
  return { Id: NOTIFICATION_ID, QueueArn: queueArn, Events: [OBJECT_CREATED] };
}

export type NotificationPlan =
  | { action: 'unchanged' | 'create' | 'update'; detail: string; configuration?: BucketNotifications }
  | { action: 'blocked'; detail: string; conflicts: string[] };

const LISTS = ['TopicConfigurations', 'QueueConfigurations', 'LambdaFunctionConfigurations'] as const;

/** Ours: our Id, or any queue configuration already sending to our queue (adopted under our Id). */
function isOurs(entry: NotificationEntry, ours: NotificationEntry): boolean {
  return entry.Id === ours.Id || (entry.QueueArn !== undefined && entry.QueueArn === ours.QueueArn);
}

function sameEntry(a: NotificationEntry, b: NotificationEntry): boolean {
  const fa = keyFilter(a);
  const fb = keyFilter(b);
  const events = (e: NotificationEntry) => [...(e.Events ?? [])].sort().join(',');
  return a.Id === b.Id && a.QueueArn === b.QueueArn && events(a) === events(b) && fa.prefix === fb.prefix && fa.suffix === fb.suffix;
}

function describe(list: (typeof LISTS)[number], entry: NotificationEntry): string {
  const target = entry.QueueArn ?? entry.TopicArn ?? entry.LambdaFunctionArn ?? '?';
  const kind = list === 'TopicConfigurations' ? 'topic' : list === 'QueueConfigurations' ? 'queue' : 'Lambda';
  const f = keyFilter(entry);
  const filter = [f.prefix && `prefix "${f.prefix}"`, f.suffix && `suffix "${f.suffix}"`].filter(Boolean).join(', ') || 'no filter';
  return `"${entry.Id ?? '(no Id)'}" (${kind} ${target}, ${(entry.Events ?? []).join(' ')}, ${filter})`;
}

/**
 * The bucket's configuration with ours merged in, or why it cannot be: `live` null means the
 * bucket does not exist.
 */
export function planBucketNotifications(bucket: string, live: BucketNotifications | null, ours: NotificationEntry): NotificationPlan {
  if (!live) {
    return {
      action: 'blocked',
      detail: `bucket ${bucket} does not exist (or these credentials cannot see it); data buckets are yours, init does not create them: create it, or remove it from buckets in conf/lambda.json`,
      conflicts: [],
    };
  }
  const existing = LISTS.flatMap((list) => (live[list] ?? []).map((entry) => ({ list, entry })));
  const mine = existing.filter((e) => isOurs(e.entry, ours));
  const conflicts = existing.filter((e) => !isOurs(e.entry, ours) && configurationsOverlap(e.entry, ours));
  if (conflicts.length) {
    return {
      action: 'blocked',
      detail:
        `configuration ${conflicts.map((c) => describe(c.list, c.entry)).join('; ')} overlaps ours (${OBJECT_CREATED} to the queue, no filter), and S3 refuses overlapping configurations: ` +
        `narrow it to other events or remove it, or send its events on from the queue another way; then run init again`,
      conflicts: conflicts.map((c) => c.entry.Id ?? '(no Id)'),
    };
  }
  if (mine.length === 1 && mine[0]!.list === 'QueueConfigurations' && sameEntry(mine[0]!.entry, ours)) {
    return { action: 'unchanged', detail: `${OBJECT_CREATED} → queue (Id ${NOTIFICATION_ID})` };
  }
  // Ours takes the place of the first entry it replaces; every other entry keeps its place.
  const configuration: BucketNotifications = { ...live };
  let placed = false;
  for (const list of LISTS) {
    if (!live[list]) continue;
    const kept: NotificationEntry[] = [];
    for (const entry of live[list]!) {
      if (!isOurs(entry, ours)) kept.push(entry);
      else if (!placed && list === 'QueueConfigurations') {
        kept.push(ours);
        placed = true;
      }
    }
    configuration[list] = kept;
  }
  if (!placed) configuration.QueueConfigurations = [...(configuration.QueueConfigurations ?? []), ours];
  const others = existing.length - mine.length + (live.EventBridgeConfiguration ? 1 : 0);
  const keeps = others ? `; keeps ${others} other configuration(s)` : '';
  if (!mine.length) return { action: 'create', detail: `${OBJECT_CREATED} → queue (Id ${NOTIFICATION_ID})${keeps}`, configuration };
  const replaced = mine.map((m) => describe(m.list, m.entry)).join('; ');
  return { action: 'update', detail: `${OBJECT_CREATED} → queue (Id ${NOTIFICATION_ID}), replacing ${replaced}${keeps}`, configuration };
}
