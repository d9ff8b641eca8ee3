/** `streamalert athena monitor [--window 24h] [--period 1h] [--watch [SECONDS]] [--check]`: the options; the action is in commands/athena-monitor/action.ts. */
import type { Command } from 'commander';
import { lazyAction } from '../../lazy-action.js';

const load = () => import('./action.js');

/** Seconds between refreshes when --watch has no value. */
export const DEFAULT_WATCH_SECONDS = 60;

/** The narrowest terminal the chart is drawn on by itself (`--chart` draws it on any). */
export const MIN_CHART_COLUMNS = 80;

export function registerAthenaMonitor(athena: Command): void {
  athena
    .command('monitor')
    .description("read the notification queue's CloudWatch metrics and say whether the refresh schedule keeps up")
    .option('--window <duration>', 'how far back to look: 30m, 6h, 24h, 7d, …', '24h')
    .option('--period <duration>', 'one table row per period: 5m, 1h, 1d, …', '1h')
    .option('--watch [seconds]', `refresh in place every SECONDS (default ${DEFAULT_WATCH_SECONDS}) until Ctrl-C`)
    .option('--check', 'exit with code 6 unless the verdict is ok (for alarms and scripts)')
    .option(
      '--chart',
      `draw the chart of sent, received, deleted and backlog even when stdout is not a terminal (it is drawn by itself on a terminal of ${MIN_CHART_COLUMNS}+ columns)`,
    )
    .option('--no-chart', 'never draw the chart')
    .action(lazyAction(load));
}
