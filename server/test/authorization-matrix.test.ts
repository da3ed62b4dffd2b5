/**
 * The authorization matrix (issue 16, item 7). Every tRPC procedure is taken from `appRouter` itself
 * (`_def.procedures`: path → procedure, with its type and input parsers) and every HTTP route from
 * Fastify itself (an `onRoute` hook put on each instance as it is created), and each is called as
 * anonymous, as a signed-in non-artist, as an artist, as the resource's owner and with ids that name
 * nothing, against the table in authorization-matrix.expectations.ts. A procedure or route missing from
 * the table, or listed there but gone, fails. A refused call must change nothing: every table (but the
 * rate-limit counters) and the object store are compared before and after the refused calls. The
 * servers, the world, the snapshot and the planned calls are in authorization-matrix.support.ts.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { schema } from '@style-license/db';
import { PROCEDURES, ROUTES } from './authorization-matrix.expectations';
import {
  casesOf,
  outcomeOf,
  plan,
  procedures,
  routeTable,
  snapshot,
  startMatrix,
  unknownIds,
  type Matrix,
} from './authorization-matrix.support';

// Routes as Fastify registers them, per instance: the hook is on the root before any route exists, and
// child scopes (plugins) inherit it.
const registered = vi.hoisted(() => new Map<object, { methods: string[]; url: string }[]>());
vi.mock('fastify', async (importOriginal) => {
  const actual = await importOriginal<{ default: unknown }>();
  const create = actual.default as (options?: unknown) => FastifyInstance;
  const withRouteLog = (options?: unknown) => {
    const app = create(options);
    const routes: { methods: string[]; url: string }[] = [];
    registered.set(app, routes);
    app.addHook('onRoute', (route) => {
      routes.push({ methods: [route.method].flat().map(String), url: route.url });
    });
    return app;
  };
  return { ...actual, default: withRouteLog, fastify: withRouteLog };
});

const m = {} as Matrix;

beforeAll(() => startMatrix(m));

afterAll(async () => {
  await m.stripeApp?.close();
  await m.app?.close();
  await m.deps?.dispose();
});

it('the no-change snapshot sees a change (a wallet credited and put back)', async () => {
  const before = await snapshot(m.deps);
  const { db } = m.deps.database;
  await db
    .update(schema.wallets)
    .set({ balance: sql`balance + 1` })
    .where(sql`user_id = ${m.world.artistId}`);
  const changed = await snapshot(m.deps);
  await db
    .update(schema.wallets)
    .set({ balance: sql`balance - 1` })
    .where(sql`user_id = ${m.world.artistId}`);
  expect(changed.walletBalanceSum).toBe(before.walletBalanceSum + 1);
  expect(changed.tables.wallets).not.toBe(before.tables.wallets);
  expect(await snapshot(m.deps)).toEqual(before);
});

describe('authorization matrix: tRPC procedures', () => {
  it('the table lists every procedure of appRouter, and only those', () => {
    const inRouter = Object.keys(procedures).sort();
    const inTable = Object.keys(PROCEDURES).sort();
    expect({
      missingFromTable: inRouter.filter((p) => !inTable.includes(p)),
      goneFromRouter: inTable.filter((p) => !inRouter.includes(p)),
    }).toEqual({ missingFromTable: [], goneFromRouter: [] });
    for (const path of inRouter)
      expect(procedures[path]!._def.type, `${path}: subscriptions are not covered`).not.toBe('subscription');
  });

  it('every input is valid for its procedure (a refusal is about who calls, not what is sent)', () => {
    for (const [path, procedure] of Object.entries(procedures)) {
      for (const c of casesOf(path)) {
        const { inputs } = procedure._def;
        expect(inputs.length > 0, `${path}: an input is ${c.input ? 'given but not taken' : 'needed'}`).toBe(
          c.input !== undefined,
        );
        for (const w of c.input ? [m.world, unknownIds(m.world)] : []) {
          for (const parser of inputs) {
            expect(parser.safeParse, `${path}: input parser is not a zod schema`).toBeTypeOf('function');
            expect(parser.safeParse!(c.input!(w)).success, `${path}: ${JSON.stringify(c.input!(w))}`).toBe(
              true,
            );
          }
        }
        if (c.rule === 'owner' || c.rule === 'artist-owner')
          expect(c.owner && c.refused, `${path}: an owner rule names the owner and the refusal`).toBeTruthy();
      }
    }
  });

  for (const path of Object.keys(PROCEDURES)) {
    const bug = casesOf(path).find((c) => c.bug)?.bug;
    (bug ? it.fails : it)(`${path}${bug ? ` — KNOWN BUG: ${bug}` : ''}`, async () => {
      const calls = plan(m, path);
      const refused = calls.filter((c) => c.expected !== 'allowed');
      const allowed = calls.filter((c) => c.expected === 'allowed');
      const got: Record<string, string> = {};

      const before = await snapshot(m.deps);
      for (const c of refused) got[c.label] = outcomeOf(await c.run());
      expect(await snapshot(m.deps), `${path}: a refused call changed something`).toEqual(before);
      // Owners last: their allowed calls may change what the others would see (a removed comment).
      for (const c of allowed.filter((c) => c.caller !== 'owner')) got[c.label] = outcomeOf(await c.run());
      for (const c of allowed.filter((c) => c.caller === 'owner')) got[c.label] = outcomeOf(await c.run());

      expect(got, path).toEqual(Object.fromEntries(calls.map((c) => [c.label, c.expected])));
    });
  }
});

describe('authorization matrix: HTTP routes', () => {
  it('the table lists every route Fastify has, with its methods, and only those', () => {
    const dev = routeTable(m.app, registered.get(m.app) ?? []);
    const stripe = routeTable(m.stripeApp, registered.get(m.stripeApp) ?? []);
    const found = new Map([...stripe, ...dev]);
    const listed = Object.keys(ROUTES);
    expect({
      missingFromTable: [...found.keys()].filter((url) => !listed.includes(url)),
      goneFromServer: listed.filter((url) => !found.has(url)),
    }).toEqual({ missingFromTable: [], goneFromServer: [] });
    for (const [url, rule] of Object.entries(ROUTES)) {
      const methods = rule.methods === 'ALL' ? 'ALL' : [...rule.methods].sort();
      expect((rule.app === 'stripe' ? stripe : dev).get(url), `${url}: methods`).toEqual(methods);
    }
  });

  for (const [url, rule] of Object.entries(ROUTES)) {
    it(`${url}`, async () => {
      const target = rule.app === 'stripe' ? m.stripeApp : m.app;
      const send = async (check: (typeof rule.checks)[number]) => {
        const credentials: Record<string, string> =
          check.caller === 'anonymous'
            ? {}
            : check.caller === 'owner'
              ? m.headers[rule.owner!]
              : m.headers[check.caller];
        const request = check.request(m.world) as InjectOptions & { headers?: Record<string, string> };
        return target.inject({ ...request, headers: { ...request.headers, ...credentials } });
      };
      const got: Record<string, number> = {};
      const label = (c: (typeof rule.checks)[number], i: number) =>
        `#${i + 1} ${c.caller} ${c.request(m.world).method ?? 'GET'} ${String(c.request(m.world).url).split('?')[0]}`;

      const before = await snapshot(m.deps);
      for (const [i, check] of rule.checks.entries()) {
        if (check.status < 400) continue;
        const res = await send(check);
        got[label(check, i)] = res.statusCode;
        for (const header of check.absentHeaders ?? []) expect(res.headers[header], header).toBeUndefined();
      }
      expect(await snapshot(m.deps), `${url}: a refused request changed something`).toEqual(before);
      for (const [i, check] of rule.checks.entries()) {
        if (check.status >= 400) continue;
        const res = await send(check);
        got[label(check, i)] = res.statusCode;
        for (const header of check.absentHeaders ?? []) expect(res.headers[header], header).toBeUndefined();
      }
      expect(got).toEqual(Object.fromEntries(rule.checks.map((c, i) => [label(c, i), c.status])));
    });
  }
});
