// One sample of the handler's load time (bench/artifact.ts): a fresh `node` imports the bundle.
//   node load-child.mjs <bundle index.mjs>   → prints the import's milliseconds on stdout
import { pathToFileURL } from 'node:url';

const importStart = performance.now();
const bundle = await import(pathToFileURL(process.argv[2]).href);
if (typeof bundle.handler !== 'function') throw new Error('no handler');
process.stdout.write(String(performance.now() - importStart));
