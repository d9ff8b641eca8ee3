/**
 * Names AWS checks, checked here first so that a bad one is a configuration error before any call,
 * and so that nothing of a name can widen the IAM policy built from it. Pure.
 */
import { quote } from '../kernel/quote.js';

/**
 * S3's rules for general-purpose bucket names ("Bucket naming rules", S3 user guide): 3-63
 * characters of a-z 0-9 . -, beginning and ending with a letter or digit, no two adjacent periods,
 * not an IP address, none of the reserved prefixes and suffixes. Undefined when the name is valid.
 */
export function bucketNameProblem(name: string): string | undefined {
  const q = quote(name, 70);
  if (name.length < 3 || name.length > 63) return `bucket name ${q} must be 3-63 characters long`;
  if (!/^[a-z0-9.-]+$/.test(name)) return `bucket name ${q} may hold only lower-case letters, digits, "." and "-"`;
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return `bucket name ${q} must begin and end with a letter or digit`;
  if (name.includes('..')) return `bucket name ${q} must not contain two adjacent periods`;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return `bucket name ${q} must not be formatted as an IP address`;
  const prefix = ['xn--', 'sthree-', 'amzn-s3-demo-'].find((p) => name.startsWith(p));
  if (prefix) return `bucket name ${q} must not begin with "${prefix}" (reserved by S3)`;
  const suffix = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'].find((s) => name.endsWith(s));
  if (suffix) return `bucket name ${q} must not end with "${suffix}" (reserved by S3)`;
  return undefined;
}

export interface ResultsLocation {
  bucket: string;
  /** '' or folders ending in `/`. */
  prefix: string;
  /** `s3://bucket/prefix` ending in `/`. */
  url: string;
}

/**
 * A key prefix for query results: folders of S3's safe characters. No `*`, `?` or `$`: the prefix
 * goes into the IAM policy's resource ARN, where those are wildcards and policy variables.
 */
const RESULTS_PREFIX = /^(?:[A-Za-z0-9!_.'()=+-]+\/)*$/;

/** `s3://bucket/prefix/` or a bare bucket name, parsed; a string saying what is wrong otherwise. */
export function parseResultsLocation(value: string): ResultsLocation | string {
  let rest = value;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    if (!value.startsWith('s3://')) return `${quote(value, 100)} must be an s3:// location (s3://bucket/prefix/) or a bucket name`;
    rest = value.slice('s3://'.length);
  }
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  let prefix = slash < 0 ? '' : rest.slice(slash + 1);
  const problem = bucketNameProblem(bucket);
  if (problem) return problem;
  if (prefix && !prefix.endsWith('/')) prefix += '/';
  if (!RESULTS_PREFIX.test(prefix) || /(^|\/)\.{1,2}\//.test(prefix)) {
    return `prefix ${quote(prefix, 100)} must be folders of letters, digits and !_.'()=+- separated by "/" (no "*", "?", "$", spaces, empty, "." or ".." folders)`;
  }
  return { bucket, prefix, url: `s3://${bucket}/${prefix}` };
}

export function resultsLocationProblem(value: string): string | undefined {
  const r = parseResultsLocation(value);
  return typeof r === 'string' ? r : undefined;
}

/** Athena workgroup names: 1-128 of a-z A-Z 0-9 . - _ (Athena API reference, CreateWorkGroup). */
export const WORKGROUP_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** AWS region names: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ... */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
