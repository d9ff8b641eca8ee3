/**
 * `streamalert schedule` as a user runs it, and colour on a real terminal: NO_COLOR leaves no
 * colour code anywhere, the spinner's included (ora colours it with its own chalk).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { createDeployment, DEFAULT_ATHENA, writeConfig, type Deployment } from '../support/deployment.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { runInTerminal } from '../support/pty.js';

describe('streamalert schedule', () => {
  it("prints the next times in UTC by EventBridge's rules (a day-of-week step, the issue's case)", async () => {
    const out = await runCli(['schedule', 'cron(0 8 ? * 1-7/2 *)', '--from', '2026-11-29T12:00:00Z', '--count', '3']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(
      out.stdout,
      'cron(0 8 ? * 1-7/2 *): the next 3 time(s), UTC, after 2026-11-29T12:00:00.000Z\n  Tue 2026-12-01 08:00\n  Thu 2026-12-03 08:00\n  Sat 2026-12-05 08:00\n',
    );
  });

  it('--output json: the times as ISO strings, with schema_version', async () => {
    const out = await runCli(['schedule', 'cron(0 12 15W * ? *)', '--from', '2026-11-01', '--count', '2', '--output', 'json']);
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout), {
      schema_version: 2,
      expression: 'cron(0 12 15W * ? *)',
      kind: 'cron',
      from: '2026-11-01T00:00:00.000Z',
      times: ['2026-11-16T12:00:00.000Z', '2026-12-15T12:00:00.000Z'],
    });
  });

  it('without an expression, the configured schedule_expression; a rate() counts from --from', async () => {
    const dir = writeConfig({ ...DEFAULT_ATHENA, schedule_expression: 'rate(2 hours)' });
    const out = await runCli(['schedule', '--config-dir', dir, '--from', '2026-11-29T12:00:00Z', '--count', '2']);
    assert.equal(out.code, 0, out.stderr);
    assert.match(
      out.stdout,
      /^rate\(2 hours\): the next 2 time\(s\), UTC, after 2026-11-29T12:00:00\.000Z\n {2}Sun 2026-11-29 14:00\n {2}Sun 2026-11-29 16:00\n/,
    );
    assert.match(out.stdout, /A rate\(\) rule counts from when it is created or enabled/);
  });

  it('a schedule that ends says so', async () => {
    const out = await runCli(['schedule', 'cron(0 0 1 1 ? 2020)', '--from', '2026-01-01']);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /never fires after 2026-01-01T00:00:00\.000Z/);
  });

  it('a day-of-month the months never have: never fires, and why (not "its year field ends")', async () => {
    const out = await runCli(['schedule', 'cron(0 0 31 2 ? *)']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, 'cron(0 0 31 2 ? *) never fires: February has no 31st.\n');
  });

  it('refuses what EventBridge refuses, and bad options, with exit 2', async () => {
    const dow8 = await runCli(['schedule', 'cron(0 8 ? * 8 *)']);
    assert.equal(dow8.code, 2);
    assert.match(
      dow8.stderr,
      /usage error: schedule: "cron\(0 8 \? \* 8 \*\)": day-of-week field: 8 is out of range \(values 1-7 or SUN-SAT, 1 = SUN\)/,
    );
    const count = await runCli(['schedule', 'rate(1 day)', '--count', '0']);
    assert.equal(count.code, 2);
    assert.match(count.stderr, /--count must be a whole number from 1 to 1000/);
    const from = await runCli(['schedule', 'rate(1 day)', '--from', 'tomorrow']);
    assert.equal(from.code, 2);
    assert.match(from.stderr, /--from must be an ISO 8601 time/);
  });
});

describe('colour on a terminal', () => {
  let moto: MotoServer;
  let d: Deployment;
  before(async () => {
    moto = await startMoto();
    d = await createDeployment(moto.url);
  });
  after(async () => {
    await moto?.stop();
  });
  const SGR = /\x1b\[[\d;]*m/;
  const SPINNER_FRAME = /[\u2800-\u28ff]/;

  it('NO_COLOR: a spinner turns, and nothing is coloured (spinner, symbols, tables)', async () => {
    const ok = await runInTerminal(['athena', 'refresh', '--config-dir', d.configDir, '--endpoint-url', moto.url], { NO_COLOR: '1' });
    assert.equal(ok.code, 0, ok.output);
    assert.match(ok.output, SPINNER_FRAME, 'the spinner ran');
    assert.doesNotMatch(ok.output, SGR, JSON.stringify(ok.output.slice(0, 400)));
    // A failing run ends the spinner with its ✖ symbol.
    const missing = writeConfig({ ...DEFAULT_ATHENA, database_name: 'missing_db' });
    const failed = await runInTerminal(['athena', 'refresh', '--config-dir', missing, '--endpoint-url', moto.url], { NO_COLOR: '1' });
    assert.equal(failed.code, 4, failed.output);
    assert.match(failed.output, /✖ Refresh failed/);
    assert.doesNotMatch(failed.output, SGR);
  });

  it('without NO_COLOR the spinner and the symbols are coloured (so the check above can fail)', async () => {
    const missing = writeConfig({ ...DEFAULT_ATHENA, database_name: 'missing_db' });
    const out = await runInTerminal(['athena', 'refresh', '--config-dir', missing, '--endpoint-url', moto.url], { NO_COLOR: undefined });
    assert.equal(out.code, 4, out.output);
    assert.match(out.output, /\x1b\[36m[\u2800-\u28ff]/, 'a cyan spinner frame');
    assert.match(out.output, /\x1b\[31m✖/, 'a red ✖');
  });
});
