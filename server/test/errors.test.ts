import { TRPCError } from '@trpc/server';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, ERROR_CODES, ERROR_STATUS } from '@style-license/shared';
import { buildApp } from '../src/app';
import { router } from '../src/trpc/init';
import { publicProcedure } from '../src/trpc/procedures';
import { appRouter, type AppRouter } from '../src/trpc/router';
import { createTestDeps, type TestServerDeps } from './support';

/** Procedures that fail on purpose, mounted beside the real API. */
const failing = router({
  appError: publicProcedure
    .input(z.object({ code: z.enum(ERROR_CODES as [string, ...string[]]) }))
    .mutation(({ input }) => {
      throw new AppError(input.code as (typeof ERROR_CODES)[number], `refused with ${input.code}`);
    }),
  validated: publicProcedure
    .input(z.object({ price: z.number().int().min(1).max(10000) }))
    .mutation(({ input }) => input.price),
  crash: publicProcedure.query(() => {
    throw new Error('connection to db-internal.example:5432 refused, password=hunter2');
  }),
  trpcUnauthorized: publicProcedure.query(() => {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in' });
  }),
});

describe('API error format', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;

  beforeAll(async () => {
    deps = await createTestDeps();
    const testRouter = router({ ...appRouter._def.record, failing }) as unknown as AppRouter;
    app = await buildApp(deps, { router: testRouter });
  });
  afterAll(async () => {
    await app.close();
    await deps.dispose();
  });

  const mutate = (path: string, input: unknown) =>
    app.inject({
      method: 'POST',
      url: `/trpc/${path}`,
      payload: input as object,
      headers: { 'x-style-license-csrf': '1' },
    });

  it.each(ERROR_CODES)('returns %s with its own HTTP status and code', async (code) => {
    const res = await mutate('failing.appError', { code });
    expect(res.statusCode).toBe(ERROR_STATUS[code]);
    const { error } = res.json();
    expect(error.data).toMatchObject({ code, httpStatus: ERROR_STATUS[code], path: 'failing.appError' });
    expect(error.message).toBe(`refused with ${code}`);
    expect(error.data.stack).toBeUndefined();
  });

  it('turns invalid input into VALIDATION_FAILED naming the field and rule', async () => {
    for (const price of [0, 10001, 1.5, 'abc']) {
      const res = await mutate('failing.validated', { price });
      expect(res.statusCode).toBe(400);
      const { data } = res.json().error;
      expect(data.code).toBe('VALIDATION_FAILED');
      expect(data.details[0]).toMatchObject({ path: 'price' });
    }
    expect((await mutate('failing.validated', { price: 5 })).json().result.data).toBe(5);
  });

  it('returns an unexpected error as INTERNAL without internals, and logs its stack', async () => {
    const res = await app.inject('/trpc/failing.crash');
    expect(res.statusCode).toBe(500);
    const body = res.body;
    expect(res.json().error.data.code).toBe('INTERNAL');
    expect(body).not.toContain('hunter2');
    expect(body).not.toContain('db-internal');
    const logged = deps.captured.lines.find(
      (l) => l.msg === 'procedure failed' && l.requestId === res.headers['x-request-id'],
    );
    expect(logged, 'the failure is logged with the request id').toBeDefined();
    expect(logged!.level).toBe(50); // error
    expect(String((logged!.err as { stack: string }).stack)).toMatch(/hunter2[\s\S]*errors\.test\.ts/);
  });

  it("maps tRPC's own errors to ours (unknown procedure → NOT_FOUND, UNAUTHORIZED)", async () => {
    const missing = await app.inject('/trpc/nope.nothing');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.data.code).toBe('NOT_FOUND');
    const unauthorized = await app.inject('/trpc/failing.trpcUnauthorized');
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.json().error.data.code).toBe('UNAUTHORIZED');
  });

  it('uses the same body for plain HTTP errors (malformed JSON)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/failing.validated',
      headers: { 'content-type': 'application/json', 'x-style-license-csrf': '1' },
      payload: '{"price":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error?.data?.code ?? res.json().code).toBe('VALIDATION_FAILED');
  });
});
