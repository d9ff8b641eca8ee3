/** `athena monitor`'s analysis: pure functions from metric series to a verdict. */
export { analyzeQueueMetrics, buildRows, totalsOf, scheduleIntervalSeconds, recommend, THRESHOLDS } from './analyze.js';
export { planWindow, MAX_ROWS, type MonitorWindow } from './window.js';
export { parseDuration, formatDuration, formatAge, formatEvery } from './duration.js';
export * from './types.js';
