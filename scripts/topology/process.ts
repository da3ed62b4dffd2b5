/**
 * One built process of the product (dist/server.mjs, dist/worker.mjs) run as an operator runs it: plain
 * `node`, its settings in the environment, ready when it logs so. The topology and the fault suite start,
 * kill -9 and start again through this, so a restarted process is the same program on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';

interface Lifecycle {
  guardAgainstOrphans(cleanup: () => void): () => void;
}
// A plain .mjs module: imported by URL so TypeScript does not need declarations for it.
const { guardAgainstOrphans } = (await import(
  new URL('../services/lifecycle.mjs', import.meta.url).href
)) as Lifecycle;

const READY_MS = 60_000;
const STOP_MS = 25_000;
/** Enough of a process's log for a failure message; older lines are dropped. */
const OUTPUT_KEPT = 200_000;

export interface ProcessSpec {
  /** Names it in messages, e.g. "server 1". */
  name: string;
  /** The built file to run. */
  file: string;
  env: Record<string, string>;
  /** The log message that says it is ready, e.g. "server listening". */
  readyMessage: string;
}

export class ProductProcess {
  private child: ChildProcess | null = null;
  private release: () => void = () => {};
  private log = '';
  private ready = false;
  /** Times started (1 after the first start): a restart is visible in reports. */
  starts = 0;

  constructor(readonly spec: ProcessSpec) {}

  get name(): string {
    return this.spec.name;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** What it printed, over all its starts. */
  output(): string {
    return this.log;
  }

  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    const { file, env, readyMessage } = this.spec;
    const child = spawn(process.execPath, ['--enable-source-maps', file], {
      cwd: tmpdir(), // as deployed: nothing may depend on the repository being the working directory
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts += 1;
    this.log += `--- ${this.name}: start ${this.starts} (pid ${child.pid}) ---\n`;
    // Readiness is looked for in this start's output as it arrives (the kept log is trimmed, so an
    // offset into it would not do), with a carry-over in case the line is split between chunks.
    const marker = `"msg":"${readyMessage}"`;
    let carry = '';
    this.ready = false;
    const append = (chunk: Buffer) => {
      const text = chunk.toString();
      this.log = (this.log + text).slice(-OUTPUT_KEPT);
      if (!this.ready && (carry + text).includes(marker)) this.ready = true;
      carry = (carry + text).slice(-marker.length);
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    // A runner that dies or is interrupted must not leave servers and workers on the shared services.
    this.release = guardAgainstOrphans(() => child.kill('SIGKILL'));
    const deadline = Date.now() + READY_MS;
    while (!this.ready) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `${this.name} exited while starting (${child.exitCode ?? child.signalCode})\n${this.tail()}`,
        );
      }
      if (Date.now() > deadline) {
        this.kill();
        throw new Error(`${this.name} was not ready within ${READY_MS / 1000} s\n${this.tail()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** kill -9: no handler runs, nothing is flushed or handed back (what a crash or the OOM killer does). */
  kill(): Promise<void> {
    return this.end('SIGKILL', 5_000);
  }

  /** SIGTERM, as a deploy or a scale-down sends: the process stops taking work and finishes or hands back. */
  async stop(): Promise<number | null> {
    await this.end('SIGTERM', STOP_MS);
    if (this.running) await this.kill();
    return this.child?.exitCode ?? null;
  }

  /** The last lines it printed, for a failure message. */
  tail(lines = 40): string {
    return this.log.trimEnd().split('\n').slice(-lines).join('\n');
  }

  private async end(signal: NodeJS.Signals, ms: number): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, ms))]);
    if (!this.running) this.release();
  }
}
