/**
 * PostgreSQL LISTEN on a connection of its own (a pooled one would be handed to other queries), kept
 * open through outages: when it drops, or stops answering its periodic check, it is closed and a new
 * one listens again, with backoff. Notifications sent while it was down are lost, which is why every
 * listener here also has a periodic safety net. Stopping never waits on a silent server.
 */
import type pg from 'pg';

export type Unlisten = () => Promise<void>;

export interface ListenOptions {
  connectionTimeoutMillis: number;
  /** Bounds LISTEN and each check; a silent connection is replaced, not waited on. */
  queryTimeoutMillis: number;
  /** How often the open connection is checked (default 30 s): a silent one delivers no wake-ups. */
  heartbeatMillis?: number;
}

const DEFAULT_HEARTBEAT_MS = 30_000;
/** How long a polite goodbye (Terminate) may take before the socket is simply closed. */
const END_GRACE_MS = 1_000;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** node-postgres has no public way to drop a connection at once; `end()` waits for the server. */
const destroy = (client: pg.Client) =>
  (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();

async function close(client: pg.Client): Promise<void> {
  const timer = setTimeout(() => destroy(client), END_GRACE_MS);
  await client.end().catch(() => undefined);
  clearTimeout(timer);
}

export function listenPostgres(
  Client: typeof pg.Client,
  url: string,
  channel: string,
  onNotify: () => void,
  options: ListenOptions,
): Unlisten {
  let stopped = false;
  let client: pg.Client | null = null;
  let listening: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let failures = 0;

  const scheduleReconnect = () => {
    if (stopped || retry) return;
    const delay = Math.min(5_000, 100 * 2 ** Math.min(failures++, 6));
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, delay);
    retry.unref();
  };

  async function connect() {
    const current = new Client({
      connectionString: url,
      connectionTimeoutMillis: options.connectionTimeoutMillis,
      query_timeout: options.queryTimeoutMillis,
    });
    client = current;
    current.on('error', () => undefined); // followed by 'end', which reconnects
    current.on('end', () => {
      if (client === current) client = null;
      if (listening === current) listening = null;
      scheduleReconnect();
    });
    current.on('notification', (message) => message.channel === channel && onNotify());
    try {
      await current.connect();
      await current.query(`LISTEN ${quoteIdent(channel)}`);
      failures = 0;
      listening = current;
      // Rows written while we were not listening would otherwise wait for the poll.
      onNotify();
    } catch {
      if (client === current) client = null;
      await close(current);
      scheduleReconnect();
    }
    if (stopped) await close(current);
  }

  const heartbeat = setInterval(() => {
    const current = listening;
    // A failed check closes the connection; its 'end' brings a new one.
    current?.query('SELECT 1').catch(() => destroy(current));
  }, options.heartbeatMillis ?? DEFAULT_HEARTBEAT_MS);
  heartbeat.unref();

  void connect();
  return async () => {
    stopped = true;
    clearInterval(heartbeat);
    if (retry) clearTimeout(retry);
    if (client) await close(client);
  };
}
