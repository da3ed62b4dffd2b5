/**
 * Supervises the Python inference server (`python -m style_lora serve`): starts it on first use, waits
 * for its `ready` line, sends it one request at a time (it renders one image at a time per GPU), and
 * matches each answer to its request by id. Invariants: every request settles exactly once — with the
 * image, with the engine's error, or with `crashed`/`timeout` when the process died or hung under it (the
 * process is then killed and the next request starts a fresh one); nothing is waited on forever.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@style-license/platform/logger';
import { DiffusersEngineError } from './errors';
import { describeExit, startJsonLineProcess, type ProcessExit } from './json-lines';

export interface ServeOptions {
  python: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  loadTimeoutMs: number;
  requestTimeoutMs: number;
  log: Logger;
}

export interface RenderRequest {
  /** A LoRA adapter file, or null for the base model alone. */
  adapter: string | null;
  prompt: string;
  negative?: string;
  seed: number;
  steps: number;
  guidance: number;
  width: number;
  height: number;
  fast?: boolean;
}

export interface Rendered {
  png: Buffer;
  timings: Record<string, number>;
  adapterCached: boolean;
}

export interface ServeInfo {
  arch: 'sd15' | 'sdxl';
  device: string;
  loadSeconds?: number;
}

interface Running {
  process: ReturnType<typeof startJsonLineProcess>;
  ready: Promise<ServeInfo>;
  /** The request waiting for its answer (one at a time). */
  pending?: { id: string; settle: (answer: Record<string, unknown>) => void };
  exit?: ProcessExit;
}

export interface ServeSupervisor {
  /** The loaded base model's architecture and device (starts the server when needed). */
  info(): Promise<ServeInfo>;
  render(request: RenderRequest): Promise<Rendered>;
  /** How many server processes were started: 1 when none ever had to be replaced. */
  starts(): number;
  /** The running server's process id, if one runs (tests kill it to prove recovery). */
  pid(): number | undefined;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new DiffusersEngineError('timeout', `no answer within ${Math.round(ms / 1000)} s`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createServeSupervisor(options: ServeOptions): ServeSupervisor {
  const { log } = options;
  let running: Running | undefined;
  let starts = 0;
  let closed = false;
  // One request at a time: each waits for the one before it, whatever that one's outcome.
  let turn: Promise<unknown> = Promise.resolve();

  function start(): Running {
    starts += 1;
    const state = {} as Running;
    let onReady!: (info: ServeInfo) => void;
    let onNotReady!: (error: Error) => void;
    state.ready = new Promise<ServeInfo>((resolve, reject) => {
      onReady = resolve;
      onNotReady = reject;
    });
    state.ready.catch(() => {}); // observed by whoever waits; never an unhandled rejection
    state.process = startJsonLineProcess({
      command: options.python,
      args: options.args,
      env: options.env,
      log,
      onMessage(message) {
        if (message.event === 'ready') {
          log.info({ pid: state.process.pid, ...message }, 'diffusers: image server ready');
          return onReady({
            arch: message.arch === 'sdxl' ? 'sdxl' : 'sd15',
            device: String(message.device),
            loadSeconds: typeof message.load_seconds === 'number' ? message.load_seconds : undefined,
          });
        }
        if (message.event === 'error') return onNotReady(DiffusersEngineError.fromReport(message));
        const pending = state.pending;
        if (pending && message.id === pending.id) {
          state.pending = undefined;
          return pending.settle(message);
        }
        log.warn(
          { message: JSON.stringify(message).slice(0, 300) },
          'diffusers: an answer matched no request',
        );
      },
    });
    void state.process.exited.then((exit) => {
      state.exit = exit;
      if (running === state) running = undefined;
      const said = `${describeExit(exit)}; ${state.process.stderrTail().slice(-600)}`;
      onNotReady(new DiffusersEngineError('not_started', said));
      if (!closed)
        log.warn({ pid: state.process.pid, exit: describeExit(exit) }, 'diffusers: image server ended');
      state.pending?.settle({ ok: false, error: { code: 'crashed', message: said } });
      state.pending = undefined;
    });
    log.info({ pid: state.process.pid, starts }, 'diffusers: starting the image server');
    return state;
  }

  async function live(): Promise<Running> {
    if (closed) throw new DiffusersEngineError('not_started', 'the engine is closed');
    const state = (running ??= start());
    await withTimeout(state.ready, options.loadTimeoutMs, () => state.process.kill());
    return state;
  }

  async function renderNow(request: RenderRequest): Promise<Rendered> {
    const state = await live();
    const id = randomUUID();
    const answer = new Promise<Record<string, unknown>>((settle) => (state.pending = { id, settle }));
    state.process.send({ id, ...request });
    // A hung server is killed: its exit settles this request as crashed, and the next one starts afresh.
    const message = await withTimeout(answer, options.requestTimeoutMs, () => state.process.kill());
    if (message.ok !== true) throw DiffusersEngineError.fromReport(message.error);
    if (typeof message.png !== 'string')
      throw new DiffusersEngineError('internal', 'an answer without an image');
    const timings = (message.timings ?? {}) as Record<string, number>;
    return {
      png: Buffer.from(message.png, 'base64'),
      timings,
      adapterCached: message.adapter_cached === true,
    };
  }

  return {
    async info() {
      return (await live()).ready;
    },
    render(request) {
      const result = turn.then(() => renderNow(request));
      turn = result.catch(() => {});
      return result;
    },
    starts: () => starts,
    pid: () => running?.process.pid,
    async close() {
      closed = true;
      const state = running;
      if (!state) return;
      state.process.end();
      const ended = await Promise.race([
        state.process.exited.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), CLOSE_GRACE_MS).unref()),
      ]);
      if (!ended) state.process.kill();
      await state.process.exited;
    },
  };
}
