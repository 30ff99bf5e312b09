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

test('POST /users/friend finds the user by name#discriminator, case-insensitively', async () => {
  const a = await createTestUser(stack);
  const b = await createTestUser(stack, 'FindMe');
  const events = await stack.record({ user: b.user._id });
  const res = await stack.request<Body>('POST', '/users/friend', {
    token: a.token,
    body: { username: `findme#${b.user.discriminator}` },
  });
  assert.equal(res.status, 200);
  assert.equal(res.body._id, b.user._id);
  assert.equal(res.body.relationship, 'Outgoing');
  const event = (await events.waitFor(() => true)) as { type: string; user: Body };
  assert.equal(event.type, 'UserRelationship');
  assert.equal(event.user.relationship, 'Incoming');
});

test('POST /users/friend errors', async () => {
  const a = await createTestUser(stack);
  const noTag = await stack.request<Body>('POST', '/users/friend', {
    token: a.token,
    body: { username: 'nohash' },
  });
  assert.equal(noTag.status, 400);
  assert.equal(noTag.body.type, 'InvalidProperty');
  const unknown = await stack.request<Body>('POST', '/users/friend', {
    token: a.token,
    body: { username: 'nobody#0042' },
  });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.type, 'NotFound');
  const missing = await stack.request<Body>('POST', '/users/friend', { token: a.token, body: {} });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.type, 'FailedValidation');
  const self = await stack.request<Body>('POST', '/users/friend', {
    token: a.token,
    body: { username: `${a.user.username}#${a.user.discriminator}` },
  });
  assert.equal(self.status, 400);
  assert.equal(self.body.type, 'NoEffect');
});
