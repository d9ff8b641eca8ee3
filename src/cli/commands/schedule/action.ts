/** `streamalert schedule [EXPR] [--count N] [--from ISO-TIME]`: when a schedule expression fires. */
import type { Command } from 'commander';
import { UsageError } from '../../../core/kernel/errors.js';
import { impossibleDays } from '../../../core/schedule/never.js';
import { nextRuns, parseSchedule } from '../../../core/schedule/schedule.js';
import { CommandContext } from '../../context.js';
import { paint, printJson, printLine } from '../../output.js';

interface ScheduleFlags {
  count: string;
  from?: string;
}

const MAX_COUNT = 1_000;

/** Runs `schedule` (its options are defined in commands/schedule/command.ts). */
export async function action(expression: string | undefined, flags: ScheduleFlags, command: Command): Promise<void> {
  const ctx = await CommandContext.create(command);
  try {
    // conf/ is read only when no expression is given.
    const text = expression ?? ctx.config.athena.schedule_expression;
    const parsed = parseSchedule(text);
    if (!parsed.ok) throw new UsageError(`schedule: ${parsed.reason}`);
    const count = parseCount(flags.count);
    const from = flags.from === undefined ? new Date() : parseTime(flags.from);
    const times = nextRuns(parsed.schedule, from, count);
    const schedule = parsed.schedule;
    if (ctx.json) {
      printJson({
        expression: schedule.expression,
        kind: schedule.kind,
        from: from.toISOString(),
        times: times.map((time) => time.toISOString()),
      });
      return;
    }
    if (!times.length) {
      const never = schedule.kind === 'cron' ? impossibleDays(schedule.spec) : null;
      printLine(
        never
          ? `${schedule.expression} never fires: ${never}.`
          : `${schedule.expression} never fires after ${from.toISOString()} (its year field has ended).`,
      );
      return;
    }
    printLine(paint.bold(`${schedule.expression}: the next ${times.length} time(s), UTC, after ${from.toISOString()}`));
    for (const time of times) printLine(`  ${time.toUTCString().slice(0, 3)} ${time.toISOString().slice(0, 16).replace('T', ' ')}`);
    if (times.length < count) printLine(paint.dim(`and no more: its year field ends.`));
    if (schedule.kind === 'rate')
      printLine(paint.dim('A rate() rule counts from when it is created or enabled; these times count from --from.'));
  } finally {
    ctx.close();
  }
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_COUNT)
    throw new UsageError(`--count must be a whole number from 1 to ${MAX_COUNT}, not "${text}"`);
  return n;
}

/** An ISO 8601 time; one without a zone is read as UTC, the zone schedules run in. */
export function parseTime(text: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text.trim());
  if (!iso) throw new UsageError(`--from must be an ISO 8601 time such as 2026-11-29T12:00:00Z, not "${text}"`);
  const withZone = iso[1] && !iso[4] ? `${text.trim()}Z` : text.trim();
  const date = new Date(withZone);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--from: "${text}" is not a valid time`);
  return date;
}
