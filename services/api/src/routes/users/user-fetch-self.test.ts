import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { markConnectionOnline } from '@ermine/core/users/presence';
import { createApiStack, type ApiStack } from '../../testing/api-stack';
import { createTestUser } from '../../testing/test-user';

let stack: ApiStack;
before(async () => {
  stack = await createApiStack();
});
after(async () => {
  await stack.close();
});

test('GET /users/@me returns the self view with relations and presence', async () => {
  const a = await createTestUser(stack, 'selfie');
  const b = await createTestUser(stack);
  await stack.request('PUT', `/users/${b.user._id}/friend`, { token: a.token });

  const offline = await stack.request('GET', '/users/@me', { token: a.token });
  assert.equal(offline.status, 200);
  assert.deepEqual(offline.body, {
    _id: a.user._id,
    username: 'selfie',
    discriminator: a.user.discriminator,
    relations: [{ _id: b.user._id, status: 'Outgoing' }],
    relationship: 'User',
    online: false,
  });

  await markConnectionOnline(stack.deps.cache, a.user._id, 'socket');
  const online = await stack.request('GET', '/users/@me', { token: a.token });
  assert.equal(online.body.online, true);
});

test('GET /users/@me needs a user session', async () => {
  assert.equal((await stack.request('GET', '/users/@me')).status, 401);
  const bad = await stack.request('GET', '/users/@me', { token: 'nope' });
  assert.equal(bad.status, 401);
  assert.equal(bad.body.type, 'InvalidSession');
});
