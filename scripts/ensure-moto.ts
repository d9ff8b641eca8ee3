/**
 * `npm test` and `npm run test:integration` run this first: make sure a Python with moto is there
 * (installing a pinned moto[server] into .cache/moto-venv when python3 lacks it), and say which.
 */
import { spawnSync } from 'node:child_process';
import { ensureMotoPython, MotoInstallError } from './moto-python.js';

try {
  const python = await ensureMotoPython();
  const version = spawnSync(python, ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' }).stdout.trim();
  process.stderr.write(`moto ${version} (${python})\n`);
} catch (err) {
  if (!(err instanceof MotoInstallError)) throw err;
  process.stderr.write(`moto: ${err.message}\n`);
  process.exitCode = 1;
}
