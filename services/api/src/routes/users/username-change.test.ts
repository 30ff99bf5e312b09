import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiStack, type ApiStack } from '../../testing/api-stack';
import { seedUser } from '@ermine/testing/users';
import { createTestUser, type TestUser } from '../../testing/test-user';
import { DISCRIMINATORS } from '@ermine/core/users/username';

const DAY = 24 * 3_600_000;
let stack: ApiStack;
before(async () => {
  stack = await createApiStack();
});
after(async () => {
  await stack.close();
});

function change(user: TestUser, username: string, password = user.password) {
  return stack.request<Record<string, unknown>>('PATCH', '/users/@me/username', {
    token: user.token,
    body: { username, password },
  });
}

/** Takes `name#discriminator` with another user so that `user` must move. */
async function occupy(name: string, discriminator: string): Promise<void> {
  await seedUser(stack.deps.db, { username: name, discriminator });
}

describe('PATCH /users/@me/username', () => {
  test('a case-only change keeps the discriminator; the reply is the anonymous view', async () => {
    const a = await createTestUser(stack, 'casey');
    const events = await stack.record({ user: a.user._id });
    const res = await change(a, 'Casey');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      _id: a.user._id,
      username: 'Casey',
      discriminator: a.user.discriminator,
      relationship: 'None',
      online: false,
    });
    const event = (await events.waitFor(() => true)) as { type: string; data: unknown };
    assert.equal(event.type, 'UserUpdate');
    assert.deepEqual(event.data, { username: 'Casey' });
  });

  test('a new name keeps the discriminator when it is free there', async () => {
    const a = await createTestUser(stack, 'keeper');
    const res = await change(a, 'kept');
    assert.equal(res.status, 200);
    assert.equal(res.body.username, 'kept');
    assert.equal(res.body.discriminator, a.user.discriminator);
  });

  test('a forced new discriminator is allowed once a day', async () => {
    const a = await createTestUser(stack, 'mover');
    await occupy('TAKEN', a.user.discriminator);
    const first = await change(a, 'taken');
    assert.equal(first.status, 200);
    assert.notEqual(first.body.discriminator, a.user.discriminator);
    assert.ok(DISCRIMINATORS.includes(String(first.body.discriminator)));

    await occupy('again', String(first.body.discriminator));
    const second = await change(a, 'again');
    assert.equal(second.status, 429);
    assert.equal(second.body.type, 'DiscriminatorChangeRatelimited');

    stack.clock.advance(DAY + 1);
    const later = await change(a, 'again');
    assert.equal(later.status, 200);
    assert.equal(later.body.username, 'again');
  });

  test('wrong password: 401 InvalidCredentials, nothing changes', async () => {
    const a = await createTestUser(stack, 'guarded');
    const res = await change(a, 'stolen', 'wrong password!');
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'InvalidCredentials');
    const me = await stack.request('GET', '/users/@me', { token: a.token });
    assert.equal(me.body.username, 'guarded');
  });

  test('invalid names', async () => {
    const a = await createTestUser(stack);
    const reserved = await change(a, 'admin');
    assert.equal(reserved.status, 400);
    assert.equal(reserved.body.type, 'InvalidUsername');
    for (const username of ['x', 'has space']) {
      const res = await change(a, username);
      assert.equal(res.status, 400);
      assert.equal(res.body.type, 'FailedValidation');
    }
    const short = await stack.request('PATCH', '/users/@me/username', {
      token: a.token,
      body: { username: 'fine', password: 'short' },
    });
    assert.equal(short.status, 400);
    assert.equal(short.body.type, 'FailedValidation');
  });

  test('needs a session', async () => {
    const res = await stack.request('PATCH', '/users/@me/username', {
      body: { username: 'nobody', password: 'whatever123' },
    });
    assert.equal(res.status, 401);
  });
});
