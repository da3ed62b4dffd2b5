// `npm start`: on a fresh clone, installs what is missing, builds the web client, then runs the whole
// product (server, worker, web) in one process on embedded defaults, or on real services when their
// environment variables are set.
import { spawn } from 'node:child_process';
import { ROOT, ensureInstalled, ensureWebBuilt } from './lib/setup.mjs';

ensureInstalled();
ensureWebBuilt();

const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/run-product.ts'], {
  cwd: ROOT,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
