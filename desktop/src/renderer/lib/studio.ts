/**
 * The typed studio client: `window.studio`'s envelopes unwrapped. A refused call throws StudioFailure,
 * an ApiFailure carrying the core's code and details, so web's `describeError` words it (`errors.<CODE>`).
 */
import { isErrorCode, type ErrorDetail } from '@style-license/shared';
import { ApiFailure } from '@style-license/web/lib/errors';
import {
  STUDIO_OPERATIONS,
  type StudioApi,
  type StudioBridge,
  type StudioEvent,
  type StudioOperation,
} from '../../bridge/studio-api';

declare global {
  interface Window {
    studio: StudioBridge;
  }
}

export class StudioFailure extends ApiFailure {
  constructor(
    readonly operation: StudioOperation,
    readonly rawCode: string,
    readonly text: string,
    details: unknown,
  ) {
    super(
      isErrorCode(rawCode) ? rawCode : 'INTERNAL',
      Array.isArray(details) ? (details as ErrorDetail[]) : [],
    );
    this.message = `${operation}: ${rawCode} ${text}`;
  }
}

export type StudioClient = {
  [K in StudioOperation]: (...input: Parameters<StudioApi[K]>) => Promise<Awaited<ReturnType<StudioApi[K]>>>;
};

function createClient(): StudioClient {
  const client = {} as Record<StudioOperation, (input?: unknown) => Promise<unknown>>;
  for (const name of STUDIO_OPERATIONS) {
    client[name] = async (input?: unknown) => {
      const call = window.studio[name] as (input?: unknown) => ReturnType<StudioBridge[typeof name]>;
      const result = await call(input);
      if (result.ok) return result.value;
      throw new StudioFailure(name, result.error.code, result.error.message, result.error.details);
    };
  }
  return client as unknown as StudioClient;
}

export const studio: StudioClient = createClient();

/** One subscription to the core's events for the whole renderer, fanned out to every listener. */
const listeners = new Set<(event: StudioEvent) => void>();
let unsubscribe: (() => void) | null = null;

export function subscribeStudio(listener: (event: StudioEvent) => void): () => void {
  listeners.add(listener);
  unsubscribe ??= window.studio.onEvent((event) => {
    for (const each of listeners) each(event);
  });
  return () => {
    listeners.delete(listener);
  };
}
