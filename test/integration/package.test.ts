/**
 * `streamalert package`: the zips deploy would upload, their sizes and hashes, byte-identical on
 * every run; and the athena zip, unzipped into an empty folder, runs with plain node (no
 * node_modules) against moto and drains a queue of S3 notifications.
 */
import { strFromU8, unzipSync } from 'fflate';
import assert from 'node:assert/strict';
import type { PackagedFile } from '../../src/cli/commands/package/action.js';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { s3Event } from '../support/factories.js';
import { createDeployment, DEFAULT_ATHENA, type Deployment } from '../support/deployment.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { fromCliJson } from '../support/cli-json.js';

const BIN = new URL('../../bin/streamalert', import.meta.url).pathname;
const ATHENA_NAME = 'test_streamalert_athena_partition_refresh';
const SECRET = 'sekrit-0b8e4d2c';

let moto: MotoServer;
let d: Deployment;

/** The bundle's entry and config, once the lazily loaded chunks (chunk-<hash>.mjs) are checked and set aside. */
function withoutChunks(paths: string[]): string[] {
  const chunks = paths.filter((p) => p.startsWith('chunk-'));
  for (const c of chunks) assert.match(c, /^chunk-[A-Z0-9]{8}\.mjs$/);
  return paths.filter((p) => !p.startsWith('chunk-'));
}

type Packaged = PackagedFile;

function packageCli(
  configDir: string,
  out: string,
  ...functions: string[]
): { packages: Packaged[]; skipped: { key: string; reason: string }[] } {
  // The secret is in the environment and in a .env beside the config: neither may reach the zip.
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SECRET_ACCESS_KEY: SECRET, STREAMALERT_API_TOKEN: SECRET };
  const r = spawnSync(
    process.execPath,
    [BIN, '--config-dir', configDir, '--output', 'json', 'package', '--function', ...functions, '--out', out],
    { encoding: 'utf8', env, timeout: 280_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  return fromCliJson<ReturnType<typeof packageCli>>(r.stdout);
}

function unzipInto(zip: Uint8Array, dir: string): string[] {
  const files = unzipSync(zip);
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), data);
  }
  return Object.keys(files);
}

/** No node_modules in the folder or any folder above it, so only what is in the zip can be imported. */
function noNodeModulesAbove(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) return false;
    if (dirname(d) === d) return true;
  }
}

before(async () => {
  moto = await startMoto();
  d = await createDeployment(moto.url, { ...DEFAULT_ATHENA, log_level: 'info', memory: 256 });
  writeFileSync(join(d.configDir, '.env'), `AWS_SECRET_ACCESS_KEY=${SECRET}\n`);
});

after(async () => {
  d?.clients.destroy();
  await moto?.stop();
});

