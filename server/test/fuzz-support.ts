/**
 * The fuzz suite's server, world and checks: a real server on a loopback port (rate limits raised),
 * the resources the authorization matrix's valid inputs name (its World), the callers who own them
 * (desktop Bearer sessions), HTTP over the wire, the answer-shape check and a one-query fingerprint of
 * everything a refused call must leave alone.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { sql, type SQL } from 'drizzle-orm';
import { schema } from '@style-license/db';
import { ERROR_CODES, ERROR_STATUS } from '@style-license/shared';
import { createSession } from '../src/domains/auth/sessions';
import { creditPurchase } from '../src/domains/tokens/ledger';
import type { World } from './authorization-matrix.expectations';
import { seedImage } from './community-support';
import { readyStyle } from './generation-support';
import { signatureFile } from './names-support';
import { signInAs, startTestServer } from './support';

export const FUZZ_ENV = {
  API_RATE_LIMIT: '100000',
  SIGNIN_RATE_LIMIT: '1000',
  GENERATION_RATE_LIMIT: '1000',
  COMMENT_RATE_LIMIT: '1000',
  // No sweep mid-run: a refunded generation would look like a change made by a refused call.
  SWEEP_INTERVAL_SECONDS: '3600',
};

export type Server = Awaited<ReturnType<typeof startTestServer>>;
export type Who = 'artist' | 'buyer';

export interface Request {
  method: 'GET' | 'POST';
  /** Path and query. */
  url: string;
  body?: string | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  request: string;
}

/** Sends one request to the listening server; the answer's body as text. */
export async function send(server: Server, req: Request): Promise<Answer> {
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers: req.headers };
  if (req.body !== undefined) init.body = req.body;
  if (req.body instanceof ReadableStream) init.duplex = 'half';
  const res = await fetch(new URL(req.url, server.url), init);
  const text = await res.text();
  const shown = typeof req.body === 'string' ? req.body.slice(0, 300) : req.body ? '<stream>' : '';
  return {
    status: res.status,
    headers: res.headers,
    text,
    request: `${req.method} ${req.url.slice(0, 300)} ${shown}`,
  };
}

/**
 * Writes `bytes` as they are (what fetch would not send: bytes that are not HTTP) and reads the answer
 * until the server closes the connection.
 */
export async function sendRaw(server: Server, bytes: string): Promise<Answer> {
  const { hostname, port } = new URL(server.url);
  const raw = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
  const [head = '', text = ''] = raw.split('\r\n\r\n', 2);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = new Headers(
    lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as [string, string]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, text, request: bytes.slice(0, 300) };
}

/** A tRPC call: a query's input in `?input=`, a mutation's as the JSON body; `text` is the input's JSON. */
export function trpcRequest(
  path: string,
  method: 'GET' | 'POST',
  text: string | undefined,
  auth: Record<string, string>,
): Request {
  if (method === 'GET') {
    const query = text === undefined ? '' : `?input=${encodeURIComponent(text)}`;
    return { method, url: `/trpc/${path}${query}`, headers: auth };
  }
  return text === undefined
    ? { method, url: `/trpc/${path}`, headers: auth }
    : { method, url: `/trpc/${path}`, headers: { ...auth, 'content-type': 'application/json' }, body: text };
}

interface ErrorShape {
  error?: { message?: unknown; data?: { code?: unknown; httpStatus?: unknown } };
  result?: unknown;
  /** A plain (non-tRPC) error body: a URL outside /trpc. */
  code?: unknown;
  httpStatus?: unknown;
  message?: unknown;
}

/** A plain error body as the tRPC error it stands for. */
const normal = (item: ErrorShape): ErrorShape =>
  item && typeof item === 'object' && typeof item.code === 'string'
    ? { error: { message: item.message, data: item } }
    : item;

