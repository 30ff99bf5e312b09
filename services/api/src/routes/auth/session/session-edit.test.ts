import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, signUp, type ApiStack } from '../../../testing/api-stack';

describe('PATCH /auth/session/{id}', () => {
  let stack: ApiStack;
  before(async () => (stack = await createApiStack()));
  after(() => stack.close());

  test('→ {_id, name} with the new name, which the list shows', async () => {
    const user = await signUp(stack);
    const res = await stack.request('PATCH', `/auth/session/${user.sessionId}`, {
      token: user.token,
      body: { friendly_name: 'Desktop (Firefox)' },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { _id: user.sessionId, name: 'Desktop (Firefox)' });
    const list = await stack.request('GET', '/auth/session/all', { token: user.token });
    assert.deepEqual(list.body, [{ _id: user.sessionId, name: 'Desktop (Firefox)' }]);
  });

  test("unknown id → 404 UnknownUser; another account's session → 401 InvalidSession", async () => {
    const user = await signUp(stack);
    const unknown = await stack.request('PATCH', '/auth/session/01ARZ3NDEKTSV4RRFFQ69G5FAV', {
      token: user.token,
      body: { friendly_name: 'x' },
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.type, 'UnknownUser');
    const stranger = await signUp(stack);
    const foreign = await stack.request('PATCH', `/auth/session/${stranger.sessionId}`, {
      token: user.token,
      body: { friendly_name: 'hijacked' },
    });
    assert.equal(foreign.status, 401);
    assert.equal(foreign.body.type, 'InvalidSession');
  });

  test('bad input → 400 FailedValidation', async () => {
    const user = await signUp(stack);
    for (const body of ['nope', {}, { friendly_name: 3 }, { friendly_name: 'n'.repeat(1000) }]) {
      const res = await stack.request('PATCH', `/auth/session/${user.sessionId}`, {
        token: user.token,
        body,
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.type, 'FailedValidation');
    }
  });
});
