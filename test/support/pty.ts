/**
 * Runs bin/streamalert on a real terminal (python's pty module) of a given size and returns all it
 * wrote there (stdout and stderr share the terminal, as for a person).
 */
import { spawn } from 'node:child_process';
import { BIN, HERMETIC_AWS_ENV } from './cli.js';

const SCRIPT = [
  'import os, pty, sys, select, time, fcntl, termios, struct',
  'cols, rows = int(sys.argv[1]), int(sys.argv[2])',
  'pid, fd = pty.fork()',
  'if pid == 0:',
  '    os.execvp(sys.argv[3], sys.argv[3:])',
  // a pty starts at 0×0; a real terminal has a size
  'fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))',
  'out = b""; deadline = time.time() + 120',
  'while time.time() < deadline:',
  '    r, _, _ = select.select([fd], [], [], 0.2)',
  '    if r:',
  '        try: chunk = os.read(fd, 65536)',
  '        except OSError: break',
  '        if not chunk: break',
  '        out += chunk',
  'else:',
  '    os.kill(pid, 9)',
  '_, status = os.waitpid(pid, 0)',
  'sys.stdout.buffer.write(out)',
  'sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)',
].join('\n');

export function runInTerminal(
  args: string[],
  env: NodeJS.ProcessEnv,
  size = { columns: 120, rows: 40 },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', SCRIPT, String(size.columns), String(size.rows), process.execPath, BIN, ...args], {
      // No CI variable: the CLI shows no spinner under CI.
      env: {
        ...process.env,
        ...HERMETIC_AWS_ENV,
        CI: undefined,
        FORCE_COLOR: undefined,
        TERM: 'xterm-256color',
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        ...env,
      },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
