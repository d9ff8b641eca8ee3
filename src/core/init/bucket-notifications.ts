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

/**
 * Our configuration of a bucket: one per prefix the bucket is mapped under (`prefix` FilterRule),
 * so objects outside them never reach the queue; with no prefix ('') one without a filter, under
 * the plain Id (the Id every earlier version wrote, so an upgrade replaces it).
 */
export function ourQueueConfigurations(queueArn: string, prefixes: readonly string[] = ['']): NotificationEntry[] {
  const unique = [...new Set(prefixes)].sort();
  if (!unique.length || unique.includes('')) return [ourQueueConfiguration(queueArn)];
  return unique.map((prefix) => ({
    Id: notificationId(prefix),
    QueueArn: queueArn,
    Events: [OBJECT_CREATED],
    Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } },
  }));
}

export function ourQueueConfiguration(queueArn: string): NotificationEntry {
  return { Id: NOTIFICATION_ID, QueueArn: queueArn, Events: [OBJECT_CREATED] };
}

/** The Id of our configuration for a prefix: ours plus the prefix (S3 allows 255 characters). */
export function notificationId(prefix: string): string {
  return prefix ? `${NOTIFICATION_ID}:${prefix}`.slice(0, 255) : NOTIFICATION_ID;
}

/** An Id init wrote: the plain one, or one derived from it for a prefix. */
export function isOurId(id: string | undefined): boolean {
  return id === NOTIFICATION_ID || Boolean(id?.startsWith(`${NOTIFICATION_ID}:`));
}

export type NotificationPlan =
  | { action: 'unchanged' | 'create' | 'update'; detail: string; configuration?: BucketNotifications }
  | { action: 'blocked'; detail: string; conflicts: string[] };

const LISTS = ['TopicConfigurations', 'QueueConfigurations', 'LambdaFunctionConfigurations'] as const;

/** Ours: one of our Ids, or any queue configuration already sending to our queue (adopted under our Id). */
function isOurs(entry: NotificationEntry, ours: readonly NotificationEntry[]): boolean {
  return isOurId(entry.Id) || ours.some((o) => entry.Id === o.Id || (entry.QueueArn !== undefined && entry.QueueArn === o.QueueArn));
}

/**
 * An entry as S3 means it: Id, destination, events (a set) and key filter (rule names are
 * case-insensitive; S3 answers `Prefix` where `prefix` was written). Equal keys, the same entry.
 */
export function entryKey(e: NotificationEntry): string {
  const f = keyFilter(e);
  return JSON.stringify([
    e.Id ?? '',
    e.QueueArn ?? e.TopicArn ?? e.LambdaFunctionArn ?? '',
    [...(e.Events ?? [])].sort(),
    f.prefix,
    f.suffix,
  ]);
}

/** Every entry of a configuration (with the list it is in), EventBridge as one more. */
export function configurationKeys(c: BucketNotifications): string[] {
  const keys = LISTS.flatMap((list) => (c[list] ?? []).map((e) => `${list} ${entryKey(e)}`));
  if (c.EventBridgeConfiguration) keys.push('EventBridgeConfiguration');
  return keys.sort();
}

/** The same configuration, as S3 means it. */
export function sameConfiguration(a: BucketNotifications, b: BucketNotifications): boolean {
  return JSON.stringify(configurationKeys(a)) === JSON.stringify(configurationKeys(b));
}

/** Entries of `written` that `read` lacks (`list Id` for each): what a write lost, read back. */
export function missingConfigurations(written: BucketNotifications, read: BucketNotifications): string[] {
  const have = new Set(configurationKeys(read));
  const lost: string[] = [];
  for (const list of LISTS) for (const e of written[list] ?? []) if (!have.has(`${list} ${entryKey(e)}`)) lost.push(describe(list, e));
  if (written.EventBridgeConfiguration && !read.EventBridgeConfiguration) lost.push('EventBridge delivery');
  return lost;
}