describe('package', () => {
  it('writes the zips with their sizes and hashes, byte-identical on every run, with nothing secret inside', () => {
    const first = mkdtempSync(join(tmpdir(), 'streamalert-pkg-a-'));
    const second = mkdtempSync(join(tmpdir(), 'streamalert-pkg-b-'));
    const a = packageCli(d.configDir, first, 'all');
    const b = packageCli(d.configDir, second, 'athena');
    assert.deepEqual(
      a.packages.map((p) => [p.function, p.name, p.file]),
      [['athena', ATHENA_NAME, join(first, `${ATHENA_NAME}.zip`)]],
    );
    assert.deepEqual(
      a.skipped.map((s) => s.key),
      ['rule', 'alert'],
    );
    assert.deepEqual(readdirSync(first), [`${ATHENA_NAME}.zip`]);
    const bytes = readFileSync(join(first, `${ATHENA_NAME}.zip`));
    assert.deepEqual(bytes, readFileSync(join(second, `${ATHENA_NAME}.zip`)), 'same inputs, same bytes');
    const p = a.packages[0]!;
    assert.equal(p.size, bytes.length);
    assert.equal(p.codeSha256, createHash('sha256').update(bytes).digest('base64'));
    assert.equal(p.sha256Hex, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(b.packages[0]!.codeSha256, p.codeSha256);
    assert.deepEqual(withoutChunks(p.files.map((f) => f.path)), ['conf/global.json', 'conf/lambda.json', 'index.mjs']);
    assert.ok(!bytes.includes(SECRET));
    for (const data of Object.values(unzipSync(bytes))) assert.ok(!strFromU8(data).includes(SECRET));
    assert.ok(!/testing|AKIA/.test(strFromU8(unzipSync(bytes)['conf/global.json']!) + strFromU8(unzipSync(bytes)['conf/lambda.json']!)));
  });

  it('the text output is a table of function, file, size, files and CodeSha256', () => {
    const out = mkdtempSync(join(tmpdir(), 'streamalert-pkg-'));
    const r = spawnSync(process.execPath, [BIN, '--config-dir', d.configDir, 'package', '--function', 'athena', '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /function .* file .* size .* files .* CodeSha256/);
    assert.match(
      r.stdout,
      new RegExp(`athena .* ${out.replace(/[/.]/g, '\\$&')}/${ATHENA_NAME}\\.zip .* \\d+\\.\\d (KiB|MiB) .* \\d+ .* [A-Za-z0-9+/]{43}=`),
    );
  });

  it('the athena zip, unzipped into an empty folder, runs its handler with plain node against moto and drains the queue', async () => {
    const out = mkdtempSync(join(tmpdir(), 'streamalert-pkg-'));
    packageCli(d.configDir, out, 'athena');
    const run = mkdtempSync(join(tmpdir(), 'streamalert-run-'));
    assert.deepEqual(withoutChunks(unzipInto(readFileSync(join(out, `${ATHENA_NAME}.zip`)), run).sort()), [
      'conf/global.json',
      'conf/lambda.json',
      'index.mjs',
    ]);
    assert.ok(noNodeModulesAbove(run), `${run} must have no node_modules above it`);

    await d.putObject('test-streamalerts', 'alerts/dt=2026-11-28-09/a.json');
    await d.putObject('test-streamalerts', 'alerts/dt=2026-11-28-10/b.json');
    await d.putObject('test-streamalert-data', 'osquery/2026/11/28/09/c.json');
    assert.ok((await d.queueDepth()).visible >= 3);

    const script =
      "import('./index.mjs').then(m => m.handler({source:'aws.events','detail-type':'Scheduled Event'}, {getRemainingTimeInMillis: () => 60000})).then(r => console.log(JSON.stringify({ result: r })))";
    // Only what a Lambda runtime would set: no NODE_OPTIONS (so no tsx), no STREAMALERT_CONFIG_DIR.
    const env = {
      PATH: process.env.PATH,
      AWS_ENDPOINT_URL: moto.url,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
    };
    const r = spawnSync(process.execPath, ['-e', script], { cwd: run, env, encoding: 'utf8', timeout: 280_000 });
    assert.equal(r.status, 0, `handler failed:\n${r.stderr}\n${r.stdout}`);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const { result } = lines.find((l) => 'result' in l) as {
      result: { partitions: Record<string, string[]>; messages: { received: number; deleted: number; kept: number } };
    };
    assert.deepEqual(result.partitions, { alerts: ['2026-11-28-09', '2026-11-28-10'], osquery: ['2026-11-28-09'] });
    assert.equal(result.messages.kept, 0);
    assert.equal(result.messages.deleted, result.messages.received);
    assert.ok(
      lines.some((l) => l.message === 'refresh finished' && l.level === 'info'),
      r.stdout,
    );
    assert.doesNotMatch(r.stderr, /NodeVersionSupportWarning/);
    assert.deepEqual(await d.queueDepth(), { visible: 0, inFlight: 0 });
    const alters = (await d.queries()).filter((q) => q.startsWith('ALTER TABLE'));
    assert.equal(alters.length, 2, alters.join('\n'));
    const alerts = alters.find((q) => q.startsWith('ALTER TABLE `streamalert`.`alerts` ADD IF NOT EXISTS'));
    const osquery = alters.find((q) => q.startsWith('ALTER TABLE `streamalert`.`osquery` ADD IF NOT EXISTS'));
    assert.ok(alerts && osquery, alters.join('\n'));
    for (const dt of ['2026-11-28-09', '2026-11-28-10']) assert.ok(alerts.includes(`PARTITION (dt = '${dt}')`), alerts);
    assert.ok(osquery.includes("PARTITION (dt = '2026-11-28-09') LOCATION 's3://test-streamalert-data/osquery/2026/11/28/09/'"), osquery);
  });

  it("under Lambda's JSON log format the packaged handler's lines are JSON with the request id, level and timestamp, its fields at the top level", async () => {
    const out = mkdtempSync(join(tmpdir(), 'streamalert-pkg-'));
    packageCli(d.configDir, out, 'athena');
    const run = mkdtempSync(join(tmpdir(), 'streamalert-run-'));
    unzipInto(readFileSync(join(out, `${ATHENA_NAME}.zip`)), run);
    await d.putObject('test-streamalerts', 'alerts/dt=2026-11-28-11/a.json');
    // The Node runtime under the JSON format: console.* become one JSON line each, the call's text in `message`.
    const script = [
      "const { format } = require('node:util');",
      "for (const [m, level] of [['log', 'INFO'], ['info', 'INFO'], ['debug', 'DEBUG'], ['warn', 'WARN'], ['error', 'ERROR']]) console[m] = (...a) => process.stdout.write(JSON.stringify({ timestamp: new Date().toISOString(), level, requestId: 'req-1', message: format(...a) }) + '\\n');",
      "import('./index.mjs').then(m => m.handler({}, { getRemainingTimeInMillis: () => 60000, awsRequestId: 'req-1' })).then(r => process.stdout.write(JSON.stringify({ result: r }) + '\\n'))",
    ].join('\n');
    const env = {
      PATH: process.env.PATH,
      AWS_ENDPOINT_URL: moto.url,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_LOG_FORMAT: 'JSON',
      AWS_LAMBDA_LOG_LEVEL: 'INFO',
    };
    const r = spawnSync(process.execPath, ['-e', script], { cwd: run, env, encoding: 'utf8', timeout: 280_000 });
    assert.equal(r.status, 0, `handler failed:\n${r.stderr}\n${r.stdout}`);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => !('result' in l));
    assert.ok(lines.length > 0, r.stdout);
    for (const line of lines) {
      assert.equal(line.requestId, 'req-1', JSON.stringify(line));
      assert.match(String(line.level), /^(DEBUG|INFO|WARN|ERROR)$/);
      assert.match(String(line.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    const finished = lines.find((l) => l.message === 'refresh finished');
    assert.ok(finished, `the handler's own line, not wrapped into the runtime's message:\n${r.stdout}`);
    assert.equal(finished.level, 'INFO');
    assert.equal((finished.messages as { received: number }).received >= 1, true);
  });

  it('with the glue strategy, the unzipped handler loads its Glue chunk on demand and creates the partitions', async () => {
    const glue = await createDeployment(moto.url, { ...DEFAULT_ATHENA, refresh_strategy: 'glue' });
    await glue.purge();
    await glue.sendBodies([
      s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-11/a.json']),
      s3Event(['test-streamalerts', 'alerts/2026/11/28/12/b.json']),
    ]);
    const out = mkdtempSync(join(tmpdir(), 'streamalert-pkg-'));
    packageCli(glue.configDir, out, 'athena');
    const run = mkdtempSync(join(tmpdir(), 'streamalert-run-'));
    unzipInto(readFileSync(join(out, `${ATHENA_NAME}.zip`)), run);
    const script =
      "import('./index.mjs').then(m => m.handler({}, {getRemainingTimeInMillis: () => 60000})).then(r => console.log(JSON.stringify({ result: r })))";
    const env = {
      PATH: process.env.PATH,
      AWS_ENDPOINT_URL: moto.url,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      LOG_LEVEL: 'error',
    };
    const r = spawnSync(process.execPath, ['-e', script], { cwd: run, env, encoding: 'utf8', timeout: 280_000 });
    assert.equal(r.status, 0, `handler failed:\n${r.stderr}\n${r.stdout}`);
    const { result } = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
      result: { messages: { kept: number; deleted: number }; keptMessages: unknown[] };
    };
    assert.equal(result.messages.kept, 0, JSON.stringify(result.keptMessages));
    assert.equal(result.messages.deleted, 2);
    assert.deepEqual(await glue.gluePartitions('alerts'), [
      { dt: '2026-11-28-11', location: 's3://test-streamalerts/alerts/dt=2026-11-28-11/' },
      { dt: '2026-11-28-12', location: 's3://test-streamalerts/alerts/2026/11/28/12/' },
    ]);
    glue.clients.destroy();
  });
});
