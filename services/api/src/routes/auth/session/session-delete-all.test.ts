import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashToken } from '@ermine/core/auth/tokens';
import {
  createApiStack,
  logIn,
  mfaTicket,
  signUp,
  type ApiStack,
} from '../../../testing/api-stack';

describe('DELETE /auth/session/all', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  async function twoSessions() {
    const user = await signUp(stack);
    return { user, otherToken: (await logIn(stack, user)).token };
  }
  const alive = async (token: string) =>
    (await stack.request('GET', '/auth/account/', { token })).status === 200;

  test('204: the other sessions end, the caller stays; DeleteAllSessions names the kept one', async () => {
    const { user, otherToken } = await twoSessions();
    const events = await stack.record({ private: user.accountId });
    const res = await stack.request('DELETE', '/auth/session/all', { token: user.token, body: {} });
    assert.equal(res.status, 204);
    assert.deepEqual(
      await events.waitFor((e) => (e as { type: string }).type === 'DeleteAllSessions'),
      {
        type: 'DeleteAllSessions',
        user_id: user.accountId,
        exclude_session_id: user.sessionId,
      },
    );
    assert.equal(await alive(user.token), true);
    assert.equal(await alive(otherToken), false);
  });

  test('?revoke_self=true ends the caller too (with a validated ticket, which is consumed)', async () => {
    const { user, otherToken } = await twoSessions();
    const events = await stack.record({ private: user.accountId });
    const ticket = await mfaTicket(stack, user);
    const res = await stack.request('DELETE', '/auth/session/all?revoke_self=true', {
      token: user.token,
      headers: { 'x-mfa-ticket': ticket },
    });
    assert.equal(res.status, 204);
    const event = await events.waitFor((e) => (e as { type: string }).type === 'DeleteAllSessions');
    assert.equal((event as { exclude_session_id: unknown }).exclude_session_id, null);
    assert.equal(await alive(user.token), false);
    assert.equal(await alive(otherToken), false);
    assert.equal(await stack.deps.db.mfaTickets.findByTokenHash(hashToken(ticket)), null);
  });

  test('?revoke_self=false keeps the caller; a bad value → 400', async () => {
    const { user } = await twoSessions();
    assert.equal(
      (await stack.request('DELETE', '/auth/session/all?revoke_self=false', { token: user.token }))
        .status,
      204,
    );
    assert.equal(await alive(user.token), true);
    const bad = await stack.request('DELETE', '/auth/session/all?revoke_self=maybe', {
      token: user.token,
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.type, 'FailedValidation');
  });

  test('no session → 401', async () => {
    assert.equal((await stack.request('DELETE', '/auth/session/all')).status, 401);
  });
});
