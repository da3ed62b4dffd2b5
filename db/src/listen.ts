/**
 * PostgreSQL LISTEN on a connection of its own (a pooled one would be handed to other queries), kept
 * open through outages: when it drops, it reconnects with backoff and listens again. Notifications
 * sent while it was down are lost, which is why every listener here also has a periodic safety net.
 */
import type pg from 'pg';

export type Unlisten = () => Promise<void>;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function listenPostgres(
  Client: typeof pg.Client,
  url: string,
  channel: string,
  onNotify: () => void,
): Unlisten {
  let stopped = false;
  let client: pg.Client | null = null;
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
    const current = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    client = current;
    current.on('error', () => undefined); // followed by 'end', which reconnects
    current.on('end', () => {
      if (client === current) client = null;
      scheduleReconnect();
    });
    current.on('notification', (message) => message.channel === channel && onNotify());
    try {
      await current.connect();
      await current.query(`LISTEN ${quoteIdent(channel)}`);
      failures = 0;
      // Rows written while we were not listening would otherwise wait for the poll.
      onNotify();
    } catch {
      await current.end().catch(() => undefined);
      if (client === current) client = null;
      scheduleReconnect();
    }
    if (stopped) await current.end().catch(() => undefined);
  }

  void connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
