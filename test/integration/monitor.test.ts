/**
 * `streamalert athena monitor` as a user runs it, against moto: each verdict gets its own queue
 * (queue_name in lambda.json) with AWS/SQS metrics put for it inside the window (moto's CloudWatch
 * takes PutMetricData in the AWS/SQS namespace with a QueueName dimension and aggregates them by
 * period in GetMetricData). Checks the table, the JSON, the exit codes, that one GetMetricData call
 * is made, and --watch (appended frames, JSON lines, redraw on a terminal, stopping on Ctrl-C).
 */
import { PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { MonitorReport } from '../../src/core/monitor/types.js';
import { BIN, runCli } from '../support/cli.js';
import { createDeployment, DEFAULT_ATHENA, writeConfig, type Deployment } from '../support/deployment.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { fromCliJson } from '../support/cli-json.js';

const H = 3_600_000;
const MIN = 60_000;
const FUNCTION = 'test_streamalert_athena_partition_refresh';

let moto: MotoServer;
const d: Record<'ok' | 'adjust' | 'failing' | 'empty', Deployment> = {} as never;

/** Puts [sent, received, deleted] for each hour back from now (index 0 = now − offset), and the oldest message's age now. */
async function putSeries(
  dep: Deployment,
  hours: [number, number, number][],
  options: { offsetMs: number; ageNowSeconds?: number },
): Promise<void> {
  const Dimensions = [{ Name: 'QueueName', Value: dep.config.athena.queue_name }];
  const now = Date.now();
  const data: MetricDatum[] = [];
  hours.forEach(([sent, received, deleted], i) => {
    const Timestamp = new Date(now - options.offsetMs - i * H);
    data.push(
      { MetricName: 'NumberOfMessagesSent', Dimensions, Timestamp, Value: sent, Unit: 'Count' },
      { MetricName: 'NumberOfMessagesReceived', Dimensions, Timestamp, Value: received, Unit: 'Count' },
      { MetricName: 'NumberOfMessagesDeleted', Dimensions, Timestamp, Value: deleted, Unit: 'Count' },
    );
  });
  if (options.ageNowSeconds !== undefined) {
    data.push({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions,
      Timestamp: new Date(now - 2 * MIN),
      Value: options.ageNowSeconds,
      Unit: 'Seconds',
    });
  }
  // Batches of 20 keep each body under 10 KB: the SDK gzips larger PutMetricData bodies, which
  // moto 5.2 cannot decode (HTTP 500 "Not a gzipped file").
  for (let i = 0; i < data.length; i += 20) {
    await dep.clients.cloudwatch().send(new PutMetricDataCommand({ Namespace: 'AWS/SQS', MetricData: data.slice(i, i + 20) }));
  }
}

const deploy = (queue_name: string) => createDeployment(moto.url, { ...DEFAULT_ATHENA, queue_name });

before(async () => {
  moto = await startMoto();
  [d.ok, d.adjust, d.failing, d.empty] = [
    await deploy('mon_ok'),
    await deploy('mon_adjust'),
    await deploy('mon_failing'),
    await deploy('mon_empty'),
  ];
  // ok: steady, everything sent is received and deleted; the oldest message is a minute old.
  await putSeries(
    d.ok,
    Array.from({ length: 24 }, () => [120, 120, 120]),
    { offsetMs: MIN, ageNowSeconds: 60 },
  );
  // adjust: twice as many sent as drained, in complete hours; the oldest message has waited 3 hours.
  await putSeries(
    d.adjust,
    Array.from({ length: 6 }, () => [6000, 3000, 3000]),
    { offsetMs: H + 5 * MIN, ageNowSeconds: 3 * 3600 },
  );
  // failing: healthy until 6 hours ago, then received again and again and never deleted; 3 messages dead-lettered.
  await putSeries(
    d.failing,
    [
      ...Array.from({ length: 6 }, (): [number, number, number] => [100, 400, 0]),
      ...Array.from({ length: 6 }, (): [number, number, number] => [100, 100, 100]),
    ],
    { offsetMs: MIN, ageNowSeconds: 6 * 3600 },
  );
  await d.failing.clients.sqs().send(
    new SendMessageBatchCommand({
      QueueUrl: d.failing.deadLetterQueueUrl,
      Entries: ['a', 'b', 'c'].map((Id) => ({ Id, MessageBody: `{"dead":"${Id}"}` })),
    }),
  );
  // mon_empty gets none: the other queues' metrics must not show up for it.
});
after(async () => {
  await moto?.stop();
});

const args = (dep: Deployment, ...extra: string[]) => [
  'athena',
  'monitor',
  '--config-dir',
  dep.configDir,
  '--endpoint-url',
  moto.url,
  ...extra,
];
const json = async (dep: Deployment, ...extra: string[]) => {
  const out = await runCli(args(dep, '--output', 'json', ...extra));
  return { ...out, report: fromCliJson<MonitorReport>(out.stdout) };
};

describe('streamalert athena monitor: verdicts', () => {
  it('ok: prints the table with a total, exits 0 with and without --check', async () => {
    const text = await runCli(args(d.ok));
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Queue mon_ok \(us-east-1\) · schedule rate\(10 minutes\) · max_messages 100,000/);
    assert.match(text.stdout, /│ period start \(UTC\) +│ +sent │ received │ deleted │ backlog \(max\) │ oldest \(max\) │/);
    assert.match(text.stdout, /│ \d{4}-\d\d-\d\d \d\d:00\*? +│ +120 │ +120 │ +120 │/);
    assert.match(text.stdout, /│ total +│ +2,880 │ +2,880 │ +2,880 │/);
    assert.match(text.stdout, /^OK {2}the refresh function keeps up with rate\(10 minutes\)\./m);
    assert.match(text.stdout, /oldest message 1m \(at \d\d:\d\d UTC\)/);
    assert.doesNotMatch(text.stdout, /\x1b\[/, 'NO_COLOR: no escape codes');
    const checked = await json(d.ok, '--check');
    assert.equal(checked.code, 0, checked.stderr);
    assert.equal(checked.report.status, 'ok');
    assert.equal(checked.report.recommendation, null);
    assert.equal(checked.report.totals.sent, 2880);
    assert.equal(checked.report.rows.filter((r) => r.sent === 120).length, 24);
    assert.ok(checked.report.rows.length >= 24 && checked.report.rows.length <= 25);
  });

  it('adjust: recommends a faster rate() and how to apply it; --check exits 6', async () => {
    const text = await runCli(args(d.adjust, '--window', '12h'));
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /^ADJUST {2}notifications arrive faster than rate\(10 minutes\) drains them; run the refresh every (minute|\d+ minutes): rate\(\d+ minutes?\)\./m,
    );
    assert.match(text.stdout, /36,000 notification\(s\) arrived in the last 12h but only 18,000 were deleted \(50%\)/);
    assert.match(text.stdout, /The oldest message has waited 3h/);
    assert.match(
      text.stdout,
      /1\. Set "schedule_expression": "rate\(\d+ minutes?\)" in athena_partition_refresh_config in conf\/lambda.json/,
    );
    assert.match(text.stdout, /2\. Apply it: streamalert deploy --function athena/);
    const checked = await json(d.adjust, '--window', '12h', '--check');
    assert.equal(checked.code, 6, checked.stderr);
    assert.match(checked.stderr, /check failed: the verdict is "adjust", not "ok"/);
    assert.equal(checked.report.status, 'adjust');
    const minutes = Number(/^rate\((\d+) minutes?\)$/.exec(checked.report.recommendation ?? '')?.[1]);
    assert.ok(minutes >= 1 && minutes < 10, `${checked.report.recommendation} is faster than rate(10 minutes), never below a minute`);
    assert.deepEqual([checked.report.totals.sent, checked.report.totals.received, checked.report.totals.deleted], [36_000, 18_000, 18_000]);
  });

  it('failing: points to the logs and the dead-letter queue; --check exits 6', async () => {
    const text = await runCli(args(d.failing));
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^FAILING {2}the refresh function receives messages but does not delete them/m);
    assert.match(text.stdout, /but deleted only 0: 100% of the receives did not finish/);
    assert.match(text.stdout, new RegExp(`aws logs tail /aws/lambda/${FUNCTION} `));
    assert.match(text.stdout, /dead-letter queue mon_failing_dlq \(3 message\(s\) now\)/);
    assert.match(text.stdout, /dead-letter queue mon_failing_dlq: 3$/m);
    assert.match(text.stdout, /move them back for the next refresh to retry: streamalert athena redrive/);
    assert.match(text.stdout, /streamalert athena backfill --since \d{4}-\d{2}-\d{2} --dry-run/);
    const checked = await json(d.failing, '--check');
    assert.equal(checked.code, 6);
    assert.equal(checked.report.status, 'failing');
    assert.equal(checked.report.recommendation, null);
    assert.equal(checked.report.queue.deadLetter?.visible, 3);
    assert.equal(checked.report.totals.notDeleted, 2400 + 600 - 600);
  });

  it('the chart: drawn with --chart when stdout is not a terminal, not by default there, never in JSON', async () => {
    const plain = await runCli(args(d.failing));
    assert.doesNotMatch(plain.stdout, /messages per period/, 'no chart into a pipe unless asked');
    const charted = await runCli(args(d.failing, '--chart'));
    assert.equal(charted.code, 0, charted.stderr);
    // NO_COLOR (runCli sets it): each series with its letter; deleted (d) stays at 0 in the last 6 hours while sent and received go on.
    assert.match(charted.stdout, /^ +messages per period: s sent {3}r received {3}d deleted$/m);
    assert.match(charted.stdout, /^ +b backlog \(max\)$/m);
    const chartAt = charted.stdout.indexOf('messages per period');
    assert.ok(chartAt > 0 && chartAt < charted.stdout.indexOf('period start (UTC)'), 'above the table');
    assert.match(charted.stdout, /^ +0 [┤┼].*d{4}.*$/m, 'deleted drawn at 0 somewhere');
    const json = await runCli(args(d.failing, '--chart', '--output', 'json'));
    assert.equal(json.code, 0, json.stderr);
    const report = fromCliJson<MonitorReport & { schema_version: number }>(json.stdout);
    assert.equal(report.schema_version, 2);
    assert.doesNotMatch(json.stdout, /messages per period/);
  });

  it('no-data: an existing queue without metrics says it is new; --check exits 6', async () => {
    const out = await json(d.empty, '--check');
    assert.equal(out.code, 6);
    assert.equal(out.report.status, 'no-data');
    assert.equal(out.report.totals.periodsWithData, 0);
    assert.match(out.report.headline, /no metrics for mon_empty in the last 1d \(the queue is new\)/);
    const text = await runCli(args(d.empty));
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^NO DATA {2}no metrics for mon_empty/m);
  });

  it('no-data: a queue that does not exist names the prefix and the region', async () => {
    const dir = writeConfig({ ...DEFAULT_ATHENA, queue_name: 'mon_nowhere' });
    const out = await runCli(['--output', 'json', '--config-dir', dir, '--endpoint-url', moto.url, 'athena', 'monitor', '--check']);
    assert.equal(out.code, 6);
    const r = fromCliJson<MonitorReport>(out.stdout);
    assert.equal(r.status, 'no-data');
    assert.equal(r.queue.exists, false);
    assert.match(r.headline, /queue mon_nowhere does not exist in us-east-1/);
    assert.match(r.actions.join('\n'), /account.prefix \("test"\)/);
  });

  it('--period 15m gives 15-minute rows over the window', async () => {
    const out = await json(d.ok, '--window', '2h', '--period', '15m');
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.report.window.periodSeconds, 900);
    assert.ok(out.report.rows.length >= 8 && out.report.rows.length <= 9);
    for (const r of out.report.rows) assert.equal((Date.parse(r.start) / 1000) % 900, 0, 'aligned to the quarter hour');
    // the hourly points at now − 1 min, now − 1h01 and (when the first row reaches back that far) now − 2h01
    assert.equal(
      out.report.totals.sent,
      out.report.rows.reduce((n, r) => n + (r.sent ?? 0), 0),
    );
    assert.ok([240, 360].includes(out.report.totals.sent), String(out.report.totals.sent));
    assert.ok(out.report.rows.filter((r) => r.sent === 120).length >= 2);
  });

  it('rejects bad --window, --period and --watch values with exit 2 before calling AWS', async () => {
    for (const [flag, value, message] of [
      ['--window', 'yesterday', /--window must be a duration such as 30m, 24h or 7d, not "yesterday"/],
      ['--period', '90s', /--period 1m30s: use whole minutes/],
      ['--period', '2d', /--window 1d is shorter than --period 2d/],
      ['--watch', 'often', /--watch takes a number of seconds/],
    ] as const) {
      const out = await runCli(['athena', 'monitor', '--config-dir', d.ok.configDir, '--endpoint-url', 'http://127.0.0.1:9', flag, value]);
      assert.equal(out.code, 2, `${flag} ${value}: ${out.stderr}`);
      assert.match(out.stderr, message);
    }
  });

  it('an unreachable endpoint is an AWS error (exit 4)', async () => {
    const out = await runCli(args(d.ok, '--endpoint-url', 'http://127.0.0.1:9'), { env: { AWS_MAX_ATTEMPTS: '1' } });
    assert.equal(out.code, 4, out.stderr);
    assert.match(out.stderr, /AWS error/);
  });
});

