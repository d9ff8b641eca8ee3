/** The bench's progress on stderr, each line stamped with the time of day (stdout is for the table). */
export function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}
