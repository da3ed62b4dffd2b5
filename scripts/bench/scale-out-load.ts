/**
 * The community benchmark's closed-loop load generator (community-load.ts `loadRound`, autocannon) in a
 * process of its own. The topology's balancer runs inside the benchmark's process: sharing one event
 * loop with autocannon, either could cap the other, and their CPU could not be told apart. Here each is
 * one OS process whose CPU time /proc reports separately.
 *
 * Run as a child (SCALE_OUT_LOAD_CHILD=1): it takes one plan per IPC message and answers with its Round.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type autocannon from 'autocannon';
import { loadRound, type Round } from './community-load';

export interface LoadPlan {
  url: string;
  connections: number;
  seconds: number;
  /** Connection k sends requests[k % requests.length] over and over. */
  requests: autocannon.Request[][];
}

export interface LoadGenerator {
  pid: number;
  run(plan: LoadPlan): Promise<Round>;
  stop(): Promise<void>;
}

export function startLoadGenerator(): Promise<LoadGenerator> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, SCALE_OUT_LOAD_CHILD: '1' },
    // stdout is where BENCH lines go: the child must not write there.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const run = (plan: LoadPlan) =>
    new Promise<Round>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        const answer = message as { round?: Round; error?: string };
        if (answer.round) resolve(answer.round);
        else reject(new Error(`the load generator failed: ${answer.error}`));
      });
      child.send(plan);
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', () =>
      resolve({
        pid: child.pid!,
        run,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      }),
    );
  });
}

if (process.env.SCALE_OUT_LOAD_CHILD === '1') {
  const send = (message: unknown) => process.send!(message);
  process.on('message', (plan: LoadPlan) => {
    // loadRound prices answers by the server's CPU; the parent reads every process's CPU from /proc.
    const server = { url: plan.url, cpuMs: async () => 0, stop: async () => {} };
    loadRound(server, {
      connections: plan.connections,
      seconds: plan.seconds,
      clients: plan.requests.length,
      pathsOf: (c) => plan.requests[c]!.map((r) => r.path!),
      headersOf: () => ({}),
      requestsOf: (c) => plan.requests[c]!,
    }).then(
      (round) => send({ round }),
      (error: unknown) => send({ error: String(error) }),
    );
  });
  process.once('SIGTERM', () => process.exit(0));
  send({ ready: true });
}
