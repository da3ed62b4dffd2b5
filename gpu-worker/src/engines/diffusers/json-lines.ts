/**
 * One Python child process spoken to in JSON lines: objects written to its stdin, one per line, and every
 * line it prints on stdout parsed as an object. Its stderr is its log, passed to ours line by line.
 * Invariants: `exited` settles exactly once, whatever way the process ends (exit, signal, spawn failure);
 * a line that is not a JSON object is logged and dropped, never delivered.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from '@style-license/platform/logger';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (no such interpreter, …). */
  error?: Error;
}

export interface JsonLineProcessOptions {
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  log: Logger;
  onMessage: (message: Record<string, unknown>) => void;
}

export interface JsonLineProcess {
  readonly pid: number | undefined;
  send(message: unknown): void;
  /** Closes stdin: the Python side reads end-of-file and exits on its own. */
  end(): void;
  kill(signal?: NodeJS.Signals): void;
  readonly exited: Promise<ProcessExit>;
}

/** The last lines of stderr, kept so that a crash can be explained without reading the whole log. */
const STDERR_TAIL_LINES = 20;

export function startJsonLineProcess(options: JsonLineProcessOptions): JsonLineProcess & {
  stderrTail(): string;
} {
  const { log } = options;
  const child: ChildProcessWithoutNullStreams = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  let settle!: (exit: ProcessExit) => void;
  const exited = new Promise<ProcessExit>((resolve) => (settle = resolve));
  let done = false;
  const finish = (exit: ProcessExit) => {
    if (done) return;
    done = true;
    settle(exit);
  };
  child.on('error', (error) => finish({ code: null, signal: null, error }));
  child.on('close', (code, signal) => finish({ code, signal }));
  // Writing to a process that just died raises EPIPE on stdin; the exit itself is what we report.
  child.stdin.on('error', (error) => log.debug({ err: error }, 'python: stdin closed'));

  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
    if (line.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      log.warn({ line: line.slice(0, 200) }, 'python: a line on stdout is not JSON; dropped');
      return;
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      log.warn({ line: line.slice(0, 200) }, 'python: a line on stdout is not an object; dropped');
      return;
    }
    options.onMessage(message as Record<string, unknown>);
  });
  createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
    tail.push(line);
    if (tail.length > STDERR_TAIL_LINES) tail.shift();
    log.debug({ pid: child.pid }, `python: ${line}`);
  });

  return {
    pid: child.pid,
    send(message) {
      if (!done && child.stdin.writable) child.stdin.write(`${JSON.stringify(message)}\n`);
    },
    end() {
      if (child.stdin.writable) child.stdin.end();
    },
    kill(signal = 'SIGKILL') {
      if (!done) child.kill(signal);
    },
    exited,
    stderrTail: () => tail.join('\n'),
  };
}

/** A process's end in words, for logs and failure details: "exit code 1", "signal SIGKILL", … */
export function describeExit(exit: ProcessExit): string {
  if (exit.error) return `could not start: ${exit.error.message}`;
  if (exit.signal) return `killed by ${exit.signal}`;
  return `exit code ${exit.code}`;
}
