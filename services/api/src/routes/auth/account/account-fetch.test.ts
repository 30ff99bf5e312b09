import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, signUp, type ApiStack } from '../../../testing/api-stack';

describe('GET /auth/account/', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  test('→ {_id, email}, with or without the trailing slash', async () => {
    const user = await signUp(stack, { email: 'Fetch.Me@example.com' });
    for (const path of ['/auth/account/', '/auth/account']) {
      const res = await stack.request('GET', path, { token: user.token });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { _id: user.accountId, email: 'Fetch.Me@example.com' });
    }
  });

  test('no token → 401 MissingHeaders; unknown token → 401 InvalidSession', async () => {
    const missing = await stack.request('GET', '/auth/account/');
    assert.equal(missing.status, 401);
    assert.equal(missing.body.type, 'MissingHeaders');
    const unknown = await stack.request('GET', '/auth/account/', { token: 'x'.repeat(64) });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.type, 'InvalidSession');
    const huge = await stack.request('GET', '/auth/account/', { token: 'x'.repeat(5000) });
    assert.equal(huge.status, 401);
  });

  test('a bot token is not a session', async () => {
    const res = await stack.request('GET', '/auth/account/', { headers: { 'x-bot-token': 'abc' } });
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'MissingHeaders');
  });
});