/** Problems with one item: an error must carry one of our codes with its own status. */
function itemProblems(item: ErrorShape): string[] {
  if (!item || typeof item !== 'object') return ['an item is not an object'];
  if (item.result !== undefined && item.error === undefined) return [];
  const data = item.error?.data;
  if (!data || !(ERROR_CODES as unknown[]).includes(data.code))
    return [`unknown error code ${String(data?.code)}`];
  if (data.httpStatus !== ERROR_STATUS[data.code as keyof typeof ERROR_STATUS])
    return [`${String(data.code)} with httpStatus ${String(data.httpStatus)}`];
  if (typeof item.error?.message !== 'string') return ['an error without a message'];
  return [];
}

export interface Verdict {
  /** Whether the call was refused (every item of a batch an error). */
  refused: boolean;
  /** Whether some call of it went through (something may have changed). */
  someAllowed: boolean;
  problems: string[];
}

/**
 * Never a 5xx; the body is the API's answer (a tRPC result, or an error with a code of ours), with no
 * exception: a request line over Node's header limit too (answered by http/client-errors.ts).
 */
export function judge(answer: Answer): Verdict {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`status ${answer.status}`);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    problems.push(`a body that is not JSON: ${answer.text.slice(0, 120)}`);
    return { refused: answer.status >= 400, someAllowed: answer.status < 400, problems };
  }
  const items = (Array.isArray(body) ? body : [body]).map((i) => normal(i as ErrorShape));
  for (const item of items) problems.push(...itemProblems(item));
  const single = items.length === 1 && !Array.isArray(body) ? items[0]! : undefined;
  const status = single?.error?.data?.httpStatus;
  if (single?.error && status !== answer.status)
    problems.push(`status ${answer.status} for ${String(status)}`);
  if (single?.result !== undefined && answer.status >= 300)
    problems.push(`a result with status ${answer.status}`);
  const errors = items.filter((i) => i?.error !== undefined).length;
  return { refused: errors === items.length, someAllowed: errors < items.length, problems };
}

/** The server's error lines since `from` (a 5xx names its cause there). */
export function errorLogs(server: Server, from: number): string[] {
  return server.captured.lines
    .slice(from)
    .filter((l) => Number(l.level) >= 50)
    .map((l) => {
      const err = l.err as { message?: string; stack?: string } | undefined;
      return `${String(l.msg)} ${String(l.path ?? '')} ${err?.message ?? ''} ${err?.stack?.split('\n')[1]?.trim() ?? ''}`;
    });
}

/**
 * Everything a refused call must leave alone, in one query: each table's row count and an md5 of its
 * rows, less the rate-limit counters (refused calls count too) and bookkeeping that moves on its own
 * (a session's last use, the outbox relay's sent_at/attempts); and the object store's file count.
 */
export async function fingerprinter(server: Server) {
  const { db } = server;
  const tables = (await db.execute(sql`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'rate_limits'
    ORDER BY table_name`)) as unknown as { rows: { name: string }[] };
  const query: SQL = sql.join(
    tables.rows.map(
      ({ name }) => sql`SELECT ${name}::text AS name, count(*)::int AS n,
        coalesce(md5(string_agg(r, ',' ORDER BY r)), '') AS digest
        FROM (SELECT (to_jsonb(t) - ARRAY['last_used_at','sent_at','attempts','last_error'])::text AS r
              FROM ${sql.identifier(name)} t) s`,
    ),
    sql` UNION ALL `,
  );
  const dir = server.deps.config.STORAGE_DIR;
  return async () => {
    const result = (await db.execute(query)) as unknown as {
      rows: { name: string; n: number; digest: string }[];
    };
    let objects = 0;
    try {
      objects = readdirSync(dir, { recursive: true }).length;
    } catch {
      objects = 0;
    }
    return {
      tables: Object.fromEntries(result.rows.map((r) => [r.name, `${r.n} ${r.digest}`])),
      objects,
    };
  };
}
export type Fingerprint = Awaited<ReturnType<Awaited<ReturnType<typeof fingerprinter>>>>;

/** The tables whose fingerprint differs (for a readable failure). */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const names = Object.keys({ ...before.tables, ...after.tables });
  const changed = names.filter((n) => before.tables[n] !== after.tables[n]);
  return before.objects === after.objects
    ? changed
    : [...changed, `objects ${before.objects}→${after.objects}`];
}

