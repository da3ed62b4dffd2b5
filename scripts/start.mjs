// `npm start`: on a fresh clone, installs what is missing, builds the web client, then runs the whole
// product (server, worker, web) in one process on embedded defaults, or on real services when their
// environment variables are set. A stop signal is passed on and this launcher exits only once the product
// has shut down, with its exit code; package.json `exec`s it, because the shell npm runs a script in
// would die of SIGTERM without passing it on, leaving the product running with no parent.
import { spawn } from 'node:child_process';
import { ROOT, ensureInstalled, ensureWebBuilt } from './lib/setup.mjs';

ensureInstalled();
ensureWebBuilt();

const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/run-product.ts'], {
  cwd: ROOT,
  stdio: 'inherit',
});
// npm passes SIGINT and SIGTERM on, and Ctrl-C reaches the whole process group as well: the product
// receives a signal more than once and stops on the first.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
