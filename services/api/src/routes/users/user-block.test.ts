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

type Body = Record<string, unknown>;

test('PUT /users/{target}/block blocks a friend; blocking back makes both Blocked', async () => {
  const a = await createTestUser(stack);
  const b = await createTestUser(stack);
  await stack.request('PUT', `/users/${b.user._id}/friend`, { token: a.token });
  await stack.request('PUT', `/users/${a.user._id}/friend`, { token: b.token });
  const bEvents = await stack.record({ user: b.user._id });

  const res = await stack.request<Body>('PUT', `/users/${b.user._id}/block`, {
    token: a.token,
    body: {},
  });
  assert.equal(res.status, 200);
  assert.equal(res.body._id, b.user._id);
  assert.equal(res.body.relationship, 'Blocked');
  const event = (await bEvents.waitFor(() => true)) as { id: string; user: Body };
  assert.equal(event.id, b.user._id);
  assert.equal(event.user._id, a.user._id);
  assert.equal(event.user.relationship, 'BlockedOther');

  const back = await stack.request<Body>('PUT', `/users/${a.user._id}/block`, { token: b.token });
  assert.equal(back.body.relationship, 'Blocked');
  const me = await stack.request<Body>('GET', '/users/@me', { token: a.token });
  assert.deepEqual(me.body.relations, [{ _id: b.user._id, status: 'Blocked' }]);

  const again = await stack.request<Body>('PUT', `/users/${b.user._id}/block`, { token: a.token });
  assert.equal(again.status, 400);
  assert.equal(again.body.type, 'NoEffect');
  const self = await stack.request<Body>('PUT', '/users/@me/block', { token: a.token });
  assert.equal(self.status, 400);
  assert.equal(self.body.type, 'NoEffect');
});
