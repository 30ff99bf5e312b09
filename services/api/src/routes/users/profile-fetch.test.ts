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

test('GET /users/{target}/profile: yours always, others with ViewProfile', async () => {
  const a = await createTestUser(stack);
  const b = await createTestUser(stack);
  const empty = await stack.request('GET', '/users/@me/profile', { token: a.token });
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.body, {});

  await stack.request('PATCH', '/users/@me', {
    token: b.token,
    body: { profile: { content: 'bio' } },
  });
  const stranger = await stack.request('GET', `/users/${b.user._id}/profile`, { token: a.token });
  assert.equal(stranger.status, 403);
  assert.equal(stranger.body.type, 'MissingPermission');
  assert.equal(stranger.body.permission, 'ViewProfile');

  await stack.request('PUT', `/users/${b.user._id}/friend`, { token: a.token });
  const pending = await stack.request('GET', `/users/${b.user._id}/profile`, { token: a.token });
  assert.equal(pending.status, 403);

  await stack.request('PUT', `/users/${a.user._id}/friend`, { token: b.token });
  const friend = await stack.request('GET', `/users/${b.user._id}/profile`, { token: a.token });
  assert.equal(friend.status, 200);
  assert.deepEqual(friend.body, { content: 'bio' });

  const unknown = await stack.request('GET', '/users/01ARZ3NDEKTSV4RRFFQ69G5FAV/profile', {
    token: a.token,
  });
  assert.equal(unknown.status, 404);
});
