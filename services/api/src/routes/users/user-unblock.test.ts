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

test('DELETE /users/{target}/block undoes a block, one side at a time', async () => {
  const a = await createTestUser(stack);
  const b = await createTestUser(stack);
  await stack.request('PUT', `/users/${b.user._id}/block`, { token: a.token });
  await stack.request('PUT', `/users/${a.user._id}/block`, { token: b.token });
  const aEvents = await stack.record({ user: a.user._id });

  let res = await stack.request<Body>('DELETE', `/users/${b.user._id}/block`, { token: a.token });
  assert.equal(res.status, 200);
  assert.equal(res.body.relationship, 'BlockedOther');
  const event = (await aEvents.waitFor(() => true)) as { id: string; user: Body };
  assert.equal(event.id, a.user._id);
  assert.equal(event.user.relationship, 'BlockedOther');

  res = await stack.request<Body>('DELETE', `/users/${b.user._id}/block`, { token: a.token });
  assert.equal(res.status, 400);
  assert.equal(res.body.type, 'NoEffect');

  res = await stack.request<Body>('DELETE', `/users/${a.user._id}/block`, { token: b.token });
  assert.equal(res.status, 200);
  assert.equal(res.body.relationship, 'None');
  const me = await stack.request<Body>('GET', '/users/@me', { token: a.token });
  assert.equal('relations' in me.body, false);
});