describe('streamalert athena monitor: one GetMetricData call', () => {
  let proxy: Server;
  let proxyUrl: string;
  const calls: string[] = [];
  before(async () => {
    // A recording proxy in front of moto: notes each request's operation and forwards it unchanged.
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const op =
          String(req.headers['x-amz-target'] ?? '')
            .split('.')
            .pop() ||
          /operation\/(\w+)/.exec(req.url ?? '')?.[1] ||
          /Action=(\w+)/.exec(body.toString('latin1'))?.[1] ||
          req.url!;
        calls.push(op);
        const upstream = request(`${moto.url}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        });
        upstream.end(body);
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  });
  after(() => proxy?.close());

  it('reads all metrics of the window with a single GetMetricData request', async () => {
    const out = await runCli([
      'athena',
      'monitor',
      '--config-dir',
      d.adjust.configDir,
      '--endpoint-url',
      proxyUrl,
      '--window',
      '7d',
      '--output',
      'json',
    ]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(calls.filter((c) => c === 'GetMetricData').length, 1, calls.join(' '));
    assert.equal(calls.filter((c) => /MetricStatistics|ListMetrics/.test(c)).length, 0);
    assert.equal((JSON.parse(out.stdout) as MonitorReport).status, 'adjust');
  });
});

/** Spawns the CLI and resolves once `ready(stdout)` holds, handing back the child to signal. */
function spawnCli(cliArgs: string[]) {
  const child = spawn(process.execPath, [BIN, ...cliArgs], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { test: (s: string) => boolean; resolve: () => void }[] = [];
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    for (const w of waiters.splice(0)) (w.test(stdout) ? w.resolve : () => waiters.push(w))();
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    until: (test: (s: string) => boolean, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        if (test(stdout)) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for output; stdout:\n${stdout}\nstderr:\n${stderr}`)),
          timeoutMs,
        );
        waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
      }),
  };
}

