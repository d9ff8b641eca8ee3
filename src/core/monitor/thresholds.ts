/** The numbers `athena monitor`'s rules judge by, in one table so docs/monitor.md and the tests can name them. */
export const THRESHOLDS = {
  /** Failing when more than this share of the receives did not end in a delete. */
  notDeletedShare: 0.25,
  /** "Recent" is the latest complete periods covering at least this many schedule intervals. */
  recentIntervals: 3,
  /** Behind when the oldest message is older than ageIntervals × interval + ageSlackSeconds. */
  ageIntervals: 2,
  ageSlackSeconds: 300,
  /** Behind when sent − deleted exceeds this share of sent (at least shortfallFloor), beyond one interval's arrivals. */
  shortfallShare: 0.1,
  shortfallFloor: 10,
  /** The recommended schedule drains the busiest period this many times over. */
  headroom: 2,
  /** The latest age data point counts as "now" only if it is at most this old. */
  freshSeconds: 900,
  /** A partial period counts towards the peak rate only once this share of it has happened. */
  peakMinCoverage: 0.5,
  /**
   * trigger sqs: the "interval" the rules judge by (the mapping polls all the time): 5 minutes, so
   * a message older than 2 × 5 min + 5 min = 15 min is late, as the oldest-message alarm says.
   */
  sqsIntervalSeconds: 300,
  /** trigger sqs: runs near their timeout (this share of it) are CPU-bound: more memory is more CPU. */
  nearTimeoutShare: 0.8,
  /** trigger sqs: batches under this share of batch_size while messages wait leave before they fill. */
  fullBatchShare: 0.5,
} as const;

/** Whole-minute intervals a recommendation is rounded down to. */
export const NICE_MINUTES = [1, 2, 3, 5, 10, 15, 20, 30, 60, 120, 180, 360, 720, 1440] as const;
