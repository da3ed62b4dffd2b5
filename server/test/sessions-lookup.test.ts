// The session lookup is a statement prepared once per database handle (it runs on every signed-in call):
// each handle must still answer from its own database, and a sign-out must take effect at the next call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@style-license/db/testing';
import { schema, type Db } from '@style-license/db';
import { createSession, deleteSessionByToken, resolveSession } from '../src/domains/auth/sessions';

async function sessionIn(db: Db, name: string) {
  const [user] = await db
    .insert(schema.users)
    .values({ googleSub: `sub-${name}`, email: `${name}@example.test`, displayName: name })
    .returning();
  const { token } = await createSession(db, { userId: user!.id, kind: 'web', ttlDays: 1 });
  return { userId: user!.id, token };
}

describe('resolveSession', () => {
  let first: TestDatabase;
  let second: TestDatabase;
  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it('answers from the database it is given, for each of two databases in one process', async () => {
    const a = await sessionIn(first.db, 'ada');
    const b = await sessionIn(second.db, 'bo');
    expect((await resolveSession(first.db, a.token))?.user.id).toBe(a.userId);
    expect((await resolveSession(second.db, b.token))?.user.id).toBe(b.userId);
    expect(await resolveSession(first.db, b.token)).toBeNull();
    expect(await resolveSession(second.db, a.token)).toBeNull();
  });

  it('answers inside a transaction with what the transaction sees', async () => {
    await first.db.transaction(async (tx) => {
      const c = await sessionIn(tx, 'cy');
      expect((await resolveSession(tx, c.token))?.user.id).toBe(c.userId);
    });
  });

  it('stops resolving a token at the call after its sign-out', async () => {
    const d = await sessionIn(first.db, 'di');
    expect(await resolveSession(first.db, d.token)).not.toBeNull();
    await deleteSessionByToken(first.db, d.token);
    expect(await resolveSession(first.db, d.token)).toBeNull();
  });
});
