/** The proxy's latency model: milliseconds added per operation, by the most specific pattern. */
import { servicePattern } from './operations.js';

export type LatencyModel = Record<string, number>;

/** Issue 5's model: SQS 20 ms; Athena's start, status and database calls 50 ms; Glue 80 ms. */
export const DEFAULT_LATENCY: LatencyModel = {
  'SQS.*': 20,
  'Athena.StartQueryExecution': 50,
  'Athena.GetQueryExecution': 50,
  'Athena.GetDatabase': 50,
  'Glue.*': 80,
};

/** Most specific pattern: exact, then `Service.*`, then `*`. */
export function latencyFor(model: LatencyModel, operation: string): number {
  return model[operation] ?? model[servicePattern(operation)] ?? model['*'] ?? 0;
}

export const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());