export interface FuzzWorld {
  server: Server;
  world: World;
  auth: Record<Who, Record<string, string>>;
  /** A new signed-in account (for calls that change their caller: signing out, applying). */
  freshAuth(role: 'user' | 'artist'): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * The authorization matrix's world (see its World), made the same way: an artist with a ready style
 * and two drafts, a buyer with a public and a private image (its file stored), a comment, notifications,
 * a pending purchase and a spare session. Both owners hold tokens, so purchases can go through.
 */
export async function startFuzzWorld(): Promise<FuzzWorld> {
  const server = await startTestServer(FUZZ_ENV);
  const { deps } = server;
  const { db } = server;
  const bearer = async (userId: string) => {
    const { token } = await createSession(db, { userId, kind: 'desktop', ttlDays: 1 });
    return { authorization: `Bearer ${token}` };
  };
  const call = async (path: string, auth: Record<string, string>, input: unknown) => {
    const answer = await send(server, trpcRequest(path, 'POST', JSON.stringify(input), auth));
    const body = JSON.parse(answer.text) as { result?: { data: Record<string, unknown> } };
    if (!body.result) throw new Error(`${path} failed while building the world: ${answer.text}`);
    return body.result.data;
  };

  const { artist, style: ready } = await readyStyle(deps);
  const buyer = await signInAs(deps, { kind: 'desktop' });
  const auth = { artist: await bearer(artist.user.id), buyer: buyer.bearer };
  for (const userId of [artist.user.id, buyer.user.id])
    await creditPurchase(db, { userId, amount: 500, purchaseId: randomUUID() });

  const draft = async (name: string) =>
    (await call('styles.create', auth.artist, { name, tags: ['portrait'], priceTokens: 10 })).id as string;
  const publicImageId = await seedImage(db, { ownerId: buyer.user.id, styleId: ready.id });
  const privateImageId = await seedImage(db, {
    ownerId: buyer.user.id,
    styleId: ready.id,
    visibility: 'private',
  });
  const [image] = await db
    .select()
    .from(schema.generations)
    .where(sql`id = ${privateImageId}`);
  await deps.storage.put(image!.imageKey!, Buffer.from('licensed bytes'));
  const fileLink = await deps.storage.presignGet(image!.imageKey!, { expiresInSeconds: 3600 });
  const comment = await call('comments.add', auth.buyer, { generationId: publicImageId, body: 'Mine.' });
  await call('likes.add', auth.artist, { generationId: publicImageId });
  const [notification] = await db
    .select()
    .from(schema.notifications)
    .where(sql`user_id = ${buyer.user.id}`);
  const third = await signInAs(deps);
  const theirs = await seedImage(db, { ownerId: third.user.id, styleId: ready.id });
  await call('likes.add', auth.buyer, { generationId: theirs });
  const [foreign] = await db
    .select()
    .from(schema.notifications)
    .where(sql`user_id = ${third.user.id}`);
  const checkout = await call('payments.createCheckout', auth.buyer, { packageId: 'tokens_100' });
  const spare = await createSession(db, { userId: buyer.user.id, kind: 'web', ttlDays: 1 });

  const world: World = {
    artistId: artist.user.id,
    readyStyleId: ready.id,
    draftStyleId: await draft('Fuzz Draft'),
    archivableStyleId: await draft('Fuzz Archivable'),
    publicImageId,
    privateImageId,
    commentId: comment.id as string,
    notificationId: notification!.id,
    purchaseId: checkout.purchaseId as string,
    spareSessionId: spare.session.id,
    foreignNotificationId: foreign!.id,
    signature: await signatureFile(),
    fileLink: fileLink.slice(new URL(fileLink).origin.length),
    fileKey: image!.imageKey!,
    host: new URL(server.base).host,
  };
  return {
    server,
    world,
    auth,
    freshAuth: async (role) => (await signInAs(deps, { role, kind: 'desktop' })).bearer,
    stop: () => server.stop(),
  };
}
