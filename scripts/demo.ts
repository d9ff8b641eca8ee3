/**
 * `npm start`: the refresh function end to end on a local AWS emulator, no AWS account needed.
 * Starts moto on a free loopback port, creates the data buckets (on AWS they are yours already),
 * runs `streamalert athena init` to stand up everything else conf/ describes (queue, DLQ, policy,
 * bucket notifications, results bucket, database, tables), writes sample alert and log objects,
 * runs `streamalert athena refresh --once`, prints the statements Athena ran, and stops.
 */
import { GetQueryExecutionCommand, ListQueryExecutionsCommand } from '@aws-sdk/client-athena';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AwsClients } from '../src/aws/sdk/clients.js';
import { bucketMappings, type BucketMap } from '../src/core/partitions/buckets.js';
import { loadConfig } from '../src/core/config/load.js';
import { startMoto, type MotoServer } from '../test/support/moto.js';
import { ensureMotoPython, MotoInstallError } from './moto-python.js';

const configDir = process.argv[2] ?? 'conf';
const bin = fileURLToPath(new URL('../bin/streamalert', import.meta.url));
const say = (line: string) => process.stdout.write(`${line}\n`);

function sampleKeys(buckets: BucketMap, now: Date): { bucket: string; key: string }[] {
  const pad = (n: number) => String(n).padStart(2, '0');
  const y = now.getUTCFullYear();
  const m = pad(now.getUTCMonth() + 1);
  const d = pad(now.getUTCDate());
  const h = pad(now.getUTCHours());
  const prev = new Date(now.getTime() - 3_600_000);
  const ph = pad(prev.getUTCHours());
  const pd = pad(prev.getUTCDate());
  const keys: { bucket: string; key: string }[] = [];
  for (const { bucket, mapping } of bucketMappings(buckets)) {
    const { table, prefix: p } = mapping;
    if (table === '*') {
      keys.push(
        { bucket, key: `${p}cloudwatch_logs/${y}/${m}/${d}/${h}/streamalert_data-1-${y}-${m}-${d}-${h}-00-00.gz` },
        { bucket, key: `${p}cloudwatch_logs/${y}/${m}/${d}/${h}/streamalert_data-2-${y}-${m}-${d}-${h}-05-00.gz` },
        { bucket, key: `${p}osquery/dt=${y}-${m}-${pd}-${ph}/host=web 1/results.json` },
      );
    } else {
      keys.push(
        { bucket, key: `${p}${table}/dt=${y}-${m}-${d}-${h}/cloudtrail_root_account_usage-${y}${m}${d}.json` },
        { bucket, key: `${p}${table}/dt=${y}-${m}-${d}-${h}/duplicate_iam_user_login-${y}${m}${d}.json` },
        { bucket, key: `${p}${table}/dt=${y}-${m}-${pd}-${ph}/github_site_admin_action.json` },
      );
    }
  }
  return keys;
}

async function demo(moto: MotoServer): Promise<number> {
  say(`Local AWS endpoint (moto): ${moto.url}`);
  const config = loadConfig(configDir);
  const clients = new AwsClients({ region: config.account.region, endpointUrl: moto.url });
  const a = config.athena;
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
  // --region: the deployment lives in conf/'s region, whatever AWS_REGION says here.
  const cli = (args: string[]) => {
    say(`$ streamalert ${args.join(' ')} --config-dir ${configDir} --endpoint-url ${moto.url} --region ${config.account.region}`);
    return (
      spawnSync(
        process.execPath,
        [bin, ...args, '--config-dir', configDir, '--endpoint-url', moto.url, '--region', config.account.region],
        { stdio: 'inherit', env },
      ).status ?? 1
    );
  };
  for (const Bucket of Object.keys(a.buckets)) await clients.s3().send(new CreateBucketCommand({ Bucket }));
  say(`Created the data buckets ${Object.keys(a.buckets).join(', ')} (on AWS they are yours already)`);
  say('');
  const init = cli(['athena', 'init']);
  if (init !== 0) return init;
  say('');

  const objects = sampleKeys(a.buckets, new Date());
  for (const { bucket, key } of objects) {
    await clients.s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '{"sample": true}\n' }));
  }
  say(`Wrote ${objects.length} sample objects:`);
  for (const o of objects) say(`  s3://${o.bucket}/${o.key}`);
  say('');
  const run = cli(['athena', 'refresh', '--once']);
  say('');
  const athena = clients.athena();
  const ids = (await athena.send(new ListQueryExecutionsCommand({}))).QueryExecutionIds ?? [];
  const queries = await Promise.all(ids.map((id) => athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))));
  say('Statements Athena ran:');
  for (const q of queries
    .map((x) => x.QueryExecution!)
    .sort((x, y) => (x.Status?.SubmissionDateTime?.getTime() ?? 0) - (y.Status?.SubmissionDateTime?.getTime() ?? 0))) {
    say(`  [${q.Status?.State}] ${q.Query?.replace(/\n/g, '\n      ')}`);
  }
  clients.destroy();
  return run;
}

let python: string;
try {
  // A fresh machine has Python 3 but maybe no moto: this installs a pinned one under .cache once.
  python = await ensureMotoPython();
} catch (err) {
  if (!(err instanceof MotoInstallError)) throw err;
  process.stderr.write(`npm start: ${err.message}\n`);
  process.exit(1);
}
const moto = await startMoto({ python });
try {
  process.exitCode = await demo(moto);
} finally {
  await moto.stop();
}
