import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, type ApiStack } from '../../testing/api-stack';
import { createTestUser } from '../../testing/test-user';

let stack: ApiStack;
before(async () => {
  stack = await createApiStack();
});
after(async () => {
  await stack.close();
});

test('GET /users/dms is an empty list while no channels exist, and is not taken for a user id', async () => {
  const a = await createTestUser(stack);
  const res = await stack.request('GET', '/users/dms', { token: a.token });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, []);
  assert.equal((await stack.request('GET', '/users/dms')).status, 401);
});
