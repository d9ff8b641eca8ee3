/**
 * A reader that stops early (`streamalert --help | head -1`, `... | jq -e 'first'`) closes our
 * stdout; the next write then fails with EPIPE. Node reports that as an unhandled 'error' event
 * (a stack trace, exit 1); other CLIs end quietly. We end at once with exit 0: the reader took what
 * it wanted, and nothing we still had to say can reach it. A work in progress stops where it is, as
 * on Ctrl-C: messages not yet deleted come back to the queue after their visibility timeout.
 */
export const CLOSED_OUTPUT_EXIT_CODE = 0;

export function endQuietlyWhenOutputCloses(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(CLOSED_OUTPUT_EXIT_CODE);
    });
  }
}
