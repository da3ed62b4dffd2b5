/**
 * GET /tokens/history.csv[?kinds=purchase,generation_charge]: the signed-in user's whole token history
 * as a download. Plain HTTP (not tRPC) because browsers save it from a link. Only the session's own
 * entries, for a cookie or Bearer session; anything else is a 401 JSON error before a byte of CSV.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, LEDGER_KINDS } from '@style-license/shared';
import type { ServerDeps } from '../../deps';
import { requireSession } from '../auth/require-session';
import { historyCsv } from './history';

export const HISTORY_CSV_PATH = '/tokens/history.csv';

const kindsSchema = z.array(z.enum(LEDGER_KINDS)).max(LEDGER_KINDS.length);

/** `kinds=a,b` (or repeated `kinds=a&kinds=b`): the kinds to keep; absent or empty keeps all. */
function parseKinds(query: unknown) {
  const raw = (query as { kinds?: unknown } | undefined)?.kinds;
  const list = [raw ?? []]
    .flat()
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const parsed = kindsSchema.safeParse([...new Set(list)]);
  if (parsed.success) return parsed.data;
  throw new AppError('VALIDATION_FAILED', 'Unknown ledger kind in kinds', {
    details: [{ path: 'kinds', rule: 'enum', message: `one or more of ${LEDGER_KINDS.join(', ')}` }],
  });
}

export function registerHistoryCsvRoute(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps.database;

  app.get(HISTORY_CSV_PATH, async (request, reply) => {
    const auth = await requireSession(db, request);
    const kinds = parseKinds(request.query);

    const chunks = historyCsv(db, auth.user.id, kinds);
    // Read the first batch before answering, so a failing database still gets a JSON error, not a
    // 200 with a truncated file.
    const first = await chunks.next();
    async function* rest() {
      if (!first.done) yield first.value;
      yield* chunks;
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="style-license-history.csv"')
      .header('cache-control', 'private, no-store')
      .send(Readable.from(rest()));
  });
}
