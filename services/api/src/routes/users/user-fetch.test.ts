import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { markConnectionOnline } from '@ermine/core/users/presence';
import { createApiStack, type ApiStack } from '../../testing/api-stack';
import { createTestUser, type TestUser } from '../../testing/test-user';

let stack: ApiStack;
before(async () => {
  stack = await createApiStack();
});
after(async () => {
  await stack.close();
});

async function withStatus(user: TestUser): Promise<void> {
  const res = await stack.request('PATCH', '/users/@me', {
    token: user.token,
    body: { status: { text: 'busy bee', presence: 'Busy' } },
  });
  assert.equal(res.status, 200);
  await markConnectionOnline(stack.deps.cache, user.user._id, 'socket');
}

describe('GET /users/{target}', () => {
  test('yourself by @me or by id gives the self view', async () => {
    const a = await createTestUser(stack);
    for (const target of ['@me', a.user._id]) {
      const res = await stack.request('GET', `/users/${target}`, { token: a.token });
      assert.equal(res.status, 200);
      assert.equal(res.body._id, a.user._id);
      assert.equal(res.body.relationship, 'User');
    }
  });

  test('a stranger needs Access: 403 MissingPermission', async () => {
    const a = await createTestUser(stack);
    const b = await createTestUser(stack);
    const res = await stack.request('GET', `/users/${b.user._id}`, { token: a.token });
    assert.equal(res.status, 403);
    assert.equal(res.body.type, 'MissingPermission');
    assert.equal(res.body.permission, 'Access');
  });

  test('a pending request gives Access but hides status and online', async () => {
    const a = await createTestUser(stack);
    const b = await createTestUser(stack);
    await withStatus(b);
    await stack.request('PUT', `/users/${b.user._id}/friend`, { token: a.token });
    const res = await stack.request('GET', `/users/${b.user._id}`, { token: a.token });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      _id: b.user._id,
      username: b.user.username,
      discriminator: b.user.discriminator,
      relationship: 'Outgoing',
      online: false,
    });
  });

  test('friends see status and online; never the other user relations', async () => {
    const a = await createTestUser(stack);
    const b = await createTestUser(stack);
    await withStatus(b);
    await stack.request('PUT', `/users/${b.user._id}/friend`, { token: a.token });
    await stack.request('PUT', `/users/${a.user._id}/friend`, { token: b.token });
    const res = await stack.request('GET', `/users/${b.user._id}`, { token: a.token });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.status, { text: 'busy bee', presence: 'Busy' });
    assert.equal(res.body.online, true);
    assert.equal(res.body.relationship, 'Friend');
    assert.equal('relations' in res.body, false);
  });

  test('a block either way still gives Access', async () => {
    const a = await createTestUser(stack);
    const b = await createTestUser(stack);
    await stack.request('PUT', `/users/${a.user._id}/block`, { token: b.token });
    const res = await stack.request('GET', `/users/${b.user._id}`, { token: a.token });
    assert.equal(res.status, 200);
    assert.equal(res.body.relationship, 'BlockedOther');
  });

  test('unknown user: 404 NotFound; no session: 401', async () => {
    const a = await createTestUser(stack);
    const res = await stack.request('GET', '/users/01ARZ3NDEKTSV4RRFFQ69G5FAV', { token: a.token });
    assert.equal(res.status, 404);
    assert.equal(res.body.type, 'NotFound');
    assert.equal((await stack.request('GET', `/users/${a.user._id}`)).status, 401);
  });
});
