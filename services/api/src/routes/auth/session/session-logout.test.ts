import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, signUp, type ApiStack } from '../../../testing/api-stack';

describe('POST /auth/session/logout', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  test('204: the session stops working at once and DeleteSession is published', async () => {
    const user = await signUp(stack);
    const events = await stack.record({ private: user.accountId });
    assert.equal((await stack.request('GET', '/auth/account/', { token: user.token })).status, 200);
    const res = await stack.request('POST', '/auth/session/logout', {
      token: user.token,
      body: {},
    });
    assert.equal(res.status, 204);
    assert.deepEqual(
      await events.waitFor((e) => (e as { type: string }).type === 'DeleteSession'),
      {
        type: 'DeleteSession',
        user_id: user.accountId,
        session_id: user.sessionId,
      },
    );
    const after = await stack.request('GET', '/auth/account/', { token: user.token });
    assert.equal(after.status, 401);
    assert.equal(after.body.type, 'InvalidSession');
    assert.equal(
      (await stack.request('POST', '/auth/session/logout', { token: user.token })).status,
      401,
    );
  });

  test('no session → 401 MissingHeaders', async () => {
    const res = await stack.request('POST', '/auth/session/logout');
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'MissingHeaders');
  });
});
