/**
 * `streamalert athena refresh` as a user runs it, pointed at a moto server set up beforehand
 * (buckets notifying the queue, the database created): exit codes, JSON and text output.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RefreshResult } from '../../src/core/refresh/index.js';
import { runCli } from '../support/cli.js';
import { createDeployment, writeConfig, type Deployment } from '../support/deployment.js';
import { s3Event } from '../support/factories.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { fromCliJson } from '../support/cli-json.js';

let moto: MotoServer;
let d: Deployment;
before(async () => {
  moto = await startMoto();
  d = await createDeployment(moto.url, undefined, { visibilityTimeout: 60 });
});
after(async () => {
  await moto?.stop();
});

const common = () => ['--config-dir', d.configDir, '--endpoint-url', moto.url, '--region', 'us-east-1'];

describe('streamalert athena refresh (CLI)', () => {
  it('registers exactly the partitions of the objects written, keeps the bad message, and a second run adds nothing', async () => {
    await d.putObject('test-streamalerts', 'alerts/dt=2026-11-28-09/a.json');
    await d.putObject('test-streamalerts', 'alerts/dt=2026-11-28-09/b.json');
    await d.putObject('test-streamalert-data', 'cloudtrail/2026/11/28/10/c.json.gz');
    await d.putObject('test-streamalerts', 'misplaced.json');
    const first = await runCli(['athena', 'refresh', '--once', ...common(), '--output', 'json']);
    assert.equal(first.code, 5, `exit 5 = messages kept\n${first.stderr}`);
    const r = fromCliJson<RefreshResult>(first.stdout, ['partitions']);
    assert.deepEqual(r.partitions, { alerts: ['2026-11-28-09'], cloudtrail: ['2026-11-28-10'] });
    assert.equal(r.messages.kept, 1);
    assert.match(r.keptMessages[0]!.reason, /key "misplaced.json": outside every key layout/);
    assert.equal(r.messages.deleted, r.messages.received - 1);
    const depth = await d.queueDepth();
    assert.equal(depth.visible + depth.inFlight, 1, 'only the kept message is left');
    const statements = await d.queries();
    assert.equal(statements.length, 2);

    const second = await runCli(['athena', 'refresh', '--once', ...common(), '--output', 'json']);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(fromCliJson<RefreshResult>(second.stdout, ['partitions']).partitions, {});
    assert.equal((await d.queries()).length, 2, 'no new statement');
  });

  it('prints a summary table, and accepts global options before the subcommand', async () => {
    await d.sendBodies([s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-11/a.json'])]);
    const out = await runCli(['--config-dir', d.configDir, '--endpoint-url', moto.url, 'athena', 'refresh']);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /Refreshed test_streamalert_athena_s3_notifications → database streamalert \(add_partition\)/);
    assert.match(out.stdout, /│ alerts +│ +1 │ 2026-11-28-11 │/);
    assert.match(out.stdout, /1 Athena statement\(s\)/);
  });

  it('exits 4 with a clear message when the database does not exist, deleting nothing', async () => {
    const dir = writeConfig({ ...d.config.lambda.athena_partition_refresh_config, database_name: 'missing_db' });
    await d.purge(); // an earlier test's kept message comes back once its visibility runs out
    await d.sendBodies([s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-12/a.json'])]);
    const out = await runCli(['athena', 'refresh', '--once', '--config-dir', dir, '--endpoint-url', moto.url]);
    assert.equal(out.code, 4, out.stderr);
    assert.match(out.stderr, /AWS error: Athena database "missing_db" does not exist/);
    assert.equal((await d.queueDepth()).visible, 1);
    await d.purge();
  });

  it('exits 3 on a configuration error and 2 on bad usage', async () => {
    const bad = writeConfig({ buckets: { 'test-streamalerts': 'alerts' }, schedule_expression: 'every 5 minutes' });
    const config = await runCli(['athena', 'refresh', '--config-dir', bad, '--endpoint-url', moto.url]);
    assert.equal(config.code, 3);
    assert.match(
      config.stderr,
      /lambda\.json: invalid configuration\n {2}athena_partition_refresh_config\.schedule_expression: "every 5 minutes" is not a schedule expression/,
    );
    const usage = await runCli(['athena', 'refresh', '--output', 'yaml', ...common()]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--output must be text or json/);
    // A schedule expression is configuration, from conf/ or from the flag.
    const interval = await runCli(['athena', 'refresh', '--interval', 'rate(5 minute)', ...common()]);
    assert.equal(interval.code, 3);
    assert.match(interval.stderr, /--interval: "rate\(5 minute\)": write rate\(5 minutes\)/);
  });

  it('--interval runs on the schedule; Ctrl-C while it sleeps stops it with the "interrupted" code', async () => {
    await d.purge();
    await d.sendBodies([s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-13/a.json'])]);
    let signalled = false;
    const out = await runCli(['athena', 'refresh', '--interval', 'rate(1 minute)', ...common()], {
      onStderr: (text, kill) => {
        if (!signalled && /next run at /.test(text)) {
          signalled = true;
          kill('SIGINT');
        }
      },
    });
    assert.ok(signalled, out.stderr);
    assert.equal(out.code, 130, out.stderr);
    assert.match(out.stderr, /Stopping after the run in progress/);
    assert.match(out.stderr, /streamalert: interrupted: stopped while waiting for the next run/);
    assert.match(out.stdout, /│ alerts +│ +1 │ 2026-11-28-13 │/);
  });
});
