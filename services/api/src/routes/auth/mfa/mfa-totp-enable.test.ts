import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { totpCode } from '@ermine/core/auth/totp';
import { createApiStack, mfaTicket, signUp, type ApiStack } from '../../../testing/api-stack';

describe('PUT /auth/mfa/totp', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  async function pendingSecret() {
    const user = await signUp(stack);
    const res = await stack.request<{ secret: string }>('POST', '/auth/mfa/totp', {
      token: user.token,
      headers: { 'x-mfa-ticket': await mfaTicket(stack, user) },
    });
    return { user, secret: res.body.secret };
  }
  const enable = (token: string, body: unknown) =>
    stack.request('PUT', '/auth/mfa/totp', { token, body });

  test('204 with the current code (or one step off); TOTP is then on', async () => {
    const { user, secret } = await pendingSecret();
    const res = await enable(user.token, {
      totp_code: totpCode(secret, stack.clock.now() - 30_000),
    });
    assert.equal(res.status, 204);
    assert.deepEqual(
      (await stack.request('GET', '/auth/mfa/methods', { token: user.token })).body,
      ['Totp'],
    );
    const again = await enable(user.token, { totp_code: totpCode(secret, stack.clock.now()) });
    assert.equal(again.status, 400);
    assert.equal(again.body.type, 'TotpAlreadyEnabled');
  });

  test('a wrong code or another kind of answer → 401 InvalidToken; no pending secret → 400', async () => {
    const { user, secret } = await pendingSecret();
    const current = totpCode(secret, stack.clock.now());
    const wrong = await enable(user.token, {
      totp_code: current === '111111' ? '222222' : '111111',
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.type, 'InvalidToken');
    const password = await enable(user.token, { password: user.password });
    assert.equal(password.status, 401);
    assert.equal(password.body.type, 'InvalidToken');
    const fresh = await signUp(stack);
    const none = await enable(fresh.token, { totp_code: '123456' });
    assert.equal(none.status, 400);
    assert.equal(none.body.type, 'InvalidOperation');
  });

  test('after ten wrong codes the pending secret cannot be confirmed for a while', async () => {
    const { user, secret } = await pendingSecret();
    const current = totpCode(secret, stack.clock.now());
    const wrong = current === '111111' ? '222222' : '111111';
    for (let i = 0; i < 10; i++) {
      assert.equal((await enable(user.token, { totp_code: wrong })).body.type, 'InvalidToken');
    }
    const locked = await enable(user.token, { totp_code: current });
    assert.equal(locked.status, 403);
    assert.equal(locked.body.type, 'LockedOut');
  });

  test('bad input → 400 FailedValidation; no session → 401', async () => {
    const { user } = await pendingSecret();
    for (const body of ['{', {}, { totp_code: 123456 }]) {
      assert.equal((await enable(user.token, body)).body.type, 'FailedValidation');
    }
    assert.equal(
      (await stack.request('PUT', '/auth/mfa/totp', { body: { totp_code: '1' } })).status,
      401,
    );
  });
});
