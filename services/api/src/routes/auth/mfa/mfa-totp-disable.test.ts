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

describe('DELETE /auth/mfa/totp', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  test('204: TOTP is off and login needs only the password again', async () => {
    const user = await signUp(stack);
    const secret = await enableTotp(stack, user);
    const ticket = await mfaTicket(stack, user, { totp_code: currentTotp(stack, secret) });
    const res = await stack.request('DELETE', '/auth/mfa/totp', {
      token: user.token,
      body: {},
      headers: { 'x-mfa-ticket': ticket },
    });
    assert.equal(res.status, 204);
    assert.deepEqual(
      (await stack.request('GET', '/auth/mfa/methods', { token: user.token })).body,
      ['Password'],
    );
    const login = await stack.request('POST', '/auth/session/login', {
      body: { email: user.email, password: user.password },
    });
    assert.equal(login.body.result, 'Success');
  });

  test('needs a validated ticket', async () => {
    const user = await signUp(stack);
    await enableTotp(stack, user);
    const res = await stack.request('DELETE', '/auth/mfa/totp', { token: user.token });
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'MissingHeaders');
    assert.deepEqual(
      (await stack.request('GET', '/auth/mfa/methods', { token: user.token })).body,
      ['Totp'],
    );
  });
});
