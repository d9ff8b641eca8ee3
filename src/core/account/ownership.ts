/**
 * What "ours" means on a shared account: a resource streamalert created carries these tags. One
 * that exists without them is another team's: read it, plan against it, never change it. The only
 * merges are the ones AWS has a unit for: our notification configurations (by Id) in a bucket's
 * configuration, our statement (by Sid) in a queue policy.
 */
import type { Config } from '../config/load.js';

export const MANAGED_TAG = 'streamalert:managed';
export const PREFIX_TAG = 'streamalert:prefix';

/** The tags every resource streamalert creates gets: the user's `tags`, then ours (ours win). */
export function ownershipTags(config: Pick<Config, 'tags' | 'account'>): Record<string, string> {
  return { ...config.tags, [MANAGED_TAG]: 'true', [PREFIX_TAG]: config.account.prefix };
}

/**
 * Whether a resource with these tags is ours. Tags absent (undefined) or without our managed tag
 * mean not ours. A resource tagged by streamalert under another prefix is another deployment's.
 */
export function isOurs(tags: Record<string, string> | undefined, prefix: string): boolean {
  if (!tags || tags[MANAGED_TAG] !== 'true') return false;
  return tags[PREFIX_TAG] === undefined || tags[PREFIX_TAG] === prefix;
}

/** Why a resource is not ours, for a `blocked` plan row: what we found. */
export function notOursReason(kind: string, name: string, tags: Record<string, string> | undefined, prefix: string): string {
  if (tags?.[MANAGED_TAG] === 'true' && tags[PREFIX_TAG] !== undefined && tags[PREFIX_TAG] !== prefix) {
    return `${kind} ${name} belongs to the streamalert deployment with prefix "${tags[PREFIX_TAG]}" (tag ${PREFIX_TAG}), not "${prefix}"`;
  }
  return `${kind} ${name} exists and is not streamalert's (no tag ${MANAGED_TAG}=true): it belongs to someone else, and streamalert does not change it`;
}

/** The tags that differ: what a tag-only update would set (never removes the user's others). */
export function missingTags(want: Record<string, string>, have: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(want)) if (have?.[k] !== v) out[k] = v;
  return out;
}
