import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, type ApiStack } from '../../testing/api-stack';
import { createTestUser, type TestUser } from '../../testing/test-user';

let stack: ApiStack;
before(async () => {
  stack = await createApiStack();
});
after(async () => {
  await stack.close();
});

async function befriend(x: TestUser, y: TestUser): Promise<void> {
  await stack.request('PUT', `/users/${y.user._id}/friend`, { token: x.token });
  await stack.request('PUT', `/users/${x.user._id}/friend`, { token: y.token });
}

test('GET /users/{target}/mutual lists mutual friends', async () => {
  const a = await createTestUser(stack);
  const b = await createTestUser(stack);
  const both = await createTestUser(stack);
  const onlyA = await createTestUser(stack);
  await befriend(a, b);
  await befriend(a, both);
  await befriend(b, both);
  await befriend(a, onlyA);

  const res = await stack.request('GET', `/users/${b.user._id}/mutual`, { token: a.token });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { users: [both.user._id], servers: [], channels: [] });
});

test('yourself is InvalidOperation; a stranger needs ViewProfile', async () => {
  const a = await createTestUser(stack);
  const b = await createTestUser(stack);
  for (const target of ['@me', a.user._id]) {
    const self = await stack.request('GET', `/users/${target}/mutual`, { token: a.token });
    assert.equal(self.status, 400);
    assert.equal(self.body.type, 'InvalidOperation');
  }
  const stranger = await stack.request('GET', `/users/${b.user._id}/mutual`, { token: a.token });
  assert.equal(stranger.status, 403);
  assert.equal(stranger.body.type, 'MissingPermission');
  assert.equal(stranger.body.permission, 'ViewProfile');
});
