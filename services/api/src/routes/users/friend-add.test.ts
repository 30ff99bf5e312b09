import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, type ApiStack } from '../../testing/api-stack';
import { seedUser } from '@ermine/testing/users';
import { createTestUser } from '../../testing/test-user';

let stack: ApiStack;
before(async () => {
  stack = await createApiStack();
});
after(async () => {
  await stack.close();
});

type Body = Record<string, unknown>;

describe('PUT /users/{target}/friend', () => {
  test('sends a request, then the other side accepts it; both get UserRelationship', async () => {
    const a = await createTestUser(stack);
    const b = await createTestUser(stack);
    const aEvents = await stack.record({ user: a.user._id });
    const bEvents = await stack.record({ user: b.user._id });

    const sent = await stack.request<Body>('PUT', `/users/${b.user._id}/friend`, {
      token: a.token,
      body: {},
    });
    assert.equal(sent.status, 200);
    assert.deepEqual(sent.body, {
      _id: b.user._id,
      username: b.user.username,
      discriminator: b.user.discriminator,
      relationship: 'Outgoing',
      online: false,
    });
    assert.deepEqual(await bEvents.waitFor(() => true), {
      type: 'UserRelationship',
      id: b.user._id,
      user: { ...a.user, relationship: 'Incoming' },
    });
    assert.deepEqual(await aEvents.waitFor(() => true), {
      type: 'UserRelationship',
      id: a.user._id,
      user: { ...b.user, relationship: 'Outgoing' },
    });

    const accepted = await stack.request<Body>('PUT', `/users/${a.user._id}/friend`, {
      token: b.token,
    });
    assert.equal(accepted.status, 200);
    assert.equal(accepted.body.relationship, 'Friend');
    const me = await stack.request<Body>('GET', '/users/@me', { token: a.token });
    assert.deepEqual(me.body.relations, [{ _id: b.user._id, status: 'Friend' }]);
    assert.equal(aEvents.events.length, 2);
    assert.equal(bEvents.events.length, 2);
  });

  test('errors: yourself, already sent, already friends, blocked, unknown', async () => {
    const a = await createTestUser(stack);
    const b = await createTestUser(stack);
    const put = (token: string, target: string) =>
      stack.request<Body>('PUT', `/users/${target}/friend`, { token });

    let res = await put(a.token, '@me');
    assert.equal(res.status, 400);
    assert.equal(res.body.type, 'NoEffect');

    await put(a.token, b.user._id);
    res = await put(a.token, b.user._id);
    assert.equal(res.status, 409);
    assert.equal(res.body.type, 'AlreadySentRequest');

    await put(b.token, a.user._id);
    res = await put(a.token, b.user._id);
    assert.equal(res.status, 409);
    assert.equal(res.body.type, 'AlreadyFriends');

    await stack.request('PUT', `/users/${b.user._id}/block`, { token: a.token });
    res = await put(a.token, b.user._id);
    assert.equal(res.status, 409);
    assert.equal(res.body.type, 'Blocked');
    res = await put(b.token, a.user._id);
    assert.equal(res.status, 403);
    assert.equal(res.body.type, 'BlockedByOther');

    res = await put(a.token, '01ARZ3NDEKTSV4RRFFQ69G5FAV');
    assert.equal(res.status, 404);
    assert.equal(res.body.type, 'NotFound');
  });

  test('bots cannot be friends: 400 IsBot', async () => {
    const a = await createTestUser(stack);
    const bot = await seedUser(stack.deps.db, { bot: { owner: a.user._id } });
    const res = await stack.request<Body>('PUT', `/users/${bot.id}/friend`, { token: a.token });
    assert.equal(res.status, 400);
    assert.equal(res.body.type, 'IsBot');
  });

  test('new accounts may have 5 pending requests: 400 TooManyPendingFriendRequests', async () => {
    const a = await createTestUser(stack);
    const max = stack.deps.config.features.limits.new_user.outgoing_friend_requests;
    for (let i = 0; i < max; i++) {
      const target = await seedUser(stack.deps.db);
      const ok = await stack.request('PUT', `/users/${target.id}/friend`, { token: a.token });
      assert.equal(ok.status, 200);
    }
    const extra = await seedUser(stack.deps.db);
    const res = await stack.request<Body>('PUT', `/users/${extra.id}/friend`, { token: a.token });
    assert.equal(res.status, 400);
    assert.equal(res.body.type, 'TooManyPendingFriendRequests');
    assert.equal(res.body.max, max);
  });

  test('needs a session', async () => {
    const res = await stack.request('PUT', '/users/01ARZ3NDEKTSV4RRFFQ69G5FAV/friend');
    assert.equal(res.status, 401);
  });
});
