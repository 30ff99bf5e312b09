import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, logIn, signUp, type ApiStack } from '../../../testing/api-stack';

describe('GET /auth/session/all', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  test("→ [{_id, name}] of the caller's sessions only, oldest first", async () => {
    const user = await signUp(stack, { friendlyName: 'First' });
    stack.clock.advance(10);
    const second = await logIn(stack, user, 'Second');
    await signUp(stack);
    const res = await stack.request('GET', '/auth/session/all', { token: user.token });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, [
      { _id: user.sessionId, name: 'First' },
      { _id: second.sessionId, name: 'Second' },
    ]);
  });

  test('last_seen is refreshed at most once a minute', async () => {
    const user = await signUp(stack);
    const seen = async () => (await stack.deps.db.sessions.findById(user.sessionId))!.lastSeen;
    const start = await seen();
    stack.clock.advance(30_000);
    await stack.request('GET', '/auth/session/all', { token: user.token });
    assert.equal(await seen(), start);
    stack.clock.advance(31_000);
    await stack.request('GET', '/auth/session/all', { token: user.token });
    assert.equal(await seen(), stack.clock.now());
  });

  test('no session → 401; a bot token → 401', async () => {
    assert.equal((await stack.request('GET', '/auth/session/all')).status, 401);
    const bot = await stack.request('GET', '/auth/session/all', {
      headers: { 'x-bot-token': 'b'.repeat(64) },
    });
    assert.equal(bot.status, 401);
  });
});
