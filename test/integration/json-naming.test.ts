/**
 * Every command's `--output json` document, as the CLI prints it against moto: `schema_version`
 * 2 first, and every field name snake_case (docs/json-output.md). It scans whole documents, so a
 * camelCase field added later to any report fails here. The test data's own keys (table and
 * bucket names) are lower case, so no data key is mistaken for a field. Not scanned: `athena
 * iam-policy`, an IAM policy document in IAM's own shape.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { createDeployment, type Deployment } from '../support/deployment.js';
import { s3Event } from '../support/factories.js';
import { startMoto, type MotoServer } from '../support/moto.js';

let moto: MotoServer;
let d: Deployment;
before(async () => {
  moto = await startMoto();
  d = await createDeployment(moto.url);
});
after(async () => {
  await moto?.stop();
});

/** Every key of a document that is not snake_case, with its path. */
function camelKeys(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => camelKeys(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(/[A-Z]/.test(k) ? [`${path}.${k}`] : []), ...camelKeys(v, `${path}.${k}`)]);
}

async function documentOf(args: string[], codes = [0]): Promise<Record<string, unknown>> {
  const out = await runCli([...args, '--config-dir', d.configDir, '--endpoint-url', moto.url, '--output', 'json']);
  assert.ok(codes.includes(out.code!), `${args.join(' ')} exited ${out.code}: ${out.stderr}`);
  const doc = JSON.parse(out.stdout) as Record<string, unknown>;
  assert.equal(Object.keys(doc)[0], 'schema_version', args.join(' '));
  assert.equal(doc.schema_version, 2, args.join(' '));
  return doc;
}

const checked: string[] = [];
function assertSnake(name: string, doc: unknown): void {
  checked.push(name);
  assert.deepEqual(camelKeys(doc), [], `${name}: camelCase field names`);
}

describe('--output json field names are snake_case in every command', () => {
  it('athena refresh (partitions, kept messages and calls included)', async () => {
    await d.sendBodies([
      s3Event(['test-streamalerts', 'alerts/dt=2026-11-29-03/a.json']),
      s3Event(['test-streamalerts', 'misplaced.json']),
    ]);
    const doc = await documentOf(['athena', 'refresh'], [0, 5]);
    assert.ok((doc.kept_messages as unknown[]).length >= 1 && (doc.calls as unknown[]).length >= 1, JSON.stringify(doc));
    assert.deepEqual(doc.partitions, { alerts: ['2026-11-29-03'] }, 'table names are data: kept as they are');
    assertSnake('athena refresh', doc);
  });

  it('athena monitor', async () => assertSnake('athena monitor', await documentOf(['athena', 'monitor'], [0, 6])));
  it('athena backfill --dry-run', async () => assertSnake('athena backfill', await documentOf(['athena', 'backfill', '--dry-run'])));
  it('athena redrive --dry-run', async () => assertSnake('athena redrive', await documentOf(['athena', 'redrive', '--dry-run'])));
  it('athena init --dry-run', async () => assertSnake('athena init', await documentOf(['athena', 'init', '--dry-run'])));
  it('schedule', async () => assertSnake('schedule', await documentOf(['schedule', 'rate(5 minutes)', '--count', '2'])));

  it('package', async () => {
    const out = mkdtempSync(join(tmpdir(), 'streamalert-zips-'));
    assertSnake('package', await documentOf(['package', '--function', 'athena', '--out', out]));
  });

  it('deploy (dry run and real), and rollback --dry-run', async () => {
    const doc = await documentOf(['deploy', '--function', 'athena', '--dry-run']);
    assert.equal(doc.dry_run, true);
    assertSnake('deploy --dry-run', doc);
    assertSnake('deploy', await documentOf(['deploy', '--function', 'athena']));
    // A second version to roll back from.
    const file = join(d.configDir, 'lambda.json');
    const lambda = JSON.parse(readFileSync(file, 'utf8')) as { athena_partition_refresh_config: Record<string, unknown> };
    lambda.athena_partition_refresh_config.memory = 256;
    writeFileSync(file, JSON.stringify(lambda));
    await documentOf(['deploy', '--function', 'athena']);
    const rollback = await documentOf(['rollback', '--function', 'athena', '--dry-run']);
    assert.equal((rollback.functions as { dry_run: boolean }[])[0]!.dry_run, true);
    assertSnake('rollback', rollback);
  });

  it('covered every command that prints JSON', () => {
    assert.deepEqual(checked.sort(), [
      'athena backfill',
      'athena init',
      'athena monitor',
      'athena redrive',
      'athena refresh',
      'deploy',
      'deploy --dry-run',
      'package',
      'rollback',
      'schedule',
    ]);
  });
});
