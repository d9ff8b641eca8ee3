// The refresh process the bench runs (bench/child.ts): plain JavaScript for a bare `node`, no tsx,
// so the process pays only for what a Lambda function's would.
//   node refresh-child.mjs <bundle index.mjs> <remaining ms> [event.json]
// Imports the zip's handler, invokes it as a scheduled event (or with the event in event.json: the
// runtime's parse of it counts as load, as Lambda's runtime does it before the call) with a
// Lambda-like context, and writes
// one `@@REPORT {json}` line on stdout: wall time, CPU time (module load apart), peak RSS, the result.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const importStart = performance.now();
const { handler } = await import(pathToFileURL(process.argv[2]).href);
const loaded = performance.now();
const event = process.argv[4] ? JSON.parse(readFileSync(process.argv[4], 'utf8')) : { source: 'bench' };
const loadCpu = process.cpuUsage();
const started = Date.now();
const deadline = started + Number(process.argv[3]);
let result;
let error;
try {
  result = await handler(event, { getRemainingTimeInMillis: () => deadline - Date.now(), functionName: 'bench' });
} catch (err) {
  error = String((err && err.stack) || err);
}
const wall = Date.now() - started;
const cpu = process.cpuUsage();
const report = {
  wall_ms: wall,
  load_ms: loaded - importStart,
  maxRSS_kb: process.resourceUsage().maxRSS,
  cpu_ms: (cpu.user + cpu.system) / 1000,
  cpu_user_ms: cpu.user / 1000,
  cpu_system_ms: cpu.system / 1000,
  load_cpu_ms: (loadCpu.user + loadCpu.system) / 1000,
  summary: result && result.messages && { messages: result.messages, stoppedBy: result.stoppedBy },
  statements: result && result.calls && result.calls.length,
  batchItemFailures: result && result.batchItemFailures && result.batchItemFailures.length,
  error,
};
process.stdout.write('\n@@REPORT ' + JSON.stringify(report) + '\n');
