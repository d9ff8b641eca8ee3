/**
 * `athena monitor`'s chart: sent, received and deleted per period on one plot, the backlog on a
 * second, drawn with asciichart above the table, so "deleted falls behind sent" shows at a glance.
 * In colour each series has its colour; without (NO_COLOR) each is drawn with its own letter
 * (s, r, d, b). Periods without a data point are drawn as 0 (an idle queue sends no metrics).
 */
import * as asciichart from 'asciichart';
import type { PeriodRow } from '../../../core/monitor/types.js';

const LABEL_WIDTH = 9;
const COUNTS_HEIGHT = 8;
const BACKLOG_HEIGHT = 3;

interface Series {
  name: string;
  letter: string;
  colour: string;
  values: number[];
}

export interface ChartOptions {
  /** Terminal columns available. */
  columns: number;
  colour: boolean;
}

/** The chart as lines of text, or undefined when there is nothing to draw. */
export function renderChart(rows: PeriodRow[], options: ChartOptions): string | undefined {
  if (!rows.length) return undefined;
  const plotWidth = Math.max(10, options.columns - LABEL_WIDTH - 3);
  const { sent, received, deleted, backlog, perColumn } = fitSeries(rows, plotWidth);
  const counts: Series[] = [
    { name: 'sent', letter: 's', colour: asciichart.cyan, values: sent },
    { name: 'received', letter: 'r', colour: asciichart.blue, values: received },
    { name: 'deleted', letter: 'd', colour: asciichart.green, values: deleted },
  ];
  const backlogSeries: Series = { name: 'backlog (max)', letter: 'b', colour: asciichart.yellow, values: backlog };
  const legend = (list: Series[]) =>
    list.map((s) => (options.colour ? `${asciichart.colored('──', s.colour)} ${s.name}` : `${s.letter} ${s.name}`)).join('   ');
  const first = rows[0]!.start.slice(0, 16).replace('T', ' ');
  const last = rows[rows.length - 1]!.start.slice(0, 16).replace('T', ' ');
  const axis = `${' '.repeat(LABEL_WIDTH + 1)}${first} UTC${perColumn > 1 ? ` (${perColumn} periods a column)` : ''} … ${last}`;
  return [
    `${' '.repeat(LABEL_WIDTH + 1)}messages per period: ${legend(counts)}`,
    plot(counts, COUNTS_HEIGHT, options.colour),
    `${' '.repeat(LABEL_WIDTH + 1)}${legend([backlogSeries])}`,
    plot([backlogSeries], BACKLOG_HEIGHT, options.colour),
    axis,
  ].join('\n');
}

/**
 * One value per column: each period repeated to widen a short window, or several periods summed
 * (the backlog: their maximum) to fit a long one.
 */
export function fitSeries(rows: PeriodRow[], width: number) {
  const perColumn = Math.max(1, Math.ceil(rows.length / width));
  const repeat = perColumn > 1 ? 1 : Math.max(1, Math.min(4, Math.floor(width / rows.length)));
  const sent: number[] = [];
  const received: number[] = [];
  const deleted: number[] = [];
  const backlog: number[] = [];
  for (let i = 0; i < rows.length; i += perColumn) {
    const group = rows.slice(i, i + perColumn);
    const sum = (pick: (r: PeriodRow) => number | null) => group.reduce((n, r) => n + (pick(r) ?? 0), 0);
    for (let k = 0; k < repeat; k++) {
      sent.push(sum((r) => r.sent));
      received.push(sum((r) => r.received));
      deleted.push(sum((r) => r.deleted));
      backlog.push(Math.max(...group.map((r) => r.backlogMax ?? 0)));
    }
  }
  return { sent, received, deleted, backlog, perColumn };
}

function plot(series: Series[], height: number, colour: boolean): string {
  const all = series.flatMap((s) => s.values);
  // At least one unit per row, so the axis labels are whole numbers on a quiet queue.
  const max = Math.max(height, ...all);
  const config = {
    min: 0,
    max,
    height,
    format: (x: number) => Math.round(x).toLocaleString('en-US').padStart(LABEL_WIDTH),
  };
  if (colour)
    return asciichart.plot(
      series.map((s) => s.values),
      { ...config, colors: series.map((s) => s.colour) },
    );
  // Without colour, each series is drawn alone with its letter and the plots are laid over one
  // another; where lines cross, the later series (deleted) shows.
  const grids = series.map((s) =>
    asciichart
      .plot(s.values, { ...config, symbols: letterSymbols(s.letter) })
      .split('\n')
      .map((line) => Array.from(line)),
  );
  const merged = grids[0]!;
  for (const grid of grids.slice(1)) {
    grid.forEach((line, y) =>
      line.forEach((ch, x) => {
        if (x > LABEL_WIDTH && ch !== ' ') merged[y]![x] = ch;
      }),
    );
  }
  return merged.map((line) => line.join('')).join('\n');
}

/** asciichart's symbols: the axis pieces kept, every line piece the series' letter. */
function letterSymbols(letter: string): [string, string, string, string, string, string, string, string, string, string] {
  return ['┼', '┤', letter, letter, letter, letter, letter, letter, letter, letter];
}
