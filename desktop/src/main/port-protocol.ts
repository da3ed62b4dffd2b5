// The message protocol between Electron's main process and the studio's core process: requests and
// answers correlated by id, aborts, one-way events. Plain Node, so it is tested over worker_threads ports.
import type { MessagePort as NodeMessagePort } from 'node:worker_threads';
import type { MessagePortMain } from 'electron';
import { AppError, isErrorCode } from '@style-license/shared';

/** What crosses the port. Answers are envelopes: an error keeps its code, never its stack. */
export type PortMessage =
  | { type: 'request'; id: number; method: string; params: unknown }
  | { type: 'answer'; id: number; ok: true; value: unknown }
  | { type: 'answer'; id: number; ok: false; error: { code: string; message: string } }
  | { type: 'abort'; id: number }
  | { type: 'event'; name: string; payload: unknown };

/**
 * The least a port must do. Electron's MessagePortMain and parentPort, and worker_threads' MessagePort,
 * differ in how they deliver messages, so each gets a small adapter (below and in core-process.ts).
 */
export interface PortLike {
  post(message: PortMessage): void;
  onMessage(listener: (message: PortMessage) => void): void;
  /** Called once when the other end is gone (its process exited or it closed the port). */
  onClose(listener: () => void): void;
  close(): void;
}

/** A method map: each method takes one structured-cloneable argument and answers one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Methods = Record<string, (params: any, signal: AbortSignal) => unknown>;

export interface Peer<Remote extends Methods> {
  call<M extends keyof Remote & string>(
    method: M,
    params: Parameters<Remote[M]>[0],
    signal?: AbortSignal,
  ): Promise<Awaited<ReturnType<Remote[M]>>>;
  emit(name: string, payload: unknown): void;
  /** Pending calls, for tests and shutdown. */
  readonly pending: number;
  close(): void;
}

export interface PeerOptions<Local extends Methods> {
  /** What the other side may ask of this one; an unknown method is answered NOT_FOUND. */
  serve: Local;
  onEvent?: (name: string, payload: unknown) => void;
  /** An exception that is not an AppError: logged here, answered INTERNAL (no stack crosses). */
  onUnexpected?: (error: unknown, method: string) => void;
}

const gone = () => new AppError('UNAVAILABLE', 'The studio core has stopped');

/** Connects one end of a port: it can call the other end's methods and serve its own. */
export function connectPeer<Remote extends Methods, Local extends Methods = Methods>(
  port: PortLike,
  options: PeerOptions<Local>,
): Peer<Remote> {
  let nextId = 1;
  let closed = false;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const running = new Map<number, AbortController>();

  const fail = () => {
    if (closed) return;
    closed = true;
    for (const call of waiting.values()) call.reject(gone());
    waiting.clear();
    for (const controller of running.values()) controller.abort();
    running.clear();
  };

  async function answer(id: number, method: string, params: unknown) {
    const controller = new AbortController();
    running.set(id, controller);
    try {
      const handler = Object.hasOwn(options.serve, method) ? options.serve[method] : undefined;
      if (!handler) throw new AppError('NOT_FOUND', `No method ${method}`);
      const value = await handler(params, controller.signal);
      if (!closed) port.post({ type: 'answer', id, ok: true, value: value ?? null });
    } catch (error) {
      if (!(error instanceof AppError)) options.onUnexpected?.(error, method);
      const envelope =
        error instanceof AppError
          ? { code: error.code, message: error.message }
          : { code: 'INTERNAL', message: 'The studio could not do that' };
      if (!closed) port.post({ type: 'answer', id, ok: false, error: envelope });
    } finally {
      running.delete(id);
    }
  }

  port.onMessage((message) => {
    if (message.type === 'request') void answer(message.id, message.method, message.params);
    else if (message.type === 'abort') running.get(message.id)?.abort();
    else if (message.type === 'event') options.onEvent?.(message.name, message.payload);
    else if (message.type === 'answer') {
      const call = waiting.get(message.id);
      if (!call) return; // answered after an abort: nobody waits for it
      waiting.delete(message.id);
      if (message.ok) call.resolve(message.value);
      else
        call.reject(
          new AppError(
            isErrorCode(message.error.code) ? message.error.code : 'INTERNAL',
            message.error.message,
          ),
        );
    }
  });
  port.onClose(fail);

  return {
    call(method, params, signal) {
      if (closed) return Promise.reject(gone());
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        signal?.addEventListener(
          'abort',
          () => {
            if (!waiting.delete(id)) return;
            port.post({ type: 'abort', id });
            reject(new AppError('UNAVAILABLE', 'Cancelled'));
          },
          { once: true },
        );
        port.post({ type: 'request', id, method, params });
      });
    },
    emit(name, payload) {
      if (!closed) port.post({ type: 'event', name, payload });
    },
    get pending() {
      return waiting.size;
    },
    close() {
      fail();
      port.close();
    },
  };
}

/** worker_threads' MessagePort (tests): its 'message' listener gets the message itself. */
export function nodePort(port: NodeMessagePort): PortLike {
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', listener),
    onClose: (listener) => port.on('close', listener),
    close: () => port.close(),
  };
}

/** Electron's MessagePortMain: its 'message' listener gets `{ data, ports }`, and it must be started. */
export function electronPort(port: MessagePortMain): PortLike {
  return {
    post: (message) => port.postMessage(message),
    onMessage(listener) {
      port.on('message', (event) => listener(event.data as PortMessage));
      port.start();
    },
    onClose: (listener) => port.on('close', listener),
    close: () => port.close(),
  };
}
