import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, type ApiStack } from '../../testing/api-stack';
import { seedUser } from '@ermine/testing/users';

let stack: ApiStack;
before(async () => {
  stack = await createApiStack();
});
after(async () => {
  await stack.close();
});

test('GET /users/{target}/flags needs no session and is 0 for unknown users', async () => {
  const banned = await seedUser(stack.deps.db, { flags: 4 });
  const res = await stack.request('GET', `/users/${banned.id}/flags`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { flags: 4 });
  const unknown = await stack.request('GET', '/users/01ARZ3NDEKTSV4RRFFQ69G5FAV/flags');
  assert.equal(unknown.status, 200);
  assert.deepEqual(unknown.body, { flags: 0 });
});
