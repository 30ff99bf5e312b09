import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createApiStack,
  currentTotp,
  enableTotp,
  mfaTicket,
  signUp,
  type ApiStack,
} from '../../../testing/api-stack';

describe('PATCH /auth/account/change/password', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  const change = (token: string, body: unknown, headers?: Record<string, string>) =>
    stack.request('PATCH', '/auth/account/change/password', { token, body, headers });
  const loginResult = async (email: string, password: string) =>
    (await stack.request('POST', '/auth/session/login', { body: { email, password } })).body.result;

  test('204; the new password logs in, the old one no longer does', async () => {
    const user = await signUp(stack);
    const res = await change(user.token, {
      password: 'brand new password',
      current_password: user.password,
    });
    assert.equal(res.status, 204);
    assert.equal(await loginResult(user.email, 'brand new password'), 'Success');
    assert.equal(await loginResult(user.email, user.password), undefined);
  });

  test('a wrong current password → 401 InvalidCredentials', async () => {
    const user = await signUp(stack);
    const res = await change(user.token, {
      password: 'brand new password',
      current_password: 'wrong one!',
    });
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'InvalidCredentials');
  });

  test('the new password follows the sign-up rules', async () => {
    const user = await signUp(stack);
    const short = await change(user.token, { password: 'short', current_password: user.password });
    assert.equal(short.body.type, 'ShortPassword');
    const leaked = await change(user.token, {
      password: 'iloveyou1',
      current_password: user.password,
    });
    assert.equal(leaked.body.type, 'CompromisedPassword');
  });

  test('with TOTP on: no ticket → 401 InvalidCredentials; a validated ticket → 204', async () => {
    const user = await signUp(stack);
    const secret = await enableTotp(stack, user);
    const body = { password: 'totp user new password', current_password: user.password };
    const without = await change(user.token, body);
    assert.equal(without.status, 401);
    assert.equal(without.body.type, 'InvalidCredentials');
    const ticket = await mfaTicket(stack, user, { totp_code: currentTotp(stack, secret) });
    const withTicket = await change(user.token, body, { 'x-mfa-ticket': ticket });
    assert.equal(withTicket.status, 204);
  });

  test('no session → 401; bad input → 400 FailedValidation', async () => {
    const anon = await stack.request('PATCH', '/auth/account/change/password', {
      body: { password: 'a new password', current_password: 'x' },
    });
    assert.equal(anon.status, 401);
    const user = await signUp(stack);
    for (const body of [
      'nope',
      {},
      { password: 1, current_password: 2 },
      { password: 'p'.repeat(5000), current_password: user.password },
    ]) {
      const res = await change(user.token, body);
      assert.equal(res.status, 400);
      assert.equal(res.body.type, 'FailedValidation');
    }
  });
});
