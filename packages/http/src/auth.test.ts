import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { userRow } from '@ermine/database/users/users.fixtures';
import { Hono } from 'hono';
import { endSession } from '@ermine/core/sessions/session-delete';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { seedSession } from '@ermine/testing/users';
import { onError } from './errors';
import { optionalSessionId, requireSession, requireUser } from './auth';

describe('HTTP auth guards', () => {
  let stack: TestStack;
  let app: Hono;
  before(async () => {
    stack = await createTestStack();
    const deps = stack.deps;
    app = new Hono();
    app.onError(onError(deps.log));
    app.get('/session', async (c) => {
      const { session, account } = await requireSession(c, deps);
      return c.json({ session: session.id, account: account.id });
    });
    app.get('/user', async (c) => {
      const { user, session } = await requireUser(c, deps);
      return c.json({ user: user.id, session: session?.id ?? null });
    });
    app.get('/optional', async (c) => c.json({ id: await optionalSessionId(c, deps) }));
  });
  after(() => stack.close());

  const call = async (path: string, headers: Record<string, string> = {}) => {
    const res = await app.fetch(new Request(`http://x${path}`, { headers }));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  test('requireSession: the session and its account; missing → 401 MissingHeaders; unknown → 401 InvalidSession', async () => {
    const user = await seedSession(stack.deps);
    assert.deepEqual((await call('/session', { 'x-session-token': user.token })).body, {
      session: user.sessionId,
      account: user.accountId,
    });
    assert.deepEqual(await call('/session'), {
      status: 401,
      body: { type: 'MissingHeaders', location: 'ermine' },
    });
    const unknown = await call('/session', { 'x-session-token': 'nope' });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.type, 'InvalidSession');
  });

  test('requireUser: a session whose account has no user yet → 401 InvalidSession; with a user → it', async () => {
    const user = await seedSession(stack.deps);
    const before = await call('/user', { 'x-session-token': user.token });
    assert.equal(before.status, 401);
    assert.equal(before.body.type, 'InvalidSession');
    const now = stack.clock.now();
    await stack.deps.db.users.create(
      userRow({ id: user.accountId, username: 'guarded', discriminator: '1234', createdAt: now }),
    );
    assert.deepEqual((await call('/user', { 'x-session-token': user.token })).body, {
      user: user.accountId,
      session: user.sessionId,
    });
    // X-Bot-Token wins over the session header, and bots do not exist yet.
    const bot = await call('/user', {
      'x-session-token': user.token,
      'x-bot-token': 'b'.repeat(64),
    });
    assert.equal(bot.status, 401);
    assert.equal(bot.body.type, 'InvalidSession');
    const none = await call('/user');
    assert.equal(none.status, 401);
    assert.equal(none.body.type, 'InvalidSession');
  });

  test('optionalSessionId: the id, or null for a missing or unknown token', async () => {
    const user = await seedSession(stack.deps);
    assert.deepEqual((await call('/optional', { 'x-session-token': user.token })).body, {
      id: user.sessionId,
    });
    assert.deepEqual((await call('/optional', { 'x-session-token': 'zzz' })).body, { id: null });
    assert.deepEqual((await call('/optional')).body, { id: null });
  });

  test('a deleted session stops working at once', async () => {
    const user = await seedSession(stack.deps);
    assert.equal((await call('/session', { 'x-session-token': user.token })).status, 200);
    const session = await stack.deps.db.sessions.findById(user.sessionId);
    await endSession(stack.deps, session!);
    assert.equal((await call('/session', { 'x-session-token': user.token })).status, 401);
  });
});
