// Main's side of the core process: forks the utility process, hands it one MessagePort, and returns
// the peer that main's IPC and protocol handlers call. A core that dies rejects every pending call.
import { MessageChannelMain, utilityProcess } from 'electron';
import type { CoreConfig, CoreMethods, MainMethods } from './core-api';
import { connectPeer, electronPort, type Peer } from './port-protocol';

export interface CoreHostOptions {
  /** dist/main/core-process.cjs */
  entry: string;
  config: CoreConfig;
  services: MainMethods;
  onEvent(name: string, payload: unknown): void;
  /** The process ended without being asked to (a crash, or the OS killed it). */
  onUnexpectedExit(code: number): void;
}

export interface CoreHost {
  peer: Peer<CoreMethods>;
  /** Closes the studio in the core process (bounded), then ends the process. */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 10_000;

export function startCoreHost(options: CoreHostOptions): CoreHost {
  const child = utilityProcess.fork(options.entry, [], {
    serviceName: 'Style License Studio core',
    stdio: 'inherit',
  });
  const { port1, port2 } = new MessageChannelMain();
  const peer = connectPeer<CoreMethods, MainMethods>(electronPort(port1), {
    serve: options.services,
    onEvent: options.onEvent,
    onUnexpected: (error, method) => console.error(`studio main: ${method} failed`, error),
  });
  child.postMessage({ config: options.config }, [port2]);

  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      peer.close(); // rejects whatever still waits for this process
      if (!stopping) options.onUnexpectedExit(code);
      resolve();
    }),
  );

  return {
    peer,
    async stop() {
      stopping = true;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)));
      await Promise.race([peer.call('close', null).catch(() => undefined), late, exited]);
      clearTimeout(timer);
      child.kill();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    },
  };
}
