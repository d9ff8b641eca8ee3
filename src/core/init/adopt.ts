/**
 * A `blocked` row's fix for a resource that exists without our tags: name another, or — when an
 * earlier streamalert version made it (they did not tag) — adopt it by tagging it. Adoption is an
 * explicit step the user takes; init never adopts by name.
 */
import { MANAGED_TAG, PREFIX_TAG } from '../account/ownership.js';

export type AdoptableKind = 'queue' | 'dlq' | 'database';

/** The AWS CLI command that tags the resource ours (docs/init.md, "Sharing an account"). */
export function adoptCommand(
  kind: AdoptableKind,
  name: string,
  prefix: string,
  where: { region: string; accountId: string; partition: string; queueUrl?: string },
): string {
  if (kind === 'database') {
    const arn = `arn:${where.partition}:glue:${where.region}:${where.accountId}:database/${name}`;
    return `aws glue tag-resource --resource-arn ${arn} --tags-to-add ${MANAGED_TAG}=true,${PREFIX_TAG}=${prefix}`;
  }
  return `aws sqs tag-queue --queue-url ${where.queueUrl ?? name} --tags ${MANAGED_TAG}=true,${PREFIX_TAG}=${prefix}`;
}

/** What to do about it: the key to name another, and the adoption command. */
export function notOursFix(kind: AdoptableKind, name: string, prefix: string, where: Parameters<typeof adoptCommand>[3]): string {
  const key = kind === 'database' ? 'database_name' : 'queue_name';
  return (
    `set another ${key} in athena_partition_refresh_config (conf/lambda.json)` +
    `; or, if an earlier streamalert version made it (they did not tag), adopt it: ${adoptCommand(kind, name, prefix, where)} (docs/init.md, "Sharing an account")`
  );
}
