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

describe('GET /auth/mfa/methods', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  test('["Password"], then ["Totp"], then ["Totp", "Recovery"]', async () => {
    const user = await signUp(stack);
    const methods = async () =>
      (await stack.request('GET', '/auth/mfa/methods', { token: user.token })).body;
    assert.deepEqual(await methods(), ['Password']);
    const secret = await enableTotp(stack, user);
    assert.deepEqual(await methods(), ['Totp']);
    await stack.request('PATCH', '/auth/mfa/recovery', {
      token: user.token,
      headers: {
        'x-mfa-ticket': await mfaTicket(stack, user, { totp_code: currentTotp(stack, secret) }),
      },
    });
    assert.deepEqual(await methods(), ['Totp', 'Recovery']);
  });

  test('no session → 401', async () => {
    assert.equal((await stack.request('GET', '/auth/mfa/methods')).status, 401);
  });
});
