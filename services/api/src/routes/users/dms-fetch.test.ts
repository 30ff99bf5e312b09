import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { createTestUser } from '@ermine/testing/users';

let stack: TestStack;
before(async () => {
  stack = await createTestStack();
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
