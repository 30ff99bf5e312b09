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

test('DELETE /users/{target}/friend removes a friend, cancels or denies a request', async () => {
  const a = await createTestUser(stack);
  const b = await createTestUser(stack);
  const bEvents = await stack.record({ user: b.user._id });

  // Cancel an outgoing request.
  await stack.request('PUT', `/users/${b.user._id}/friend`, { token: a.token });
  let res = await stack.request<Body>('DELETE', `/users/${b.user._id}/friend`, {
    token: a.token,
    body: {},
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.relationship, 'None');
  const cancelled = bEvents.events.at(-1) as { id: string; user: Body };
  assert.equal(cancelled.id, b.user._id);
  assert.equal(cancelled.user.relationship, 'None');

  // Deny an incoming request.
  await stack.request('PUT', `/users/${a.user._id}/friend`, { token: b.token });
  res = await stack.request<Body>('DELETE', `/users/${b.user._id}/friend`, { token: a.token });
  assert.equal(res.body.relationship, 'None');

  // Remove a friend.
  await stack.request('PUT', `/users/${a.user._id}/friend`, { token: b.token });
  await stack.request('PUT', `/users/${b.user._id}/friend`, { token: a.token });
  res = await stack.request<Body>('DELETE', `/users/${a.user._id}/friend`, { token: b.token });
  assert.equal(res.body.relationship, 'None');
  const me = await stack.request<Body>('GET', '/users/@me', { token: a.token });
  assert.equal('relations' in me.body, false);

  res = await stack.request<Body>('DELETE', `/users/${a.user._id}/friend`, { token: b.token });
  assert.equal(res.status, 400);
  assert.equal(res.body.type, 'NoEffect');
});