const filterText = (e: NotificationEntry) => (keyFilter(e).prefix ? `prefix "${keyFilter(e).prefix}"` : 'no filter');

function describe(list: (typeof LISTS)[number], entry: NotificationEntry): string {
  const target = entry.QueueArn ?? entry.TopicArn ?? entry.LambdaFunctionArn ?? '?';
  const kind = list === 'TopicConfigurations' ? 'topic' : list === 'QueueConfigurations' ? 'queue' : 'Lambda';
  const f = keyFilter(entry);
  const filter = [f.prefix && `prefix "${f.prefix}"`, f.suffix && `suffix "${f.suffix}"`].filter(Boolean).join(', ') || 'no filter';
  return `"${entry.Id ?? '(no Id)'}" (${kind} ${target}, ${(entry.Events ?? []).join(' ')}, ${filter})`;
}

/**
 * The bucket's configuration with ours merged in, or why it cannot be: `live` null means the
 * bucket does not exist. `ours`: one entry, or one per prefix (ourQueueConfigurations).
 */
export function planBucketNotifications(
  bucket: string,
  live: BucketNotifications | null,
  oursIn: NotificationEntry | readonly NotificationEntry[],
): NotificationPlan {
  const ours = Array.isArray(oursIn) ? (oursIn as NotificationEntry[]) : [oursIn as NotificationEntry];
  if (!live) {
    return {
      action: 'blocked',
      detail: `bucket ${bucket} does not exist (or these credentials cannot see it); data buckets are yours, init does not create them: create it, or remove it from buckets in conf/lambda.json`,
      conflicts: [],
    };
  }
  const what = ours.map((o) => `${OBJECT_CREATED} → queue, ${filterText(o)} (Id ${o.Id})`).join('; ');
  const existing = LISTS.flatMap((list) => (live[list] ?? []).map((entry) => ({ list, entry })));
  const mine = existing.filter((e) => isOurs(e.entry, ours));
  const conflicts = existing.filter((e) => !isOurs(e.entry, ours) && ours.some((o) => configurationsOverlap(e.entry, o)));
  if (conflicts.length) {
    return {
      action: 'blocked',
      detail:
        `configuration ${conflicts.map((c) => describe(c.list, c.entry)).join('; ')} overlaps ours (${what}), and S3 refuses overlapping configurations: ` +
        `narrow it to other events or remove it, or send its events on from the queue another way; then run init again`,
      conflicts: conflicts.map((c) => c.entry.Id ?? '(no Id)'),
    };
  }
  const wanted = new Set(ours.map(entryKey));
  if (mine.length === ours.length && mine.every((m) => m.list === 'QueueConfigurations' && wanted.has(entryKey(m.entry)))) {
    return { action: 'unchanged', detail: what };
  }
  // Ours take the place of the first entry they replace; every other entry keeps its place.
  const configuration: BucketNotifications = { ...live };
  let placed = false;
  for (const list of LISTS) {
    if (!live[list]) continue;
    const kept: NotificationEntry[] = [];
    for (const entry of live[list]!) {
      if (!isOurs(entry, ours)) kept.push(entry);
      else if (!placed && list === 'QueueConfigurations') {
        kept.push(...ours);
        placed = true;
      }
    }
    configuration[list] = kept;
  }
  if (!placed) configuration.QueueConfigurations = [...(configuration.QueueConfigurations ?? []), ...ours];
  const others = existing.length - mine.length + (live.EventBridgeConfiguration ? 1 : 0);
  const keeps = others ? `; keeps ${others} other configuration(s)` : '';
  if (!mine.length) return { action: 'create', detail: `${what}${keeps}`, configuration };
  const replaced = mine.map((m) => describe(m.list, m.entry)).join('; ');
  return { action: 'update', detail: `${what}, replacing ${replaced}${keeps}`, configuration };
}
