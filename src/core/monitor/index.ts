/** `athena monitor`'s analysis: pure functions from metric series to a verdict. */
export { analyzeQueueMetrics } from './analyze.js';
export { measure, buildRows, totalsOf, scheduleIntervalSeconds, type Measurements } from './measure.js';
export { judge } from './rules.js';
export { explain, type Explained } from './explain.js';
export { recommend } from './recommend.js';
export { THRESHOLDS } from './thresholds.js';
export type { Finding, FindingCode, Verdict, Recommendation } from './findings.js';
export { planWindow, MAX_ROWS, type MonitorWindow } from './window.js';
export { parseDuration, formatDuration, formatAge, formatEvery } from './duration.js';
export * from './types.js';
