import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createApiStack,
  logIn,
  mfaTicket,
  signUp,
  type ApiStack,
} from '../../../testing/api-stack';

describe('DELETE /auth/session/{id}', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  test('204 without an MFA ticket (stoat.js sends none); DeleteSession is published', async () => {
    const user = await signUp(stack);
    const other = await logIn(stack, user);
    const events = await stack.record({ private: user.accountId });
    const res = await stack.request('DELETE', `/auth/session/${other.sessionId}`, {
      token: user.token,
      body: {},
    });
    assert.equal(res.status, 204);
    assert.deepEqual(
      await events.waitFor((e) => (e as { type: string }).type === 'DeleteSession'),
      {
        type: 'DeleteSession',
        user_id: user.accountId,
        session_id: other.sessionId,
      },
    );
    assert.equal(
      (await stack.request('GET', '/auth/account/', { token: other.token })).status,
      401,
    );
    assert.equal((await stack.request('GET', '/auth/account/', { token: user.token })).status, 200);
  });

  test('204 with a validated ticket too, and the ticket is used up', async () => {
    const user = await signUp(stack);
    const other = await logIn(stack, user);
    const ticket = await mfaTicket(stack, user);
    const res = await stack.request('DELETE', `/auth/session/${other.sessionId}`, {
      token: user.token,
      headers: { 'x-mfa-ticket': ticket },
    });
    assert.equal(res.status, 204);
    const reuse = await stack.request('POST', '/auth/account/disable', {
      token: user.token,
      headers: { 'x-mfa-ticket': ticket },
    });
    assert.equal(reuse.status, 401);
  });

  test('a session may revoke itself', async () => {
    const user = await signUp(stack);
    const res = await stack.request('DELETE', `/auth/session/${user.sessionId}`, {
      token: user.token,
    });
    assert.equal(res.status, 204);
    assert.equal((await stack.request('GET', '/auth/account/', { token: user.token })).status, 401);
  });

  test("unknown id → 404 UnknownUser; another account's session → 401 InvalidToken", async () => {
    const user = await signUp(stack);
    const unknown = await stack.request('DELETE', '/auth/session/01ARZ3NDEKTSV4RRFFQ69G5FAV', {
      token: user.token,
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.type, 'UnknownUser');
    const stranger = await signUp(stack);
    const foreign = await stack.request('DELETE', `/auth/session/${stranger.sessionId}`, {
      token: user.token,
    });
    assert.equal(foreign.status, 401);
    assert.equal(foreign.body.type, 'InvalidToken');
    assert.equal(
      (await stack.request('GET', '/auth/account/', { token: stranger.token })).status,
      200,
    );
  });

  test('no session → 401 MissingHeaders', async () => {
    const res = await stack.request('DELETE', '/auth/session/01ARZ3NDEKTSV4RRFFQ69G5FAV');
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'MissingHeaders');
  });
});
