import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createApiStack,
  logIn,
  mfaTicket,
  signUp,
  type ApiStack,
} from '../../../testing/api-stack';

describe('POST /auth/account/disable', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  const disable = (token: string, ticket?: string) =>
    stack.request('POST', '/auth/account/disable', {
      token,
      body: {},
      headers: ticket === undefined ? {} : { 'x-mfa-ticket': ticket },
    });

  test('204: the account is disabled, every session ends and DeleteAllSessions is published', async () => {
    const user = await signUp(stack);
    const second = await logIn(stack, user);
    const events = await stack.record({ private: user.accountId });
    const ticket = await mfaTicket(stack, user);
    const res = await disable(user.token, ticket);
    assert.equal(res.status, 204);
    assert.deepEqual(
      await events.waitFor((e) => (e as { type: string }).type === 'DeleteAllSessions'),
      {
        type: 'DeleteAllSessions',
        user_id: user.accountId,
        exclude_session_id: null,
      },
    );
    for (const token of [user.token, second.token]) {
      const after = await stack.request('GET', '/auth/account/', { token });
      assert.equal(after.status, 401);
      assert.equal(after.body.type, 'InvalidSession');
    }
    const login = await stack.request('POST', '/auth/session/login', {
      body: { email: user.email, password: user.password },
    });
    assert.deepEqual(login.body, { result: 'Disabled', user_id: user.accountId });
    assert.equal((await stack.deps.db.accounts.findById(user.accountId))?.disabled, true);
  });

  test("ticket rules: missing → 401 MissingHeaders; unknown or another account's → 401 InvalidToken", async () => {
    const user = await signUp(stack);
    const missing = await disable(user.token);
    assert.equal(missing.status, 401);
    assert.equal(missing.body.type, 'MissingHeaders');
    const unknown = await disable(user.token, 'y'.repeat(64));
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.type, 'InvalidToken');
    const other = await signUp(stack);
    const foreign = await disable(user.token, await mfaTicket(stack, other));
    assert.equal(foreign.status, 401);
    assert.equal(foreign.body.type, 'InvalidToken');
    assert.equal((await stack.deps.db.accounts.findById(user.accountId))?.disabled, false);
  });

  test('an expired ticket (older than five minutes) → 401 InvalidToken', async () => {
    const user = await signUp(stack);
    const ticket = await mfaTicket(stack, user);
    stack.clock.advance(5 * 60_000 + 1000);
    const res = await disable(user.token, ticket);
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'InvalidToken');
  });

  test('no session → 401 MissingHeaders', async () => {
    const res = await stack.request('POST', '/auth/account/disable', { body: {} });
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'MissingHeaders');
  });
});
