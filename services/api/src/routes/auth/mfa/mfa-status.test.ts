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

describe('GET /auth/mfa/', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  test('→ {} with nothing on, then only the true flags', async () => {
    const user = await signUp(stack);
    for (const path of ['/auth/mfa/', '/auth/mfa']) {
      const res = await stack.request('GET', path, { token: user.token });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {});
    }
    const secret = await enableTotp(stack, user);
    assert.deepEqual((await stack.request('GET', '/auth/mfa/', { token: user.token })).body, {
      totp_mfa: true,
    });
    await stack.request('PATCH', '/auth/mfa/recovery', {
      token: user.token,
      headers: {
        'x-mfa-ticket': await mfaTicket(stack, user, { totp_code: currentTotp(stack, secret) }),
      },
    });
    assert.deepEqual((await stack.request('GET', '/auth/mfa/', { token: user.token })).body, {
      totp_mfa: true,
      recovery_active: true,
    });
  });

  test('no session → 401', async () => {
    assert.equal((await stack.request('GET', '/auth/mfa/')).status, 401);
  });
});