describe('streamalert athena monitor --watch', () => {
  it('--output json writes one report per line until Ctrl-C, then exits 0', async () => {
    const run = spawnCli(args(d.ok, '--watch', '1', '--output', 'json'));
    await run.until((s) => s.split('\n').filter(Boolean).length >= 2);
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 0, run.output().stderr);
    const lines = run.output().stdout.split('\n').filter(Boolean);
    assert.ok(lines.length >= 2);
    for (const line of lines) assert.equal((JSON.parse(line) as MonitorReport).status, 'ok');
    for (const line of lines) assert.equal(JSON.parse(line).schema_version, 2);
  });

  it('text frames are appended when stdout is not a terminal; with --check the last verdict decides the exit code', async () => {
    const run = spawnCli(args(d.adjust, '--watch', '1', '--check'));
    await run.until((s) => (s.match(/^ADJUST /gm) ?? []).length >= 2);
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 6);
    const { stdout, stderr } = run.output();
    assert.match(stdout, /^Every 1s · updated \d\d:\d\d:\d\d UTC · Ctrl-C to stop$/m);
    assert.doesNotMatch(stdout, /\x1b\[/, 'no screen clearing into a pipe');
    assert.match(stderr, /stopped/);
    assert.match(stderr, /check failed: the verdict is "adjust"/);
  });

  it('on a terminal each refresh redraws the screen, and Ctrl-C (^C on the terminal) stops it', async () => {
    // python's pty module gives the CLI a real terminal; ^C written to it becomes SIGINT.
    const script = [
      'import os, pty, sys, select, time',
      'pid, fd = pty.fork()',
      'if pid == 0:',
      '    os.execvp(sys.argv[1], sys.argv[1:])',
      // a real terminal has a size; a pty starts at 0×0
      'import fcntl, termios, struct',
      'fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 120, 0, 0))',
      'out = b""; sent = False; deadline = time.time() + 60',
      'while time.time() < deadline:',
      '    r, _, _ = select.select([fd], [], [], 0.2)',
      '    if r:',
      '        try: chunk = os.read(fd, 65536)',
      '        except OSError: break',
      '        if not chunk: break',
      '        out += chunk',
      // the third redraw has begun, so the second frame is complete: press Ctrl-C
      '    if not sent and out.count(b"\\x1b[H\\x1b[2J") >= 3:',
      '        os.write(fd, b"\\x03"); sent = True',
      '    done, status = os.waitpid(pid, os.WNOHANG)',
      '    if done: break',
      'else:',
      '    os.kill(pid, 9); _, status = os.waitpid(pid, 0)',
      'sys.stdout.buffer.write(out)',
      'sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)',
    ].join('\n');
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.env.PYTHON ?? 'python3', ['-c', script, process.execPath, BIN, ...args(d.ok, '--watch', '1')], {
        env: { ...process.env, NO_COLOR: '1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(out.code, 0, `${out.stderr}\n${out.stdout.slice(-2000)}`);
    const frames = out.stdout.split('\x1b[H\x1b[2J').slice(1);
    assert.ok(frames.length >= 2, `expected at least two redraws:\n${out.stdout.slice(0, 3000)}`);
    for (const f of frames.slice(0, 2)) assert.match(f, /OK {2}the refresh function keeps up/);
    // A 120-column terminal gets the chart above the table without asking.
    for (const f of frames.slice(0, 2))
      assert.ok(
        f.indexOf('messages per period') >= 0 && f.indexOf('messages per period') < f.indexOf('period start (UTC)'),
        f.slice(0, 2000),
      );
    assert.match(out.stdout, /stopped/);
  });
});
