// What main and the core process ask of each other over their port, and how an app-origin request and
// its response are flattened to cross it (a Request cannot be structured-cloned; its parts can).
import type { StudioResult } from '../bridge/studio-api';

/** Sent once with the port when the core process starts. */
export interface CoreConfig {
  dataDir: string;
  platformUrl: string;
  /** The built renderer the app origin serves. */
  rendererDir: string;
  deviceName?: string;
}

export interface WireRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: Uint8Array | null;
}

export interface WireResponse {
  status: number;
  headers: [string, string][];
  body: Uint8Array | null;
}

/** Served by the core process. */
export type CoreMethods = {
  /** Resolves once the studio is open; rejects with why it could not open (main then says so and quits). */
  ready(params: null): Promise<void>;
  /** One renderer operation, answered as the StudioResult envelope the renderer gets. */
  operation(params: { name: string; input: unknown }): Promise<StudioResult<unknown>>;
  /** One request to the app origin (studio://app/…). */
  request(params: WireRequest, signal: AbortSignal): Promise<WireResponse>;
  /** Closes the studio (catalog, watchers, workers, upload queue); main ends the process afterwards. */
  close(params: null): Promise<void>;
};

/** Served by main: what needs Electron's main-process modules (safeStorage, shell, dialog). */
export type MainMethods = {
  readToken(params: null): Promise<string | null>;
  writeToken(params: { token: string | null }): Promise<void>;
  /** Checked against the platform's origin in main, whatever the core already checked. */
  openExternal(params: { url: string }): Promise<void>;
  pickFolder(params: null): Promise<string | null>;
};

/** The one event name on the port: a StudioEvent for the renderer. */
export const STUDIO_EVENT = 'studio';

/** Statuses whose Response must have no body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export async function toWireRequest(request: Request): Promise<WireRequest> {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return {
    method: request.method,
    url: request.url,
    headers: [...request.headers],
    body: hasBody ? new Uint8Array(await request.arrayBuffer()) : null,
  };
}

export function fromWireRequest(wire: WireRequest, signal?: AbortSignal): Request {
  return new Request(wire.url, {
    method: wire.method,
    headers: wire.headers,
    body: wire.body && wire.body.byteLength > 0 ? (wire.body as Uint8Array<ArrayBuffer>) : null,
    signal,
  });
}

/** Reads the whole body: media answers are pictures of a few megabytes at most, thumbnails far less. */
export async function toWireResponse(response: Response): Promise<WireResponse> {
  const body = NULL_BODY.has(response.status) ? null : new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: [...response.headers], body };
}

export function fromWireResponse(wire: WireResponse): Response {
  const body = NULL_BODY.has(wire.status) ? null : wire.body;
  return new Response(body as BodyInit | null, { status: wire.status, headers: wire.headers });
}
